// The BIFs that flatten an iolist: list_to_binary, iolist_to_binary, iolist_size and
// iolist_to_iovec. Each counts the bytes, makes the binary, then copies into it, and yields
// whenever its time slice is spent, as erts' do, so that a huge iolist never holds a scheduler.
#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/iolist.h"

namespace ember {
namespace {

enum class Result { binary, size, iovec };

// The registers of a call that yields: x0 the BIF's argument (an error shows it), x1 and x2
// the cursor (vm/term/iolist.h), x3 the bytes counted, then those copied, and x4 the binary
// being filled, [] while counting.
constexpr uint32_t state_registers = 5;

Term finish(Process* p, Term* x, Result result) {
  ProcessHeap heap(p);
  switch (result) {
    case Result::size: return make_integer(heap, small_value(x[3]));
    case Result::iovec: return bitstring_bit_size(x[4]) == 0 ? NIL : cons(heap, x[4], NIL);
    case Result::binary: break;
  }
  return x[4];
}

// Goes on from the state in x, in what the slice allows; `self` is the BIF's continuation.
Term walk(Process* p, Term* x, Result result, Export* self) {
  ProcessHeap heap(p);
  IolistCursor cursor{x[1], x[2]};
  uint64_t n = uint64_t(small_value(x[3]));
  int64_t allowed = budget(p), left = allowed;
  IolistStep step = IolistStep::more;
  if (x[4] == NIL) {
    step = iolist_count_some(heap, &cursor, &n, &left);
    if (step == IolistStep::done && result != Result::size) {
      uint8_t* data;
      x[4] = new_binary(heap, n, &data);
      cursor = IolistCursor{x[0]};
      n = 0;
      step = IolistStep::more;
    }
  }
  if (step == IolistStep::more && x[4] != NIL) {
    auto* data = const_cast<uint8_t*>(bitstring_bits(x[4]).bytes);
    step = iolist_copy_some(heap, &cursor, data, &n, &left);
  }
  charge_work(p, uint64_t(allowed - std::max<int64_t>(left, 0)));
  if (step == IolistStep::bad) return badarg(p);
  x[1] = cursor.current;
  x[2] = cursor.rest;
  x[3] = make_small(int64_t(n));
  if (step == IolistStep::done) return finish(p, x, result);
  return bif_yield(p, self);
}

// The four BIFs, each with a continuation of its own that fails as the BIF.
enum Bif { list_to_binary, iolist_to_binary, iolist_size, iolist_to_iovec };
constexpr struct {
  const char* name;
  Result result;
} bifs[] = {{"list_to_binary", Result::binary},
            {"iolist_to_binary", Result::binary},
            {"iolist_size", Result::size},
            {"iolist_to_iovec", Result::iovec}};

template <Bif bif>
Term resume(Process* p, Term* x);

template <Bif bif>
Export* continuation() {
  static Export* e = bif_continuation(atoms::erlang, atom_put(bifs[bif].name), state_registers, resume<bif>,
                                      export_put(atoms::erlang, atom_put(bifs[bif].name), 1));
  return e;
}

template <Bif bif>
Term resume(Process* p, Term* x) {
  return walk(p, x, bifs[bif].result, continuation<bif>());
}

template <Bif bif>
Term start(Process* p, Term* x) {
  x[1] = x[0];
  x[2] = NIL;
  x[3] = make_small(0);
  x[4] = NIL;
  return resume<bif>(p, x);
}

}  // namespace

Term erlang_list_to_binary_1(Process* p, Term* a) {
  if (!is_list(a[0]) && a[0] != NIL) return badarg(p);
  return start<list_to_binary>(p, a);
}

Term erlang_iolist_to_binary_1(Process* p, Term* a) {
  if (is_binary(a[0])) return a[0];
  return start<iolist_to_binary>(p, a);
}

Term erlang_iolist_size_1(Process* p, Term* a) {
  return start<iolist_size>(p, a);
}

// One binary of all the bytes, or [] when there are none.
Term erlang_iolist_to_iovec_1(Process* p, Term* a) {
  return start<iolist_to_iovec>(p, a);
}

}  // namespace ember
