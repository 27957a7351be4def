// Unsigned digit-array kernels behind vm/term/bignum.h; not part of the VM's interface.
//
// A magnitude is a pointer and an explicit length, least significant digit first. Kernels
// accept high zero digits unless they say otherwise and never allocate unless they say so.
#pragma once

#include <vector>

#include "vm/term/bignum.h"

namespace ember::bignum::magnitude {

using Digits = std::vector<Digit>;

size_t trimmed_length(const Digit* a, size_t n);  // length without high zero digits

// The signed number whose magnitude was written to out[0..n), as a normalised View.
inline View normalised(Digit* out, size_t n, bool neg) {
  n = trimmed_length(out, n);
  return View{out, n, neg && n > 0};
}

// Both operands trimmed.
int compare(const Digit* a, size_t an, const Digit* b, size_t bn);

// r[0..an) = a + b or a - b with an >= bn; returns the carry or borrow out of digit an - 1.
// r may be a or b.
Digit add(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn);
Digit sub(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn);

// r[0..n) = a << bits or a >> bits, for bits < 64; r must not overlap a. shift_left returns
// the bits pushed out of the top.
Digit shift_left(Digit* r, const Digit* a, size_t n, unsigned bits);
void shift_right(Digit* r, const Digit* a, size_t n, unsigned bits);

// r[0..n) = a * x + carry; returns the high digit. r may be a.
Digit mul_add_1(Digit* r, const Digit* a, size_t n, Digit x, Digit carry);

// r[0..an + bn) = a * b; r must not overlap a or b. Karatsuba on large operands (scratch
// memory); the schoolbook method, for bn >= 1, is exposed as the reference it is tested against.
void mul(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn);
void mul_schoolbook(Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn);

// q[0..n) = a / d for d != 0; returns a mod d. q may be a, or null.
Digit divrem_1(Digit* q, const Digit* a, size_t n, Digit d);

// q[0..an - bn + 1) = a / b and r[0..bn) = a mod b, for an >= bn >= 2 and b trimmed
// (Knuth's algorithm D, scratch memory). q or r may be null.
void divrem(Digit* q, Digit* r, const Digit* a, size_t an, const Digit* b, size_t bn);

}  // namespace ember::bignum::magnitude
