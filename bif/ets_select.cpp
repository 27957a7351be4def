// ets:match, match_object, select, select_count and select_delete: running a match
// specification over a table (ets_match.cpp evaluates it).
#include <vector>

#include "bif/ets_common.h"
#include "bif/ets_match.h"

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

// The results of a specification over a table, copied out as a list.
Term select(Process* p, Term table, Term spec, EtsNeed need, bool reverse) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, table, need);
  MatchSpec ms;
  if (!t) return ets_table_badarg(p, table);
  if (!ms_compile(spec, &ms)) return badarg(p);
  Arena scratch;
  std::vector<Term> results;
  each_candidate(*t, ms, reverse, [&](EtsBuckets::iterator, Term object) {
    Term r = ms_run(p, ms, object, scratch);
    if (r != THE_NON_VALUE) results.push_back(r);
  });
  Term list = NIL;
  for (size_t i = results.size(); i-- > 0;) {
    Term r = ets_copy_out(p, results[i]);
    ProcessHeap heap(p);
    list = cons(heap, r, list);
  }
  return list;
}

// [{Pattern, [], [Result]}] for match/2 ('$$') and match_object/2 ('$_').
Term pattern_spec(Arena& arena, Term pattern, const char* result) {
  Term body = cons(arena, atom_put(result), NIL);
  return cons(arena, tuple(arena, pattern, NIL, body), NIL);
}

}  // namespace

Term ets_select_2(Process* p, Term* a) { return select(p, a[0], a[1], EtsNeed::read, false); }

Term ets_select_reverse_2(Process* p, Term* a) {
  std::unique_lock guard(ets_lock());
  EtsTable* t = ets_find(a[0]);
  bool reverse = t && t->type == EtsType::ordered_set;
  guard.unlock();
  return select(p, a[0], a[1], EtsNeed::read, reverse);
}

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
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  MatchSpec ms;
  if (!t) return ets_table_badarg(p, a[0]);
  if (!ms_compile(a[1], &ms)) return badarg(p);
  Arena scratch;
  int64_t n = 0;
  each_candidate(*t, ms, false, [&](EtsBuckets::iterator, Term object) {
    if (ms_run(p, ms, object, scratch) == atoms::true_) ++n;
  });
  ProcessHeap heap(p);
  return make_integer(heap, n);
}

Term ets_internal_select_delete_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  MatchSpec ms;
  if (!t) return ets_table_badarg(p, a[0]);
  if (!ms_compile(a[1], &ms)) return badarg(p);
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
