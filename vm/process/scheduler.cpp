#include "vm/process/scheduler.h"

#include <atomic>
#include <chrono>

#include "vm/code/interp.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"

namespace ember {
namespace {

Scheduler* the_scheduler = nullptr;
std::atomic<bool> halting{false};
std::atomic<int> halt_status{0};
std::atomic<bool> wall_time_on{false};
thread_local bool schedules = false;

int64_t now_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Waits for work, counting the time asleep when scheduler_wall_time is on.
template <typename Wait>
void sleep(Scheduler& s, Wait wait) {
  if (!wall_time_on.load(std::memory_order_relaxed)) return wait();
  int64_t start = now_nanos();
  wait();
  s.asleep_nanos += now_nanos() - start;
}

void fire(Scheduler& s, TimerEntry& t) {
  if (t.receive_timeout) {
    Process* p = process_find(t.target);
    if (p && p->timer == t.id) {
      p->timer = 0;
      p->timed_out = true;
      schedule(p);
    }
    return;
  }
  Process* p = is_atom(t.target) ? whereis_name(t.target) : process_find(t.target);
  if (p) deliver_message(p, t.target, t.message);
}

// Runs p for one slice; returns false if it must not go back to a run queue.
void run_one(Scheduler& s, Process* p) {
  s.current = p;
  p->status.store(ProcessStatus::running, std::memory_order_relaxed);
  p->reductions = reductions_per_slice;
  s.context_switches++;
  // receive_signals_for may have found p killed already, with p->exit_reason set.
  RunOutcome outcome = p->exit_reason == NIL && receive_signals(p) ? interpret(s, p) : RunOutcome::exited;
  uint64_t used = uint64_t(reductions_per_slice - std::max(p->reductions, 0));
  p->total_reductions += used;
  s.reductions += used;
  s.current = nullptr;
  switch (outcome) {
    case RunOutcome::yielded:
      p->status.store(ProcessStatus::runnable, std::memory_order_relaxed);
      s.run_queue.push(p);
      break;
    case RunOutcome::waiting:
      // Sequentially consistent, against a sender on another thread that pushes a signal and
      // then finds the process waiting: one of the two must see the other's write, or the
      // process would sleep on a signal no one schedules it for.
      p->status.store(ProcessStatus::waiting, std::memory_order_seq_cst);
      if (!p->signals.empty() || p->timed_out) schedule(p);
      break;
    case RunOutcome::exited:
      process_exit(p);
      break;
  }
}

}  // namespace

// erts lets a low priority process be passed over this many times per turn.
constexpr uint8_t low_priority_skips = 8;

void RunQueue::push(Process* p) {
  bool low = p->priority == Priority::low;
  Fifo& q = fifos_[unsigned(low ? Priority::normal : p->priority)];
  p->low_skips = low ? low_priority_skips : 0;
  p->next_runnable = nullptr;
  if (q.tail) q.tail->next_runnable = p;
  else q.head = p;
  q.tail = p;
  length_++;
}

Process* RunQueue::pop() {
  for (int prio = 3; prio >= 0; prio--) {
    Fifo& q = fifos_[prio];
    if (!q.head) continue;
    // Each pass either runs a process or uses up one of a low process's skips.
    while (q.head->priority == Priority::low && --q.head->low_skips > 0 && q.head != q.tail) {
      Process* skipped = q.head;
      q.head = skipped->next_runnable;
      skipped->next_runnable = nullptr;
      q.tail->next_runnable = skipped;
      q.tail = skipped;
    }
    Process* p = q.head;
    q.head = p->next_runnable;
    if (!q.head) q.tail = nullptr;
    length_--;
    return p;
  }
  return nullptr;
}

bool on_scheduler_thread() { return schedules; }

Scheduler& current_scheduler() {
  if (!the_scheduler) the_scheduler = new Scheduler;
  return *the_scheduler;
}

SchedulerStatistics scheduler_statistics(const Process* caller) {
  Scheduler& s = current_scheduler();
  std::lock_guard guard(s.lock);
  uint64_t current = caller ? uint64_t(reductions_per_slice - std::max(caller->reductions, 0)) : 0;
  return {s.context_switches, s.reductions + current, s.run_queue.length(), s.current ? 1u : 0u};
}

bool set_scheduler_wall_time(bool on) {
  Scheduler& s = current_scheduler();
  std::lock_guard guard(s.lock);
  if (on && !wall_time_on.load(std::memory_order_relaxed)) {
    s.wall_time_start = now_nanos();
    s.asleep_nanos = 0;
  }
  return wall_time_on.exchange(on, std::memory_order_relaxed);
}

bool scheduler_wall_time(std::vector<SchedulerWallTime>& out) {
  if (!wall_time_on.load(std::memory_order_relaxed)) return false;
  Scheduler& s = current_scheduler();
  std::lock_guard guard(s.lock);
  uint64_t total = uint64_t(now_nanos() - s.wall_time_start);
  out.push_back({s.id + 1, total - std::min<uint64_t>(total, uint64_t(s.asleep_nanos)), total});
  return true;
}

void schedule(Process* p) {
  ProcessStatus expected = ProcessStatus::waiting;
  bool fresh = p->status.load(std::memory_order_relaxed) == ProcessStatus::runnable && !p->scheduler;
  // The sender's half of run_one's handshake: its signal is pushed (sequentially consistent)
  // before this looks for a waiting process.
  if (!fresh && !p->status.compare_exchange_strong(expected, ProcessStatus::runnable, std::memory_order_seq_cst))
    return;
  Scheduler& s = current_scheduler();
  p->scheduler = &s;
  std::lock_guard guard(s.lock);
  s.run_queue.push(p);
  s.wakeup.notify_one();
}

void request_halt(int status) {
  halt_status.store(status, std::memory_order_relaxed);
  halting.store(true, std::memory_order_release);  // publishes halt_status
  current_scheduler().wakeup.notify_all();
}

bool halt_requested() { return halting.load(std::memory_order_acquire); }

int run_schedulers() {
  Scheduler& s = current_scheduler();
  schedules = true;
  while (!halting.load(std::memory_order_acquire)) {
    if (!s.timers.empty())  // the clock is read only when some timer could be due
      for (auto& t : s.timers.expire(monotonic_millis())) fire(s, *t);
    Process* p;
    {
      std::unique_lock guard(s.lock);
      p = s.run_queue.pop();
      if (!p) {
        Millis next = s.timers.next_expiry();
        if (next < 0) {
          if (process_count() == 0) break;
          sleep(s, [&] { s.wakeup.wait(guard); });
        } else {
          auto timeout = std::chrono::milliseconds(std::max<Millis>(0, next - monotonic_millis()));
          sleep(s, [&] { s.wakeup.wait_for(guard, timeout); });
        }
        continue;
      }
    }
    run_one(s, p);
  }
  return halt_status.load(std::memory_order_relaxed);
}

}  // namespace ember
