// Match specifications ([{Head, Guards, Body}]) as ets:select and its relatives run them.
// Heads bind '$N' variables ('_' matches anything); guards and bodies are expressions over
// them: constants, '$_', '$$', {const, X}, {{...}} tuple construction, lists and calls of the
// guard functions listed in ets_match.cpp. A specification using anything else is refused
// (badarg) instead of being half understood.
#pragma once

#include <vector>

#include "vm/process/heap.h"
#include "vm/process/process.h"
#include "vm/term/term.h"

namespace ember {

struct MatchClause {
  Term head;
  Term guards;  // a proper list
  Term body;    // a proper, non-empty list
};

struct MatchSpec {
  std::vector<MatchClause> clauses;
  size_t variables = 0;  // one more than the highest '$N' of any head
};

// Checks a specification; false if erts would refuse it (badarg).
bool ms_compile(Term spec, MatchSpec* out);

// The body's value for the first clause whose head and guards accept object, built in
// scratch (it may share parts of object); THE_NON_VALUE if no clause does. A body that fails
// gives 'EXIT', as in erts.
Term ms_run(Process* p, const MatchSpec& ms, Term object, Heap& scratch);

// A specification compiled once and kept with its own copy of the terms, behind a magic
// reference (ets:match_spec_compile/1; a select that goes on over several time slices):
// THE_NON_VALUE if erts would refuse it, without raising.
Term ms_compile_ref(Process* p, Term spec);
// The specification behind such a reference, or null.
const MatchSpec* ms_compiled(Term ref);

// Whether a term of a head holds a '$N' variable or '_' anywhere (erts' db_has_variable).
bool ms_has_variable(Term t);

// The key a head matches only: the constant key element of a tuple head, or THE_NON_VALUE if
// the head may match objects of several keys.
Term ms_bound_key(Term head, uint32_t keypos);

}  // namespace ember
