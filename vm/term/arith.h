// Arithmetic on Erlang numbers: small integers, bignums and floats, with erts' errors.
// Each returns the result, or THE_NON_VALUE after raising badarith (or system_limit).
#pragma once

#include "vm/term/bignum.h"
#include "vm/process/process.h"
#include "vm/term/term.h"

namespace ember {

Term arith_add(Process* p, Term a, Term b);
Term arith_sub(Process* p, Term a, Term b);
Term arith_mul(Process* p, Term a, Term b);
Term arith_fdiv(Process* p, Term a, Term b);   // '/'
Term arith_div(Process* p, Term a, Term b);    // div
Term arith_rem(Process* p, Term a, Term b);
Term arith_neg(Process* p, Term a);
Term arith_band(Process* p, Term a, Term b);
Term arith_bor(Process* p, Term a, Term b);
Term arith_bxor(Process* p, Term a, Term b);
Term arith_bnot(Process* p, Term a);
Term arith_bsl(Process* p, Term a, Term b);
Term arith_bsr(Process* p, Term a, Term b);

// An integer term's digits for the bignum functions; a small one is spelled out in `scratch`.
bignum::View integer_view(Term t, bignum::Digit scratch[1]);

// A number as a double; false if it is not a number or does not fit.
bool number_to_double(Term t, double* out);

}  // namespace ember
