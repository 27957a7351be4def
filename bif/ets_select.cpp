// ets:match, match_object, select, select_count, select_replace and select_delete: running a
// match specification over a table (ets_match.cpp evaluates it), whole or in chunks. A hash
// table is walked as erts walks it (ets_hash_walk.h); an ordered_set in key order. A whole
// walk, whole or chunked, yields when its time slice is spent.
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

// ---- select/2, its relatives and select_count over several time slices --------------------
// A walk longer than what is left of the slice goes on in a continuation, as erts' select
// traps, holding in its registers the call's own two arguments (an error shows them), the
// table's reference, the specification compiled, where to go on, the results so far (in front
// of the list; select_count's count) and the direction. A hash table stays fixed meanwhile, so
// that its buckets neither split nor merge (ets:info safe_fixed shows it, as in erts); an
// ordered_set goes on after the last key visited, seeing what came and went meanwhile as
// erts' does.

enum SelectRegister : unsigned { arg0, arg1, tid, spec_ref, position, acc, backwards, function, select_registers };

Term select_resume(Process* p, Term* x);

Export* select_continuation(Term function) {
  static Export* const continuations[] = {
      bif_continuation(atom_put("ets"), atom_put("select"), select_registers, select_resume, export_put(atom_put("ets"), atom_put("select"), 2)),
      bif_continuation(atom_put("ets"), atom_put("select_reverse"), select_registers, select_resume,
                       export_put(atom_put("ets"), atom_put("select_reverse"), 2)),
      bif_continuation(atom_put("ets"), atom_put("match"), select_registers, select_resume, export_put(atom_put("ets"), atom_put("match"), 2)),
      bif_continuation(atom_put("ets"), atom_put("match_object"), select_registers, select_resume,
                       export_put(atom_put("ets"), atom_put("match_object"), 2)),
      bif_continuation(atom_put("ets"), atom_put("select_count"), select_registers, select_resume,
                       export_put(atom_put("ets"), atom_put("select_count"), 2))};
  for (Export* e : continuations)
    if (e->function == function) return e;
  return nullptr;
}

// Visits an ordered_set's objects after *key (from the first, when THE_NON_VALUE) until the
// slice is spent, calling visit(object) and leaving in *key the last key visited; true at the
// end of the table.
template <typename Visit>
bool tree_step(Process* p, EtsTable& t, bool reverse, Term* key, Visit visit_object) {
  int64_t left = ets_walk_budget(p), allowed = left;
  const Term* last = nullptr;
  auto visit = [&](EtsTree::iterator it) {
    visit_object(it->second.tuple);
    last = &it->first;
    --left;
  };
  bool first = *key == THE_NON_VALUE, done;
  if (!reverse) {
    auto it = first ? t.tree.begin() : t.tree.upper_bound(*key);
    for (; it != t.tree.end() && left > 0; ++it) visit(it);
    done = it == t.tree.end();
  } else {
    auto it = first ? t.tree.end() : t.tree.lower_bound(*key);
    while (it != t.tree.begin() && left > 0) visit(--it);
    done = it == t.tree.begin();
  }
  if (last && !done) *key = ets_copy_out(p, *last);
  ets_charge_walk(p, uint64_t(allowed - left));
  return done;
}

// tree_step for select/2 and its relatives: the results go in front of *acc (so in reverse).
bool tree_select_step(Process* p, EtsTable& t, const MatchSpec& ms, bool reverse, Term* key, Term* acc) {
  Arena scratch;
  std::vector<Term> found;
  bool done = tree_step(p, t, reverse, key, [&](Term object) {
    Term r = ms_run(p, ms, object, scratch);
    if (r != THE_NON_VALUE) found.push_back(ets_copy_out(p, r));
  });
  ProcessHeap heap(p);
  for (Term r : found) *acc = cons(heap, r, *acc);
  return done;
}

bool tree_count_step(Process* p, EtsTable& t, const MatchSpec& ms, Term* key, int64_t* count) {
  Arena scratch;
  return tree_step(p, t, false, key, [&](Term object) {
    if (ms_run(p, ms, object, scratch) == atoms::true_) ++*count;
  });
}

Term select_resume(Process* p, Term* x) {
  const MatchSpec& ms = *ms_compiled(x[spec_ref]);
  bool counting = x[function] == atom_put("select_count");
  int64_t count = counting ? small_value(x[acc]) : 0;
  bool hash, done;
  {
    EtsLocked t(x[tid], p->pid, EtsNeed::read, EtsOp::read_all);
    if (!t) return ets_table_badarg(p, t);  // deleted meanwhile, and its fixation with it
    hash = t->hash != nullptr;
    if (hash) {
      uint32_t slot = uint32_t(small_value(x[position]));
      int64_t budget = ets_walk_budget(p);
      int64_t next = counting ? hash_select_count_step(p, *t, ms, slot, budget, &count)
                              : hash_select_step(p, *t, ms, slot, budget, &x[acc]);
      done = next < 0;
      if (!done) x[position] = make_small(next);
    } else {
      Term key = x[position] == NIL ? THE_NON_VALUE : tuple_element(x[position], 0);
      done = counting ? tree_count_step(p, *t, ms, &key, &count)
                      : tree_select_step(p, *t, ms, x[backwards] == atoms::true_, &key, &x[acc]);
      ProcessHeap heap(p);
      if (!done) x[position] = tuple(heap, key);
    }
  }
  if (counting) x[acc] = make_small(count);
  if (!done) return bif_yield(p, select_continuation(x[function]));
  if (hash) {
    EtsLocked t(x[tid], p->pid, EtsNeed::read, EtsOp::write_all);
    if (t) t->unfix(p->pid);
    return x[acc];
  }
  if (counting) return x[acc];
  static Export* reverse = export_put(atom_put("lists"), atom_put("reverse"), 2);
  x[0] = x[acc];
  x[1] = NIL;
  return bif_trap(p, reverse);
}

// Whether the walk visits every object (no clause fixes the key) of a table too big for what
// is left of the slice.
bool long_walk(Process* p, const EtsTable& t, const MatchSpec& ms) {
  if (int64_t(t.size()) <= ets_walk_budget(p)) return false;
  if (t.hash) return hash_select_walks_all(t, ms);
  return !(ms.clauses.size() == 1 && ms_bound_key(ms.clauses[0].head, t.keypos) != THE_NON_VALUE);
}

// Makes the registers ready for select_resume to walk the table a[0] with `spec`, from its
// start; false after raising badarg if the table went meanwhile. `a` holds the arguments of
// `called` (select, select_reverse, match, match_object or select_count, of arity 2).
bool start_long_walk(Process* p, Term* a, Term spec, bool reverse, const char* called) {
  Term compiled = ms_compile_ref(p, spec);
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::write_all);
  if (!t) return ets_table_badarg(p, t), false;
  if (t->hash) ets_fix(*t, p);
  a[tid] = ets_copy_out(p, t->ref);
  a[spec_ref] = compiled;
  a[position] = t->hash ? make_small(0) : NIL;
  a[function] = atom_put(called);
  a[acc] = a[function] == atom_put("select_count") ? make_small(0) : NIL;
  a[backwards] = boolean(reverse);
  return true;
}

// The results of a specification over a table, copied out as a list; or, for a long walk,
// THE_NON_VALUE with *long_one set and the registers made ready for select_resume.
Term select(Process* p, Term* a, Term spec, bool reverse, const char* called, bool* long_one) {
  {
    WalkSetup w(p, a[0], spec, EtsNeed::read);
    if (!w.ok) return THE_NON_VALUE;
    EtsTable* t = w.t.get();
    const MatchSpec& ms = w.ms;
    if (!long_walk(p, *t, ms)) {
      if (t->hash) return hash_select(p, *t, ms);
      Arena scratch;
      std::vector<Term> results;
      each_tree_candidate(*t, ms, reverse, [&](EtsTree::iterator, Term object) {
        Term r = ms_run(p, ms, object, scratch);
        if (r != THE_NON_VALUE) results.push_back(r);
      });
      return copy_out_list(p, results);
    }
  }
  *long_one = start_long_walk(p, a, spec, reverse, called);
  return THE_NON_VALUE;
}

// select/2 and its relatives: at once, or over several slices.
Term select_all(Process* p, Term* a, Term spec, bool reverse, const char* called) {
  bool long_one = false;
  Term result = select(p, a, spec, reverse, called, &long_one);
  return long_one ? select_resume(p, a) : result;  // the table unlocked by then
}

// ---- select/3, select/1 and their relatives over several time slices ---------------------
// A chunk's walk may visit the whole table (a specification that seldom matches), so it too
// goes on in a continuation when longer than what is left of the slice, holding the call's own
// arguments (x[0..arity)), the table's reference, the specification (compiled, and as the
// continuation shows it), the results so far (last found first) and where the walk is. A hash
// table stays fixed meanwhile.

enum ChunkRegister : unsigned {
  c_tid = 3, c_spec_ref, c_spec, c_table, c_found, c_state, c_carried, c_function, c_arity, chunk_registers
};

Term chunk_resume(Process* p, Term* x);

Export* chunk_continuation(Term function, unsigned arity) {
  static const char* const names[] = {"select", "select_reverse", "match", "match_object"};
  static const std::vector<Export*> continuations = [] {
    std::vector<Export*> all;
    for (unsigned n : {3u, 1u})
      for (const char* name : names)
        all.push_back(bif_continuation(atom_put("ets"), atom_put(name), chunk_registers, chunk_resume,
                                       export_put(atom_put("ets"), atom_put(name), n)));
    return all;
  }();
  for (Export* e : continuations)
    if (e->function == function && e->fails_as->arity == arity) return e;
  return nullptr;
}

// An ordered_set's chunked walk: its continuation is {Table, Resume, Spec, Limit, Reverse},
// Resume being {Key} for the first key not yet visited, or [] when the walk is over. Its shape
// is ember's own; erts' is just as opaque to callers.
struct TreeChunk {
  Term table, spec;
  int64_t limit;
  bool reverse;
  Term position = NIL;  // {Key} of the first key not yet visited; [] at the start
  Term found = NIL;     // on p's heap, last found first
  int64_t count = 0;
};

// Walks on until the chunk is full, the table ends or `budget` objects have been visited.
// Returns the answer, or THE_NON_VALUE when the budget ran out first (c says where to go on).
Term tree_chunk_slice(Process* p, EtsTable& t, const MatchSpec& ms, int64_t budget, TreeChunk* c) {
  Arena scratch;
  std::vector<Term> results;
  int64_t visited = 0;
  auto visit = [&](EtsTree::iterator it) {
    Term r = ms_run(p, ms, it->second.tuple, scratch);
    if (r != THE_NON_VALUE) results.push_back(r);
    ++visited;
  };
  auto more = [&] { return c->count + int64_t(results.size()) < c->limit && visited < budget; };
  bool first = c->position == NIL;
  Term next = THE_NON_VALUE;  // the key to resume at, if the walk is not over
  Term key = ms.clauses.size() == 1 ? ms_bound_key(ms.clauses[0].head, t.keypos) : THE_NON_VALUE;
  if (key != THE_NON_VALUE) {  // one key, all in the first chunk
    auto it = t.tree.find(key);
    if (first && it != t.tree.end()) visit(it);
  } else if (!c->reverse) {
    auto it = first ? t.tree.begin() : t.tree.lower_bound(tuple_element(c->position, 0));
    while (it != t.tree.end() && more()) visit(it++);
    if (it != t.tree.end()) next = it->first;
  } else {
    auto it = first ? t.tree.end() : t.tree.upper_bound(tuple_element(c->position, 0));
    while (it != t.tree.begin() && more()) visit(--it);
    if (it != t.tree.begin()) next = std::prev(it)->first;
  }
  ets_charge_walk(p, uint64_t(visited));
  for (Term r : results) {
    Term copy = ets_copy_out(p, r);
    ProcessHeap heap(p);
    c->found = cons(heap, copy, c->found);
  }
  c->count += int64_t(results.size());
  Term resume_at = NIL;
  if (next != THE_NON_VALUE) {
    Term k = ets_copy_out(p, next);
    ProcessHeap heap(p);
    resume_at = tuple(heap, k);
  }
  if (resume_at != NIL && c->count < c->limit) {
    c->position = resume_at;
    return THE_NON_VALUE;
  }
  if (c->count == 0) return atom_put("$end_of_table");
  ProcessHeap heap(p);
  Term matches = NIL;
  for (Term l = c->found; is_list(l); l = tail(l)) matches = cons(heap, head(l), matches);
  Term continuation = tuple(heap, c->table, resume_at, c->spec, make_small(c->limit), boolean(c->reverse));
  return tuple(heap, matches, continuation);
}

// The walk's state in registers (beside c_found and the table's), and back.
Term hash_state(Process* p, const EtsChunkWalk& w) {
  ProcessHeap heap(p);
  return tuple(heap, make_small(w.chunk), make_small(w.slot), make_small(w.got), make_small(w.iterations_left),
               boolean(w.trapped), boolean(w.first));
}

EtsChunkWalk hash_walk_of(const Term* x) {
  const Term* e = tuple_elements(x[c_state]);
  EtsChunkWalk w;
  w.chunk = small_value(e[0]);
  w.slot = small_value(e[1]);
  w.got = small_value(e[2]);
  w.iterations_left = small_value(e[3]);
  w.trapped = e[4] == atoms::true_;
  w.first = e[5] == atoms::true_;
  w.found = x[c_found];
  w.carried = x[c_carried];
  return w;
}

Term tree_state(Process* p, const TreeChunk& c) {
  ProcessHeap heap(p);
  return tuple(heap, make_small(c.limit), boolean(c.reverse), c.position, make_small(c.count));
}

TreeChunk tree_chunk_of(const Term* x) {
  const Term* e = tuple_elements(x[c_state]);
  TreeChunk c{x[c_table], x[c_spec], small_value(e[0]), e[1] == atoms::true_};
  c.position = e[2];
  c.count = small_value(e[3]);
  c.found = x[c_found];
  return c;
}

Term chunk_resume(Process* p, Term* x) {
  const MatchSpec& ms = *ms_compiled(x[c_spec_ref]);
  Term result;
  bool hash;
  {
    EtsLocked t(x[c_tid], p->pid, EtsNeed::read, EtsOp::read_all);
    if (!t) return ets_table_badarg(p, t);  // deleted meanwhile, and its fixation with it
    hash = t->hash != nullptr;
    if (hash) {
      EtsChunkWalk w = hash_walk_of(x);
      result = hash_chunk_resume(p, *t, ms, x[c_spec], ets_walk_budget(p), &w);
      x[c_found] = w.found;
      x[c_state] = hash_state(p, w);
    } else {
      TreeChunk c = tree_chunk_of(x);
      result = tree_chunk_slice(p, *t, ms, ets_walk_budget(p), &c);
      x[c_found] = c.found;
      x[c_state] = tree_state(p, c);
    }
  }
  if (result == THE_NON_VALUE) return bif_yield(p, chunk_continuation(x[c_function], unsigned(small_value(x[c_arity]))));
  if (hash) {
    EtsLocked t(x[c_tid], p->pid, EtsNeed::read, EtsOp::write_all);
    if (t) t->unfix(p->pid);
  }
  return result;
}

// Sets up the registers for chunk_resume, fixing a hash table; false after raising badarg if
// the table went meanwhile. `state` is the walk's, as hash_state or tree_state make it.
bool start_chunk_walk(Process* p, Term* a, unsigned arity, const char* called, Term table, Term spec, Term found,
                      Term state, Term carried) {
  Term compiled = ms_compile_ref(p, spec);
  EtsLocked t(table, p->pid, EtsNeed::read, EtsOp::write_all);
  if (!t) return ets_table_badarg(p, t), false;
  if (t->hash) ets_fix(*t, p);
  for (unsigned i = arity; i < c_tid; i++) a[i] = NIL;
  a[c_tid] = ets_copy_out(p, t->ref);
  a[c_spec_ref] = compiled;
  a[c_spec] = spec;
  a[c_table] = table;
  a[c_found] = found;
  a[c_state] = state;
  a[c_carried] = carried;
  a[c_function] = atom_put(called);
  a[c_arity] = make_small(arity);
  return true;
}

// select/3 and its relatives (a: their arguments): at once, or over several slices.
Term select_chunk(Process* p, Term* a, Term spec, bool reverse, const char* called) {
  Term table = a[0], limit = a[2];
  if (!is_small(limit) || small_value(limit) < 1) return badarg(p);
  Term state;
  {
    WalkSetup w(p, table, spec, EtsNeed::read);
    if (!w.ok) return THE_NON_VALUE;
    EtsTable* t = w.t.get();
    bool long_one = long_walk(p, *t, w.ms);
    if (t->hash) {
      EtsChunkWalk cw;
      cw.chunk = small_value(limit);
      if (!long_one) return hash_select_chunk(p, *t, w.ms, spec, &cw);
      state = hash_state(p, cw);
    } else {
      TreeChunk c{table, spec, small_value(limit), reverse};
      if (!long_one) return tree_chunk_slice(p, *t, w.ms, INT64_MAX, &c);
      state = tree_state(p, c);
    }
  }
  if (!start_chunk_walk(p, a, 3, called, table, spec, NIL, state, NIL)) return THE_NON_VALUE;
  return chunk_resume(p, a);
}

// select/1, match/1, match_object/1 and select_reverse/1: the next chunk of a walk.
Term select_continue(Process* p, Term* a, const char* called) {
  Term continuation = a[0];
  if (continuation == atom_put("$end_of_table")) return continuation;
  if (!is_tuple(continuation)) return badarg(p);
  bool hash = tuple_arity(continuation) == 6;
  if (!hash && tuple_arity(continuation) != 5) return badarg(p);
  Term table = tuple_element(continuation, 0), spec = tuple_element(continuation, 3);
  TreeChunk c{table, THE_NON_VALUE, 0, false};
  if (!hash) {
    Term resume = tuple_element(continuation, 1), limit = tuple_element(continuation, 3);
    if (resume == NIL) return atom_put("$end_of_table");
    if (!is_tuple(resume) || tuple_arity(resume) != 1) return badarg(p);
    if (!is_small(limit) || small_value(limit) < 1) return badarg(p);
    spec = tuple_element(continuation, 2);
    c = TreeChunk{table, spec, small_value(limit), tuple_element(continuation, 4) == atoms::true_};
    c.position = resume;
  }
  Term state;
  EtsChunkWalk cw;
  {
    WalkSetup w(p, table, spec, EtsNeed::read);
    if (!w.ok) return THE_NON_VALUE;
    EtsTable* t = w.t.get();
    if (!t->hash != !hash) return badarg(p);
    bool long_one = long_walk(p, *t, w.ms);
    if (hash) {
      if (!hash_chunk_continuation(*t, continuation, &cw)) return badarg(p);
      if (!long_one) return hash_chunk_resume(p, *t, w.ms, spec, INT64_MAX, &cw);
      state = hash_state(p, cw);
    } else {
      if (!long_one) return tree_chunk_slice(p, *t, w.ms, INT64_MAX, &c);
      state = tree_state(p, c);
    }
  }
  if (!start_chunk_walk(p, a, 1, called, table, spec, cw.found, state, cw.carried)) return THE_NON_VALUE;
  return chunk_resume(p, a);
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

Term ets_select_2(Process* p, Term* a) { return select_all(p, a, a[1], false, "select"); }

Term ets_select_reverse_2(Process* p, Term* a) { return select_all(p, a, a[1], reverses(a[0]), "select_reverse"); }

Term ets_select_3(Process* p, Term* a) { return select_chunk(p, a, a[1], false, "select"); }

Term ets_select_reverse_3(Process* p, Term* a) { return select_chunk(p, a, a[1], reverses(a[0]), "select_reverse"); }

Term ets_match_3(Process* p, Term* a) {
  Arena arena;
  return select_chunk(p, a, ets_copy_out(p, pattern_spec(arena, a[1], "$$")), false, "match");
}

Term ets_match_object_3(Process* p, Term* a) {
  Arena arena;
  return select_chunk(p, a, ets_copy_out(p, pattern_spec(arena, a[1], "$_")), false, "match_object");
}

Term ets_select_1(Process* p, Term* a) { return select_continue(p, a, "select"); }
Term ets_select_reverse_1(Process* p, Term* a) { return select_continue(p, a, "select_reverse"); }
Term ets_match_1(Process* p, Term* a) { return select_continue(p, a, "match"); }
Term ets_match_object_1(Process* p, Term* a) { return select_continue(p, a, "match_object"); }

Term ets_match_2(Process* p, Term* a) {
  Arena arena;
  return select_all(p, a, pattern_spec(arena, a[1], "$$"), false, "match");
}

Term ets_match_object_2(Process* p, Term* a) {
  Arena arena;
  return select_all(p, a, pattern_spec(arena, a[1], "$_"), false, "match_object");
}

Term ets_select_count_2(Process* p, Term* a) {
  {
    WalkSetup w(p, a[0], a[1], EtsNeed::read);
    if (!w.ok) return THE_NON_VALUE;
    EtsTable* t = w.t.get();
    const MatchSpec& ms = w.ms;
    if (!long_walk(p, *t, ms)) {
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
  }
  return start_long_walk(p, a, a[1], false, "select_count") ? select_resume(p, a) : THE_NON_VALUE;
}

namespace {

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

// ---- select_replace and select_delete over several time slices -----------------------------
// These walks give way when the slice is spent too, as erts' do. An ordered_set's walk goes on
// after the last key it visited; a hash table's from the next bucket, the table fixed
// meanwhile (ets_hash_walk.h). The continuation holds the call's two arguments, the table's
// reference, the specification compiled, where to go on (a bucket; for an ordered_set, [] at
// first and then {Key}) and the walk's progress.

enum UpdateRegister : unsigned { u_arg0, u_arg1, u_tid, u_spec, u_position, u_got, u_iterations, u_flags, update_registers };

Term update_resume(Process* p, Term* x, bool deleting);
Term delete_resume(Process* p, Term* x) { return update_resume(p, x, true); }
Term replace_resume(Process* p, Term* x) { return update_resume(p, x, false); }

Export* update_continuation(bool deleting) {
  static Export* const delete_continuation =
      bif_continuation(atom_put("ets"), atom_put("internal_select_delete"), update_registers, delete_resume,
                       export_put(atom_put("ets"), atom_put("internal_select_delete"), 2));
  static Export* const replace_continuation =
      bif_continuation(atom_put("ets"), atom_put("select_replace"), update_registers, replace_resume,
                       export_put(atom_put("ets"), atom_put("select_replace"), 2));
  return deleting ? delete_continuation : replace_continuation;
}

// The stored object at `key` becomes `replacement`, whose key is equal to it.
void tree_replace(EtsTable& t, Term key, Term replacement) {
  // The map's key lives in the object it replaces: re-key the node to the new copy.
  auto node = t.tree.extract(key);
  node.mapped() = ets_stored_copy(replacement, t.compressed ? t.keypos : 0);
  node.key() = t.key_of(node.mapped().tuple);
  t.tree.insert(std::move(node));
}

// One slice of select_replace or select_delete over an ordered_set: from after *key (from the
// first object when THE_NON_VALUE; only that key when the specification fixes one), as
// tree_step. Changes are made once the slice's walk is over, which they would derail.
bool tree_update_step(Process* p, EtsTable& t, const MatchSpec& ms, bool deleting, Term* key, int64_t* got) {
  Arena results;  // copies, so that no replacement shares a stored object's storage
  std::vector<std::pair<Term, Term>> changes;  // key, replacement (or none, to delete)
  auto visit = [&](Term object) {
    Term r = ms_run(p, ms, object, results);
    if (deleting) {
      if (r == atoms::true_) changes.emplace_back(t.key_of(object), THE_NON_VALUE);
    } else if (r != THE_NON_VALUE && is_tuple(r) && tuple_arity(r) >= t.keypos &&
               eq_exact(t.key_of(r), t.key_of(object))) {
      changes.emplace_back(t.key_of(object), copy_term(results, r));
    }
  };
  bool done = true;
  bool one_key = *key == THE_NON_VALUE && ms.clauses.size() == 1 &&
                 ms_bound_key(ms.clauses[0].head, t.keypos) != THE_NON_VALUE;
  if (one_key) each_tree_candidate(t, ms, false, [&](EtsTree::iterator, Term object) { visit(object); });
  else done = tree_step(p, t, false, key, visit);
  for (auto& [k, replacement] : changes) {
    if (deleting) t.tree.erase(k);
    else tree_replace(t, k, replacement);
  }
  *got += int64_t(changes.size());
  return done;
}

// One slice of either walk; *position as the continuation holds it. True at the end.
bool update_step(Process* p, EtsTable& t, const MatchSpec& ms, bool deleting, Term* position, EtsUpdateWalk* u) {
  int64_t budget = ets_walk_budget(p);
  if (t.hash) {
    int64_t slot = small_value(*position);
    int64_t next = deleting ? hash_select_delete(p, t, ms, slot, budget, u)
                            : hash_select_replace(p, t, ms, slot, budget, u);
    *position = make_small(next);
    return next < 0;
  }
  Term key = *position == NIL ? THE_NON_VALUE : tuple_element(*position, 0);
  if (tree_update_step(p, t, ms, deleting, &key, &u->got)) return true;
  ProcessHeap heap(p);
  *position = tuple(heap, key);
  return false;
}

constexpr int64_t trapped_flag = 1, fixed_flag = 2;

void save_progress(Term* x, const EtsUpdateWalk& u) {
  x[u_got] = make_small(u.got);
  x[u_iterations] = make_small(u.iterations_left);
  x[u_flags] = make_small((u.trapped ? trapped_flag : 0) | (u.fixed ? fixed_flag : 0));
}

EtsUpdateWalk saved_progress(const Term* x) {
  int64_t flags = small_value(x[u_flags]);
  return {small_value(x[u_got]), small_value(x[u_iterations]), (flags & trapped_flag) != 0, (flags & fixed_flag) != 0};
}

Term update_resume(Process* p, Term* x, bool deleting) {
  EtsUpdateWalk u = saved_progress(x);
  bool done;
  {
    EtsLocked t(x[u_tid], p->pid, EtsNeed::write, EtsOp::write_all);
    if (!t) return ets_table_badarg(p, t);  // deleted meanwhile, and its fixation with it
    done = update_step(p, *t, *ms_compiled(x[u_spec]), deleting, &x[u_position], &u);
  }
  if (!done) {
    save_progress(x, u);
    return bif_yield(p, update_continuation(deleting));
  }
  ProcessHeap heap(p);
  return make_integer(heap, u.got);
}

// select_replace/2 and internal_select_delete/2: the first slice, and the rest if need be.
Term update(Process* p, Term* a, bool deleting) {
  EtsUpdateWalk u;
  bool done;
  {
    WalkSetup w(p, a[0], a[1], EtsNeed::write);
    if (!w.ok) return THE_NON_VALUE;
    EtsTable* t = w.t.get();
    if (!deleting && t->type == EtsType::bag) return badarg_because(p, atom_put("table_type"));
    if (!deleting && !retains_key(w.ms, t->keypos)) return badarg(p);
    a[u_position] = t->hash ? make_small(-1) : NIL;
    done = update_step(p, *t, w.ms, deleting, &a[u_position], &u);
    if (!done) a[u_tid] = ets_copy_out(p, t->ref);
  }
  if (done) {
    ProcessHeap heap(p);
    return make_integer(heap, u.got);
  }
  a[u_spec] = ms_compile_ref(p, a[1]);
  save_progress(a, u);
  return bif_yield(p, update_continuation(deleting));
}

}  // namespace

Term ets_select_replace_2(Process* p, Term* a) { return update(p, a, false); }

Term ets_internal_select_delete_2(Process* p, Term* a) { return update(p, a, true); }

}  // namespace ember
