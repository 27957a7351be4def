// Schedulers: one thread per core runs processes from its run queues. The registers the
// interpreter works in belong to the scheduler, not the process, which keeps processes small.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "vm/process/process.h"
#include "vm/process/timer.h"

namespace ember {

inline constexpr unsigned max_x_registers = 1024;
inline constexpr int reductions_per_slice = 4000;

class RunQueue {
 public:
  void push(Process* p);
  // Highest priority first; round robin within a priority. Low and normal share one queue, as
  // in erts: a low priority process gives its turn to the next process a few times before it
  // runs, so it runs less often than normal ones but is never starved by them.
  Process* pop();
  bool empty() const { return length_ == 0; }
  size_t length() const { return length_; }

 private:
  struct Fifo {
    Process* head = nullptr;
    Process* tail = nullptr;
  };
  Fifo fifos_[4];
  size_t length_ = 0;
};

struct Scheduler {
  unsigned id = 0;
  Term x[max_x_registers + 4] = {};
  double fr[max_x_registers] = {};
  // The binary being built by the OTP 24 construction instructions (bs_init2, bs_put_*).
  uint8_t* bs_data = nullptr;
  uint64_t bs_offset = 0;

  RunQueue run_queue;
  Timers timers;
  std::mutex lock;                 // guards run_queue against other threads' wake-ups
  std::condition_variable wakeup;
  Process* current = nullptr;
  // For statistics/1: processes switched in, and reductions of the slices that ended.
  uint64_t context_switches = 0;
  uint64_t reductions = 0;
  // For scheduler_wall_time, while it is on: when it was turned on, and time spent asleep
  // since then (monotonic nanoseconds).
  int64_t wall_time_start = 0;
  int64_t asleep_nanos = 0;
};

// Makes a waiting process runnable (from any thread); a no-op if it is already runnable.
void schedule(Process* p);
// Runs schedulers until the VM halts; returns the exit status.
int run_schedulers();
// Asks every scheduler to stop; run_schedulers returns `status`.
void request_halt(int status);
bool halt_requested();

Scheduler& current_scheduler();
// Whether the calling thread is the one running processes (not a reader or dirty I/O thread).
bool on_scheduler_thread();

// What statistics/1 reports of the schedulers, summed over all of them: reductions include
// those the calling process has used in its current slice.
struct SchedulerStatistics {
  uint64_t context_switches;
  uint64_t reductions;
  size_t runnable;  // processes in run queues
  size_t running;   // processes being run (the caller among them)
};
SchedulerStatistics scheduler_statistics(const Process* caller);

// statistics(scheduler_wall_time): per scheduler, the time it was busy (not asleep waiting for
// work) and the time that passed, since the measurement was turned on.
struct SchedulerWallTime {
  unsigned id;
  uint64_t active_nanos;
  uint64_t total_nanos;
};
// Turns the measurement on (from zero) or off; returns whether it was on.
bool set_scheduler_wall_time(bool on);
// False when the measurement is off.
bool scheduler_wall_time(std::vector<SchedulerWallTime>& out);

}  // namespace ember
