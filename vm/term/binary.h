// Binaries and bitstrings. Up to heap_bin_limit bytes the bytes live on the heap; larger ones
// live in a reference-counted SharedBinary that every refc_bin on any heap points at. Any
// bitstring, including odd bit lengths and slices, is otherwise a sub_bin over one of those two.
//
//   heap_bin  header | byte size | bytes (padded to whole words)
//   refc_bin  header | byte size | SharedBinary* | next off-heap object
//   sub_bin   header | bit size | bit offset | underlying heap_bin or refc_bin
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

inline constexpr size_t heap_bin_limit = 64;

struct SharedBinary {
  std::atomic<int64_t> refc;
  size_t size;      // bytes in use
  size_t capacity;  // bytes allocated, so appends can grow in place
  // Unused low bits of the last byte in use, left by appending a bitstring whose size is not
  // a whole number of bytes: an append extends the data in place only from its exact end.
  unsigned pad_bits = 0;
  uint64_t end_bits() const { return uint64_t(size) * 8 - pad_bits; }
  uint8_t* data() { return reinterpret_cast<uint8_t*>(this + 1); }

  static SharedBinary* create(size_t size, size_t capacity);
  void retain() { refc.fetch_add(1, std::memory_order_relaxed); }
  void release();
};

inline constexpr Word refc_bin_words = 4;
inline constexpr Word sub_bin_words = 4;
inline constexpr size_t heap_bin_words(size_t bytes) { return 2 + (bytes + 7) / 8; }

inline bool is_heap_bin(Term t) { return is_boxed_of(t, Subtag::heap_bin); }
inline bool is_refc_bin(Term t) { return is_boxed_of(t, Subtag::refc_bin); }
inline bool is_sub_bin(Term t) { return is_boxed_of(t, Subtag::sub_bin); }
inline bool is_bitstring(Term t) { return is_heap_bin(t) || is_refc_bin(t) || is_sub_bin(t); }

inline SharedBinary* refc_bin_shared(Term t) {
  return reinterpret_cast<SharedBinary*>(boxed_ptr(t)[2]);
}

// A bitstring's bits: `bit_size` bits starting `bit_offset` bits into `bytes`.
struct Bits {
  const uint8_t* bytes;
  uint64_t bit_offset;
  uint64_t bit_size;

  bool byte_aligned() const { return (bit_offset & 7) == 0; }
  bool whole_bytes() const { return (bit_size & 7) == 0; }
  const uint8_t* aligned_bytes() const { return bytes + bit_offset / 8; }
  std::string_view view() const {  // only when byte_aligned() && whole_bytes()
    return {reinterpret_cast<const char*>(aligned_bytes()), size_t(bit_size / 8)};
  }
};

// The bytes of a heap_bin or refc_bin, given its boxed pointer.
inline const uint8_t* whole_binary_bytes(const Word* p) {
  if (header_subtag(p[0]) == Subtag::heap_bin) return reinterpret_cast<const uint8_t*>(p + 2);
  return reinterpret_cast<SharedBinary*>(p[2])->data();
}

// Requires is_bitstring(t). Inline, as guards and binary matching ask for it all the time; a
// sub_bin's underlying binary is never a sub_bin (make_sub_binary sees to it).
inline Bits bitstring_bits(Term t) {
  const Word* p = boxed_ptr(t);
  if (header_subtag(p[0]) != Subtag::sub_bin) return {whole_binary_bytes(p), 0, p[1] * 8};
  return {whole_binary_bytes(boxed_ptr(p[3])), p[2], p[1]};
}
inline uint64_t bitstring_bit_size(Term t) {
  const Word* p = boxed_ptr(t);
  return header_subtag(p[0]) == Subtag::sub_bin ? p[1] : p[1] * 8;
}
inline bool is_binary(Term t) { return is_bitstring(t) && (bitstring_bit_size(t) & 7) == 0; }

// New binary of `size` bytes; the caller fills data. Returns the term and the bytes.
Term new_binary(Heap& heap, size_t size, uint8_t** data);
Term make_binary(Heap& heap, std::string_view bytes);
// A bitstring of `bit_size` bits copied from `bits` (any alignment).
Term make_bitstring(Heap& heap, const Bits& bits);
// A slice of an existing bitstring, sharing its bytes.
Term make_sub_binary(Heap& heap, Term bitstring, uint64_t bit_offset, uint64_t bit_size);

// Copies `bit_size` bits from (src, src_offset) to (dst, dst_offset); any alignment.
void copy_bits(const uint8_t* src, uint64_t src_offset, uint8_t* dst, uint64_t dst_offset,
               uint64_t bit_size);

}  // namespace ember
