// ets:match, match_object, select, select_count and select_delete: running a match
// specification over a table (ets_match.cpp evaluates it), whole or in chunks.
#include <tuple>
#include <vector>

#include "bif/ets_common.h"
#include "bif/ets_match.h"
#include "vm/compare.h"

namespace ember {
namespace {

// Calls visit(bucket, object) for every object a specification may match, in table order
// (reversed if asked). A single clause whose head fixes the key visits that key only.
template <typename Visit>
void each_candidate(EtsTable& t, const MatchSpec& ms, bool reverse, Visit visit) {
  Term key = ms.clauses.size() == 1 ? ms_bound_key(ms.clauses[0].head, t.keypos) : THE_NON_VALUE;
  if (key != THE_NON_VALUE) {
    auto it = t.buckets.find(key);
    if (it != t.buckets.end())
      for (const EtsObject& o : it->second) visit(it, o.tuple);
    return;
  }
  if (reverse) {
    for (auto it = t.buckets.end(); it != t.buckets.begin();) {
      --it;
      for (const EtsObject& o : it->second) visit(it, o.tuple);
    }
    return;
  }
  for (auto it = t.buckets.begin(); it != t.buckets.end(); ++it)
    for (const EtsObject& o : it->second) visit(it, o.tuple);
}

// The table a walk reads (or deletes from) and its compiled specification; null after raising
// badarg if either is wrong. Called with the ETS lock held.
EtsTable* walk_setup(Process* p, Term table, Term spec, EtsNeed need, MatchSpec* ms) {
  EtsTable* t = ets_table_for(p, table, need);
  if (!t) return ets_table_badarg(p, table), nullptr;
  if (!ms_compile(spec, ms)) return badarg(p), nullptr;
  return t;
}

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
  std::lock_guard guard(ets_lock());
  MatchSpec ms;
  EtsTable* t = walk_setup(p, table, spec, need, &ms);
  if (!t) return THE_NON_VALUE;
  Arena scratch;
  std::vector<Term> results;
  each_candidate(*t, ms, reverse, [&](EtsBuckets::iterator, Term object) {
    Term r = ms_run(p, ms, object, scratch);
    if (r != THE_NON_VALUE) results.push_back(r);
  });
  return copy_out_list(p, results);
}

// A chunked walk (select/3 and friends) goes on from a continuation
// {Table, Resume, Spec, Limit, Reverse}: Resume is {Key} for the first bucket not yet visited,
// or [] when the walk is over. Its shape is ember's own; erts' is just as opaque to callers.
// Chunks end at bucket boundaries, so a bag may give a few more than Limit objects.
// `resume` is such a {Key}, or THE_NON_VALUE for the first chunk.
Term select_chunk(Process* p, Term table, Term spec, Term limit, bool reverse, Term resume) {
  if (!is_small(limit) || small_value(limit) < 1) return badarg(p);
  std::lock_guard guard(ets_lock());
  MatchSpec ms;
  EtsTable* t = walk_setup(p, table, spec, EtsNeed::read, &ms);
  if (!t) return THE_NON_VALUE;
  Arena scratch;
  std::vector<Term> results;
  auto visit = [&](EtsBuckets::iterator it) {
    for (const EtsObject& o : it->second) {
      Term r = ms_run(p, ms, o.tuple, scratch);
      if (r != THE_NON_VALUE) results.push_back(r);
    }
  };
  auto full = [&] { return results.size() >= size_t(small_value(limit)); };
  bool first = resume == THE_NON_VALUE;
  Term next = THE_NON_VALUE;  // the key to resume at, if the walk is not over
  Term key = ms.clauses.size() == 1 ? ms_bound_key(ms.clauses[0].head, t->keypos) : THE_NON_VALUE;
  if (key != THE_NON_VALUE) {  // one bucket, all in the first chunk
    auto it = t->buckets.find(key);
    if (first && it != t->buckets.end()) visit(it);
  } else if (!reverse) {
    auto it = first ? t->buckets.begin() : t->buckets.lower_bound(tuple_element(resume, 0));
    while (it != t->buckets.end() && !full()) visit(it++);
    if (it != t->buckets.end()) next = it->first;
  } else {
    auto it = first ? t->buckets.end() : t->buckets.upper_bound(tuple_element(resume, 0));
    while (it != t->buckets.begin() && !full()) visit(--it);
    if (it != t->buckets.begin()) next = std::prev(it)->first;
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

// select/1, match/1, match_object/1 and select_reverse/1: the next chunk of a walk.
Term select_continue(Process* p, Term continuation) {
  if (continuation == atom_put("$end_of_table")) return continuation;
  if (!is_tuple(continuation) || tuple_arity(continuation) != 5) return badarg(p);
  Term resume = tuple_element(continuation, 1);
  if (resume == NIL) return atom_put("$end_of_table");
  if (!is_tuple(resume) || tuple_arity(resume) != 1) return badarg(p);
  return select_chunk(p, tuple_element(continuation, 0), tuple_element(continuation, 2),
                      tuple_element(continuation, 3), tuple_element(continuation, 4) == atoms::true_,
                      resume);
}

bool reverses(Term table) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_find(table);
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

Term ets_select_3(Process* p, Term* a) {
  return select_chunk(p, a[0], a[1], a[2], false, THE_NON_VALUE);
}

Term ets_select_reverse_3(Process* p, Term* a) {
  return select_chunk(p, a[0], a[1], a[2], reverses(a[0]), THE_NON_VALUE);
}

Term ets_match_3(Process* p, Term* a) {
  Arena arena;
  return select_chunk(p, a[0], ets_copy_out(p, pattern_spec(arena, a[1], "$$")), a[2], false,
                      THE_NON_VALUE);
}

Term ets_match_object_3(Process* p, Term* a) {
  Arena arena;
  return select_chunk(p, a[0], ets_copy_out(p, pattern_spec(arena, a[1], "$_")), a[2], false,
                      THE_NON_VALUE);
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
  std::lock_guard guard(ets_lock());
  MatchSpec ms;
  EtsTable* t = walk_setup(p, a[0], a[1], EtsNeed::read, &ms);
  if (!t) return THE_NON_VALUE;
  Arena scratch;
  int64_t n = 0;
  each_candidate(*t, ms, false, [&](EtsBuckets::iterator, Term object) {
    if (ms_run(p, ms, object, scratch) == atoms::true_) ++n;
  });
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
  std::lock_guard guard(ets_lock());
  MatchSpec ms;
  EtsTable* t = walk_setup(p, a[0], a[1], EtsNeed::write, &ms);
  if (!t) return THE_NON_VALUE;
  if (t->type == EtsType::bag) return badarg_because(p, atom_put("table_type"));
  if (!retains_key(ms, t->keypos)) return badarg(p);
  Arena replacements;  // copies, so that no replacement shares a stored object's storage
  std::vector<std::tuple<Term, Term, Term>> changes;  // bucket key, stored object, replacement
  each_candidate(*t, ms, false, [&](EtsBuckets::iterator it, Term object) {
    Term r = ms_run(p, ms, object, replacements);
    if (r == THE_NON_VALUE || !is_tuple(r) || tuple_arity(r) < t->keypos ||
        !eq_exact(t->key_of(r), t->key_of(object)))
      return;
    changes.emplace_back(it->first, object, copy_term(replacements, r));
  });
  for (auto& [key, stored, replacement] : changes)
    t->replace_stored(t->buckets.find(key), stored, replacement);
  ProcessHeap heap(p);
  return make_integer(heap, int64_t(changes.size()));
}

Term ets_internal_select_delete_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  MatchSpec ms;
  EtsTable* t = walk_setup(p, a[0], a[1], EtsNeed::write, &ms);
  if (!t) return THE_NON_VALUE;
  Arena scratch;
  // Deleting while walking would invalidate the walk: first choose, then delete.
  std::vector<std::pair<Term, std::vector<Term>>> doomed;  // bucket key, stored objects
  each_candidate(*t, ms, false, [&](EtsBuckets::iterator it, Term object) {
    if (ms_run(p, ms, object, scratch) != atoms::true_) return;
    if (doomed.empty() || doomed.back().first != it->first) doomed.push_back({it->first, {}});
    doomed.back().second.push_back(object);
  });
  int64_t n = 0;
  for (auto& [key, objects] : doomed) {
    n += int64_t(objects.size());
    t->erase_stored(t->buckets.find(key), objects);
  }
  ProcessHeap heap(p);
  return make_integer(heap, n);
}

}  // namespace ember
