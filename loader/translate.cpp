#include "loader/translate.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <vector>

#include "loader/compact.h"
#include "vm/term/atom.h"
#include "vm/code/coverage.h"
#include "vm/code/instr.h"
#include "vm/code/interp.h"
#include "vm/process/scheduler.h"

namespace ember::loader {
namespace {

class Translator {
 public:
  Translator(const BeamFile& file, Module& m, LoadError& error)
      : file_(file), m_(m), error_(error),
        reader_(reinterpret_cast<const uint8_t*>(file.code.data()),
                reinterpret_cast<const uint8_t*>(file.code.data() + file.code.size()), m.literals),
        labels_(file.label_count, unset) {}

  bool run() {
    handlers_ = instruction_handlers();
    while (!done_) {
      instruction_start_ = reader_.offset();
      uint8_t opcode;
      if (!reader_.read_byte(opcode)) return fail("code ends without int_code_end");
      if (!instruction(opcode)) return false;
    }
    if (m_.functions.size() != file_.function_count) return fail("function count mismatch");
    return resolve_labels() && finish();
  }

 private:
  static constexpr uint32_t unset = UINT32_MAX;

  bool fail(const char* what) {
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, "Code chunk, offset %zu: %s",
                  file_.code_offset + instruction_start_, what);
    error_.message = buffer;
    return false;
  }

  bool instruction(unsigned opcode) {
    const OpInfo& info = op_info(opcode);
    char what[160];
    if (info.status == 0 || opcode == 0) {
      std::snprintf(what, sizeof what, "unknown opcode %u", opcode);
      return fail(what);
    }
    if (info.status == 'O') {
      std::snprintf(what, sizeof what, "obsolete instruction %s (opcode %u): please re-compile this module with an Erlang/OTP 25 compiler", info.name, opcode);
      return fail(what);
    }
    if (opcode > file_.opcode_max) return fail("opcode above the header's opcode_max");
    std::vector<Operand>& ops = ops_;
    ops.assign(info.arity, Operand{});
    for (unsigned k = 0; k < info.arity; k++) {
      if (!reader_.read(ops[k]) || !(check_kind(info.kinds[k], ops[k]) || overflow_allowed(Op(opcode), k, ops[k]))) {
        std::snprintf(what, sizeof what, "bad operand %u of %s", k + 1, info.name);
        return fail(what);
      }
    }
    if (Op(opcode) == Op::bs_test_tail2 && ops[2].tag == OperandTag::overflow) {
      // No binary has 2^64 bits left: the test always fails (erts' loader makes it a jump).
      if (!emit_as(Op::jump, {Op::bs_test_tail2})) return false;
      label(ops[0].value);
      return true;
    }
    switch (pseudo(Op(opcode), ops)) {
      case Pseudo::handled:
        if (coverage_enabled()) coverage_count(opcode);  // a loader directive "runs" when loaded
        return true;
      case Pseudo::failed: return false;
      case Pseudo::no: break;
    }
    Op op = Op(opcode);
    if (op == Op::fmove) op = ops[1].tag == OperandTag::fr ? Op::fmove_to_fr : Op::fmove_from_fr;
    if (op == Op::gc_bif2 && increment(opcode, ops)) return true;
    if (op == Op::gc_bif1 && length_form(opcode, ops)) return true;
    if (op == Op::gc_bif2) op = arithmetic_form(ops[2].value);
    if (op == Op::move) op = move_form(ops[0], ops[1]);
    if ((op == Op::is_lt || op == Op::is_ge) && ops[2].tag == OperandTag::i && is_small(ops[2].term))
      op = op == Op::is_lt ? (ops[1].tag == OperandTag::x ? Op::is_lt_literal_x : Op::is_lt_literal)
                           : Op::is_ge_literal;
    if ((op == Op::is_lt || op == Op::is_ge) && is_register(ops[1]) && is_register(ops[2]))
      op = op == Op::is_lt ? Op::is_lt_rr : Op::is_ge_rr;
    if (op == Op::i_plus && is_register(ops[3]) && is_register(ops[4]) && ops[5].tag == OperandTag::x)
      op = ops[3].tag == OperandTag::y && ops[4].tag == OperandTag::x ? Op::i_plus_yx : Op::i_plus_rr;
    if ((op == Op::call_fun || op == Op::call_fun2) && tail_fun_call(op, ops)) return true;
    if (op == Op::call_ext_last && raises_in_place(opcode, ops)) return true;
    if (op == Op::deallocate && deallocate_return(ops)) return true;
    if (op == Op::allocate && slots_set_after_allocate(reader_, ops[0].value)) op = Op::allocate_unset;
    if (op == Op::move_x_y && move_pair(ops)) return true;
    if ((op == Op::is_eq_exact || op == Op::is_ne_exact) && is_immediate_constant(ops[2]))
      op = op == Op::is_eq_exact ? Op::is_eq_exact_immed : Op::is_ne_exact_immed;
    if (op == Op::is_tuple && tuple_arity_test(ops)) return true;
    if (op == Op::loop_rec && receive_tag_test(ops)) return true;
    if (op == Op::get_tuple_element && ops[0].tag == OperandTag::x && ops[2].tag == OperandTag::x)
      op = Op::get_tuple_element_x;
    if (!handlers_[unsigned(op)]) {
      std::snprintf(what, sizeof what, "instruction %s (opcode %u) is not implemented", info.name, opcode);
      return fail(what);
    }
    emit_as(op, {Op(opcode)});
    for (unsigned k = 0; k < info.arity; k++)
      if (!operand(op, k, info.kinds[k], ops[k])) return false;
    return true;
  }

  // An unsigned too large for a word is an error, except where erts' loader gives it a meaning.
  static bool overflow_allowed(Op op, unsigned k, const Operand& value) {
    return value.tag == OperandTag::overflow && op == Op::bs_test_tail2 && k == 2;
  }

  static bool check_kind(char kind, const Operand& op) {
    using T = OperandTag;
    switch (kind) {
      case 'u': case 'e': case 'b': return op.tag == T::u;
      case 'i': return op.tag == T::i || op.tag == T::u;
      case 'a': return op.tag == T::a;
      case 's': return op.tag == T::x || op.tag == T::y || op.tag == T::a || op.tag == T::i ||
                       op.tag == T::literal || op.tag == T::u;
      case 'd': return op.tag == T::x || op.tag == T::y;
      case 'y': return op.tag == T::y;
      case 'F': return op.tag == T::fr;
      case 'q': return op.tag == T::fr || op.tag == T::x || op.tag == T::y || op.tag == T::literal;
      case 'f': case 'l': return op.tag == T::f;
      case 'n': return op.tag == T::u || op.tag == T::alloc;
      case 'L': return op.tag == T::list;
      default: return op.tag != T::list;  // '*'
    }
  }

  enum class Pseudo { no, handled, failed };

  // Instructions that tell the loader something; all but func_info produce no code.
  Pseudo pseudo(Op op, const std::vector<Operand>& ops) {
    auto failed = [&](const char* what) { return fail(what), Pseudo::failed; };
    switch (op) {
      case Op::label:
        if (ops[0].value == 0 || ops[0].value >= labels_.size() || labels_[ops[0].value] != unset)
          return failed("bad or duplicate label");
        labels_[ops[0].value] = uint32_t(code_.size());
        return Pseudo::handled;
      case Op::line:
        if (ops[0].value >= file_.lines.size()) return failed("bad line index");
        {
          const LineItem& item = file_.lines[ops[0].value];
          bool known = ops[0].value != 0 && location_fits(item.file, item.line);
          m_.lines.push_back(LineRecord{uint32_t(code_.size()), known ? item.file : no_location, item.line});
        }
        return Pseudo::handled;
      case Op::int_code_end:
        if (!ends_flow(last_op_)) return failed("the code ends with an instruction that falls through");
        done_ = true;
        return Pseudo::handled;
      case Op::on_load:
        on_load_offset_ = uint32_t(code_.size());
        return Pseudo::handled;
      case Op::nif_start:
        return Pseudo::handled;
      case Op::func_info: {
        Term name = atom_operand(ops[1].value);
        if (name == THE_NON_VALUE || ops[2].value > max_function_arity) return failed("bad func_info");
        m_.functions.push_back(FunctionInfo{name, uint32_t(ops[2].value), uint32_t(code_.size())});
        return Pseudo::no;  // also an instruction: it raises function_clause
      }
      default:
        return Pseudo::no;
    }
  }

  // The instruction's handler, after a coverage counter for each generic instruction it
  // stands for (a fused one stands for several), then its operands.
  bool emit_as(Op op, std::initializer_list<Op> generic) {
    if (!handlers_[unsigned(op)]) return fail("instruction is not implemented");
    if (coverage_enabled()) {
      for (Op g : generic) {
        emit(Word(uintptr_t(handlers_[unsigned(Op::count_execution)])));
        emit(Word(uintptr_t(coverage_counter(unsigned(g)))));
      }
    }
    instruction_handler_at_ = code_.size();
    emit(Word(uintptr_t(handlers_[unsigned(op)])));
    last_op_ = op;
    return true;
  }

  // Whether control never goes on to the next instruction after `op`: the code must end with
  // such an instruction, or the interpreter would run past it (erts reaches its int_code_end
  // there and stops the VM; a malformed file must not stop ember).
  static bool ends_flow(Op op) {
    switch (op) {
      case Op::return_: case Op::deallocate_return: case Op::jump: case Op::call_only:
      case Op::call_last: case Op::call_ext_only: case Op::call_ext_last: case Op::apply_last:
      case Op::call_fun_last: case Op::call_fun2_last: case Op::func_info: case Op::badmatch:
      case Op::case_end: case Op::try_case_end: case Op::badrecord: case Op::if_end:
      case Op::raise: case Op::wait: case Op::select_val: case Op::select_val_sorted:
      case Op::select_tuple_arity: case Op::loop_rec_end:
        return true;
      default:
        return false;
    }
  }

  // X + Lit, Lit + X and X - Lit with a small literal: as erts, these raise badarith without
  // an erlang:'+'/2 frame, and they are worth a fast path anyway.
  bool increment(unsigned opcode, const std::vector<Operand>& ops) {
    if (ops[2].value >= file_.imports.size()) return false;
    const Import& bif = file_.imports[ops[2].value];
    bool plus = bif.module == atoms::erlang && atom_text(bif.function) == "+";
    bool minus = bif.module == atoms::erlang && atom_text(bif.function) == "-";
    auto small_literal = [](const Operand& o) { return o.tag == OperandTag::i && is_small(o.term); };
    const Operand *src, *imm;
    if (plus && small_literal(ops[4])) src = &ops[3], imm = &ops[4];
    else if (plus && small_literal(ops[3])) src = &ops[4], imm = &ops[3];
    else if (minus && small_literal(ops[4])) src = &ops[3], imm = &ops[4];
    else return false;
    int64_t k = small_value(imm->term);
    if (minus) k = -k;
    if (!fits_small(k)) return false;
    Op form = ops[5].tag != OperandTag::x ? Op::increment
              : src->tag == OperandTag::x ? Op::increment_x
              : src->tag == OperandTag::y ? Op::increment_y : Op::increment;
    if (!emit_as(form, {Op(opcode)})) return false;
    label(ops[0].value);
    emit(ops[1].value);
    return source(*src) && (emit(make_small(k)), true) && source(ops[5]);
  }

  // length/1 walks its list over as many time slices as it needs, as erts' i_length does: the
  // walk's state lives in the registers just above the live ones, which a yield keeps.
  bool length_form(unsigned opcode, const std::vector<Operand>& ops) {
    if (ops[2].value >= file_.imports.size() || ops[1].value + 3 > max_x_registers) return false;
    const Import& bif = file_.imports[ops[2].value];
    if (bif.module != atoms::erlang || bif.arity != 1 || atom_text(bif.function) != "length") return false;
    if (!emit_as(Op::i_length_setup, {Op(opcode)})) return false;
    emit(ops[1].value);
    if (!source(ops[3]) || !emit_as(Op::i_length, {})) return false;
    label(ops[0].value);
    emit(ops[1].value);
    return source(ops[4]);
  }

  // A tail call of a BIF that always raises keeps the caller's frame, as erts calls every BIF
  // before dropping the frame: the compiler may trim that frame and still give the call the
  // untrimmed size (beam_trim counts on the size not being used), so dropping that many words
  // would cut into the caller's caller and hide its catch.
  bool raises_in_place(unsigned opcode, const std::vector<Operand>& ops) {
    if (ops[1].value >= file_.imports.size()) return false;
    const Import& f = file_.imports[ops[1].value];
    if (f.module != atoms::erlang) return false;
    std::string_view name = atom_text(f.function);
    bool raises = (name == "error" && f.arity >= 1 && f.arity <= 3) ||
                  ((name == "exit" || name == "throw") && f.arity == 1) ||
                  (name == "raise" && f.arity == 3) || (name == "nif_error" && (f.arity == 1 || f.arity == 2));
    if (!raises) return false;
    if (!emit_as(Op::call_ext_only, {Op(opcode)})) return false;
    emit(ops[0].value);
    return import('e', ops[1].value);
  }

  // '+', '-' and '*' of two variables: the same operands, fast paths for small integers.
  Op arithmetic_form(uint64_t import) const {
    if (import >= file_.imports.size() || file_.imports[import].module != atoms::erlang) return Op::gc_bif2;
    std::string_view f = atom_text(file_.imports[import].function);
    return f == "+" ? Op::i_plus : f == "-" ? Op::i_minus : f == "*" ? Op::i_times : Op::gc_bif2;
  }

  static bool is_register(const Operand& o) { return o.tag == OperandTag::x || o.tag == OperandTag::y; }

  bool is_immediate_constant(const Operand& o) const {
    switch (o.tag) {
      case OperandTag::a: return true;
      case OperandTag::i: return is_small(o.term);
      case OperandTag::literal: return o.value < file_.literals.size() && is_immed(file_.literals[o.value]);
      default: return false;
    }
  }

  // is_tuple Fail S then test_arity Fail S N, as every tuple pattern starts: one test.
  bool tuple_arity_test(const std::vector<Operand>& ops) {
    CompactReader before = reader_;
    std::vector<Operand> arity;
    if (!next_is(Op::test_arity, arity) || arity[0].tag != ops[0].tag ||
        arity[0].value != ops[0].value || arity[1].tag != ops[1].tag || arity[1].value != ops[1].value) {
      reader_ = before;
      return false;
    }
    if (!emit_as(Op::is_tuple_arity, {Op::is_tuple, Op::test_arity})) return false;
    return source(ops[0]) && source(ops[1]) && source(arity[2]);
  }

  // loop_rec then is_tagged_tuple on the message it took, as most receives begin: one
  // instruction, which can also pass over messages without the tag without dispatching.
  bool receive_tag_test(const std::vector<Operand>& ops) {
    CompactReader before = reader_;
    std::vector<Operand> test;
    if (!next_is(Op::is_tagged_tuple, test) || test[1].tag != ops[1].tag || test[1].value != ops[1].value) {
      reader_ = before;
      return false;
    }
    if (!emit_as(Op::loop_rec_tagged, {Op::loop_rec, Op::is_tagged_tuple})) return false;
    return source(ops[0]) && source(ops[1]) && source(test[0]) && source(test[2]) && source(test[3]);
  }

  static Op move_form(const Operand& from, const Operand& to) {
    using T = OperandTag;
    if (to.tag == T::x) {
      if (from.tag == T::x) return Op::move_x_x;
      if (from.tag == T::y) return Op::move_y_x;
      if (from.tag == T::a || from.tag == T::i || from.tag == T::literal) return Op::move_c_x;
    } else if (from.tag == T::x) {
      return Op::move_x_y;
    } else if (from.tag == T::y) {
      return Op::move_y_y;
    }
    return Op::move;
  }

  // Reads the next instruction instead of the main loop when it is `expected` with operands
  // of the right kinds; otherwise leaves the reader where it was.
  bool next_is(Op expected, std::vector<Operand>& ops) {
    CompactReader after = reader_;
    uint8_t next;
    if (!after.read_byte(next) || next != unsigned(expected)) return false;
    const OpInfo& info = op_info(next);
    ops.assign(info.arity, Operand{});
    for (unsigned k = 0; k < info.arity; k++)
      if (!after.read(ops[k]) || !check_kind(info.kinds[k], ops[k])) return false;
    reader_ = after;
    return true;
  }

  // deallocate N then return, in one dispatch: every function with a frame ends so.
  bool deallocate_return(const std::vector<Operand>& ops) {
    std::vector<Operand> none;
    if (!next_is(Op::return_, none)) return false;
    if (!emit_as(Op::deallocate_return, {Op::deallocate, Op::return_})) return false;
    emit(ops[0].value);
    return true;
  }

  // call_fun (or call_fun2) followed by deallocate N and return is a tail call, as erts's
  // loader makes it: the caller's frame is gone before the fun runs.
  bool tail_fun_call(Op call, const std::vector<Operand>& ops) {
    CompactReader before = reader_;
    std::vector<Operand> dealloc, none;
    if (!next_is(Op::deallocate, dealloc) || !next_is(Op::return_, none)) {
      reader_ = before;
      return false;
    }
    bool v2 = call == Op::call_fun2;
    if (!emit_as(v2 ? Op::call_fun2_last : Op::call_fun_last, {call, Op::deallocate, Op::return_}))
      return false;
    for (const Operand& o : ops)
      if (!source(o)) return false;
    emit(dealloc[0].value);
    return true;
  }

  // Saving an argument in the frame and moving the next one into its place, as a call
  // sequence does (move x0 y0; move x1 x0): two moves in one dispatch.
  bool move_pair(const std::vector<Operand>& first) {
    std::vector<Operand> second;
    CompactReader before = reader_;
    if (!next_is(Op::move, second)) return false;
    if (move_form(second[0], second[1]) != Op::move_x_x) {
      reader_ = before;
      return false;
    }
    if (!emit_as(Op::move_x_y_x_x, {Op::move, Op::move})) return false;
    return source(first[0]) && source(first[1]) && source(second[0]) && source(second[1]);
  }

  Term atom_operand(uint64_t index) const {
    if (index == 0) return NIL;
    return index < file_.atoms.size() ? file_.atoms[index] : THE_NON_VALUE;
  }

  bool source(const Operand& op) {
    switch (op.tag) {
      case OperandTag::x: emit(operand_x(uint32_t(op.value))); return true;
      case OperandTag::y: emit(operand_y(uint32_t(op.value))); return true;
      case OperandTag::i: emit(op.term); return true;
      case OperandTag::u: emit(op.value); return true;
      case OperandTag::fr: case OperandTag::alloc: emit(op.value); return true;
      case OperandTag::a: {
        Term a = atom_operand(op.value);
        if (a == THE_NON_VALUE) return fail("bad atom index");
        emit(a);
        return true;
      }
      case OperandTag::literal:
        if (op.value >= file_.literals.size()) return fail("bad literal index");
        emit(file_.literals[op.value]);
        return true;
      case OperandTag::f:
        label(op.value);
        return true;
      default:
        return fail("bad operand");
    }
  }

  // The operand of catch and try becomes a catch marker rather than an address.
  void label(uint64_t number) {
    bool handler = last_op_ == Op::catch_ || last_op_ == Op::try_;
    if (number != 0) fixups_.push_back({code_.size(), number, handler});
    emit(0);
  }

  bool operand(Op op, unsigned k, char kind, const Operand& value) {
    switch (kind) {
      case 'e': case 'b': return import(kind, value.value);
      case 'L': return list(op, value.value);
      case 'u':
        if (k == 0 && (op == Op::make_fun3 || op == Op::make_fun2)) return lambda(value.value);
        if (op == Op::bs_put_string && k == 1) return string(value.value, last_unsigned_);
        if (op == Op::bs_match_string && k == 3) return string(value.value, (last_unsigned_ + 7) / 8);
        last_unsigned_ = value.value;
        emit(value.value);
        return true;
      case 's':  // an unsigned literal in a source position is just an integer
        if (value.tag == OperandTag::u) {
          if (value.value > uint64_t(small_max)) return fail("bad operand");
          emit(make_small(int64_t(value.value)));
          return true;
        }
        return source(value);
      default:
        return source(value);
    }
  }

  bool import(char kind, uint64_t index) {
    if (index >= file_.imports.size()) return fail("bad import index");
    const Import& imp = file_.imports[index];
    Export* e = export_put(imp.module, imp.function, imp.arity);
    if (kind == 'b' && !e->bif) {
      std::string what = "BIF operand names " + std::string(atom_text(imp.module)) + ":" +
                         std::string(atom_text(imp.function)) + "/" + std::to_string(imp.arity) +
                         ", which is not a BIF";
      return fail(what.c_str());
    }
    emit(Word(uintptr_t(e)));
    return true;
  }

  bool lambda(uint64_t index) {
    if (index >= m_.lambdas.size()) return fail("bad lambda index");
    emit(Word(uintptr_t(m_.lambdas[index])));
    return true;
  }

  bool string(uint64_t offset, uint64_t length) {
    if (offset > m_.strings.size() || length > m_.strings.size() - offset)
      return fail("string outside the string table");
    emit(Word(uintptr_t(m_.strings.data() + offset)));
    return true;
  }

  // List items are terms or registers; unsigned items (tuple arities, segment units) become
  // small integers so the interpreter reads every item the same way.
  bool list(Op op, uint64_t count) {
    emit(count);
    std::vector<Operand> items(count);
    for (auto& item : items) {
      if (!reader_.read(item) || item.tag == OperandTag::list) return fail("bad list operand");
      if (item.tag == OperandTag::u) {
        if (item.value > uint64_t(small_max)) return fail("bad list operand");
        item = Operand{OperandTag::i, item.value, make_small(int64_t(item.value))};
      }
    }
    if (op == Op::bs_create_bin) return segments(items);
    if (op == Op::select_val) return select_pairs(items);
    for (const Operand& item : items)
      if (!source(item)) return false;
    return true;
  }

  // select_val's Value, Label pairs, sorted by value when every value is an immediate (atoms
  // and small integers compare by identity), so that select_val_sorted can binary-search them.
  bool select_pairs(const std::vector<Operand>& items) {
    if (items.size() % 2 != 0) return fail("bad select_val list");
    std::vector<std::pair<Term, uint64_t>> pairs;
    for (size_t k = 0; k < items.size(); k += 2) {
      Term value;
      if (items[k].tag == OperandTag::a) value = atom_operand(items[k].value);
      else if (items[k].tag == OperandTag::i) value = items[k].term;
      else if (items[k].tag == OperandTag::literal && items[k].value < file_.literals.size()) value = file_.literals[items[k].value];
      else return fail("bad select_val value");
      if (value == THE_NON_VALUE || items[k + 1].tag != OperandTag::f) return fail("bad select_val list");
      pairs.emplace_back(value, items[k + 1].value);
    }
    bool sortable = pairs.size() > 8 && std::all_of(pairs.begin(), pairs.end(), [](auto& v) { return is_immed(v.first); });
    if (sortable) {
      std::sort(pairs.begin(), pairs.end());
      code_[instruction_handler_at_] = Word(uintptr_t(handlers_[unsigned(Op::select_val_sorted)]));
    }
    for (auto& [value, target] : pairs) {
      emit(value);
      label(target);
    }
    return true;
  }

  // bs_create_bin segments are Type, SegNo, Unit, Flags, Value, Size; a string segment's
  // Value is a StrT offset and its Size a byte count.
  bool segments(const std::vector<Operand>& items) {
    if (items.size() % 6 != 0) return fail("bad bs_create_bin segment list");
    for (size_t s = 0; s < items.size(); s += 6) {
      bool is_string = items[s].tag == OperandTag::a && atom_operand(items[s].value) == atoms::string;
      for (size_t k = 0; k < 6; k++) {
        const Operand& item = items[s + k];
        if (!is_string || k != 4) {
          if (!source(item)) return false;
        } else if (items[s + 5].tag != OperandTag::i) {
          return fail("bad bs_create_bin string size");
        } else if (!string(item.value, items[s + 5].value)) {
          return false;
        }
      }
    }
    return true;
  }

  void emit(Word w) { code_.push_back(w); }

  // A label after the last instruction would send the interpreter past the end of the code
  // (erts reaches its int_code_end there and stops the VM); compilers never place one.
  bool resolve_labels() {
    auto at_end = [&](uint32_t offset) { return offset == code_.size(); };
    for (const FunctionRef& e : file_.exports) {
      if (labels_[e.label] == unset) return fail("export of an undefined label");
      if (at_end(labels_[e.label])) return fail("export of a label after the last instruction");
    }
    for (const Lambda& l : file_.lambdas) {
      if (labels_[l.label] == unset) return fail("lambda of an undefined label");
      if (at_end(labels_[l.label])) return fail("lambda of a label after the last instruction");
    }
    for (auto [at, number, handler] : fixups_) {
      if (number >= labels_.size() || labels_[number] == unset) return fail("jump to an undefined label");
      if (at_end(labels_[number])) return fail("jump to a label after the last instruction");
      code_[at] = labels_[number];
    }
    if (on_load_offset_ != unset && at_end(on_load_offset_)) return fail("on_load after the last instruction");
    return true;
  }

  bool finish() {
    m_.code_size = code_.size();
    m_.code = std::make_unique<Word[]>(code_.size() + 1);
    Word* base = m_.code.get();
    for (size_t k = 0; k < code_.size(); k++) base[k] = code_[k];
    for (auto [at, number, handler] : fixups_) {
      const Word* target = base + code_[at];
      base[at] = handler ? m_.catches.add(target) : Word(uintptr_t(target));
      if (base[at] == THE_NON_VALUE) return fail("more catch instructions than the VM can hold");
    }
    for (const FunctionRef& e : file_.exports) {
      m_.exports.push_back(export_put(m_.name, e.function, e.arity));
      m_.export_entries.push_back(base + labels_[e.label]);
    }
    for (const Lambda& l : file_.lambdas) m_.lambda_entries.push_back(base + labels_[l.label]);
    if (on_load_offset_ != unset) m_.on_load = base + on_load_offset_;
    return true;
  }

  const BeamFile& file_;
  Module& m_;
  LoadError& error_;
  CompactReader reader_;
  const void* const* handlers_ = nullptr;
  std::vector<uint32_t> labels_;
  struct Fixup {
    size_t at;
    uint64_t label;
    bool handler;  // a catch or try handler
  };
  std::vector<Fixup> fixups_;
  std::vector<Word> code_;
  std::vector<Operand> ops_;  // the current instruction's operands, kept to spare an allocation each
  size_t instruction_start_ = 0;
  size_t instruction_handler_at_ = 0;  // where the current instruction's handler word is
  uint64_t last_unsigned_ = 0;
  uint32_t on_load_offset_ = unset;
  bool done_ = false;
  Op last_op_ = Op::int_code_end;  // the last instruction emitted (none yet: falls through)
};

}  // namespace

bool slots_set_after_allocate(CompactReader after, uint64_t n) {
  if (n == 0 || n > 64) return false;
  uint64_t set = 0, all = n == 64 ? ~uint64_t(0) : (uint64_t(1) << n) - 1;
  auto mark = [&](const Operand& o) {
    if (o.tag == OperandTag::y && o.value < n) set |= uint64_t(1) << o.value;
  };
  uint8_t next;
  Operand a, b;
  while (set != all && after.read_byte(next)) {
    if (next == unsigned(Op::move)) {
      if (!after.read(a) || !after.read(b) || a.tag == OperandTag::y) return false;
      mark(b);
    } else if (next == unsigned(Op::init_yregs)) {
      if (!after.read(a) || a.tag != OperandTag::list) return false;
      for (uint64_t k = 0; k < a.value; k++) {
        if (!after.read(b)) return false;
        mark(b);
      }
    } else {
      break;
    }
  }
  return set == all;
}

bool translate_code(const BeamFile& file, Module& m, LoadError& error) {
  return Translator(file, m, error).run();
}

}  // namespace ember::loader
