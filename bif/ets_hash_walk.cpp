#include "bif/ets_hash_walk.h"

#include <algorithm>
#include <vector>

#include "bif/ets_common.h"
#include "vm/term/compare.h"

namespace ember {
namespace {

// The buckets a walk visits: every one in walk order, or (key_given) the buckets of the keys
// the clauses fix, in clause order. A table without fine-grained locks visits a fixed key's
// bucket only if the key is present.
struct Plan {
  bool something_can_match = false;
  bool key_given = true;
  std::vector<uint32_t> slots;
};

Plan plan_for(const EtsTable& t, const MatchSpec& ms) {
  Plan plan;
  bool fine = t.locking != EtsLocking::table;
  for (const MatchClause& c : ms.clauses) {
    if (!plan.key_given) break;
    Term head = c.head;
    if (is_atom(head) && ms_has_variable(head)) {
      plan.key_given = false;
      plan.something_can_match = true;
      continue;
    }
    if (!is_tuple(head) || tuple_arity(head) < t.keypos) continue;
    Term key = tuple_element(head, t.keypos - 1);
    if (ms_has_variable(key)) {
      plan.key_given = false;
      plan.something_can_match = true;
      continue;
    }
    if (!fine && !t.hash->member(key)) continue;
    uint32_t ix = t.hash->slot_of(ets_key_hash(key));
    if (std::find(plan.slots.begin(), plan.slots.end(), ix) == plan.slots.end()) plan.slots.push_back(ix);
    plan.something_can_match = true;
  }
  return plan;
}

struct Walk {
  EtsHash& h;
  int64_t chunk = 0;  // 0: no chunks
  int64_t got = 0;
  int64_t iterations_left = ets_iterations_per_cycle;
  bool trapped = false;  // erts would have given way (and resumed) at least once
  int64_t visited = 0;
  int64_t stop_after = INT64_MAX;  // objects, then the walk stops at the next bucket
};

// Visits the live objects from *cur on; visit(slot, at, &matched) returns where to go on
// from (at's next, or at itself when it unlinked the object). Returns the slot to resume at,
// or -1 when the walk is over.
template <typename Visit>
int64_t walk_from(Walk& w, const Plan* plan, uint32_t slot, EtsHashNode** cur, size_t pos, Visit visit) {
  for (;;) {
    if (*cur) {
      if ((*cur)->pseudo_deleted) {
        cur = &(*cur)->next;
        continue;
      }
      bool matched = false;
      cur = visit(slot, cur, &matched);
      if (matched) ++w.got;
      --w.iterations_left;
      ++w.visited;
    } else if (plan) {
      if (pos == plan->slots.size()) return -1;
      slot = plan->slots[pos++];
      cur = w.h.bucket(slot);
    } else {
      slot = w.h.next_slot(slot);
      if (slot == 0) return -1;
      if ((w.chunk && w.got >= w.chunk) || w.visited >= w.stop_after) return slot;
      if (w.iterations_left <= 0) {
        w.trapped = true;
        w.iterations_left = ets_iterations_per_cycle;
      }
      cur = w.h.bucket(slot);
    }
  }
}

// The first walk of a table: returns as walk_from.
template <typename Visit>
int64_t walk(Walk& w, const Plan& plan, Visit visit) {
  if (plan.key_given) return walk_from(w, &plan, plan.slots[0], w.h.bucket(plan.slots[0]), 1, visit);
  uint32_t slot = 0;
  while (!*w.h.bucket(slot))
    if ((slot = w.h.next_slot(slot)) == 0) return -1;
  return walk_from(w, nullptr, slot, w.h.bucket(slot), 0, visit);
}

// Runs the specification on each object, collecting results copied to p's heap; *found gets
// them in the order found.
auto collector(Process* p, const MatchSpec& ms, Arena& scratch, std::vector<Term>* found) {
  return [=, &ms, &scratch](uint32_t, EtsHashNode** at, bool* matched) {
    Term r = ms_run(p, ms, (*at)->object.tuple, scratch);
    if (r != THE_NON_VALUE) {
      found->push_back(ets_copy_out(p, r));
      *matched = true;
    }
    return &(*at)->next;
  };
}

// Counts the objects for which the specification gives true.
auto counter(Process* p, const MatchSpec& ms, Arena& scratch) {
  return [p, &ms, &scratch](uint32_t, EtsHashNode** at, bool* matched) {
    *matched = ms_run(p, ms, (*at)->object.tuple, scratch) == atoms::true_;
    return &(*at)->next;
  };
}

Term list_of(Process* p, const std::vector<Term>& items) {
  ProcessHeap heap(p);
  Term list = NIL;
  for (size_t i = items.size(); i-- > 0;) list = cons(heap, items[i], list);
  return list;
}

// What a chunked walk returns once it stops: matches holds the results as erts' list has
// them (last found first), `surplus` what an earlier chunk carried over. erts splits off the
// surplus beyond `chunk` in place on the first call, and by moving it element by element
// (reversing it) when resuming.
Term chunk_result(Process* p, EtsTable& t, Term spec, int64_t chunk, int64_t slot,
                  std::vector<Term> matches, bool resumed) {
  std::vector<Term> rest;
  size_t over = matches.size() > size_t(chunk) ? matches.size() - size_t(chunk) : 0;
  if (over > 0) {
    rest.assign(matches.begin(), matches.begin() + long(over));
    if (resumed) std::reverse(rest.begin(), rest.end());
    matches.erase(matches.begin(), matches.begin() + long(over));
  }
  Term eot = atom_put("$end_of_table");
  if (rest.empty() && slot < 0) {
    if (matches.empty()) return eot;
    Term list = list_of(p, matches);
    ProcessHeap heap(p);
    return tuple(heap, list, eot);
  }
  Term list = list_of(p, matches);
  Term rest_list = list_of(p, rest);
  Term table = ets_copy_out(p, t.ref);
  ProcessHeap heap(p);
  Term* out;
  Term continuation = new_tuple(heap, 6, &out);
  out[0] = table;
  out[1] = make_small(slot);
  out[2] = make_small(chunk);
  out[3] = spec;
  out[4] = rest_list;
  out[5] = make_small(int64_t(rest.size()));
  return tuple(heap, list, continuation);
}

}  // namespace

Term hash_select(Process* p, EtsTable& t, const MatchSpec& ms) {
  Plan plan = plan_for(t, ms);
  if (!plan.something_can_match) return NIL;
  Arena scratch;
  std::vector<Term> found;
  Walk w{*t.hash};
  walk(w, plan, collector(p, ms, scratch, &found));
  std::reverse(found.begin(), found.end());
  return list_of(p, found);
}

bool hash_select_walks_all(const EtsTable& t, const MatchSpec& ms) {
  Plan plan = plan_for(t, ms);
  return plan.something_can_match && !plan.key_given;
}

int64_t hash_select_step(Process* p, EtsTable& t, const MatchSpec& ms, uint32_t slot, int64_t budget, Term* acc) {
  Arena scratch;
  std::vector<Term> found;
  Walk w{*t.hash};
  w.stop_after = budget;
  int64_t next = walk_from(w, nullptr, slot, t.hash->bucket(slot), 0, collector(p, ms, scratch, &found));
  ProcessHeap heap(p);
  for (Term r : found) *acc = cons(heap, r, *acc);
  ets_charge_walk(p, uint64_t(w.visited));
  return next;
}

int64_t hash_select_count_step(Process* p, EtsTable& t, const MatchSpec& ms, uint32_t slot, int64_t budget, int64_t* count) {
  Arena scratch;
  Walk w{*t.hash};
  w.stop_after = budget;
  int64_t next = walk_from(w, nullptr, slot, t.hash->bucket(slot), 0, counter(p, ms, scratch));
  *count += w.got;
  ets_charge_walk(p, uint64_t(w.visited));
  return next;
}

namespace {

// Walks on from w->slot until the chunk is full, the table ends or about `budget` objects have
// been visited; the results go in front of w->found. Returns the answer, or THE_NON_VALUE when
// the budget ran out first.
Term chunk_slice(Process* p, EtsTable& t, const MatchSpec& ms, Term spec, int64_t budget, EtsChunkWalk* w,
                 const Plan* plan) {
  Walk on{*t.hash, w->chunk, w->got, w->iterations_left, w->trapped};
  if (!plan || !plan->key_given) on.stop_after = budget;
  Arena scratch;
  std::vector<Term> found;
  auto collect = collector(p, ms, scratch, &found);
  bool start = plan != nullptr;
  if (w->slot >= 0 && !(w->chunk && w->got >= w->chunk)) {
    if (start) w->slot = walk(on, *plan, collect);
    else w->slot = walk_from(on, nullptr, uint32_t(w->slot), t.hash->bucket(uint32_t(w->slot)), 0, collect);
  }
  ets_charge_walk(p, uint64_t(on.visited));
  // Not one object visited by a first walk: the end of the table.
  if (start && !on.trapped && on.iterations_left == ets_iterations_per_cycle) return atom_put("$end_of_table");
  w->got = on.got;
  w->iterations_left = on.iterations_left;
  w->trapped = on.trapped;
  {
    ProcessHeap heap(p);
    for (Term r : found) w->found = cons(heap, r, w->found);
  }
  if (w->slot >= 0 && !(w->chunk && w->got >= w->chunk)) return THE_NON_VALUE;
  std::vector<Term> matches;
  for (Term l = w->found; is_list(l); l = tail(l)) matches.push_back(head(l));
  for (Term l = w->carried; is_list(l); l = tail(l)) matches.push_back(head(l));
  if (w->chunk == 0) return list_of(p, matches);
  return chunk_result(p, t, spec, w->chunk, w->slot, std::move(matches), !w->first || w->trapped);
}

}  // namespace

Term hash_select_chunk(Process* p, EtsTable& t, const MatchSpec& ms, Term spec, EtsChunkWalk* w) {
  Plan plan = plan_for(t, ms);
  if (!plan.something_can_match) return atom_put("$end_of_table");
  return chunk_slice(p, t, ms, spec, INT64_MAX, w, &plan);
}

Term hash_chunk_resume(Process* p, EtsTable& t, const MatchSpec& ms, Term spec, int64_t budget, EtsChunkWalk* w) {
  return chunk_slice(p, t, ms, spec, budget, w, nullptr);
}

bool hash_chunk_continuation(const EtsTable& t, Term c, EtsChunkWalk* w) {
  Term slot = tuple_element(c, 1), chunk = tuple_element(c, 2), rest = tuple_element(c, 4), got = tuple_element(c, 5);
  if (!is_small(slot) || !is_small(chunk) || small_value(chunk) < 0 || (!is_list(rest) && !is_nil(rest)) ||
      !is_small(got) || small_value(got) < 0)
    return false;
  w->slot = small_value(slot);
  w->chunk = small_value(chunk);
  w->got = small_value(got);
  w->carried = rest;
  w->first = false;
  return w->slot < int64_t(t.hash->nactive()) || (w->chunk && w->got >= w->chunk);
}

int64_t hash_select_count(Process* p, EtsTable& t, const MatchSpec& ms) {
  Plan plan = plan_for(t, ms);
  if (!plan.something_can_match) return 0;
  Arena scratch;
  Walk w{*t.hash};
  walk(w, plan, counter(p, ms, scratch));
  return w.got;
}

namespace {

// One slice of an updating walk: the walk's position and erts' count carried in *u.
template <typename Visit>
int64_t update_slice(Process* p, EtsTable& t, const MatchSpec& ms, int64_t slot, int64_t budget,
                     EtsUpdateWalk* u, Visit visit) {
  Walk w{*t.hash};
  w.stop_after = budget;
  w.iterations_left = u->iterations_left;
  w.trapped = u->trapped;
  int64_t next;
  if (slot >= 0) {
    next = walk_from(w, nullptr, uint32_t(slot), t.hash->bucket(uint32_t(slot)), 0, visit(w));
  } else {
    Plan plan = plan_for(t, ms);
    next = plan.something_can_match ? walk(w, plan, visit(w)) : -1;
  }
  u->got += w.got;
  u->iterations_left = w.iterations_left;
  u->trapped = w.trapped;
  ets_charge_walk(p, uint64_t(w.visited));
  if (next >= 0 && !u->fixed) ets_fix(t, p);
  if (next < 0 && u->fixed) t.unfix(p->pid);
  u->fixed = next >= 0;
  return next;
}

}  // namespace

int64_t hash_select_replace(Process* p, EtsTable& t, const MatchSpec& ms, int64_t slot, int64_t budget, EtsUpdateWalk* u) {
  Arena scratch;
  return update_slice(p, t, ms, slot, budget, u, [&](Walk&) {
    return [&](uint32_t, EtsHashNode** at, bool* matched) {
      Term object = (*at)->object.tuple;
      Term r = ms_run(p, ms, object, scratch);
      if (r == THE_NON_VALUE || !is_tuple(r) || tuple_arity(r) < t.keypos ||
          !eq_exact(t.key_of(r), t.key_of(object)))
        return &(*at)->next;
      t.hash->replace_at(at, r);
      *matched = true;
      return &(*at)->next;
    };
  });
}

// erts' select_delete leaves a deleted object in place, marked, while others than the walk
// fix the table. Where others may write, it fixes the table itself as it gives way, and on a
// table of many locks it holds a fixation of its own from the start; but on a table of many
// locks its first slice counts one fixation as its own whether it holds it or not.
int64_t hash_select_delete(Process* p, EtsTable& t, const MatchSpec& ms, int64_t slot, int64_t budget, EtsUpdateWalk* u) {
  bool fine = t.locking != EtsLocking::table;
  bool only_writer = t.access != EtsAccess::public_ && t.owner == p->pid;
  uint32_t others = 0;
  for (auto& [pid, count] : t.fixations) others += count;
  if (u->fixed) --others;
  bool marks_at_first = fine ? others + (only_writer ? 0 : 1) > 1 : others > 0;
  bool marks_later = others > 0;
  Arena scratch;
  uint32_t last_slot = UINT32_MAX;
  int64_t next = update_slice(p, t, ms, slot, budget, u, [&](Walk& w) {
    return [&](uint32_t at_slot, EtsHashNode** at, bool* matched) {
      if (ms_run(p, ms, (*at)->object.tuple, scratch) != atoms::true_) return &(*at)->next;
      *matched = true;
      return t.hash->delete_at(at, at_slot, w.trapped ? marks_later : marks_at_first, &last_slot);
    };
  });
  // erts tries to shrink the table as the walk ends, before its own fixation (if any) ends:
  // never where others may write on a table of many locks, nor on one without once it gave way.
  if (next < 0 && u->got && (only_writer || (!fine && !u->trapped))) t.hash->shrink_after_deletions();
  return next;
}

}  // namespace ember
