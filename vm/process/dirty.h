// Dirty schedulers: threads beside the normal schedulers for BIFs and NIFs that may take long
// without counting reductions, file operations above all (dirty I/O), as in erts. A process
// that calls one leaves its normal scheduler with the call pending (Process::dirty_call), a
// dirty scheduler of the call's kind runs it holding the process's lock, and the process goes
// back to a normal run queue with the result. Meanwhile it stays `running`: signals sent to it
// wait in its queue, as they wait for any process in the middle of a slice.
#pragma once

#include <cstddef>
#include <vector>

#include "vm/code/export.h"
#include "vm/process/process.h"

namespace ember {

// +SDcpu Total:Online and +SDio Total; 0 means erts' default (as many dirty CPU schedulers as
// normal ones, 10 dirty I/O ones). Before run_schedulers.
void configure_dirty_schedulers(unsigned cpu, unsigned cpu_online, unsigned io);
// The counts in effect: the dirty CPU ones are never more than the normal schedulers, nor
// more online than normal ones online.
struct DirtyCounts {
  unsigned cpu;
  unsigned cpu_online;
  unsigned io;
};
DirtyCounts dirty_scheduler_counts();
// system_flag(dirty_cpu_schedulers_online, N), 1 <= n <= min(dirty CPU schedulers, normal
// ones online); returns the previous value.
unsigned set_dirty_cpu_online(unsigned n);
// The normal schedulers online went from `from` to `to`: the dirty CPU ones online follow in
// proportion, as erts reckons it.
void dirty_follow_schedulers_online(unsigned from, unsigned to);

// Starts the threads (run_schedulers does, once), and stops them when the VM halts.
void start_dirty_schedulers();
void stop_dirty_schedulers();

// p left its normal scheduler with p->dirty_call pending (its registers saved, its lock not
// held): a dirty scheduler of that call's kind takes it.
void dirty_submit(Process* p);

// For statistics/1: processes waiting for a dirty scheduler of a kind, and those running on one.
struct DirtyQueueLengths {
  size_t waiting;
  size_t running;
};
DirtyQueueLengths dirty_queue_lengths(DirtyKind kind);

// For statistics(scheduler_wall_time): per dirty scheduler, nanoseconds spent running calls
// since the last reset (when the measurement was turned on), CPU ones first.
void dirty_wall_time_reset();
struct DirtyWallTime {
  DirtyKind kind;
  uint64_t active_nanos;
};
void dirty_wall_time(std::vector<DirtyWallTime>& out);

}  // namespace ember
