// Magic references: references that also hold an object outside the heap (an atomics or
// counters array; later NIF resources). As in erts, the term is an ordinary reference to
// Erlang code (it prints, compares and hashes by its numbers), and the object lives as long as
// some heap holds a copy of the reference: each copy counts one hold and sits on its heap's
// off-heap list, like a refc binary, so the collector lets go of the ones that died.
//
//   magic_ref  header (ref, arity 5) | n0 | n1 | n2 | MagicObject* | next off-heap object
#pragma once

#include <atomic>
#include <cstdint>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

struct MagicObject {
  std::atomic<int64_t> refc{0};
  virtual ~MagicObject() = default;
  virtual size_t size_bytes() const = 0;  // counts toward the holder's binary virtual heap
  void retain() { refc.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refc.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
};

inline constexpr Word magic_ref_words = 6;

inline bool is_magic_ref(Term t) {
  return is_boxed_of(t, Subtag::ref) && header_arity(boxed_header(t)) == magic_ref_words - 1;
}
inline MagicObject* magic_ref_object(Term t) { return reinterpret_cast<MagicObject*>(boxed_ptr(t)[4]); }

// A new reference holding `object` (which it takes one hold on).
Term make_magic_ref(Heap& heap, MagicObject* object);

// The object of a magic reference if it is of type T; else null.
template <class T>
T* magic_ref_get(Term t) {
  return is_magic_ref(t) ? dynamic_cast<T*>(magic_ref_object(t)) : nullptr;
}

}  // namespace ember
