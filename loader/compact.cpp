#include "loader/compact.h"

#include <vector>

#include "vm/term/build.h"

namespace ember::loader {
namespace {

enum : uint8_t { tag_u, tag_i, tag_a, tag_x, tag_y, tag_f, tag_h, tag_z };
enum : uint64_t { z_float, z_list, z_fr, z_alloc, z_literal, z_typed_register };

// Heap words of a fun in an allocation list; the environment is counted among plain words.
constexpr uint64_t fun_alloc_words = fun_fixed_words;
constexpr uint64_t max_register = 1024;

// Two's complement big-endian bytes to a term (small or bignum).
Term integer_from_bytes(Heap& heap, const uint8_t* bytes, size_t n, bool is_signed) {
  bool negative = is_signed && (bytes[0] & 0x80);
  std::vector<Word> digits((n + 7) / 8, 0);
  for (size_t k = 0; k < n; k++) {
    uint8_t b = negative ? uint8_t(~bytes[n - 1 - k]) : bytes[n - 1 - k];
    digits[k / 8] |= Word(b) << (8 * (k % 8));
  }
  if (negative) {  // magnitude of a negative two's complement value: ~v + 1
    for (Word& d : digits)
      if (++d != 0) break;
  }
  return make_big(heap, digits.data(), digits.size(), negative);
}

}  // namespace

bool CompactReader::read_byte(uint8_t& out) {
  if (p_ >= end_) return false;
  out = *p_++;
  return true;
}

bool CompactReader::read_value(uint8_t first, bool is_signed, Operand& out) {
  if ((first & 0x08) == 0) {
    out.value = first >> 4;
    out.term = make_small(int64_t(out.value));
    return true;
  }
  if ((first & 0x10) == 0) {
    uint8_t next;
    if (!read_byte(next)) return false;
    out.value = (uint64_t(first & 0xE0) << 3) | next;
    out.term = make_small(int64_t(out.value));
    return true;
  }
  uint64_t n = (first >> 5) + 2;
  if (n == 9) {
    Operand length{};
    uint8_t b;
    if (!read_byte(b) || (b & 7) != tag_u || !read_value(b, false, length)) return false;
    n = length.value + 9;
  }
  if (uint64_t(end_ - p_) < n) return false;
  const uint8_t* bytes = p_;
  p_ += n;
  out.term = integer_from_bytes(*bignums_, bytes, size_t(n), is_signed);
  if (is_small(out.term)) {
    out.value = uint64_t(small_value(out.term));
  } else if (!is_signed && n <= 9 && (n < 9 || bytes[0] == 0)) {
    out.value = 0;
    for (uint64_t k = 0; k < n; k++) out.value = (out.value << 8) | bytes[k];
  } else {
    out.value = UINT64_MAX;  // too large for an unsigned operand; only `i` may carry it
  }
  return true;
}

bool CompactReader::read_unsigned(uint64_t& out) {
  uint8_t b;
  Operand op{};
  if (!read_byte(b) || (b & 7) != tag_u || !read_value(b, false, op)) return false;
  out = op.value;
  return true;
}

bool CompactReader::read_extended(uint64_t which, Operand& out) {
  switch (which) {
    case z_list:
      out.tag = OperandTag::list;
      return read_unsigned(out.value) && out.value <= uint64_t(end_ - p_);
    case z_fr:
      out.tag = OperandTag::fr;
      return read_unsigned(out.value) && out.value < max_register;
    case z_literal:
      out.tag = OperandTag::literal;
      return read_unsigned(out.value);
    case z_alloc: {
      uint64_t count, words = 0;
      if (!read_unsigned(count) || count > 3) return false;
      for (uint64_t k = 0; k < count; k++) {
        uint64_t kind, n;
        if (!read_unsigned(kind) || !read_unsigned(n) || kind > 2 || n > (1u << 24)) return false;
        words += n * (kind == 0 ? 1 : kind == 1 ? float_words : fun_alloc_words);
      }
      out.tag = OperandTag::alloc;
      out.value = words;
      return true;
    }
    case z_typed_register: {
      uint64_t type_index;
      if (!read(out) || (out.tag != OperandTag::x && out.tag != OperandTag::y)) return false;
      return read_unsigned(type_index);
    }
    default:  // z_float is obsolete since R16B; others are unknown
      return false;
  }
}

bool CompactReader::read(Operand& out) {
  uint8_t first;
  if (!read_byte(first)) return false;
  uint8_t tag = first & 7;
  out = Operand{};
  if (tag == tag_z) {
    Operand which{};
    return read_value(first, false, which) && read_extended(which.value, out);
  }
  if (tag == tag_h) return false;
  if (!read_value(first, tag == tag_i, out)) return false;
  static constexpr OperandTag tags[] = {OperandTag::u, OperandTag::i, OperandTag::a,
                                        OperandTag::x, OperandTag::y, OperandTag::f};
  out.tag = tags[tag];
  if (tag == tag_u && out.value == UINT64_MAX) out.tag = OperandTag::overflow;
  else if (tag != tag_i && out.value == UINT64_MAX) return false;
  if ((tag == tag_x || tag == tag_y) && out.value >= max_register) return false;
  return true;
}

}  // namespace ember::loader
