// Reading the compact term encoding of code operands (and of Line chunk items).
// Every read is bounds-checked: malformed input makes the reader fail, never overrun.
#pragma once

#include <cstddef>
#include <cstdint>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember::loader {

enum class OperandTag : uint8_t {
  u,        // unsigned
  i,        // integer (value in `term`, small or bignum)
  a,        // atom index (0 = nil)
  x,
  y,
  f,        // label (0 = none)
  literal,  // LitT index
  list,     // operand list; `value` items follow
  fr,       // float register
  alloc,    // heap need in words (an allocation list, already summed)
  overflow, // an unsigned too large for a word (erts' TAG_o); only a few instructions take one
};

struct Operand {
  OperandTag tag;
  uint64_t value = 0;
  Term term = THE_NON_VALUE;
};

class CompactReader {
 public:
  // Bignum operands are built on `bignums` (the module's literal area).
  CompactReader(const uint8_t* begin, const uint8_t* end, Heap& bignums)
      : begin_(begin), p_(begin), end_(end), bignums_(&bignums) {}

  bool read(Operand& out);
  bool read_byte(uint8_t& out);
  size_t offset() const { return size_t(p_ - begin_); }
  bool at_end() const { return p_ >= end_; }

 private:
  bool read_value(uint8_t first, bool is_signed, Operand& out);
  bool read_unsigned(uint64_t& out);
  bool read_extended(uint64_t which, Operand& out);

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  Heap* bignums_;
};

}  // namespace ember::loader
