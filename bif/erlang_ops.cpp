// Operators and type tests: the BIFs behind +, -, ==, is_atom/1 and friends.
#include "bif/bif.h"
#include "vm/term/arith.h"
#include "vm/term/binary.h"
#include "vm/code/call.h"
#include "vm/term/compare.h"

namespace ember {

Term erlang_plus_2(Process* p, Term* a) { return arith_add(p, a[0], a[1]); }
Term erlang_minus_2(Process* p, Term* a) { return arith_sub(p, a[0], a[1]); }
Term erlang_times_2(Process* p, Term* a) { return arith_mul(p, a[0], a[1]); }
Term erlang_divide_2(Process* p, Term* a) { return arith_fdiv(p, a[0], a[1]); }
Term erlang_div_2(Process* p, Term* a) { return arith_div(p, a[0], a[1]); }
Term erlang_rem_2(Process* p, Term* a) { return arith_rem(p, a[0], a[1]); }
Term erlang_band_2(Process* p, Term* a) { return arith_band(p, a[0], a[1]); }
Term erlang_bor_2(Process* p, Term* a) { return arith_bor(p, a[0], a[1]); }
Term erlang_bxor_2(Process* p, Term* a) { return arith_bxor(p, a[0], a[1]); }
Term erlang_bsl_2(Process* p, Term* a) { return arith_bsl(p, a[0], a[1]); }
Term erlang_bsr_2(Process* p, Term* a) { return arith_bsr(p, a[0], a[1]); }
Term erlang_bnot_1(Process* p, Term* a) { return arith_bnot(p, a[0]); }
Term erlang_minus_1(Process* p, Term* a) { return arith_neg(p, a[0]); }
Term erlang_plus_1(Process* p, Term* a) { return is_number(a[0]) ? a[0] : badarith(p); }

Term erlang_eq_exact_2(Process*, Term* a) { return boolean(eq_exact(a[0], a[1])); }
Term erlang_ne_exact_2(Process*, Term* a) { return boolean(!eq_exact(a[0], a[1])); }
Term erlang_eq_2(Process*, Term* a) { return boolean(compare_terms(a[0], a[1]) == 0); }
Term erlang_ne_2(Process*, Term* a) { return boolean(compare_terms(a[0], a[1]) != 0); }
Term erlang_lt_2(Process*, Term* a) { return boolean(compare_terms(a[0], a[1]) < 0); }
Term erlang_le_2(Process*, Term* a) { return boolean(compare_terms(a[0], a[1]) <= 0); }
Term erlang_gt_2(Process*, Term* a) { return boolean(compare_terms(a[0], a[1]) > 0); }
Term erlang_ge_2(Process*, Term* a) { return boolean(compare_terms(a[0], a[1]) >= 0); }

static bool is_bool(Term t) { return t == atoms::true_ || t == atoms::false_; }

Term erlang_not_1(Process* p, Term* a) {
  if (!is_bool(a[0])) return badarg(p);
  return boolean(a[0] == atoms::false_);
}
Term erlang_and_2(Process* p, Term* a) {
  if (!is_bool(a[0]) || !is_bool(a[1])) return badarg(p);
  return boolean(a[0] == atoms::true_ && a[1] == atoms::true_);
}
Term erlang_or_2(Process* p, Term* a) {
  if (!is_bool(a[0]) || !is_bool(a[1])) return badarg(p);
  return boolean(a[0] == atoms::true_ || a[1] == atoms::true_);
}
Term erlang_xor_2(Process* p, Term* a) {
  if (!is_bool(a[0]) || !is_bool(a[1])) return badarg(p);
  return boolean(a[0] != a[1]);
}

Term erlang_is_atom_1(Process*, Term* a) { return boolean(is_atom(a[0])); }
Term erlang_is_binary_1(Process*, Term* a) { return boolean(is_binary(a[0])); }
Term erlang_is_bitstring_1(Process*, Term* a) { return boolean(is_bitstring(a[0])); }
Term erlang_is_boolean_1(Process*, Term* a) { return boolean(is_bool(a[0])); }
Term erlang_is_float_1(Process*, Term* a) { return boolean(is_float(a[0])); }
Term erlang_is_function_1(Process*, Term* a) { return boolean(is_fun(a[0])); }
Term erlang_is_integer_1(Process*, Term* a) { return boolean(is_integer(a[0])); }
Term erlang_is_list_1(Process*, Term* a) { return boolean(a[0] == NIL || is_list(a[0])); }
Term erlang_is_map_1(Process*, Term* a) { return boolean(is_map_guard(a[0])); }
Term erlang_is_number_1(Process*, Term* a) { return boolean(is_number(a[0])); }
Term erlang_is_pid_1(Process*, Term* a) { return boolean(is_pid(a[0])); }
Term erlang_is_port_1(Process*, Term* a) { return boolean(is_port(a[0])); }
Term erlang_is_reference_1(Process*, Term* a) { return boolean(is_ref(a[0])); }
Term erlang_is_tuple_1(Process*, Term* a) { return boolean(is_tuple(a[0])); }

Term erlang_is_function_2(Process* p, Term* a) {
  if (!is_small(a[1]) || small_value(a[1]) < 0) return badarg(p);
  return boolean(is_fun(a[0]) && int64_t(fun_arity(a[0])) == small_value(a[1]));
}

Term erlang_is_record_2(Process* p, Term* a) {
  if (!is_atom(a[1])) return badarg(p);
  return boolean(is_tuple(a[0]) && tuple_arity(a[0]) > 0 && tuple_element(a[0], 0) == a[1]);
}

Term erlang_is_record_3(Process* p, Term* a) {
  if (!is_atom(a[1]) || !is_small(a[2])) return badarg(p);
  return boolean(is_tuple(a[0]) && int64_t(tuple_arity(a[0])) == small_value(a[2]) &&
                 small_value(a[2]) > 0 && tuple_element(a[0], 0) == a[1]);
}

// The total order of map keys, where an integer comes before a float of the same value.
Term erts_internal_cmp_term_2(Process*, Term* a) {
  int c = compare_exact(a[0], a[1]);
  return make_small(c < 0 ? -1 : c > 0 ? 1 : 0);
}

}  // namespace ember
