// Match specifications over a hash table, walked as erts' select walks it: bucket by bucket
// in lock-stride order (or only the buckets of the keys every clause fixes), results listed
// last found first, chunks ending at bucket boundaries. erts interrupts a walk every 1000
// objects and resumes it later; ember walks at once but keeps the few visible effects of
// those interruptions (how a chunk's surplus is carried on, whether select_delete may shrink
// the table). All but hash_select_continue are called with the ETS lock held.
#pragma once

#include <cstdint>

#include "bif/ets_match.h"
#include "vm/process/ets_table.h"
#include "vm/process/process.h"

namespace ember {

Term hash_select(Process* p, EtsTable& t, const MatchSpec& ms);
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
