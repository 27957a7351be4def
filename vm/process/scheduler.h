// Schedulers: one thread per core runs processes from its run queues. The registers the
// interpreter works in belong to the scheduler, not the process, which keeps processes small.
// A process runs on one scheduler at a time, which holds its lock for the slice; a scheduler
// with nothing to run steals from the others, and sleeps on the OS when there is nothing to
// steal either, until work or its next timer comes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <memory>
#include <vector>

#include "vm/process/process.h"
#include "vm/process/timer.h"

namespace ember {

inline constexpr unsigned max_x_registers = 1024;
inline constexpr int reductions_per_slice = 4000;
// How long a scheduler that runs out of work spins for more before it sleeps on the OS, when
// work is likely to come at once: a normal one while its processes are away on dirty
// schedulers, a dirty one after a call. The hand-over of a process to a thread that sleeps
// costs tens of microseconds; spinning follows work only, so an idle VM still never wakes.
inline constexpr int64_t idle_spin_nanos = 50000;

class RunQueue {
 public:
  void push(Process* p);
  // Highest priority first; round robin within a priority. Low and normal share one queue, as
  // in erts: a low priority process gives its turn to the next process a few times before it
  // runs, so it runs less often than normal ones but is never starved by them.
  Process* pop();
  // For another scheduler with nothing to run: the oldest process of the highest priority that
  // is not bound to this queue's scheduler, or null.
  Process* steal();
  bool empty() const { return length() == 0; }
  // Read without the queue's lock by schedulers looking for work or for a sleeper to wake;
  // sequentially consistent with their `sleeping` flags (see scheduler.cpp).
  size_t length() const { return length_.load(std::memory_order_seq_cst); }

 private:
  struct Fifo {
    Process* head = nullptr;
    Process* tail = nullptr;
  };
  Process* unlink(Fifo& q, Process* prev, Process* p);
  Fifo fifos_[4];
  std::atomic<size_t> length_{0};
};

struct Scheduler {
  explicit Scheduler(unsigned index) : id(index), timers(index) {}

  const unsigned id;  // from 0; erts numbers schedulers from 1
  Term x[max_x_registers + 4] = {};
  double fr[max_x_registers] = {};
  // The binary being built by the OTP 24 construction instructions (bs_init2, bs_put_*).
  uint8_t* bs_data = nullptr;
  uint64_t bs_offset = 0;

  std::mutex lock;  // guards run_queue's lists and the sleep below
  RunQueue run_queue;
  std::condition_variable wakeup;
  std::atomic<bool> sleeping{false};
  std::mutex timers_lock;  // timers are set here but cancelled and read from any thread
  Timers timers;
  std::atomic<Process*> current{nullptr};
  std::atomic<unsigned> away_on_dirty{0};  // processes that left it for a dirty scheduler
  // Reductions (and slices) run since the timers were last checked against the clock; starts
  // as though a whole slice had, so that the first turn checks.
  int work_since_timer_check = reductions_per_slice;
  // For statistics/1: processes switched in, and reductions of the slices that ended.
  std::atomic<uint64_t> context_switches{0};
  std::atomic<uint64_t> reductions{0};
  // For scheduler_wall_time, while it is on: when it was turned on, and time spent asleep
  // since then (monotonic nanoseconds).
  std::atomic<int64_t> wall_time_start{0};
  std::atomic<int64_t> asleep_nanos{0};   // of the sleeps that ended
  std::atomic<int64_t> asleep_since{0};   // when the current sleep began; 0 while awake
};

// How many schedulers run (+S N:M): `total` threads, of which `online` take processes. Before
// run_schedulers; 0 for either means the online processors.
void configure_schedulers(unsigned total, unsigned online);
unsigned scheduler_count();
unsigned schedulers_online();
// system_flag(schedulers_online, N): 1 <= n <= scheduler_count(); returns the previous value.
unsigned set_schedulers_online(unsigned n);

// While on, the first scheduler alone takes processes (multi-scheduling blocked).
void set_first_scheduler_only(bool on);
// Whether no scheduler but the first is running a process.
bool others_idle();

// While on (multi-scheduling blocked, not just the normal schedulers), one thread at a time
// runs Erlang work, as in erts: the first scheduler's slices and the dirty schedulers' calls
// take turns, each holding a TakeTurn for its slice or call.
void set_one_at_a_time(bool on);
class TakeTurn {
 public:
  TakeTurn();
  ~TakeTurn();
  TakeTurn(const TakeTurn&) = delete;
  TakeTurn& operator=(const TakeTurn&) = delete;

 private:
  bool held_;
};

// Makes a waiting process runnable (from any thread); a no-op if it is already runnable.
void schedule(Process* p);
// A process whose dirty call ended (vm/process/dirty.h) goes back to a normal run queue.
void schedule_after_dirty(Process* p);
// Runs the schedulers until the VM halts; returns the exit status. The calling thread is the
// first scheduler.
int run_schedulers();
// Asks every scheduler to stop; run_schedulers returns `status`.
void request_halt(int status);
bool halt_requested();
// From a scheduler thread, for what must see every process still (a crash dump as the VM
// ends): returns once every other scheduler has stopped at the end of its slice. They stay
// stopped until request_halt.
void park_other_schedulers();

// The scheduler the calling thread is, or null on any other thread.
Scheduler* this_scheduler();
// Whether the calling thread is one running processes (not a reader or dirty I/O thread).
bool on_scheduler_thread();

// Timers are set on the calling scheduler; any thread can cancel or read them by id.
uint64_t timer_new_id();
void timer_start(TimerEntry entry);
// The milliseconds that were left, or -1 if the timer already fired or is unknown.
Millis timer_cancel(uint64_t id);
Millis timer_remaining(uint64_t id);
void timer_drop(uint64_t id);

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

Scheduler* scheduler_at(unsigned index);  // index < scheduler_count()
template <typename Fn>
void for_each_scheduler(Fn fn) {
  for (unsigned k = 0; k < scheduler_count(); k++) fn(*scheduler_at(k));
}

}  // namespace ember
