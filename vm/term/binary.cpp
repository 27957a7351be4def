#include "vm/term/binary.h"

#include <cstdlib>
#include <new>
#include "platform/memory.h"
#include "vm/process/memory_usage.h"

namespace ember {

SharedBinary* SharedBinary::create(size_t size, size_t capacity) {
  void* memory = std::malloc(sizeof(SharedBinary) + capacity);
  if (!memory) platform::out_of_memory("binary_alloc", capacity, "binary");
  auto* b = new (memory) SharedBinary;
  b->refc.store(1, std::memory_order_relaxed);
  b->size = size;
  b->capacity = capacity;
  memory_allocated(CountedMemory::binary, sizeof(SharedBinary) + capacity);
  return b;
}

void SharedBinary::release() {
  if (refc.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    memory_freed(CountedMemory::binary, sizeof(SharedBinary) + capacity);
    this->~SharedBinary();
    std::free(this);
  }
}

Term new_binary(Heap& heap, size_t size, uint8_t** data) {
  if (size <= heap_bin_limit) {
    Word* p = heap.alloc(heap_bin_words(size));
    p[0] = make_header(Subtag::heap_bin, heap_bin_words(size) - 1);
    p[1] = size;
    if (size % 8) p[1 + (size + 7) / 8] = 0;  // keep padding bytes deterministic
    *data = reinterpret_cast<uint8_t*>(p + 2);
    return make_boxed(p);
  }
  SharedBinary* shared = SharedBinary::create(size, size);
  Word* p = heap.alloc(refc_bin_words);
  p[0] = make_header(Subtag::refc_bin, refc_bin_words - 1);
  p[1] = size;
  p[2] = Word(uintptr_t(shared));
  heap.off_heap().push(p);
  *data = shared->data();
  return make_boxed(p);
}

Term make_binary(Heap& heap, std::string_view bytes) {
  uint8_t* data;
  Term t = new_binary(heap, bytes.size(), &data);
  if (!bytes.empty()) std::memcpy(data, bytes.data(), bytes.size());
  return t;
}

void copy_bits(const uint8_t* src, uint64_t src_offset, uint8_t* dst, uint64_t dst_offset,
               uint64_t bit_size) {
  if (bit_size == 0) return;
  if ((src_offset & 7) == 0 && (dst_offset & 7) == 0) {
    std::memmove(dst + dst_offset / 8, src + src_offset / 8, bit_size / 8);
    src_offset += bit_size & ~uint64_t(7);
    dst_offset += bit_size & ~uint64_t(7);
    bit_size &= 7;
  }
  for (uint64_t i = 0; i < bit_size; i++) {
    uint64_t s = src_offset + i, d = dst_offset + i;
    int bit = (src[s / 8] >> (7 - s % 8)) & 1;
    uint8_t mask = uint8_t(0x80 >> (d % 8));
    dst[d / 8] = bit ? (dst[d / 8] | mask) : (dst[d / 8] & ~mask);
  }
}

Term make_bitstring(Heap& heap, const Bits& bits) {
  uint8_t* data;
  size_t bytes = (bits.bit_size + 7) / 8;
  Term bin = new_binary(heap, bytes, &data);
  if (bytes) data[bytes - 1] = 0;
  copy_bits(bits.bytes, bits.bit_offset, data, 0, bits.bit_size);
  if (bits.whole_bytes()) return bin;
  return make_sub_binary(heap, bin, 0, bits.bit_size);
}

Term make_sub_binary(Heap& heap, Term bitstring, uint64_t bit_offset, uint64_t bit_size) {
  Term underlying = bitstring;
  if (is_sub_bin(bitstring)) {
    bit_offset += boxed_ptr(bitstring)[2];
    underlying = boxed_ptr(bitstring)[3];
  }
  Word* p = heap.alloc(sub_bin_words);
  p[0] = make_header(Subtag::sub_bin, sub_bin_words - 1);
  p[1] = bit_size;
  p[2] = bit_offset;
  p[3] = underlying;
  return make_boxed(p);
}

}  // namespace ember
