// Compiled match specifications: ets:match_spec_compile/1 checks a specification once and
// gives it back as a reference that ets:match_spec_run/2 (through match_spec_run_r/3) applies
// to the terms of a list, as erts does. The reference holds its own copy of the specification,
// so it can go to other processes and outlive the one that made it.
#include "bif/bif.h"
#include "bif/ets_match.h"
#include "vm/term/copy.h"
#include "vm/term/magic_ref.h"

namespace ember {
namespace {

struct CompiledMatchSpec final : MagicObject {
  Arena storage;
  MatchSpec ms;
  size_t size_bytes() const override {
    return sizeof(*this) + storage.block_bytes() + ms.clauses.size() * sizeof(MatchClause);
  }
};

}  // namespace

Term ms_compile_ref(Process* p, Term spec) {
  auto compiled = std::make_unique<CompiledMatchSpec>();
  if (!ms_compile(copy_term(compiled->storage, spec), &compiled->ms)) return THE_NON_VALUE;
  ProcessHeap heap(p);
  return make_magic_ref(heap, compiled.release());
}

const MatchSpec* ms_compiled(Term ref) {
  CompiledMatchSpec* compiled = magic_ref_get<CompiledMatchSpec>(ref);
  return compiled ? &compiled->ms : nullptr;
}

Term ets_match_spec_compile_1(Process* p, Term* a) {
  Term ref = ms_compile_ref(p, a[0]);
  return ref != THE_NON_VALUE ? ref : badarg(p);
}

Term ets_is_compiled_ms_1(Process*, Term* a) { return boolean(magic_ref_get<CompiledMatchSpec>(a[0]) != nullptr); }

// The results of the terms the specification matches, pushed in front of Acc: the list comes
// out reversed, and match_spec_run/2 turns it round.
Term ets_match_spec_run_r_3(Process* p, Term* a) {
  const MatchSpec* ms = ms_compiled(a[1]);
  if (!ms || list_length(a[0]) < 0) return badarg(p);
  Term acc = a[2];
  uint64_t n = 0;
  for (Term l = a[0]; l != NIL; l = tail(l), n++) {
    Arena scratch;
    Term r = ms_run(p, *ms, head(l), scratch);
    if (r == THE_NON_VALUE) continue;
    ProcessHeap heap(p);
    acc = cons(heap, copy_term(heap, r), acc);
  }
  charge_work(p, n);
  return acc;
}

}  // namespace ember
