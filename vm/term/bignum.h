// Arbitrary-precision integers with Erlang semantics.
//
// A bignum is a sign and a magnitude of 64-bit digits, least significant first, the layout
// erts uses on 64-bit machines and the one ember stores on process heaps (a header word, then
// the digits). Every operation reads its operands through a View and writes its result into a
// buffer the caller provides, so results can be built in place on a heap:
//
//   1. ask the operation's *_capacity function how many digits the result may need,
//   2. reserve that many words, call the operation,
//   3. keep the returned View's n digits and give the rest back (results are often shorter).
//
// Operands must be normalised: no high zero digits, and zero is {n = 0, neg = false}. Results
// always are. Output buffers must not overlap the operands. Nothing here throws or allocates
// visibly; large multiplications, divisions and text conversions use internal scratch memory.
//
// Two rules stay with the caller, because they are about terms rather than numbers:
//   - A result in the small-integer range (fits_small) must be stored as a small integer:
//     erts never boxes such a value, and term equality depends on it.
//   - erts limits a bignum to max_digits digits and raises system_limit beyond; check it
//     (a capacity, or bit_length + shift for bsl) before reserving memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ember::bignum {

using Digit = uint64_t;

struct View {
  const Digit* d;
  size_t n;
  bool neg;
};

// The VM's small integers are 60-bit signed immediates.
inline constexpr int64_t small_min = -(int64_t{1} << 59);
inline constexpr int64_t small_max = (int64_t{1} << 59) - 1;

// erts refuses to build a bignum longer than this (2^19 - 1 digits, about 33.5 million bits).
inline constexpr size_t max_digits = (size_t{1} << 19) - 1;

// ---- Machine integers --------------------------------------------------------------------

View from_int64(int64_t value, Digit out[1]);
View from_uint64(uint64_t value, Digit out[1]);
View from_int128(__int128 value, Digit out[2]);  // for small-integer overflow: a*b fits int128

std::optional<int64_t> to_int64(View a);
bool fits_int64(View a);
bool fits_small(View a);  // small_min <= a <= small_max

uint64_t bit_length(View a);  // bits of the magnitude; 0 for zero

// ---- Arithmetic --------------------------------------------------------------------------

int compare(View a, View b);  // -1, 0 or 1

size_t add_capacity(View a, View b);  // for add and sub
View add(View a, View b, Digit* out);
View sub(View a, View b, Digit* out);

size_t mul_capacity(View a, View b);
View mul(View a, View b, Digit* out);

// Erlang's div truncates toward zero; rem takes the sign of the dividend, so
// a == quot * b + rem always holds. The divisor must not be zero (badarith is the caller's).
// Either output may be null when that part is not wanted.
struct QuotRem {
  View quot;
  View rem;
};
size_t quotient_capacity(View a, View b);
size_t remainder_capacity(View a, View b);
QuotRem divrem(View a, View b, Digit* quot_out, Digit* rem_out);

// ---- Bitwise, on an infinite two's complement (-5 band 3 == 3, bnot 7 == -8) -------------

size_t bitwise_capacity(View a, View b);  // for band, bor, bxor
View band(View a, View b, Digit* out);
View bor(View a, View b, Digit* out);
View bxor(View a, View b, Digit* out);

size_t bnot_capacity(View a);
View bnot(View a, Digit* out);

// Shift counts are magnitudes. Erlang's bsl with a negative count is a right shift and bsr a
// left one; the caller turns `a bsl -k` into shift_right(a, k) and `a bsr -k` into
// shift_left(a, k). shift_right is arithmetic: it rounds toward negative infinity.
size_t shift_left_capacity(View a, uint64_t shift);  // check max_digits first: it can be huge
View shift_left(View a, uint64_t shift, Digit* out);
size_t shift_right_capacity(View a, uint64_t shift);
View shift_right(View a, uint64_t shift, Digit* out);

// ---- Floating point ----------------------------------------------------------------------

// float(N) as erts computes it: Horner's rule over the digits from the most significant,
// rounding after every step. That is not always the nearest double (a sticky bit far below
// the top 53 can be lost), and it must not be: ember has to give erts' answers. Empty when
// the result would be infinite (erts raises badarg for float/1, badarith in arithmetic).
std::optional<double> to_double(View a);

// The integer part of a finite double, truncated toward zero (trunc/1; round/1 and friends
// round first). Every finite double fits in double_capacity digits.
inline constexpr size_t double_capacity = 16;
View from_double(double value, Digit* out);

// ---- Text, as integer_to_list/2 and list_to_integer/2 ------------------------------------

// Bases 2..36; the caller rejects others. to_text writes digits with uppercase letters and a
// leading '-' for negatives, no terminator, and returns the number of characters written.
size_t to_text_capacity(View a, unsigned base);
size_t to_text(View a, unsigned base, char* out);

// Accepts an optional '+' or '-', then one or more digits of the base in either case, and
// nothing else. Empty on malformed text (badarg).
size_t from_text_capacity(size_t length, unsigned base);
std::optional<View> from_text(std::string_view text, unsigned base, Digit* out);

}  // namespace ember::bignum
