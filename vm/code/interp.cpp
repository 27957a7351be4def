// The instruction loop. Each handler is short: anything longer lives in a helper (arith.cpp,
// bits_*.cpp, receive.cpp, call.cpp...) so the loop stays readable and the compiler keeps the
// hot registers (I, E, x) in machine registers.
//
// Stack layout (it grows down from p->hend): a call pushes the return address; `allocate N`
// then reserves N slots below it, so y(i) is E[i] and the frame's return address is E[N].
//
// A computed goto runs no destructors: an object with one (a vector, a unique_ptr) must live in
// an inner block that ends before the handler dispatches or jumps.
#include "vm/code/interp.h"

#include <cmath>
#include <vector>

#include "vm/term/arith.h"
#include "vm/term/atom.h"
#include "vm/term/bits.h"
#include "vm/term/build.h"
#include "vm/code/call.h"
#include "vm/term/compare.h"
#include "vm/code/exception.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/process/gc.h"
#include "vm/code/instr.h"
#include "vm/term/map.h"
#include "vm/term/map_ops.h"
#include "vm/code/module.h"
#include "vm/term/ref.h"
#include "vm/process/signals.h"
#include "vm/process/scheduler.h"

namespace ember {
namespace {

const void* const* handlers_table = nullptr;
Word normal_exit_block[1];
Word process_start_block[1];
Word after_on_load_block[1];
Word hibernate_block[1];
Word hibernate_enter_block[1];
Word dirty_call_block[1];
Word dirty_raise_block[1];

}  // namespace

// A static's initialisation, so that schedulers starting at once fill the table once.
const void* const* instruction_handlers() {
  static const void* const* table = [] {
    Scheduler bootstrap(0);
    interpret(bootstrap, nullptr);
    return handlers_table;
  }();
  return table;
}

const Word* normal_exit_code() { return instruction_handlers() ? normal_exit_block : nullptr; }
const Word* process_start_code() { return instruction_handlers() ? process_start_block : nullptr; }
const Word* after_on_load_code() { return instruction_handlers() ? after_on_load_block : nullptr; }
const Word* hibernate_code() { return instruction_handlers() ? hibernate_block : nullptr; }
const Word* dirty_call_code() { return instruction_handlers() ? dirty_call_block : nullptr; }
const Word* dirty_raise_code() { return instruction_handlers() ? dirty_raise_block : nullptr; }
const Word* hibernate_enter_code() { return instruction_handlers() ? hibernate_enter_block : nullptr; }

RunOutcome interpret(Scheduler& s, Process* p) {
  if (!p) {
    static const void* table[unsigned(Op::count)] = {};
#define HANDLER(name) table[unsigned(Op::name)] = &&op_##name;
    HANDLER(func_info) HANDLER(call) HANDLER(call_last) HANDLER(call_only) HANDLER(call_ext)
    HANDLER(call_ext_last) HANDLER(call_ext_only) HANDLER(return_) HANDLER(jump)
    HANDLER(allocate) HANDLER(allocate_zero) HANDLER(allocate_heap) HANDLER(allocate_heap_zero)
    HANDLER(test_heap) HANDLER(deallocate) HANDLER(init) HANDLER(init_yregs) HANDLER(trim)
    HANDLER(move) HANDLER(swap) HANDLER(get_list) HANDLER(get_hd) HANDLER(get_tl)
    HANDLER(put_list) HANDLER(put_tuple2) HANDLER(get_tuple_element) HANDLER(set_tuple_element)
    HANDLER(is_integer) HANDLER(is_float) HANDLER(is_number) HANDLER(is_atom) HANDLER(is_pid)
    HANDLER(is_reference) HANDLER(is_port) HANDLER(is_nil) HANDLER(is_binary) HANDLER(is_bitstr)
    HANDLER(is_list) HANDLER(is_nonempty_list) HANDLER(is_tuple) HANDLER(is_function)
    HANDLER(is_boolean) HANDLER(is_map) HANDLER(is_function2) HANDLER(test_arity)
    HANDLER(is_tagged_tuple) HANDLER(is_eq_exact) HANDLER(is_ne_exact) HANDLER(is_eq)
    HANDLER(is_ne) HANDLER(is_lt) HANDLER(is_ge) HANDLER(select_val) HANDLER(select_tuple_arity)
    HANDLER(bif0) HANDLER(bif1) HANDLER(bif2) HANDLER(gc_bif1) HANDLER(gc_bif2) HANDLER(gc_bif3)
    HANDLER(badmatch) HANDLER(case_end) HANDLER(try_case_end) HANDLER(badrecord) HANDLER(if_end)
    HANDLER(try_) HANDLER(catch_) HANDLER(try_end) HANDLER(try_case) HANDLER(catch_end)
    HANDLER(raise) HANDLER(build_stacktrace) HANDLER(raw_raise) HANDLER(make_fun2)
    HANDLER(make_fun3) HANDLER(call_fun) HANDLER(call_fun2) HANDLER(apply) HANDLER(apply_last)
    HANDLER(send) HANDLER(loop_rec) HANDLER(loop_rec_end) HANDLER(remove_message)
    HANDLER(timeout) HANDLER(wait) HANDLER(wait_timeout) HANDLER(recv_mark) HANDLER(recv_set)
    HANDLER(recv_marker_reserve) HANDLER(recv_marker_bind) HANDLER(recv_marker_clear)
    HANDLER(recv_marker_use) HANDLER(fmove_to_fr) HANDLER(fmove_from_fr) HANDLER(fconv)
    HANDLER(fadd) HANDLER(fsub) HANDLER(fmul) HANDLER(fdiv) HANDLER(fnegate)
    HANDLER(fclearerror) HANDLER(fcheckerror) HANDLER(put_map_assoc) HANDLER(put_map_exact)
    HANDLER(get_map_elements) HANDLER(has_map_fields)
    HANDLER(bs_start_match3) HANDLER(bs_start_match4) HANDLER(bs_get_integer2)
    HANDLER(bs_get_float2) HANDLER(bs_get_binary2) HANDLER(bs_skip_bits2) HANDLER(bs_test_tail2)
    HANDLER(bs_test_unit) HANDLER(bs_match_string) HANDLER(bs_get_utf8) HANDLER(bs_skip_utf8)
    HANDLER(bs_get_utf16) HANDLER(bs_skip_utf16) HANDLER(bs_get_utf32) HANDLER(bs_skip_utf32)
    HANDLER(bs_get_tail) HANDLER(bs_get_position) HANDLER(bs_set_position)
    HANDLER(bs_create_bin) HANDLER(bs_init2) HANDLER(bs_init_bits) HANDLER(bs_add)
    HANDLER(bs_put_integer) HANDLER(bs_put_binary) HANDLER(bs_put_float) HANDLER(bs_put_string)
    HANDLER(bs_put_utf8) HANDLER(bs_put_utf16) HANDLER(bs_put_utf32) HANDLER(bs_utf8_size)
    HANDLER(bs_utf16_size) HANDLER(bs_append) HANDLER(bs_private_append)
    HANDLER(bs_init_writable) HANDLER(count_execution) HANDLER(increment)
    HANDLER(call_fun_last) HANDLER(call_fun2_last) HANDLER(i_plus) HANDLER(i_minus)
    HANDLER(move_x_x) HANDLER(move_x_y) HANDLER(move_y_x) HANDLER(move_c_x)
    HANDLER(is_lt_literal) HANDLER(is_ge_literal) HANDLER(increment_x)
    HANDLER(increment_y) HANDLER(i_plus_rr) HANDLER(is_lt_literal_x) HANDLER(select_val_sorted)
    HANDLER(deallocate_return) HANDLER(move_x_y_x_x) HANDLER(allocate_unset) HANDLER(i_plus_yx)
    HANDLER(is_eq_exact_immed) HANDLER(is_ne_exact_immed) HANDLER(is_tuple_arity)
    HANDLER(get_tuple_element_x) HANDLER(move_y_y) HANDLER(is_lt_rr) HANDLER(is_ge_rr) HANDLER(i_times)
    HANDLER(loop_rec_tagged) HANDLER(call_nif) HANDLER(i_length_setup) HANDLER(i_length)
#undef HANDLER
    normal_exit_block[0] = Word(uintptr_t(&&op_internal_normal_exit));
    process_start_block[0] = Word(uintptr_t(&&op_internal_process_start));
    after_on_load_block[0] = Word(uintptr_t(&&op_internal_after_on_load));
    hibernate_block[0] = Word(uintptr_t(&&op_internal_hibernate));
    hibernate_enter_block[0] = Word(uintptr_t(&&op_internal_hibernate_enter));
    dirty_call_block[0] = Word(uintptr_t(&&op_internal_dirty_call));
    dirty_raise_block[0] = Word(uintptr_t(&&op_internal_dirty_raise));
    handlers_table = table;
    return RunOutcome::exited;
  }

  Term* const x = s.x;
  double* const fr = s.fr;
  restore_registers(p, x);
  const Word* I = p->pc;
  Word* E = p->stop;
  int reds = p->reductions;

  // An x operand is its register's byte offset from x; a y operand is its slot's byte offset
  // from E, plus 4. Addressing by offset saves a shift on every register access.
#define XREG(w) (*reinterpret_cast<Term*>(reinterpret_cast<char*>(x) + (w)))
#define YREG(w) (*reinterpret_cast<Term*>(reinterpret_cast<char*>(E) + (w) - 4))
#define REG(w) ((w) & 4 ? YREG(w) : XREG(w))
  auto src = [&](Word w) -> Term {
    if (w & 3) return w;
    return REG(w);
  };
  auto dst = [&](Word w) -> Term& { return REG(w); };
  auto label = [](Word w) { return reinterpret_cast<const Word*>(uintptr_t(w)); };
  auto heap_room = [&]() { return size_t(E - p->htop); };

#define DISPATCH() goto* reinterpret_cast<const void*>(uintptr_t(*I))
#define NEXT(n) \
  do {          \
    I += (n);   \
    DISPATCH(); \
  } while (0)
#define JUMP(w)     \
  do {              \
    I = label(w);   \
    DISPATCH();     \
  } while (0)
// C++ code called from an instruction sees the stack, the current instruction and the
// reductions left (a BIF may use some up, as erlang:bump_reductions/1 does).
#define SAVE_STATE() (p->stop = E, p->pc = I, p->reductions = reds)
#define LOAD_STATE() (E = p->stop, reds = p->reductions)
// Ensures `need` free heap words, collecting with x[0..live) as roots.
#define ENSURE_ROOM(need, live)                                                        \
  do {                                                                                 \
    if (heap_room() < size_t(need) + stack_reserve_words) COLLECT(need, live);         \
  } while (0)
// As ENSURE_ROOM, and also collects when received messages and BIF results piled up in heap
// fragments would not fit in the room left, as erts counts them against the heap (checked
// where the heap is asked for, not on every stack frame).
#define ENSURE_HEAP(need, live)                                                        \
  do {                                                                                 \
    size_t needed = size_t(need) + stack_reserve_words;                                \
    if (heap_room() < needed || heap_room() - needed < p->fragment_words)              \
      COLLECT(need, live);                                                             \
  } while (0)
// A process over its max_heap_size is killed instead of collected.
#define COLLECT(need, live)                                     \
  do {                                                          \
    SAVE_STATE();                                               \
    if (!gc_collect(p, (need), x, (live))) goto heap_limit_kill; \
    LOAD_STATE();                                               \
  } while (0)
// After an instruction that allocated through ProcessHeap (BIFs, map updates, binary
// matching), whose words may have gone to heap fragments: collects if erts would now, keeping
// x[0..live) and `term` (the instruction's result) alive.
#define COLLECT_IF_DESIRED(live, term) \
  do {                                 \
    if (gc_desired(p)) {               \
      x[live] = (term);                \
      COLLECT(0, (live) + 1);          \
      (term) = x[live];                \
    }                                  \
  } while (0)
// As ENSURE_HEAP, keeping `term` (a result not yet in a register) alive across a collection.
#define ENSURE_HEAP_KEEPING(need, live, term) \
  do {                                        \
    x[live] = (term);                         \
    ENSURE_HEAP((need), (live) + 1);          \
    (term) = x[live];                         \
  } while (0)
#define HEAP_ALLOC(n) (p->htop += (n), p->htop - (n))
// A fail label of 0 means raise; otherwise jump there.
#define FAIL_OR_RAISE(fail)     \
  do {                          \
    if (fail) JUMP(fail);       \
    goto raise_exception;       \
  } while (0)
#define RAISE_ERROR(reason)             \
  do {                                  \
    raise_error(p, (reason));           \
    goto raise_exception;               \
  } while (0)
// error:{Tag, Value}; the tuple goes on the heap, so the stack is saved first.
#define RAISE_ERROR_WITH(tag, value)         \
  do {                                       \
    SAVE_STATE();                            \
    raise_error_with(p, (tag), (value));     \
    goto raise_exception;                    \
  } while (0)
// Counts a call; when the slice is used up, saves x[0..arity) and yields at `target`.
#define COUNT_CALL(target, arity)         \
  do {                                    \
    if (--reds <= 0) {                    \
      yield_pc = (target);                \
      yield_arity = (arity);              \
      goto yield;                         \
    }                                     \
  } while (0)

  const Word* yield_pc;
  unsigned yield_arity;
  // Instructions that share a body enter through their own label, which sets the variant:
  // labels with no code between them have one address, so the body cannot tell them apart.
  int variant;
  DISPATCH();

  // ---- functions and calls -------------------------------------------------------------

op_func_info:
  SAVE_STATE();  // the exception's terms go on the heap, which ends where the stack begins
  raise_function_clause(p, I, x);
  goto raise_exception;

op_call: {
  const Word* target = label(I[2]);
  *--E = Word(uintptr_t(I + 3));
  COUNT_CALL(target, unsigned(I[1]));
  I = target;
  DISPATCH();
}

op_call_last: {
  const Word* target = label(I[2]);
  E += I[3];
  COUNT_CALL(target, unsigned(I[1]));
  I = target;
  DISPATCH();
}

op_call_only: {
  const Word* target = label(I[2]);
  COUNT_CALL(target, unsigned(I[1]));
  I = target;
  DISPATCH();
}

op_call_ext:
  variant = 0;
  goto call_ext_body;
op_call_ext_last:
  variant = 1;
  goto call_ext_body;
op_call_ext_only:
  variant = 2;
  goto call_ext_body;
call_ext_body: {
  // call_ext pushes its return address; the _last form drops the frame; _only does neither.
  bool push = variant == 0, last = variant == 1;
  unsigned arity = unsigned(I[1]);
  Export* e = reinterpret_cast<Export*>(I[2]);
  if (push) *--E = Word(uintptr_t(I + 3));
  if (last) E += I[3];
  const Word* target;
  if (e->bif) {
    SAVE_STATE();
    target = call_bif(p, e, x, &arity);
    LOAD_STATE();
    --reds;
  } else {
    target = e->code.get();
    if (!target) {
      SAVE_STATE();
      target = resolve_undefined(p, e, x, &arity);
      LOAD_STATE();
    }
  }
  if (!target) {
    // A tail call that reached an undefined function (or, through apply/2, an unloaded fun)
    // left its caller's frame behind first, so erts' stack trace does not show the caller.
    if (!push && (!e->bif || p->exception.fun != THE_NON_VALUE)) I = nullptr;
    if (e->continuation) I = p->trap_site;  // as erts, the error shows at the BIF's call
    goto raise_exception;
  }
  if (target == bif_result_marker()) goto op_return_;
  COUNT_CALL(target, arity);
  I = target;
  DISPATCH();
}

op_call_nif: {
  // The stub's own code: the NIF runs as a BIF called in tail position would.
  Export* e = reinterpret_cast<Export*>(I[1]);
  unsigned arity = e->arity;
  SAVE_STATE();
  const Word* target = call_bif(p, e, x, &arity);
  LOAD_STATE();
  --reds;
  if (!target) {
    I = nullptr;  // the NIF's frame stands for the stub's: erts shows it once
    goto raise_exception;
  }
  if (target == bif_result_marker()) goto op_return_;
  COUNT_CALL(target, arity);
  I = target;
  DISPATCH();
}

op_return_: {
  I = reinterpret_cast<const Word*>(*E++);
  DISPATCH();
}

op_jump:
  JUMP(I[1]);

op_allocate:
op_allocate_zero: {
  Word n = I[1];
  ENSURE_ROOM(n, unsigned(I[2]));
  E -= n;
  for (Word k = 0; k < n; k++) E[k] = NIL;
  NEXT(3);
}

op_allocate_unset:
  ENSURE_ROOM(I[1], unsigned(I[2]));
  E -= I[1];
#ifdef EMBER_CHECK_FRAMES
  for (Word k = 0; k < I[1]; k++) E[k] = unset_frame_slot;
#endif
  NEXT(3);

op_allocate_heap:
op_allocate_heap_zero: {
  Word n = I[1];
  ENSURE_HEAP(n + I[2], unsigned(I[3]));
  E -= n;
  for (Word k = 0; k < n; k++) E[k] = NIL;
  NEXT(4);
}

op_test_heap:
  ENSURE_HEAP(I[1], unsigned(I[2]));
  NEXT(3);

op_deallocate:
  E += I[1];
  NEXT(2);

op_deallocate_return:
  E += I[1];
  I = reinterpret_cast<const Word*>(*E++);
  DISPATCH();

op_init:
  dst(I[1]) = NIL;
  NEXT(2);

op_init_yregs: {
  Word n = I[1];
  for (Word k = 0; k < n; k++) YREG(I[2 + k]) = NIL;
  NEXT(2 + n);
}

op_trim: {
  Word drop = I[1];
  E += drop;
  NEXT(3);
}

  // ---- moving data -----------------------------------------------------------------------

op_move:
  dst(I[2]) = src(I[1]);
  NEXT(3);
op_move_x_x:
  XREG(I[2]) = XREG(I[1]);
  NEXT(3);
op_move_x_y:
  YREG(I[2]) = XREG(I[1]);
  NEXT(3);
op_move_x_y_x_x:
  YREG(I[2]) = XREG(I[1]);
  XREG(I[4]) = XREG(I[3]);
  NEXT(5);
op_move_y_x:
  XREG(I[2]) = YREG(I[1]);
  NEXT(3);
op_move_y_y:
  YREG(I[2]) = YREG(I[1]);
  NEXT(3);
op_move_c_x:
  XREG(I[2]) = I[1];
  NEXT(3);

op_swap: {
  Term a = dst(I[1]);
  dst(I[1]) = dst(I[2]);
  dst(I[2]) = a;
  NEXT(3);
}

op_get_list: {
  Term list = src(I[1]);
  Term h = head(list), t = tail(list);
  dst(I[2]) = h;
  dst(I[3]) = t;
  NEXT(4);
}

op_get_hd:
  dst(I[2]) = head(src(I[1]));
  NEXT(3);

op_get_tl:
  dst(I[2]) = tail(src(I[1]));
  NEXT(3);

op_put_list: {
  Word* cell = HEAP_ALLOC(2);
  cell[0] = src(I[1]);
  cell[1] = src(I[2]);
  dst(I[3]) = make_list(cell);
  NEXT(4);
}

op_put_tuple2: {
  Word n = I[2];
  Word* t = HEAP_ALLOC(n + 1);
  t[0] = make_header(Subtag::tuple, n);
  for (Word k = 0; k < n; k++) t[1 + k] = src(I[3 + k]);
  dst(I[1]) = make_boxed(t);
  NEXT(3 + n);
}

op_get_tuple_element:
  dst(I[3]) = tuple_element(src(I[1]), I[2]);
  NEXT(4);
op_get_tuple_element_x:
  XREG(I[3]) = tuple_element(XREG(I[1]), I[2]);
  NEXT(4);

op_set_tuple_element:
  tuple_element(src(I[2]), I[3]) = src(I[1]);
  NEXT(4);

  // ---- tests ---------------------------------------------------------------------------

#define TYPE_TEST(name, test)     \
  op_##name: {                    \
    Term v = src(I[2]);           \
    if (!(test)) JUMP(I[1]);      \
    NEXT(3);                      \
  }
  TYPE_TEST(is_integer, ember::is_integer(v))
  TYPE_TEST(is_float, ember::is_float(v))
  TYPE_TEST(is_number, ember::is_number(v))
  TYPE_TEST(is_atom, ember::is_atom(v))
  TYPE_TEST(is_pid, ember::is_pid(v))
  TYPE_TEST(is_reference, ember::is_ref(v))
  TYPE_TEST(is_port, ember::is_port(v))
  TYPE_TEST(is_nil, v == NIL)
  TYPE_TEST(is_binary, ember::is_binary(v))
  TYPE_TEST(is_bitstr, ember::is_bitstring(v))
  TYPE_TEST(is_list, v == NIL || ember::is_list(v))
  TYPE_TEST(is_nonempty_list, ember::is_list(v))
  TYPE_TEST(is_tuple, ember::is_tuple(v))
  TYPE_TEST(is_function, ember::is_fun(v))
  TYPE_TEST(is_boolean, v == atoms::true_ || v == atoms::false_)
  TYPE_TEST(is_map, ember::is_map_guard(v))
#undef TYPE_TEST

op_is_function2: {
  Term f = src(I[2]), a = src(I[3]);
  if (!is_small(a) || !is_fun(f) || int64_t(fun_arity(f)) != small_value(a)) JUMP(I[1]);
  NEXT(4);
}

op_test_arity: {
  Term t = src(I[2]);
  if (tuple_arity(t) != I[3]) JUMP(I[1]);
  NEXT(4);
}

op_is_tuple_arity: {
  Term t = src(I[2]);
  if (!is_tuple(t) || tuple_arity(t) != I[3]) JUMP(I[1]);
  NEXT(4);
}

op_is_tagged_tuple: {
  Term t = src(I[2]);
  if (!is_tuple(t) || tuple_arity(t) != I[3] || tuple_element(t, 0) != I[4]) JUMP(I[1]);
  NEXT(5);
}

op_is_eq_exact: {
  Term a = src(I[2]), b = src(I[3]);
  if (a != b && !eq_exact(a, b)) JUMP(I[1]);
  NEXT(4);
}

op_is_eq_exact_immed:
  if (src(I[2]) != I[3]) JUMP(I[1]);
  NEXT(4);

op_is_ne_exact_immed:
  if (src(I[2]) == I[3]) JUMP(I[1]);
  NEXT(4);

op_is_ne_exact: {
  Term a = src(I[2]), b = src(I[3]);
  if (eq_exact(a, b)) JUMP(I[1]);
  NEXT(4);
}

op_is_eq: {
  Term a = src(I[2]), b = src(I[3]);
  if (a != b && compare_terms(a, b) != 0) JUMP(I[1]);
  NEXT(4);
}

op_is_ne: {
  Term a = src(I[2]), b = src(I[3]);
  if (a == b || compare_terms(a, b) == 0) JUMP(I[1]);
  NEXT(4);
}

op_is_lt_literal: {  // is_lt Fail A Literal, the literal a small integer
  Term a = src(I[2]);
  bool lt = is_small(a) ? int64_t(a) < int64_t(I[3]) : compare_terms(a, I[3]) < 0;
  if (!lt) JUMP(I[1]);
  NEXT(4);
}

op_is_lt_literal_x: {
  Term a = XREG(I[2]);
  if (is_small(a)) {
    if (int64_t(a) >= int64_t(I[3])) JUMP(I[1]);
    NEXT(4);
  }
  if (compare_terms(a, I[3]) >= 0) JUMP(I[1]);
  NEXT(4);
}

op_is_ge_literal: {
  Term a = src(I[2]);
  bool ge = is_small(a) ? int64_t(a) >= int64_t(I[3]) : compare_terms(a, I[3]) >= 0;
  if (!ge) JUMP(I[1]);
  NEXT(4);
}

// Ordering tests: two smalls compare as tagged words, anything else in term order.
#define ORDER_TEST(read_a, read_b, op)                                                      \
  {                                                                                         \
    Term a = read_a, b = read_b;                                                            \
    if (is_small(a) && is_small(b) ? !(int64_t(a) op int64_t(b)) : !(compare_terms(a, b) op 0)) \
      JUMP(I[1]);                                                                           \
    NEXT(4);                                                                                \
  }
op_is_lt:
  ORDER_TEST(src(I[2]), src(I[3]), <)
op_is_ge:
  ORDER_TEST(src(I[2]), src(I[3]), >=)
op_is_lt_rr:
  ORDER_TEST(REG(I[2]), REG(I[3]), <)
op_is_ge_rr:
  ORDER_TEST(REG(I[2]), REG(I[3]), >=)
#undef ORDER_TEST

op_select_val: {
  Term v = src(I[1]);
  Word n = I[3];
  const Word* pairs = I + 4;
  for (Word k = 0; k < n; k += 2)
    if (pairs[k] == v || (!is_immed(v) && !is_immed(pairs[k]) && eq_exact(pairs[k], v)))
      JUMP(pairs[k + 1]);
  JUMP(I[2]);
}

op_select_val_sorted: {
  // Only an immediate can equal an immediate, so the search compares words.
  Term v = src(I[1]);
  Word n = I[3] / 2;
  const Word* pairs = I + 4;
  Word low = 0, high = n;
  while (low < high) {
    Word mid = (low + high) / 2;
    if (pairs[2 * mid] < v) low = mid + 1;
    else high = mid;
  }
  if (low < n && pairs[2 * low] == v) JUMP(pairs[2 * low + 1]);
  JUMP(I[2]);
}

op_select_tuple_arity: {
  Term t = src(I[1]);
  Word arity = tuple_arity(t);
  Word n = I[3];
  const Word* pairs = I + 4;
  for (Word k = 0; k < n; k += 2)
    if (small_value(pairs[k]) == int64_t(arity)) JUMP(pairs[k + 1]);
  JUMP(I[2]);
}

  // ---- BIFs used as instructions ---------------------------------------------------------

op_bif0: {
  Export* e = reinterpret_cast<Export*>(I[1]);
  SAVE_STATE();
  dst(I[2]) = e->bif(p, x);
  NEXT(3);
}

op_bif1:
  variant = 0;
  goto bif_body;
op_bif2:
  variant = 1;
  goto bif_body;
// gc_bif2 '+', '-' and '*' (same operands: Fail Live Bif A B Dst) with the small-integer case
// done here; anything else (bignums, floats, errors) takes gc_bif2's general path.
#define SMALL_ARITH(read_a, read_b, fn, write) \
  {                                            \
    Term r;                                    \
    if (fn(read_a, read_b, &r)) [[likely]] {   \
      write = r;                               \
      NEXT(7);                                 \
    }                                          \
    variant = 3;                               \
    goto bif_body;                             \
  }
op_i_plus:
  SMALL_ARITH(src(I[4]), src(I[5]), small_add, dst(I[6]))
op_i_plus_rr:  // both operands registers, the result in an x register
  SMALL_ARITH(REG(I[4]), REG(I[5]), small_add, XREG(I[6]))
op_i_plus_yx:  // the shape of `f(A) + g(B)`: one result saved in the frame, the other just returned
  SMALL_ARITH(YREG(I[4]), XREG(I[5]), small_add, XREG(I[6]))
op_i_minus:
  SMALL_ARITH(src(I[4]), src(I[5]), small_sub, dst(I[6]))
op_i_times:
  SMALL_ARITH(src(I[4]), src(I[5]), small_mul, dst(I[6]))
#undef SMALL_ARITH
op_gc_bif1:
  variant = 2;
  goto bif_body;
op_gc_bif2:
  variant = 3;
  goto bif_body;
op_gc_bif3:
  variant = 4;
  goto bif_body;
bif_body: {
  // Operand layouts: bif1 Fail Bif A Dst; bif2 Fail Bif A B Dst; gc_bifN Fail Live Bif Args.. Dst
  bool gc = variant >= 2;
  const Word* ops = I + (gc ? 4 : 3);
  Export* e = reinterpret_cast<Export*>(ops[-1]);
  unsigned n = e->arity;
  Term args[3];
  for (unsigned k = 0; k < n; k++) args[k] = src(ops[k]);
  SAVE_STATE();
  Term result = e->bif(p, args);
  LOAD_STATE();
  if (result == THE_NON_VALUE) {
    if (I[1]) JUMP(I[1]);
    note_bif_failure(p, e, args);
    goto raise_exception;
  }
  if (gc) COLLECT_IF_DESIRED(unsigned(I[2]), result);
  dst(ops[n]) = result;
  I = ops + n + 1;
  DISPATCH();
}

op_i_length_setup: {
  // Live Src: i_length's state, in the registers above the live ones, which a yield keeps: the
  // list (for the error), the rest still to walk and the count so far.
  unsigned live = unsigned(I[1]);
  Term list = src(I[2]);
  x[live] = list;
  x[live + 1] = list;
  x[live + 2] = make_small(0);
  NEXT(3);
}

op_i_length: {
  // Fail Live Dst: walks what the slice allows, then yields to come back here, as erts does.
  unsigned live = unsigned(I[2]);
  Term l = x[live + 1];
  int64_t allowed = int64_t(std::max(reds, 1)) * 16, left = allowed;
  for (; is_list(l) && left > 0; left--) l = tail(l);
  reds -= int((allowed - left) / 16);
  int64_t n = small_value(x[live + 2]) + (allowed - left);
  if (l == NIL) {
    dst(I[3]) = make_small(n);
    NEXT(4);
  }
  if (!is_list(l)) {
    if (I[1]) JUMP(I[1]);
    static const Export* length = export_put(atoms::erlang, atom_put("length"), 1);
    SAVE_STATE();
    badarg(p);
    note_bif_failure(p, length, x + live);
    goto raise_exception;
  }
  x[live + 1] = l;
  x[live + 2] = make_small(n);
  yield_pc = I;
  yield_arity = live + 3;
  goto yield;
}

// increment with its source register kind known at load time; anything but a small result
// that stays small takes the general increment. The immediate is a small, so only the
// source's tag needs checking.
#define INCREMENT_FROM(reg)                                                  \
  {                                                                          \
    Term a = reg(I[3]);                                                      \
    int64_t r;                                                               \
    if (is_small(a) && !__builtin_add_overflow(int64_t(a), int64_t(I[4] - tag::small), &r)) \
      [[likely]] {                                                           \
      XREG(I[5]) = Term(r);                                                  \
      NEXT(6);                                                               \
    }                                                                        \
    goto op_increment;                                                       \
  }
op_increment_x:
  INCREMENT_FROM(XREG)
op_increment_y:
  INCREMENT_FROM(YREG)
#undef INCREMENT_FROM

op_increment: {
  // Fail Live Src Imm Dst: Src + Imm with Imm a small literal.
  Term a = src(I[3]), result;
  if (!small_add(a, I[4], &result)) {
    SAVE_STATE();
    result = arith_add(p, a, I[4]);
    LOAD_STATE();
    if (result == THE_NON_VALUE) FAIL_OR_RAISE(I[1]);
  }
  dst(I[5]) = result;
  NEXT(6);
}

  // ---- errors and exceptions -------------------------------------------------------------

op_badmatch:
  RAISE_ERROR_WITH(atoms::badmatch, src(I[1]));
op_case_end:
  RAISE_ERROR_WITH(atoms::case_clause, src(I[1]));
op_try_case_end:
  RAISE_ERROR_WITH(atoms::try_clause, src(I[1]));
op_badrecord:
  RAISE_ERROR_WITH(atoms::badrecord, src(I[1]));
op_if_end:
  RAISE_ERROR(atoms::if_clause);

op_try_:
op_catch_:
  dst(I[1]) = I[2];  // the loader made the handler's label a catch marker
  NEXT(3);

op_try_end:
  dst(I[1]) = NIL;
  NEXT(2);

op_try_case:
  dst(I[1]) = NIL;
  x[0] = x[1];
  x[1] = x[2];
  x[2] = x[3];
  NEXT(2);

op_catch_end: {
  dst(I[1]) = NIL;
  if (x[0] != THE_NON_VALUE) NEXT(2);
  SAVE_STATE();
  x[0] = catch_value(p, x[1], x[2], x[3]);
  LOAD_STATE();
  NEXT(2);
}

op_raise: {
  SAVE_STATE();
  reraise(p, src(I[1]), src(I[2]));
  goto raise_exception;
}

op_build_stacktrace:
  SAVE_STATE();
  x[0] = stacktrace_list(p, x[0]);
  NEXT(1);

op_raw_raise:
  SAVE_STATE();
  if (!raw_raise(p, x[0], x[1], x[2])) {
    x[0] = atoms::badarg;
    NEXT(1);
  }
  goto raise_exception;

  // ---- funs ------------------------------------------------------------------------------

op_make_fun2:
  variant = 0;
  goto make_fun_body;
op_make_fun3:
  variant = 1;
  goto make_fun_body;
make_fun_body: {
  bool v3 = variant == 1;
  FunEntry* fe = reinterpret_cast<FunEntry*>(I[1]);
  Word n = fe->num_free;
  Word* f = HEAP_ALLOC(fun_fixed_words + n);
  f[0] = make_header(Subtag::fun, fun_fixed_words - 1 + n);
  f[1] = Word(uintptr_t(fe));
  f[2] = p->pid;
  if (v3) {
    for (Word k = 0; k < n; k++) f[3 + k] = src(I[4 + k]);
    dst(I[2]) = make_boxed(f);
    NEXT(4 + I[3]);
  }
  for (Word k = 0; k < n; k++) f[3 + k] = x[k];
  x[0] = make_boxed(f);
  NEXT(2);
}

op_call_fun:
  variant = 0;
  goto call_fun_body;
op_call_fun2:
  variant = 1;
  goto call_fun_body;
op_call_fun_last:
  variant = 2;
  goto call_fun_body;
op_call_fun2_last:
  variant = 3;
  goto call_fun_body;
call_fun_body: {
  // Operands: call_fun Arity; call_fun2 Tag Arity Func; the _last forms add the frame size.
  bool v2 = variant & 1, last = variant >= 2;
  unsigned arity = unsigned(v2 ? I[2] : I[1]);
  Term fun = v2 ? src(I[3]) : x[arity];
  const Word* next = I + (v2 ? 4 : 2) + (last ? 1 : 0);
  if (last) E += next[-1];
  const Word* target = loaded_closure_code(fun, x, &arity);
  if (!target) {
    SAVE_STATE();
    target = prepare_fun_call(p, fun, x, &arity);
    LOAD_STATE();
    if (!target) {
      if (last && p->exception.fun != THE_NON_VALUE) I = nullptr;  // as for call_ext_only
      goto raise_exception;
    }
  }
  if (!last) *--E = Word(uintptr_t(next));
  if (target == bif_result_marker()) goto op_return_;
  COUNT_CALL(target, arity);
  I = target;
  DISPATCH();
}

op_apply:
  variant = 0;
  goto apply_body;
op_apply_last:
  variant = 1;
  goto apply_body;
apply_body: {
  bool last = variant == 1;
  unsigned arity = unsigned(I[1]);
  const Word* next = I + (last ? 3 : 2);
  if (last) E += I[2];
  SAVE_STATE();
  const Word* target = prepare_apply_regs(p, x, arity, &arity);
  LOAD_STATE();
  if (!target) {
    if (last && p->exception.reason == atoms::undef) I = nullptr;  // as for call_ext_only
    goto raise_exception;
  }
  if (!last) *--E = Word(uintptr_t(next));
  if (target == bif_result_marker()) goto op_return_;
  COUNT_CALL(target, arity);
  I = target;
  DISPATCH();
}

  // ---- messages --------------------------------------------------------------------------

op_send: {
  SAVE_STATE();
  Term result = send_message(p, x[0], x[1]);
  LOAD_STATE();
  if (result == THE_NON_VALUE) {  // erts reports a failing `!` as a call of erlang:send/2
    note_bif_failure(p, export_find(atoms::erlang, atom_put("send"), 2), x);
    goto raise_exception;
  }
  x[0] = result;
  if (--reds <= 0) {
    yield_pc = I + 1;
    yield_arity = 1;
    goto yield;
  }
  NEXT(1);
}

op_loop_rec: {
  Term m = p->mailbox.current();
  if (m == THE_NON_VALUE) {
    SAVE_STATE();
    if (!receive_signals(p)) goto process_exit;
    m = p->mailbox.current();
    if (m == THE_NON_VALUE) JUMP(I[1]);
  }
  dst(I[2]) = m;
  NEXT(3);
}

// loop_rec and is_tagged_tuple. When the test fails to this receive's own loop_rec_end, as it
// does unless the receive has more clauses, a message without the tag is passed over here,
// as loop_rec_end would, without a dispatch per message.
op_loop_rec_tagged: {
  const Word* fail = label(I[3]);
  bool skips = fail[0] == Word(uintptr_t(&&op_loop_rec_end)) && label(fail[1]) == I;
  for (;;) {
    Term m = p->mailbox.current();
    if (m == THE_NON_VALUE) {
      SAVE_STATE();
      if (!receive_signals(p)) goto process_exit;
      m = p->mailbox.current();
      if (m == THE_NON_VALUE) JUMP(I[1]);
    }
    dst(I[2]) = m;
    if (is_tuple(m) && tuple_arity(m) == I[4] && tuple_element(m, 0) == I[5]) NEXT(6);
    if (!skips) JUMP(I[3]);
    p->mailbox.skip_current();
    --reds;
  }
}

op_loop_rec_end:
  p->mailbox.skip_current();
  --reds;
  JUMP(I[1]);

op_remove_message:
  cancel_receive_timer(p);
  p->mailbox.remove_current();
  NEXT(1);

op_timeout:
  p->timed_out = false;
  p->mailbox.rewind();
  NEXT(1);

op_wait:
  p->pc = label(I[1]);
  goto wait;

op_wait_timeout: {
  Term t = src(I[2]);
  if (p->timed_out) NEXT(3);
  if (!p->timer) {
    SAVE_STATE();
    int started = start_receive_timer(p, t);
    if (started < 0) {
      // The receive is abandoned: the next one must scan the mailbox from its start.
      p->mailbox.rewind();
      RAISE_ERROR(atoms::timeout_value);
    }
    if (started == 0) NEXT(3);  // after 0: time is already up
  }
  p->pc = label(I[1]);
  goto wait;
}

op_recv_mark:
op_recv_set:
  NEXT(2);

op_recv_marker_reserve:
  dst(I[1]) = make_small(p->mailbox.reserve_marker());
  NEXT(2);

op_recv_marker_bind: {
  Term marker = src(I[1]), ref = src(I[2]);
  uint32_t numbers[3];
  if (is_small(marker) && ref_numbers(ref, numbers)) p->mailbox.bind_marker(small_value(marker), numbers);
  NEXT(3);
}

op_recv_marker_use: {
  uint32_t numbers[3];
  if (ref_numbers(src(I[1]), numbers)) p->mailbox.use_marker(numbers);
  NEXT(2);
}

op_recv_marker_clear: {
  uint32_t numbers[3];
  if (ref_numbers(src(I[1]), numbers)) p->mailbox.clear_marker(numbers);
  NEXT(2);
}

  // ---- floats ----------------------------------------------------------------------------

op_fmove_to_fr:
  fr[I[2]] = float_value(src(I[1]));
  NEXT(3);

op_fmove_from_fr: {
  Word* f = HEAP_ALLOC(float_words);
  f[0] = make_header(Subtag::float_, 1);
  std::memcpy(&f[1], &fr[I[1]], sizeof(double));
  dst(I[2]) = make_boxed(f);
  NEXT(3);
}

op_fconv: {
  double d;
  if (!number_to_double(src(I[1]), &d)) RAISE_ERROR(atoms::badarith);
  fr[I[2]] = d;
  NEXT(3);
}

#define FLOAT_OP(name, expr)                              \
  op_##name: {                                            \
    double a = fr[I[2]], b = fr[I[3]];                    \
    double r = (expr);                                    \
    if (!std::isfinite(r)) RAISE_ERROR(atoms::badarith);  \
    fr[I[4]] = r;                                         \
    NEXT(5);                                              \
  }
  FLOAT_OP(fadd, a + b)
  FLOAT_OP(fsub, a - b)
  FLOAT_OP(fmul, a * b)
  FLOAT_OP(fdiv, a / b)
#undef FLOAT_OP

op_fnegate:
  fr[I[3]] = 0.0 - fr[I[2]];  // as erts: negating 0.0 gives 0.0
  NEXT(4);

op_fclearerror:
  NEXT(1);
op_fcheckerror:
  NEXT(2);

  // ---- maps ------------------------------------------------------------------------------

op_put_map_assoc:
  variant = 0;
  goto put_map_body;
op_put_map_exact:
  variant = 1;
  goto put_map_body;
put_map_body: {
  bool exact = variant == 1;
  Term map = src(I[2]);
  Word n = I[5];
  Term result;
  {  // a jump to the next handler would skip the vector's destructor: it ends here
    std::vector<Term> pairs(n);
    for (Word k = 0; k < n; k++) pairs[k] = src(I[6 + k]);
    SAVE_STATE();
    result = map_put_pairs(p, map, pairs.data(), n / 2, exact);
  }
  if (result == THE_NON_VALUE) FAIL_OR_RAISE(I[1]);
  COLLECT_IF_DESIRED(unsigned(I[4]), result);
  dst(I[3]) = result;
  NEXT(6 + n);
}

op_get_map_elements: {
  Term map = src(I[2]);
  Word n = I[3];
  if (!is_map(map)) JUMP(I[1]);
  for (Word k = 0; k < n; k += 2) {
    Term v = map_get(map, src(I[4 + k]));
    if (v == THE_NON_VALUE) JUMP(I[1]);
    dst(I[5 + k]) = v;
  }
  NEXT(4 + n);
}

op_has_map_fields: {
  Term map = src(I[2]);
  Word n = I[3];
  for (Word k = 0; k < n; k++)
    if (map_get(map, src(I[4 + k])) == THE_NON_VALUE) JUMP(I[1]);
  NEXT(4 + n);
}

  // ---- binaries --------------------------------------------------------------------------
op_bs_start_match3:
  variant = 0;
  goto bs_start_match_body;
op_bs_start_match4:
  variant = 1;
  goto bs_start_match_body;
bs_start_match_body: {
  bool v4 = variant == 1;
  Word fail = v4 ? (is_atom(I[1]) ? 0 : I[1]) : I[1];
  unsigned live = unsigned(v4 ? I[2] : I[3]);
  Term bin = src(v4 ? I[3] : I[2]);
  if (!is_match_ctx(bin)) {
    if (!is_bitstring(bin)) {
      if (fail) JUMP(fail);
      RAISE_ERROR(atoms::badarg);
    }
    if (heap_room() < match_ctx_words + stack_reserve_words) {
      x[live] = bin;
      ENSURE_HEAP(match_ctx_words, live + 1);
      bin = x[live];
    }
    Word* c = HEAP_ALLOC(match_ctx_words);
    c[0] = make_header(Subtag::match_ctx, match_ctx_words - 1);
    c[1] = bin;
    c[2] = 0;
    bin = make_boxed(c);
  }
  dst(I[4]) = bin;
  NEXT(5);
}

op_bs_get_integer2:
  variant = 0;
  goto bs_get_body;
op_bs_get_float2:
  variant = 1;
  goto bs_get_body;
op_bs_get_binary2:
  variant = 2;
  goto bs_get_body;
bs_get_body: {
  Term ctx = src(I[2]);
  Term size = src(I[4]);
  uint64_t unit = I[5], bits;
  ProcessHeap heap(p);
  SAVE_STATE();
  Term v;
  if (variant == 2) {
    if (size == atoms::all) {
      bits = match_ctx_remaining(ctx);
      if (unit > 1 && bits % unit) JUMP(I[1]);
    } else if (!bs_segment_bits(size, unit, &bits)) {
      JUMP(I[1]);
    }
    v = bs_get_binary(heap, ctx, bits);
  } else {
    if (!bs_segment_bits(size, unit, &bits)) JUMP(I[1]);
    v = variant == 0 ? bs_get_integer(heap, ctx, bits, unsigned(I[6]))
                     : bs_get_float(heap, ctx, bits, unsigned(I[6]));
  }
  if (v == THE_NON_VALUE) JUMP(I[1]);
  COLLECT_IF_DESIRED(unsigned(I[3]), v);
  dst(I[7]) = v;
  NEXT(8);
}

op_bs_skip_bits2: {
  Term ctx = src(I[2]);
  Term size = src(I[3]);
  uint64_t bits;
  if (size == atoms::all) {
    bits = match_ctx_remaining(ctx);
    if (I[4] > 1 && bits % I[4]) JUMP(I[1]);
  } else if (!bs_segment_bits(size, I[4], &bits)) {
    JUMP(I[1]);
  }
  if (!bs_skip(ctx, bits)) JUMP(I[1]);
  NEXT(6);
}

op_bs_test_tail2:
  if (match_ctx_remaining(src(I[2])) != I[3]) JUMP(I[1]);
  NEXT(4);

op_bs_test_unit:
  if (I[3] > 1 && match_ctx_remaining(src(I[2])) % I[3]) JUMP(I[1]);
  NEXT(4);

op_bs_match_string:
  if (!bs_match_string(src(I[2]), reinterpret_cast<const uint8_t*>(I[4]), I[3])) JUMP(I[1]);
  NEXT(5);

op_bs_get_utf8:
  variant = 0;
  goto bs_get_utf_body;
op_bs_get_utf16:
  variant = 1;
  goto bs_get_utf_body;
op_bs_get_utf32:
  variant = 2;
  goto bs_get_utf_body;
bs_get_utf_body: {
  int width = 8 << variant;
  Term v = bs_get_utf(src(I[2]), width, unsigned(I[4]));
  if (v == THE_NON_VALUE) JUMP(I[1]);
  dst(I[5]) = v;
  NEXT(6);
}

op_bs_skip_utf8:
  variant = 0;
  goto bs_skip_utf_body;
op_bs_skip_utf16:
  variant = 1;
  goto bs_skip_utf_body;
op_bs_skip_utf32:
  variant = 2;
  goto bs_skip_utf_body;
bs_skip_utf_body: {
  int width = 8 << variant;
  if (bs_get_utf(src(I[2]), width, unsigned(I[4])) == THE_NON_VALUE) JUMP(I[1]);
  NEXT(5);
}

op_bs_get_tail: {
  ProcessHeap heap(p);
  SAVE_STATE();
  Term tail = bs_get_tail(heap, src(I[1]));
  COLLECT_IF_DESIRED(unsigned(I[3]), tail);
  dst(I[2]) = tail;
  NEXT(4);
}

op_bs_get_position:
  dst(I[2]) = make_small(int64_t(match_ctx_position(src(I[1]))));
  NEXT(4);

op_bs_set_position:
  match_ctx_position(src(I[1])) = uint64_t(small_value(src(I[2])));
  NEXT(3);

op_bs_create_bin: {
  Word n = I[6] / 6;
  const Word* ops = I + 7;
  Term result;
  {  // a jump to the next handler would skip the array's destructor: it ends here
    BsSegment segments[64];
    std::unique_ptr<BsSegment[]> many;
    BsSegment* segs = segments;
    if (n > 64) {
      many = std::make_unique<BsSegment[]>(n);
      segs = many.get();
    }
    for (Word k = 0; k < n; k++, ops += 6) {
      BsSegment& s = segs[k];
      s.type = ops[0];
      s.unit = uint64_t(small_value(ops[2]));
      s.flags = bs_flags_from_list(ops[3]);
      bool is_string = s.type == atoms::string;
      s.string = is_string ? reinterpret_cast<const uint8_t*>(ops[4]) : nullptr;
      s.value = is_string ? NIL : src(ops[4]);
      s.size = src(ops[5]);
      s.number = ops[1];
    }
    SAVE_STATE();
    result = bs_create_bin(p, segs, n);
    LOAD_STATE();
  }
  if (result == THE_NON_VALUE) FAIL_OR_RAISE(I[1]);
  ENSURE_HEAP_KEEPING(I[2], unsigned(I[3]), result);  // Alloc: words the next instructions use
  dst(I[5]) = result;
  NEXT(7 + I[6]);
}

op_bs_init2:
  variant = 0;
  goto bs_init_body;
op_bs_init_bits:
  variant = 1;
  goto bs_init_body;
bs_init_body: {
  Term size = src(I[2]);
  uint64_t bits;
  uint64_t unit = variant == 0 ? 8 : 1;
  if (!bs_segment_bits(size, unit, &bits)) {
    badarg(p);
    FAIL_OR_RAISE(I[1]);
  }
  // Room for the binary and for Words more, which the instructions that follow use.
  ENSURE_HEAP(bs_new_binary_words(bits) + I[3], unsigned(I[4]));
  SAVE_STATE();
  dst(I[6]) = bs_init(p, s, bits);
  NEXT(7);
}

op_bs_add: {
  // The sum must be a small, as in erts' JIT: one that would not be, or a bignum operand, is
  // a system_limit when both operands are non-negative integers.
  Term a = src(I[2]), b = src(I[3]);
  uint64_t bits;
  if (!is_small(a) || small_value(a) < 0 || !bs_segment_bits(b, I[4], &bits) ||
      !fits_small(small_value(a) + int64_t(bits))) {
    auto natural = [](Term t) { return is_small(t) ? small_value(t) >= 0 : is_big(t) && !big_negative(t); };
    natural(a) && natural(b) ? system_limit(p) : badarg(p);
    FAIL_OR_RAISE(I[1]);
  }
  dst(I[5]) = make_small(small_value(a) + int64_t(bits));
  NEXT(6);
}

op_bs_put_integer:
  variant = 0;
  goto bs_put_number_body;
op_bs_put_float:
  variant = 1;
  goto bs_put_number_body;
bs_put_number_body: {
  uint64_t bits;
  bool ok = bs_segment_bits(src(I[2]), I[3], &bits) &&
            (variant == 0
                 ? bs_put_integer(s, src(I[5]), bits, unsigned(I[4]))
                 : bs_put_float(s, src(I[5]), bits, unsigned(I[4])));
  if (!ok) {
    badarg(p);
    FAIL_OR_RAISE(I[1]);
  }
  NEXT(6);
}

op_bs_put_binary: {
  uint64_t before = s.bs_offset;
  if (!bs_put_binary(s, src(I[5]), src(I[2]), I[3])) {
    badarg(p);
    FAIL_OR_RAISE(I[1]);
  }
  reds -= copy_reductions(s.bs_offset - before);
  NEXT(6);
}

op_bs_put_string:
  bs_put_bytes(s, reinterpret_cast<const uint8_t*>(I[2]), I[1]);
  NEXT(3);

op_bs_put_utf8:
  variant = 0;
  goto bs_put_utf_body;
op_bs_put_utf16:
  variant = 1;
  goto bs_put_utf_body;
op_bs_put_utf32:
  variant = 2;
  goto bs_put_utf_body;
bs_put_utf_body: {
  int width = 8 << variant;
  if (!bs_put_utf(s, src(I[3]), width, unsigned(I[2]))) {
    badarg(p);
    FAIL_OR_RAISE(I[1]);
  }
  NEXT(4);
}

op_bs_utf8_size:
  variant = 0;
  goto bs_utf_size_body;
op_bs_utf16_size:
  variant = 1;
  goto bs_utf_size_body;
bs_utf_size_body: {
  int n = bs_utf_size(src(I[2]), variant == 0 ? 8 : 16);
  if (n < 0) {
    badarg(p);
    FAIL_OR_RAISE(I[1]);
  }
  dst(I[3]) = make_small(n);  // in bytes: the bs_add that follows scales it
  NEXT(4);
}

op_bs_append:
  variant = 0;
  goto bs_append_body;
op_bs_private_append:
  variant = 1;
  goto bs_append_body;
bs_append_body: {
  bool private_ = variant == 1;
  Term size = src(I[2]);
  uint64_t unit = private_ ? I[3] : I[5];
  uint64_t bits;
  if (!bs_segment_bits(size, 1, &bits)) {
    badarg(p);
    FAIL_OR_RAISE(I[1]);
  }
  if (!private_) {  // bs_append Fail Size Extra Live Unit Bin Flags Dst: Extra words follow
    Term old = src(I[6]);
    uint64_t old_bits = is_bitstring(old) ? bitstring_bit_size(old) : 0;
    ENSURE_HEAP(bs_new_binary_words(old_bits + bits) + I[3], unsigned(I[4]));
  }
  Term bin = src(private_ ? I[4] : I[6]);
  SAVE_STATE();
  Term result = bs_append(p, s, bin, bits, unit);
  LOAD_STATE();
  if (result == THE_NON_VALUE) FAIL_OR_RAISE(I[1]);
  if (private_) {
    dst(I[6]) = result;
    NEXT(7);
  }
  dst(I[8]) = result;
  NEXT(9);
}

op_bs_init_writable: {
  SAVE_STATE();
  x[0] = bs_init(p, s, 0);
  NEXT(1);
}

  // ---- internal code ---------------------------------------------------------------------

op_count_execution:
  reinterpret_cast<std::atomic<uint64_t>*>(I[1])->fetch_add(1, std::memory_order_relaxed);
  NEXT(2);

op_internal_process_start: {
  unsigned arity = p->arity;
  SAVE_STATE();
  const Word* target = prepare_apply(p, x, arity, &arity);
  LOAD_STATE();
  if (!target) goto raise_exception;
  if (target == bif_result_marker()) goto op_return_;
  I = target;
  DISPATCH();
}

op_internal_hibernate_enter:
  // Entered after the call is complete, so a call through apply has pushed its return
  // address by now: it goes with the rest of the stack (catches included), down to the normal
  // exit every process's stack bottoms out in.
  E = p->hend - 1;
  SAVE_STATE();
  p->mailbox.rewind();
  if (!gc_hibernate(p, x, 3, 3)) goto heap_limit_kill;
  LOAD_STATE();
  E -= 3;
  for (unsigned k = 0; k < 3; k++) E[k] = x[k];
  I = hibernate_block;
  DISPATCH();

op_internal_hibernate:
  if (p->mailbox.current() == THE_NON_VALUE) {
    SAVE_STATE();
    if (!receive_signals(p)) goto process_exit;
    if (p->mailbox.current() == THE_NON_VALUE) {
      p->pc = I;
      goto wait;
    }
  }
  for (unsigned k = 0; k < 3; k++) x[k] = E[k];
  E += 3;
  p->arity = 3;
  goto op_internal_process_start;

op_internal_after_on_load: {
  // The on_load function returned (x0); the waiting call's frame is on the stack.
  unsigned arity = unsigned(small_value(E[2]));
  Export* e = export_put(E[0], E[1], arity);
  bool loaded = x[0] == atoms::ok;
  module_finish_on_load(e->module, loaded);
  for (unsigned k = 0; k < arity; k++) x[k] = E[3 + k];
  E += arity + 3;
  const Word* target = loaded ? e->code.get() : nullptr;
  if (!target) {  // refused, or the function is not among the exports: undef for this call
    SAVE_STATE();
    raise_undef(p, e, x);
    I = nullptr;
    goto raise_exception;
  }
  I = target;
  DISPATCH();
}

op_internal_normal_exit:
  p->exit_reason = atoms::normal;
  goto process_exit;

  // ---- leaving the loop ------------------------------------------------------------------

raise_exception: {
  SAVE_STATE();
  const Word* handler = find_handler(p, I, x);
  LOAD_STATE();
  if (handler) {
    I = handler;
    DISPATCH();
  }
  goto process_exit;
}

op_internal_dirty_call:
  p->pc = I;
  save_registers(p, x, p->dirty_call->arity);
  p->stop = E;
  p->reductions = reds;
  return RunOutcome::dirty;

op_internal_dirty_raise:
  I = p->trap_site;
  goto raise_exception;

yield:
  p->pc = yield_pc;
  p->arity = yield_arity;
  save_registers(p, x, yield_arity);
  p->stop = E;
  p->reductions = 0;
  return RunOutcome::yielded;

wait:
  p->stop = E;
  p->arity = 0;
  p->reductions = reds;
  return RunOutcome::waiting;

heap_limit_kill:
  terminate(p, atoms::killed);
  goto raise_exception;

process_exit:
  p->stop = E;
  return RunOutcome::exited;
}

}  // namespace ember
