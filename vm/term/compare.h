// Term order and equality, as erts defines them:
//   number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring
// Numbers compare by exact mathematical value; `==` treats 1 and 1.0 as equal, `=:=` does not.
#pragma once

#include "vm/term/term.h"

namespace ember {

// <0, 0, >0. With exact, an integer and a float of the same value are ordered integer first
// (this is map-key order, which also puts every integer before every float).
int compare_terms(Term a, Term b);          // the order of <, ==, lists:sort
int compare_exact(Term a, Term b);          // total order used for map keys (=:= is == 0)
// =:=. An immediate is exactly equal only to itself, and a list only to a list.
inline bool eq_exact(Term a, Term b) {
  if (a == b) return true;
  if (is_immed(a) || is_immed(b) || is_list(a) != is_list(b)) return false;
  return compare_exact(a, b) == 0;
}
inline bool eq(Term a, Term b) { return compare_terms(a, b) == 0; }  // ==

}  // namespace ember
