// ets:match, match_object, select, select_count, select_replace and select_delete: running a
// match specification over a table (ets_match.cpp evaluates it), whole or in chunks. A hash
// table is walked as erts walks it (ets_hash_walk.h); an ordered_set in key order.
#include <tuple>
#include <vector>

#include "bif/ets_common.h"
#include "bif/ets_hash_walk.h"
#include "bif/ets_match.h"
#include "vm/term/compare.h"

namespace ember {
namespace {

// ---- ordered_set ---------------------------------------------------------------------------

// Calls visit(iterator, object) for every object a specification may match, in key order
// (reversed if asked). A single clause whose head fixes the key visits that key only.
template <typename Visit>
void each_tree_candidate(EtsTable& t, const MatchSpec& ms, bool reverse, Visit visit) {
  Term key = ms.clauses.size() == 1 ? ms_bound_key(ms.clauses[0].head, t.keypos) : THE_NON_VALUE;
  if (key != THE_NON_VALUE) {
    auto it = t.tree.find(key);
    if (it != t.tree.end()) visit(it, it->second.tuple);
    return;
  }
  if (reverse) {
    for (auto it = t.tree.end(); it != t.tree.begin();) {
      --it;
      visit(it, it->second.tuple);
    }
    return;
  }
  for (auto it = t.tree.begin(); it != t.tree.end(); ++it) visit(it, it->second.tuple);
}

// The table a walk reads (or changes) locked, and its compiled specification; an empty
// table after raising badarg if either is wrong.
struct WalkSetup {
  EtsLocked t;
  MatchSpec ms;
  WalkSetup(Process* p, Term table, Term spec, EtsNeed need)
      : t(table, p->pid, need, need == EtsNeed::read ? EtsOp::read_all : EtsOp::write_all) {
    if (!t) ets_table_badarg(p, t);
    else if (!ms_compile(spec, &ms)) badarg(p);
    else ok = true;
  }
  bool ok = false;
};

Term copy_out_list(Process* p, const std::vector<Term>& results) {
  Term list = NIL;
  for (size_t i = results.size(); i-- > 0;) {
    Term r = ets_copy_out(p, results[i]);
    ProcessHeap heap(p);
    list = cons(heap, r, list);
  }
  return list;
}

// The results of a specification over a table, copied out as a list.
Term select(Process* p, Term table, Term spec, EtsNeed need, bool reverse) {
  WalkSetup w(p, table, spec, need);
  if (!w.ok) return THE_NON_VALUE;
  EtsTable* t = w.t.get();
  const MatchSpec& ms = w.ms;
  if (t->hash) return hash_select(p, *t, ms);
  Arena scratch;
  std::vector<Term> results;
  each_tree_candidate(*t, ms, reverse, [&](EtsTree::iterator, Term object) {
    Term r = ms_run(p, ms, object, scratch);
    if (r != THE_NON_VALUE) results.push_back(r);
  });
  return copy_out_list(p, results);
}

// A chunked walk of an ordered_set goes on from a continuation
// {Table, Resume, Spec, Limit, Reverse}: Resume is {Key} for the first key not yet visited, or
// [] when the walk is over. Its shape is ember's own; erts' is just as opaque to callers.
// `resume` is such a {Key}, or THE_NON_VALUE for the first chunk.
Term tree_select_chunk(Process* p, EtsTable* t, const MatchSpec& ms, Term table, Term spec,
                       Term limit, bool reverse, Term resume) {
  Arena scratch;
  std::vector<Term> results;
  auto visit = [&](EtsTree::iterator it) {
    Term r = ms_run(p, ms, it->second.tuple, scratch);
    if (r != THE_NON_VALUE) results.push_back(r);
  };
  auto full = [&] { return results.size() >= size_t(small_value(limit)); };
  bool first = resume == THE_NON_VALUE;
  Term next = THE_NON_VALUE;  // the key to resume at, if the walk is not over
  Term key = ms.clauses.size() == 1 ? ms_bound_key(ms.clauses[0].head, t->keypos) : THE_NON_VALUE;
  if (key != THE_NON_VALUE) {  // one key, all in the first chunk
    auto it = t->tree.find(key);
    if (first && it != t->tree.end()) visit(it);
  } else if (!reverse) {
    auto it = first ? t->tree.begin() : t->tree.lower_bound(tuple_element(resume, 0));
    while (it != t->tree.end() && !full()) visit(it++);
    if (it != t->tree.end()) next = it->first;
  } else {
    auto it = first ? t->tree.end() : t->tree.upper_bound(tuple_element(resume, 0));
    while (it != t->tree.begin() && !full()) visit(--it);
    if (it != t->tree.begin()) next = std::prev(it)->first;
  }
  if (results.empty()) return atom_put("$end_of_table");
  Term matches = copy_out_list(p, results);
  Term resume_at = NIL;
  if (next != THE_NON_VALUE) {
    Term k = ets_copy_out(p, next);
    ProcessHeap heap(p);
    resume_at = tuple(heap, k);
  }
  ProcessHeap heap(p);
  Term continuation = tuple(heap, table, resume_at, spec, limit, reverse ? atoms::true_ : atoms::false_);
  return tuple(heap, matches, continuation);
}

Term select_chunk(Process* p, Term table, Term spec, Term limit, bool reverse) {
  if (!is_small(limit) || small_value(limit) < 1) return badarg(p);
  WalkSetup w(p, table, spec, EtsNeed::read);
  if (!w.ok) return THE_NON_VALUE;
  EtsTable* t = w.t.get();
  const MatchSpec& ms = w.ms;
  if (t->hash) return hash_select_chunk(p, *t, ms, spec, small_value(limit));
  return tree_select_chunk(p, t, ms, table, spec, limit, reverse, THE_NON_VALUE);
}

// select/1, match/1, match_object/1 and select_reverse/1: the next chunk of a walk.
Term select_continue(Process* p, Term continuation) {
  if (continuation == atom_put("$end_of_table")) return continuation;
  if (!is_tuple(continuation)) return badarg(p);
  if (tuple_arity(continuation) == 6) return hash_select_continue(p, continuation);
  if (tuple_arity(continuation) != 5) return badarg(p);
  Term resume = tuple_element(continuation, 1);
  if (resume == NIL) return atom_put("$end_of_table");
  if (!is_tuple(resume) || tuple_arity(resume) != 1) return badarg(p);
  Term table = tuple_element(continuation, 0), spec = tuple_element(continuation, 2),
       limit = tuple_element(continuation, 3);
  if (!is_small(limit) || small_value(limit) < 1) return badarg(p);
  WalkSetup w(p, table, spec, EtsNeed::read);
  if (!w.ok) return THE_NON_VALUE;
  EtsTable* t = w.t.get();
  const MatchSpec& ms = w.ms;
  if (t->hash) return badarg(p);
  return tree_select_chunk(p, t, ms, table, spec, limit,
                           tuple_element(continuation, 4) == atoms::true_, resume);
}

bool reverses(Term table) {
  EtsLocked t(table, NIL, EtsNeed::any, EtsOp::read_all);
  return t && t->type == EtsType::ordered_set;
}

// [{Pattern, [], [Result]}] for match/2 ('$$') and match_object/2 ('$_').
Term pattern_spec(Arena& arena, Term pattern, const char* result) {
  Term body = cons(arena, atom_put(result), NIL);
  return cons(arena, tuple(arena, pattern, NIL, body), NIL);
}

}  // namespace

Term ets_select_2(Process* p, Term* a) { return select(p, a[0], a[1], EtsNeed::read, false); }

Term ets_select_reverse_2(Process* p, Term* a) {
  return select(p, a[0], a[1], EtsNeed::read, reverses(a[0]));
}

Term ets_select_3(Process* p, Term* a) { return select_chunk(p, a[0], a[1], a[2], false); }

Term ets_select_reverse_3(Process* p, Term* a) {
  return select_chunk(p, a[0], a[1], a[2], reverses(a[0]));
}

Term ets_match_3(Process* p, Term* a) {
  Arena arena;
  return select_chunk(p, a[0], ets_copy_out(p, pattern_spec(arena, a[1], "$$")), a[2], false);
}

Term ets_match_object_3(Process* p, Term* a) {
  Arena arena;
  return select_chunk(p, a[0], ets_copy_out(p, pattern_spec(arena, a[1], "$_")), a[2], false);
}

Term ets_select_1(Process* p, Term* a) { return select_continue(p, a[0]); }
Term ets_select_reverse_1(Process* p, Term* a) { return select_continue(p, a[0]); }
Term ets_match_1(Process* p, Term* a) { return select_continue(p, a[0]); }
Term ets_match_object_1(Process* p, Term* a) { return select_continue(p, a[0]); }

Term ets_match_2(Process* p, Term* a) {
  Arena arena;
  return select(p, a[0], pattern_spec(arena, a[1], "$$"), EtsNeed::read, false);
}

Term ets_match_object_2(Process* p, Term* a) {
  Arena arena;
  return select(p, a[0], pattern_spec(arena, a[1], "$_"), EtsNeed::read, false);
}

Term ets_select_count_2(Process* p, Term* a) {
  WalkSetup w(p, a[0], a[1], EtsNeed::read);
  if (!w.ok) return THE_NON_VALUE;
  EtsTable* t = w.t.get();
  const MatchSpec& ms = w.ms;
  int64_t n = 0;
  if (t->hash) {
    n = hash_select_count(p, *t, ms);
  } else {
    Arena scratch;
    each_tree_candidate(*t, ms, false, [&](EtsTree::iterator, Term object) {
      if (ms_run(p, ms, object, scratch) == atoms::true_) ++n;
    });
  }
  ProcessHeap heap(p);
  return make_integer(heap, n);
}

// select_replace/2 may only rewrite objects in place: erts checks before running that the
// (single) result of every clause is '$_' or an object whose key is the head's key term.
bool retains_key(const MatchSpec& ms, uint32_t keypos) {
  for (const MatchClause& c : ms.clauses) {
    Term result = c.body;
    while (is_list(tail(result))) result = tail(result);
    result = head(result);
    if (result == atom_put("$_")) continue;
    if (!is_tuple(c.head) || tuple_arity(c.head) < keypos) return false;
    Term key = tuple_element(c.head, keypos - 1);
    if (key == atom_put("_") || !is_tuple(result) || tuple_arity(result) != 1) return false;
    Term built = tuple_element(result, 0);
    if (!is_tuple(built) || tuple_arity(built) < keypos ||
        !eq_exact(tuple_element(built, keypos - 1), key))
      return false;
  }
  return true;
}

Term ets_select_replace_2(Process* p, Term* a) {
  WalkSetup w(p, a[0], a[1], EtsNeed::write);
  if (!w.ok) return THE_NON_VALUE;
  EtsTable* t = w.t.get();
  const MatchSpec& ms = w.ms;
  if (t->type == EtsType::bag) return badarg_because(p, atom_put("table_type"));
  if (!retains_key(ms, t->keypos)) return badarg(p);
  int64_t n = 0;
  if (t->hash) {
    n = hash_select_replace(p, *t, ms);
  } else {
    Arena replacements;  // copies, so that no replacement shares a stored object's storage
    std::vector<std::pair<Term, Term>> changes;  // key, replacement
    each_tree_candidate(*t, ms, false, [&](EtsTree::iterator it, Term object) {
      Term r = ms_run(p, ms, object, replacements);
      if (r == THE_NON_VALUE || !is_tuple(r) || tuple_arity(r) < t->keypos ||
          !eq_exact(t->key_of(r), t->key_of(object)))
        return;
      changes.emplace_back(it->first, copy_term(replacements, r));
    });
    for (auto& [key, replacement] : changes) {
      // The map's key lives in the object it replaces: re-key the node to the new copy.
      auto node = t->tree.extract(key);
      node.mapped() = ets_stored_copy(replacement, t->compressed ? t->keypos : 0);
      node.key() = t->key_of(node.mapped().tuple);
      t->tree.insert(std::move(node));
    }
    n = int64_t(changes.size());
  }
  ProcessHeap heap(p);
  return make_integer(heap, n);
}

Term ets_internal_select_delete_2(Process* p, Term* a) {
  WalkSetup w(p, a[0], a[1], EtsNeed::write);
  if (!w.ok) return THE_NON_VALUE;
  EtsTable* t = w.t.get();
  const MatchSpec& ms = w.ms;
  int64_t n = 0;
  if (t->hash) {
    n = hash_select_delete(p, *t, ms);
  } else {
    Arena scratch;
    // Deleting while walking would invalidate the walk: first choose, then delete.
    std::vector<Term> doomed;
    each_tree_candidate(*t, ms, false, [&](EtsTree::iterator it, Term object) {
      if (ms_run(p, ms, object, scratch) == atoms::true_) doomed.push_back(it->first);
    });
    for (Term key : doomed) t->tree.erase(key);
    n = int64_t(doomed.size());
  }
  ProcessHeap heap(p);
  return make_integer(heap, n);
}

}  // namespace ember
