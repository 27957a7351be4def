// Match specifications over a hash table, walked as erts' select walks it: bucket by bucket
// in lock-stride order (or only the buckets of the keys every clause fixes), results listed
// last found first, chunks ending at bucket boundaries. erts interrupts a walk every 1000
// objects and resumes it later. Here select/2, its relatives and select_count go on over time
// slices too (hash_select_step, hash_select_count_step); the chunked walks, select_delete and
// select_replace walk at once but keep the few visible effects of those interruptions (how a
// chunk's surplus is carried on, whether select_delete may shrink the table). All but
// hash_select_continue are called with the ETS lock held.
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
// select/3 and friends: the first chunk of at least `chunk` results (a bucket is never cut),
// with a continuation {Table, Slot, Chunk, Spec, Surplus, SurplusSize} shaped as erts' (the
// specification itself stands where erts keeps its compiled form).
Term hash_select_chunk(Process* p, EtsTable& t, const MatchSpec& ms, Term spec, int64_t chunk);
// select/1 with such a continuation; takes the ETS lock.
Term hash_select_continue(Process* p, Term continuation);
int64_t hash_select_count(Process* p, EtsTable& t, const MatchSpec& ms);
int64_t hash_select_replace(Process* p, EtsTable& t, const MatchSpec& ms);
int64_t hash_select_delete(Process* p, EtsTable& t, const MatchSpec& ms);

}  // namespace ember
