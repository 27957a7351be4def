#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/bits.h"
#include "vm/term/arith.h"
#include "vm/term/build.h"
#include "vm/code/exception.h"
#include "vm/term/map.h"
#include "vm/process/scheduler.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

// The N-bit two's complement form of an integer as a byte string in the order the segment
// writes it, left-aligned in the last byte (see bits_match.cpp for the inverse).
void integer_bytes(Term value, uint64_t bits, bool little, std::vector<uint8_t>& out) {
  size_t bytes = (bits + 7) / 8;
  out.assign(bytes, 0);
  bool negative;
  std::vector<uint8_t> le;  // little-endian two's complement, at least `bytes` long
  if (is_small(value)) {
    int64_t v = small_value(value);
    negative = v < 0;
    le.resize(std::max<size_t>(bytes, 8), negative ? 0xFF : 0);
    for (int k = 0; k < 8; k++) le[k] = uint8_t(uint64_t(v) >> (8 * k));
  } else {
    negative = big_negative(value);
    size_t n = big_size(value);
    le.resize(std::max(bytes, n * 8), 0);
    for (size_t k = 0; k < n * 8; k++) le[k] = uint8_t(big_digits(value)[k / 8] >> (8 * (k % 8)));
    if (negative) {
      for (uint8_t& b : le) b = uint8_t(~b);
      for (size_t k = 0; k < le.size() && ++le[k] == 0; k++) {
      }
    }
  }
  unsigned partial = unsigned(bits % 8);
  if (little) {
    std::copy_n(le.begin(), bytes, out.begin());
    if (partial) out[bytes - 1] = uint8_t(out[bytes - 1] << (8 - partial));
    return;
  }
  for (size_t k = 0; k < bytes; k++) out[k] = le[bytes - 1 - k];
  if (partial) {  // left-align: shift the whole big-endian string left by 8 - partial bits
    unsigned shift = 8 - partial;
    for (size_t k = 0; k < bytes; k++)
      out[k] = uint8_t((out[k] << shift) | (k + 1 < bytes ? out[k + 1] >> partial : 0));
  }
}

// `bits` copies of one bit, from bit `offset` of dst.
void fill_bits(uint8_t* dst, uint64_t offset, uint64_t bits, bool ones) {
  const uint8_t pattern = ones ? 0xFF : 0;
  uint64_t head = std::min<uint64_t>(bits, (8 - offset % 8) % 8);
  copy_bits(&pattern, 0, dst, offset, head);
  offset += head;
  bits -= head;
  std::memset(dst + offset / 8, pattern, bits / 8);
  copy_bits(&pattern, 0, dst, offset + bits / 8 * 8, bits % 8);
}

// An integer segment. Only the value's own bytes are encoded in a buffer; a wider segment's
// other bits all repeat the sign, and are filled in place, so <<0:N>> needs no N-bit buffer.
void write_integer(uint8_t* dst, uint64_t offset, Term value, uint64_t bits, unsigned flags) {
  if (bits == 0) return;
  uint64_t value_bits = std::min<uint64_t>(bits, 64 * (is_small(value) ? 1 : big_size(value)));
  uint64_t sign_bits = bits - value_bits;
  bool negative = is_small(value) ? small_value(value) < 0 : big_negative(value);
  std::vector<uint8_t> buf;
  integer_bytes(value, value_bits, bs_little(flags), buf);
  if (bs_little(flags)) {  // the value's bytes come first, the sign's last
    copy_bits(buf.data(), 0, dst, offset, value_bits);
    fill_bits(dst, offset + value_bits, sign_bits, negative);
  } else {
    fill_bits(dst, offset, sign_bits, negative);
    copy_bits(buf.data(), 0, dst, offset + sign_bits, value_bits);
  }
}

// IEEE half precision, rounded to nearest even straight from the double (rounding through
// float first could round twice); too large becomes infinity, as in erts.
uint16_t double_to_half(double d) {
  uint16_t sign = std::signbit(d) ? 0x8000 : 0;
  double a = std::fabs(d);
  if (a >= 65520.0) return sign | 0x7C00;
  if (a < std::ldexp(1.0, -14)) {  // subnormal: units of 2^-24
    double m = std::nearbyint(a * std::ldexp(1.0, 24));
    return sign | uint16_t(m);     // m == 1024 is exactly the smallest normal's encoding
  }
  int exponent;
  double fraction = std::frexp(a, &exponent);  // a = fraction * 2^exponent, fraction in [0.5, 1)
  int biased = exponent - 1 + 15;
  double m = std::nearbyint((2 * fraction - 1) * 1024);
  if (m == 1024) m = 0, biased++;
  if (biased >= 31) return sign | 0x7C00;
  return sign | uint16_t(biased << 10) | uint16_t(m);
}

bool float_bytes(Term value, uint64_t bits, unsigned flags, uint8_t out[8]) {
  double d;
  if (!number_to_double(value, &d)) return false;
  uint64_t raw;
  if (bits == 64) raw = std::bit_cast<uint64_t>(d);
  else if (bits == 32) raw = std::bit_cast<uint32_t>(float(d));  // overflow is infinity, as in erts
  else if (bits == 16) raw = double_to_half(d);
  else return false;
  size_t n = bits / 8;
  for (size_t k = 0; k < n; k++) out[bs_little(flags) ? k : n - 1 - k] = uint8_t(raw >> (8 * k));
  return true;
}

int utf_encode(Term value, int width, unsigned flags, uint8_t out[4]) {
  if (!is_small(value) || !is_valid_code_point(small_value(value))) return -1;
  uint32_t cp = uint32_t(small_value(value));
  bool little = bs_little(flags);
  if (width == 8) {
    std::string s;
    utf8_append(s, cp);
    std::memcpy(out, s.data(), s.size());
    return int(s.size());
  }
  if (width == 32) {
    for (int k = 0; k < 4; k++) out[little ? k : 3 - k] = uint8_t(cp >> (8 * k));
    return 4;
  }
  auto unit = [&](uint8_t* at, uint32_t u) {
    at[little ? 0 : 1] = uint8_t(u);
    at[little ? 1 : 0] = uint8_t(u >> 8);
  };
  if (cp < 0x10000) {
    unit(out, cp);
    return 2;
  }
  cp -= 0x10000;
  unit(out, 0xD800 + (cp >> 10));
  unit(out + 2, 0xDC00 + (cp & 0x3FF));
  return 4;
}

// Why a segment cannot be built, as erts reports it: {Segment, Type, Problem, Value}.
struct Problem {
  const char* what = nullptr;  // type | size | unit | short | invalid | no_float
  Term value = NIL;
  bool limit = false;          // a size too large to build: system_limit rather than badarg
};

// A size that is a non-negative integer yet too large is a limit, not a bad argument.
bool size_too_large(Term size) {
  return (is_small(size) && small_value(size) >= 0) || (is_big(size) && !big_negative(size));
}

bool fail(Problem* problem, const char* what, Term value) {
  *problem = Problem{what, value, std::string_view(what) == "size" && size_too_large(value)};
  return false;
}

bool is_append(const BsSegment& s) { return s.type == atoms::append || s.type == atoms::private_append; }

// erts checks a construction in two passes, and the first problem found is the one reported.
// The first pass sums the segments' sizes: it finds bad sizes, values of a binary/all segment
// that are no bitstrings, and invalid utf32 code points. The second writes the segments in
// order and finds everything else (the appended binary of an append first). So a bad size in
// the last segment is reported before a bad value in the first.
bool segment_size(const BsSegment& s, uint64_t* bits, Problem* problem) {
  Term type = s.type;
  if (type == atoms::string) return bs_segment_bits(s.size, 8, bits);
  if (type == atoms::utf8 || type == atoms::utf16 || type == atoms::utf32) {
    int n = bs_utf_size(s.value, type == atoms::utf8 ? 8 : type == atoms::utf16 ? 16 : 32);
    *bits = uint64_t(std::max(n, 0)) * 8;  // utf8 and utf16 fail in the second pass
    return n > 0 || type != atoms::utf32 || fail(problem, "type", s.value);
  }
  if (is_append(s) || (type == atoms::binary && s.size == atoms::all)) {
    if (!is_bitstring(s.value)) {
      *bits = 0;
      return is_append(s) || fail(problem, "type", s.value);  // an append fails in the second pass
    }
    *bits = bitstring_bit_size(s.value);
    return true;
  }
  return bs_segment_bits(s.size, s.unit, bits) || fail(problem, "size", s.size);
}

// The second pass: whether the value can be written in the segment's `bits`.
bool segment_value(const BsSegment& s, uint64_t bits, Problem* problem) {
  Term type = s.type;
  if (type == atoms::string || type == atoms::utf32) return true;
  if (type == atoms::integer) return is_integer(s.value) || fail(problem, "type", s.value);
  if (type == atoms::float_) {
    if (bits != 16 && bits != 32 && bits != 64) return fail(problem, "invalid", make_small(int64_t(bits)));
    double d;
    if (!is_number(s.value)) return fail(problem, "type", s.value);
    return number_to_double(s.value, &d) || fail(problem, "no_float", s.value);
  }
  if (type == atoms::utf8 || type == atoms::utf16) return bits > 0 || fail(problem, "type", s.value);
  if (is_append(s) && !is_bitstring(s.value)) return fail(problem, "type", s.value);
  if (is_append(s) || s.size == atoms::all)
    return s.unit <= 1 || bits % s.unit == 0 || fail(problem, "unit", s.value);
  if (!is_bitstring(s.value)) return fail(problem, "type", s.value);
  return bits <= bitstring_bit_size(s.value) || fail(problem, "short", s.value);
}

// The error_info map of a failed construction.
Term construction_error_info(Heap& heap, const BsSegment& s, const Problem& problem) {
  Term op = s.type == atoms::append || s.type == atoms::private_append ? atoms::binary : s.type;
  Term cause = tuple(heap, s.number, op, atom_put(problem.what), problem.value);
  Term keys[] = {atoms::cause, atoms::function, atoms::module};
  Term values[] = {cause, atom_put("format_bs_fail"), atoms::erl_erts_errors};
  return map_from_pairs(heap, keys, values, 3);
}

void write_segment(const BsSegment& s, uint64_t bits, uint8_t* data, uint64_t offset) {
  Term type = s.type;
  if (type == atoms::integer) return write_integer(data, offset, s.value, bits, s.flags);
  if (type == atoms::float_) {
    uint8_t buf[8];
    float_bytes(s.value, bits, s.flags, buf);
    return copy_bits(buf, 0, data, offset, bits);
  }
  if (type == atoms::string) return copy_bits(s.string, 0, data, offset, bits);
  if (type == atoms::utf8 || type == atoms::utf16 || type == atoms::utf32) {
    uint8_t buf[4];
    utf_encode(s.value, type == atoms::utf8 ? 8 : type == atoms::utf16 ? 16 : 32, s.flags, buf);
    return copy_bits(buf, 0, data, offset, bits);
  }
  Bits b = bitstring_bits(s.value);
  copy_bits(b.bytes, b.bit_offset, data, offset, bits);
}

Term finish_bitstring(Heap& heap, Term bin, uint64_t bits) {
  return bits % 8 ? make_sub_binary(heap, bin, 0, bits) : bin;
}

// A binary holding `bin` followed by room for `extra_bits` (zeroed), for appends; writing
// continues at bit bitstring_bit_size(bin) of *data. When bin is a view from the start of a
// shared binary that ends exactly where the shared data ends, the new bits go into the shared
// binary's spare capacity and the result is a longer view of it: older terms keep seeing their
// shorter prefix. Otherwise bin is copied into a new shared binary with room to grow, so a loop
// of appends costs amortised O(1) per append, as erts' writable binaries do. *copied_bits says
// how much of bin was copied.
Term appendable(Heap& heap, Term bin, uint64_t extra_bits, uint8_t** data, uint64_t* copied_bits) {
  Bits b = bitstring_bits(bin);
  uint64_t total = b.bit_size + extra_bits;
  size_t bytes = size_t((total + 7) / 8);
  size_t old_bytes = size_t((b.bit_size + 7) / 8);
  unsigned pad = unsigned(bytes * 8 - total);
  Term under = is_sub_bin(bin) ? boxed_ptr(bin)[3] : bin;
  if (is_refc_bin(under) && b.bit_offset == 0) {
    SharedBinary* shared = refc_bin_shared(under);
    if (b.bit_size == shared->end_bits() && bytes <= shared->capacity) {
      std::memset(shared->data() + old_bytes, 0, bytes - old_bytes);
      shared->size = bytes;
      shared->pad_bits = pad;
      shared->retain();
      Word* w = heap.alloc(refc_bin_words);
      w[0] = make_header(Subtag::refc_bin, refc_bin_words - 1);
      w[1] = bytes;
      w[2] = Word(uintptr_t(shared));
      heap.off_heap().push(w);
      *data = shared->data();
      *copied_bits = 0;
      return make_boxed(w);
    }
  }
  Term copy;
  if (bytes <= heap_bin_limit) {
    copy = new_binary(heap, bytes, data);
  } else {
    SharedBinary* shared = SharedBinary::create(bytes, std::max<size_t>(2 * bytes, 256));
    shared->pad_bits = pad;
    Word* w = heap.alloc(refc_bin_words);
    w[0] = make_header(Subtag::refc_bin, refc_bin_words - 1);
    w[1] = bytes;
    w[2] = Word(uintptr_t(shared));
    heap.off_heap().push(w);
    *data = shared->data();
    copy = make_boxed(w);
  }
  std::memset(*data, 0, bytes);
  copy_bits(b.bytes, b.bit_offset, *data, 0, b.bit_size);
  *copied_bits = b.bit_size;
  return copy;
}

}  // namespace

int bs_utf_size(Term value, int width) {
  if (!is_small(value) || !is_valid_code_point(small_value(value))) return -1;
  uint32_t cp = uint32_t(small_value(value));
  if (width == 8) return utf8_length(cp);
  if (width == 16) return cp < 0x10000 ? 2 : 4;
  return 4;
}

unsigned bs_flags_from_list(Term flags) {
  unsigned f = 0;
  for (; is_list(flags); flags = tail(flags)) {
    Term h = head(flags);
    if (h == atoms::little) f |= bs_flag_little;
    else if (h == atoms::native) f |= bs_flag_native;
    else if (h == atoms::signed_) f |= bs_flag_signed;
  }
  return f;
}

Term bs_create_bin(Process* p, const BsSegment* segments, size_t n) {
  std::vector<uint64_t> sizes(n);
  uint64_t total = 0;
  ProcessHeap heap(p);
  auto failed = [&](size_t k, const Problem& problem) {
    problem.limit ? system_limit(p) : badarg(p);
    if (problem.what) p->exception.error_info = construction_error_info(heap, segments[k], problem);
    return THE_NON_VALUE;
  };
  Problem problem;
  for (size_t k = 0; k < n; k++) {
    if (!segment_size(segments[k], &sizes[k], &problem)) return failed(k, problem);
    total += sizes[k];
    if (total > (uint64_t(1) << 59)) return system_limit(p);
  }
  for (size_t k = 0; k < n; k++)
    if (!segment_value(segments[k], sizes[k], &problem)) return failed(k, problem);
  uint8_t* data;
  Term bin;
  uint64_t offset = 0, copied = 0;
  size_t first = 0;
  if (n > 0 && is_append(segments[0])) {
    if (total == sizes[0]) return segments[0].value;  // nothing to append: erts gives it back
    bin = appendable(heap, segments[0].value, total - sizes[0], &data, &copied);
    offset = sizes[0];
    first = 1;
  } else {
    bin = new_binary(heap, (total + 7) / 8, &data);
  }
  if (first == 0 && total % 8) data[total / 8] = 0;  // appendable() zeroes what it adds
  for (size_t k = first; k < n; k++) {
    write_segment(segments[k], sizes[k], data, offset);
    offset += sizes[k];
    if (is_bitstring(segments[k].value)) copied += sizes[k];
  }
  p->reductions -= copy_reductions(copied);
  return finish_bitstring(heap, bin, total);
}

Term bs_init(Process* p, Scheduler& s, uint64_t bits) {
  ProcessHeap heap(p);
  Term bin = new_binary(heap, (bits + 7) / 8, &s.bs_data);
  if (bits % 8) s.bs_data[bits / 8] = 0;
  s.bs_offset = 0;
  return finish_bitstring(heap, bin, bits);
}

bool bs_put_integer(Scheduler& s, Term value, uint64_t bits, unsigned flags) {
  if (!is_integer(value)) return false;
  write_integer(s.bs_data, s.bs_offset, value, bits, flags);
  s.bs_offset += bits;
  return true;
}

bool bs_put_float(Scheduler& s, Term value, uint64_t bits, unsigned flags) {
  uint8_t buf[8];
  if (!float_bytes(value, bits, flags, buf)) return false;
  copy_bits(buf, 0, s.bs_data, s.bs_offset, bits);
  s.bs_offset += bits;
  return true;
}

bool bs_put_binary(Scheduler& s, Term value, Term size, uint64_t unit) {
  if (!is_bitstring(value)) return false;
  Bits b = bitstring_bits(value);
  uint64_t bits = b.bit_size;
  if (size != atoms::all) {
    if (!bs_segment_bits(size, unit, &bits) || bits > b.bit_size) return false;
  } else if (unit > 1 && bits % unit) {
    return false;
  }
  copy_bits(b.bytes, b.bit_offset, s.bs_data, s.bs_offset, bits);
  s.bs_offset += bits;
  return true;
}

void bs_put_bytes(Scheduler& s, const uint8_t* bytes, uint64_t count) {
  copy_bits(bytes, 0, s.bs_data, s.bs_offset, count * 8);
  s.bs_offset += count * 8;
}

bool bs_put_utf(Scheduler& s, Term value, int width, unsigned flags) {
  uint8_t buf[4];
  int n = utf_encode(value, width, flags, buf);
  if (n < 0) return false;
  bs_put_bytes(s, buf, uint64_t(n));
  return true;
}

Term bs_append(Process* p, Scheduler& s, Term bin, uint64_t extra_bits, uint64_t unit) {
  if (!is_bitstring(bin)) return badarg(p);
  uint64_t bits = bitstring_bit_size(bin);
  if (unit > 1 && bits % unit) return badarg(p);
  if (extra_bits == 0) return bin;
  ProcessHeap heap(p);
  uint64_t copied;
  Term out = appendable(heap, bin, extra_bits, &s.bs_data, &copied);
  p->reductions -= copy_reductions(copied);
  s.bs_offset = bits;
  return finish_bitstring(heap, out, bits + extra_bits);
}

}  // namespace ember
