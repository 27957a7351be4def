// The literal areas of purged code, freed only once no process refers to them, as erts' literal
// area collector does it: a purge queues the area and tells the collector process
// (erts_literal_area_collector, preloaded), which makes it current, asks every process to copy
// what it still refers to in it onto its own heap, and when all have answered frees it and
// takes the next. Nothing else can refer to a literal area: messages, ETS, persistent terms and
// timers hold copies (vm/term/copy.h), so a process's heap is the only place to look.
#pragma once

#include <memory>

#include "vm/code/module.h"

namespace ember {

// The collector process, once one runs (without one, purged literals stay for good).
void set_literal_area_collector(Term pid);
Term literal_area_collector();

// A purged module, its code gone: its literals wait for their turn.
void literal_area_queue(std::unique_ptr<Module> m);
// erts_literal_area_collector:release_area_switch/0: frees the current area, which every
// process has been asked about, and makes the next queued one current; false if none is left.
bool literal_area_switch();
// The area being released, or null; it changes only by literal_area_switch, which only the
// collector calls, so it stays put while the collector uses it.
const Arena* literal_area_current();
// erlang:system_flag(outstanding_system_requests_limit, N): how many requests the code purger
// and the collector keep out at once; erts' default is twice the schedulers.
uint64_t outstanding_requests_limit();
// Returns the old limit.
uint64_t set_outstanding_requests_limit(uint64_t limit);

// Bytes the queued and current areas hold (erlang:memory(system) counts them, as erts).
size_t literal_area_bytes();

}  // namespace ember
