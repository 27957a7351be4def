// Binary matching and construction, as the bs_* instructions need them.
//
// A match context is a boxed object: header | bitstring being matched | position in bits from
// its start. Positions are plain integers, so bs_get_position/bs_set_position are trivial.
#pragma once

#include <algorithm>
#include <cstdint>

#include "vm/term/binary.h"
#include "vm/process/process.h"
#include "vm/process/scheduler.h"
#include "vm/term/term.h"

namespace ember {

struct Scheduler;

inline constexpr unsigned bs_flag_little = 0x02;
inline constexpr unsigned bs_flag_signed = 0x04;
inline constexpr unsigned bs_flag_native = 0x10;
inline bool bs_little(unsigned flags) {
  return (flags & bs_flag_little) || ((flags & bs_flag_native) && std::endian::native == std::endian::little);
}

inline constexpr Word match_ctx_words = 3;
inline bool is_match_ctx(Term t) { return is_boxed_of(t, Subtag::match_ctx); }
inline Term match_ctx_binary(Term ctx) { return boxed_ptr(ctx)[1]; }
inline uint64_t& match_ctx_position(Term ctx) { return boxed_ptr(ctx)[2]; }
inline uint64_t match_ctx_remaining(Term ctx) {
  return bitstring_bit_size(match_ctx_binary(ctx)) - match_ctx_position(ctx);
}

Term bs_start_match(Heap& heap, Term bitstring);

// Each returns THE_NON_VALUE (or false) when the segment does not match; matching never raises.
Term bs_get_integer(Heap& heap, Term ctx, uint64_t bits, unsigned flags);
Term bs_get_float(Heap& heap, Term ctx, uint64_t bits, unsigned flags);
Term bs_get_binary(Heap& heap, Term ctx, uint64_t bits);
Term bs_get_tail(Heap& heap, Term ctx);
bool bs_skip(Term ctx, uint64_t bits);
bool bs_match_string(Term ctx, const uint8_t* bytes, uint64_t bits);
// width 8, 16 or 32; returns the code point as a small, or THE_NON_VALUE.
Term bs_get_utf(Term ctx, int width, unsigned flags);

// A segment size operand times its unit, in bits; false if the size is not a non-negative
// integer (or would overflow).
bool bs_segment_bits(Term size, uint64_t unit, uint64_t* bits);

// ---- construction ----------------------------------------------------------------------

// One bs_create_bin segment with its operands already read.
struct BsSegment {
  Term type;   // integer | float | binary | string | utf8 | utf16 | utf32 | append | private_append
  uint64_t unit;
  unsigned flags;
  Term value;
  Term size;   // a small, 'all' or 'undefined'
  const uint8_t* string;  // for string segments
  Term number;  // the segment's 1-based position, for the error's cause
};
// Builds the bitstring; THE_NON_VALUE after raising badarg or system_limit. Copying binaries
// into it costs p reductions (copy_reductions).
Term bs_create_bin(Process* p, const BsSegment* segments, size_t n);
// As in erts, copying a binary into one being built costs a reduction per KiB; no more than a
// slice, which is all a process can use up at once.
inline int copy_reductions(uint64_t bits) {
  return int(std::min<uint64_t>(bits / (8 * 1024), reductions_per_slice));
}
unsigned bs_flags_from_list(Term flags);

// Heap words a new bitstring of `bits` bits takes (bs_init and bs_append allocate this much).
inline size_t bs_new_binary_words(uint64_t bits) {
  uint64_t bytes = (bits + 7) / 8;
  size_t words = bytes <= heap_bin_limit ? heap_bin_words(bytes) : refc_bin_words;
  return words + (bits % 8 ? sub_bin_words : 0);
}

// The OTP 24 family writes into the scheduler's current binary. Nothing may collect garbage
// between bs_init/bs_append and the last bs_put_*: the binary must not move.
Term bs_init(Process* p, Scheduler& s, uint64_t bits);
bool bs_put_integer(Scheduler& s, Term value, uint64_t bits, unsigned flags);
bool bs_put_float(Scheduler& s, Term value, uint64_t bits, unsigned flags);
bool bs_put_binary(Scheduler& s, Term value, Term size, uint64_t unit);
void bs_put_bytes(Scheduler& s, const uint8_t* bytes, uint64_t count);
bool bs_put_utf(Scheduler& s, Term value, int width, unsigned flags);
// Size in bytes of a code point's encoding (utf8/utf16), or -1 if not a valid code point.
int bs_utf_size(Term value, int width);
// A new binary holding `bin` followed by room for `extra_bits`; writing continues after bin.
Term bs_append(Process* p, Scheduler& s, Term bin, uint64_t extra_bits, uint64_t unit);

}  // namespace ember
