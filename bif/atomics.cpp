// atomics and counters: arrays of 64-bit integers shared between processes through a magic
// reference (vm/term/magic_ref.h), read and updated without locks. `counters` with the atomics
// option is an atomics array; with write_concurrency erts gives each scheduler its own slot
// of every counter and sums them on reading, which with ember's one scheduler is one slot.
// erts documents atomics as sequentially consistent (an update made after another is seen
// after it by every reader), so their operations are; counters' are relaxed, as erts'.
#include <memory>

#include "bif/bif.h"
#include "vm/term/arith.h"
#include "vm/term/bignum.h"
#include "vm/term/magic_ref.h"
#include "vm/term/map.h"

namespace ember {
namespace {

struct IntegerArray : MagicObject {
  size_t length;
  bool is_signed;
  std::unique_ptr<std::atomic<int64_t>[]> values;
  IntegerArray(size_t n, bool signed_values) : length(n), is_signed(signed_values), values(new std::atomic<int64_t>[n]) {
    for (size_t k = 0; k < n; k++) values[k].store(0, std::memory_order_relaxed);
  }
  size_t size_bytes() const override { return sizeof(*this) + length * sizeof(values[0]); }
};
struct Atomics final : IntegerArray {
  using IntegerArray::IntegerArray;
};
struct Counters final : IntegerArray {
  using IntegerArray::IntegerArray;
};

bool term_to_int64(Term t, int64_t* out) {
  if (!is_integer(t)) return false;
  bignum::Digit scratch[1];
  std::optional<int64_t> v = bignum::to_int64(integer_view(t, scratch));
  if (v) *out = *v;
  return v.has_value();
}

bool term_to_uint64(Term t, uint64_t* out) {
  if (!is_integer(t)) return false;
  bignum::Digit scratch[1];
  bignum::View v = integer_view(t, scratch);
  if (v.neg || v.n > 1) return false;
  *out = v.n ? v.d[0] : 0;
  return true;
}

// A value stored as is: a signed array takes int64s, an unsigned one uint64s (kept as bits).
bool get_value(const IntegerArray& a, Term t, int64_t* out) {
  if (a.is_signed) return term_to_int64(t, out);
  uint64_t u;
  if (!term_to_uint64(t, &u)) return false;
  *out = int64_t(u);
  return true;
}

// An increment is any integer that fits 64 bits either way; addition wraps.
bool get_increment(Term t, int64_t* out) {
  uint64_t u;
  if (term_to_int64(t, out)) return true;
  if (!term_to_uint64(t, &u)) return false;
  *out = int64_t(u);
  return true;
}

Term build_value(Process* p, const IntegerArray& a, int64_t v) {
  ProcessHeap heap(p);
  return a.is_signed ? make_integer(heap, v) : make_unsigned(heap, uint64_t(v));
}

// The element `index` (1-based) names, or null.
template <class T>
std::atomic<int64_t>* element(Term ref, Term index, T** array) {
  *array = magic_ref_get<T>(ref);
  uint64_t ix;
  if (!*array || !term_to_uint64(index, &ix) || ix == 0 || ix > (*array)->length) return nullptr;
  return &(*array)->values[ix - 1];
}

// The array's size: as erts, a positive size beyond a machine word, or one whose bytes would
// not fit one, is system_limit.
template <class T>
Term new_array(Process* p, Term size, bool is_signed) {
  uint64_t n;
  if (!term_to_uint64(size, &n)) {
    bool too_big = is_big(size) && header_subtag(boxed_header(size)) == Subtag::pos_big;
    return too_big ? system_limit(p) : badarg(p);
  }
  if (n == 0) return badarg(p);
  if (n > UINT64_MAX / sizeof(int64_t)) return system_limit(p);
  ProcessHeap heap(p);
  return make_magic_ref(heap, new T(size_t(n), is_signed));
}

Term info(Process* p, const IntegerArray& a, bool with_range) {
  ProcessHeap heap(p);
  Term keys[4], values[4];
  size_t n = 0;
  if (with_range) {
    keys[n] = atom_put("max");
    values[n++] = a.is_signed ? make_integer(heap, INT64_MAX) : make_unsigned(heap, UINT64_MAX);
    keys[n] = atom_put("min");
    values[n++] = make_integer(heap, a.is_signed ? INT64_MIN : 0);
  }
  keys[n] = atom_put("size");
  values[n++] = make_unsigned(heap, a.length);
  keys[n] = atom_put("memory");
  values[n++] = make_unsigned(heap, a.size_bytes());
  return map_from_pairs(heap, keys, values, n);
}

}  // namespace

Term erts_internal_atomics_new_2(Process* p, Term* a) {
  uint64_t options;
  if (!term_to_uint64(a[1], &options)) return badarg(p);
  return new_array<Atomics>(p, a[0], options & 1);
}

Term atomics_put_3(Process* p, Term* a) {
  Atomics* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  int64_t v;
  if (!e || !get_value(*array, a[2], &v)) return badarg(p);
  e->store(v, std::memory_order_seq_cst);
  return atoms::ok;
}

Term atomics_get_2(Process* p, Term* a) {
  Atomics* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  if (!e) return badarg(p);
  return build_value(p, *array, e->load(std::memory_order_seq_cst));
}

Term atomics_add_3(Process* p, Term* a) {
  Atomics* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  int64_t incr;
  if (!e || !get_increment(a[2], &incr)) return badarg(p);
  e->fetch_add(incr, std::memory_order_seq_cst);
  return atoms::ok;
}

Term atomics_add_get_3(Process* p, Term* a) {
  Atomics* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  int64_t incr;
  if (!e || !get_increment(a[2], &incr)) return badarg(p);
  return build_value(p, *array, int64_t(uint64_t(e->fetch_add(incr, std::memory_order_seq_cst)) + uint64_t(incr)));
}

Term atomics_exchange_3(Process* p, Term* a) {
  Atomics* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  int64_t desired;
  if (!e || !get_value(*array, a[2], &desired)) return badarg(p);
  return build_value(p, *array, e->exchange(desired, std::memory_order_seq_cst));
}

Term atomics_compare_exchange_4(Process* p, Term* a) {
  Atomics* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  int64_t expected, desired;
  if (!e || !get_value(*array, a[2], &expected) || !get_value(*array, a[3], &desired)) return badarg(p);
  if (e->compare_exchange_strong(expected, desired, std::memory_order_seq_cst)) return atoms::ok;
  return build_value(p, *array, expected);
}

Term atomics_info_1(Process* p, Term* a) {
  Atomics* array = magic_ref_get<Atomics>(a[0]);
  return array ? info(p, *array, true) : badarg(p);
}

Term erts_internal_counters_new_1(Process* p, Term* a) { return new_array<Counters>(p, a[0], true); }

Term erts_internal_counters_get_2(Process* p, Term* a) {
  Counters* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  return e ? build_value(p, *array, e->load(std::memory_order_relaxed)) : badarg(p);
}

Term erts_internal_counters_add_3(Process* p, Term* a) {
  Counters* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  int64_t incr;
  if (!e || !get_increment(a[2], &incr)) return badarg(p);
  e->fetch_add(incr, std::memory_order_relaxed);
  return atoms::ok;
}

Term erts_internal_counters_put_3(Process* p, Term* a) {
  Counters* array;
  std::atomic<int64_t>* e = element(a[0], a[1], &array);
  int64_t v;
  if (!e || !term_to_int64(a[2], &v)) return badarg(p);
  e->store(v, std::memory_order_relaxed);
  return atoms::ok;
}

Term erts_internal_counters_info_1(Process* p, Term* a) {
  Counters* array = magic_ref_get<Counters>(a[0]);
  return array ? info(p, *array, false) : badarg(p);
}

}  // namespace ember
