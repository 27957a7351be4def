// Match specifications over a hash table, walked as erts' select walks it: bucket by bucket
// in lock-stride order (or only the buckets of the keys every clause fixes), results listed
// last found first, chunks ending at bucket boundaries. erts interrupts a walk every 1000
// objects and resumes it later. Here select/2, its relatives, select_count, select_replace
// and select_delete go on over time slices too (the *_step functions); the chunked walks keep
// the few visible effects of erts' interruptions (how a chunk's surplus is carried on), and
// the updating walks keep theirs (whether a deletion leaves a mark, whether select_delete may
// shrink the table), wherever ember's own slices end. All are called with the ETS lock held.
#pragma once

#include <cstdint>

#include "bif/ets_match.h"
#include "vm/process/ets_table.h"
#include "vm/process/process.h"

namespace ember {

Term hash_select(Process* p, EtsTable& t, const MatchSpec& ms);
// Whether hash_select would walk every bucket (no clause fixes the key), and may then take
// more than a time slice.
bool hash_select_walks_all(const EtsTable& t, const MatchSpec& ms);
// hash_select over several time slices: walks from bucket `slot` (0 at first) until about
// `budget` objects have been visited, ending at a bucket boundary, and puts the results in
// front of *acc, where hash_select's list has them. Returns the bucket to go on from, or -1
// at the end. The table must be fixed meanwhile, so that buckets neither split nor merge.
int64_t hash_select_step(Process* p, EtsTable& t, const MatchSpec& ms, uint32_t slot, int64_t budget, Term* acc);
// hash_select_count over several time slices, as hash_select_step, adding to *count.
int64_t hash_select_count_step(Process* p, EtsTable& t, const MatchSpec& ms, uint32_t slot, int64_t budget, int64_t* count);
// erts' select and its relatives give way after this many objects and resume afterwards.
constexpr int64_t ets_iterations_per_cycle = 1000;

// A chunked walk (select/3, select/1 and their relatives) between two of its time slices.
struct EtsChunkWalk {
  int64_t chunk = 0;  // results wanted; 0: all of them
  int64_t slot = 0;   // the bucket to go on from; -1 at the end
  int64_t got = 0;
  int64_t iterations_left = ets_iterations_per_cycle;  // erts' count to its next interruption
  bool trapped = false;  // erts would have given way at least once by now
  bool first = true;     // the first chunk, not one from a continuation
  Term found = NIL;      // the results so far, on the caller's heap, last found first
  Term carried = NIL;    // the surplus the continuation carried over
};
// select/3 and friends: the first chunk of at least w->chunk results (a bucket is never cut),
// with a continuation {Table, Slot, Chunk, Spec, Surplus, SurplusSize} shaped as erts' (the
// specification itself stands where erts keeps its compiled form), walked at once. A walk too
// long for that starts at bucket 0 with hash_chunk_resume instead.
Term hash_select_chunk(Process* p, EtsTable& t, const MatchSpec& ms, Term spec, EtsChunkWalk* w);
// select/1: reads such a continuation c (a 6-tuple) into *w; false if it is not one of t's.
bool hash_chunk_continuation(const EtsTable& t, Term c, EtsChunkWalk* w);
// The next slice of a chunked walk: returns the answer, or THE_NON_VALUE when about `budget`
// objects were visited first; *w then says where to go on, and the table must stay fixed.
Term hash_chunk_resume(Process* p, EtsTable& t, const MatchSpec& ms, Term spec, int64_t budget, EtsChunkWalk* w);
int64_t hash_select_count(Process* p, EtsTable& t, const MatchSpec& ms);

// How far a select_replace or select_delete has gone, carried from one slice to the next.
struct EtsUpdateWalk {
  int64_t got = 0;  // objects replaced or deleted
  int64_t iterations_left = ets_iterations_per_cycle;  // erts' count to its next interruption
  bool trapped = false;        // erts would have given way at least once by now
  bool fixed = false;          // fixed by the walk, to go on in a later slice
};
// One slice of select_replace or select_delete: from bucket `slot` on (-1 for the start,
// where the buckets of keys the clauses fix are all a walk visits) until about `budget`
// objects have been visited. Returns the bucket to go on from, or -1 at the end. Between
// slices the walk keeps the table fixed (for p), so that its buckets neither split nor merge;
// at the end it unfixes it, and select_delete shrinks it where erts would.
int64_t hash_select_replace(Process* p, EtsTable& t, const MatchSpec& ms, int64_t slot, int64_t budget, EtsUpdateWalk* u);
int64_t hash_select_delete(Process* p, EtsTable& t, const MatchSpec& ms, int64_t slot, int64_t budget, EtsUpdateWalk* u);

}  // namespace ember
