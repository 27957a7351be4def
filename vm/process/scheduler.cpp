#include "vm/process/scheduler.h"

#include <cstdio>
#include <mutex>

#include "platform/os.h"
#include "platform/thread.h"
#include "vm/code/interp.h"
#include "vm/process/dirty.h"
#include "vm/process/gc.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/process/suspend.h"
#include "vm/process/thread_progress.h"
#include "vm/term/atom.h"

namespace ember {
namespace {

// erts' limit, which the timer ids' owner bits also hold.
constexpr unsigned max_schedulers = 1024;
static_assert(max_schedulers <= 1u << timer_owner_bits);

struct Pool {
  std::vector<std::unique_ptr<Scheduler>> all;
  std::atomic<unsigned> online{1};
};

std::atomic<unsigned> requested_total{0};
std::atomic<unsigned> requested_online{0};
std::atomic<bool> halting{false};
std::atomic<int> halt_status{0};
std::atomic<bool> wall_time_on{false};
// park_other_schedulers: who asked, and how many others have stopped.
std::atomic<Scheduler*> parker{nullptr};
std::atomic<unsigned> parked{0};
thread_local Scheduler* mine = nullptr;

unsigned online_processors() { return std::clamp(platform::cpu_count(), 1u, max_schedulers); }

Pool& pool() {
  static Pool* p = [] {
    auto* made = new Pool;
    unsigned total = requested_total.load(std::memory_order_relaxed);
    if (total == 0) total = online_processors();
    unsigned online = requested_online.load(std::memory_order_relaxed);
    if (online == 0 || online > total) online = total;
    for (unsigned k = 0; k < total; k++) made->all.push_back(std::make_unique<Scheduler>(k));
    made->online.store(online, std::memory_order_relaxed);
    return made;
  }();
  return *p;
}

std::atomic<bool> first_only{false};

bool is_online(const Scheduler& s) {
  return s.id < pool().online.load(std::memory_order_relaxed) && (s.id == 0 || !first_only.load(std::memory_order_relaxed));
}

// The run queue a woken process goes to: the scheduler it is bound to, else the one it last ran
// on, else the waker's own. A process whose scheduler went offline moves.
Scheduler& home_of(Process* p) {
  Pool& all = pool();
  unsigned bound = p->bound_scheduler.load(std::memory_order_relaxed);
  if (bound && bound <= all.all.size()) return *all.all[bound - 1];
  Scheduler* last = p->scheduler.load(std::memory_order_relaxed);
  if (last && is_online(*last)) return *last;
  Scheduler* here = mine && is_online(*mine) ? mine : all.all[0].get();
  p->scheduler.store(here, std::memory_order_relaxed);
  return *here;
}

// Wakes a sleeping scheduler other than `busy`, so that it steals from busy's queue.
void wake_a_sleeper(const Scheduler& busy) {
  for (auto& s : pool().all) {
    if (s.get() == &busy || !is_online(*s) || !s->sleeping.load(std::memory_order_seq_cst)) continue;
    std::lock_guard guard(s->lock);
    s->wakeup.notify_one();
    return;
  }
}

// Whether some other online scheduler has a process waiting that could be stolen.
bool work_elsewhere(const Scheduler& me) {
  for (auto& s : pool().all)
    if (s.get() != &me && is_online(*s) && s->run_queue.length() > 0) return true;
  return false;
}

Process* steal(Scheduler& me) {
  Pool& all = pool();
  unsigned n = unsigned(all.all.size());
  for (unsigned k = 1; k < n; k++) {
    Scheduler& victim = *all.all[(me.id + k) % n];
    if (victim.run_queue.length() == 0) continue;
    std::lock_guard guard(victim.lock);
    if (Process* p = victim.run_queue.steal()) {
      me.current.store(p, std::memory_order_relaxed);  // see next_process
      return p;
    }
  }
  return nullptr;
}

void fire(TimerEntry& t) {
  if (t.receive_timeout) return deliver_timeout(t.target, t.id);
  Process* p = is_atom(t.target) ? whereis_name(t.target) : process_find(t.target);
  if (p) deliver_message(p, t.target, t.message);
}

// As in erts, the clock is read for the timers only once a slice's worth of reductions has run
// since the last reading, or after a sleep: read after every slice, it took a tenth of a
// message ring's time, whose slices are a few reductions each. A timer is late by at most
// that much work.
void fire_due_timers(Scheduler& s) {
  if (s.work_since_timer_check < reductions_per_slice) return;
  s.work_since_timer_check = 0;
  std::vector<std::unique_ptr<TimerEntry>> due;
  {
    std::lock_guard guard(s.timers_lock);
    if (s.timers.empty()) return;  // the clock is read only when some timer could be due
    due = s.timers.expire(monotonic_millis());
  }
  for (auto& t : due) fire(*t);
}

Millis next_timer(Scheduler& s) {
  std::lock_guard guard(s.timers_lock);
  return s.timers.next_expiry();
}

// A process whose slice ended goes to the back of its queue: this scheduler's, unless it was
// bound elsewhere meanwhile or this scheduler went offline.
void requeue(Scheduler& s, Process* p) {
  Scheduler& to = p->bound_scheduler.load(std::memory_order_relaxed) || !is_online(s) ? home_of(p) : s;
  std::lock_guard guard(to.lock);
  to.run_queue.push(p);
  if (&to != &s && to.sleeping.load(std::memory_order_seq_cst)) to.wakeup.notify_one();
}

// As erts when it schedules a process in: what its signals brought (the binaries of messages
// taken in count against its binary virtual heap) may make a collection due. A process that
// only receives would otherwise keep every binary it was sent until its heap filled: a sink of
// 1 MB messages held 50 MB where erts holds 2.
void collect_if_desired(Process* p) {
  if (!gc_desired(p) || p->gc_held || p->building_in_place) return;
  if (!gc_collect(p, 0, p->saved_x.get(), p->arity)) send_exit_signal(p->pid, p->pid, atoms::kill, false);
}

// Runs p for one slice, holding its lock. p is s's current process from the moment it left a
// run queue (next_process) until it is in one again, or waits, or has exited: a process
// between the two is counted in statistics(active_tasks) twice rather than not at all.
void run_one(Scheduler& s, Process* p) {
  TakeTurn turn;
  p->lock.lock();
  p->scheduler.store(&s, std::memory_order_relaxed);
  p->status.store(ProcessStatus::running, std::memory_order_relaxed);
  p->reductions = reductions_per_slice;
  s.context_switches.fetch_add(1, std::memory_order_relaxed);
  // receive_signals_for may have found p killed already, with p->exit_reason set. A suspended
  // process takes its signals and waits again.
  RunOutcome outcome = RunOutcome::exited;
  if (p->exit_reason == NIL && receive_signals(p)) {
    if (is_suspended(p)) {
      outcome = RunOutcome::waiting;
    } else {
      collect_if_desired(p);
      outcome = interpret(s, p);
    }
  }
  if (outcome == RunOutcome::yielded && is_suspended(p)) outcome = RunOutcome::waiting;
  if (outcome == RunOutcome::waiting || outcome == RunOutcome::yielded) at_rest(p);
  uint64_t used = uint64_t(reductions_per_slice - std::max(p->reductions, 0));
  p->total_reductions += used;
  s.work_since_timer_check += int(used) + 1;  // a slice that used none still counts
  publish_memory_words(p);
  s.reductions.fetch_add(used, std::memory_order_relaxed);
  switch (outcome) {
    case RunOutcome::yielded:
      p->status.store(ProcessStatus::runnable, std::memory_order_relaxed);
      p->lock.unlock();
      requeue(s, p);
      break;
    case RunOutcome::waiting:
      // Sequentially consistent, against a sender on another thread that pushes a signal and
      // then finds the process waiting: one of the two must see the other's write, or the
      // process would sleep on a signal no one schedules it for. Still locked, so that no
      // process_info takes that signal in between.
      p->status.store(ProcessStatus::waiting, std::memory_order_seq_cst);
      if (!p->signals.empty()) schedule(p);
      p->lock.unlock();
      break;
    case RunOutcome::exited:
      process_exit(p);
      p->lock.unlock();
      break;
    case RunOutcome::dirty:
      s.away_on_dirty.fetch_add(1, std::memory_order_relaxed);
      p->lock.unlock();
      dirty_submit(p);  // still running, so that a signal meanwhile does not schedule it
      break;
  }
  s.current.store(nullptr, std::memory_order_relaxed);
}

// Waits on the OS until a process is pushed here, a sleeper is woken to steal, or the next
// timer is due. Holds no process pointer meanwhile.
void sleep(Scheduler& s, std::unique_lock<std::mutex>& guard) {
  Millis next = next_timer(s);
  int64_t start = platform::monotonic_nanos();
  s.asleep_since.store(start, std::memory_order_relaxed);
  progress_leave();
  if (next < 0) {
    s.wakeup.wait(guard);
  } else {
    auto timeout = std::chrono::milliseconds(std::max<Millis>(0, next - monotonic_millis()));
    s.wakeup.wait_for(guard, timeout);
  }
  progress_enter();
  s.work_since_timer_check = reductions_per_slice;
  s.asleep_since.store(0, std::memory_order_relaxed);
  if (wall_time_on.load(std::memory_order_relaxed)) {
    int64_t from = std::max(start, s.wall_time_start.load(std::memory_order_relaxed));
    s.asleep_nanos.fetch_add(platform::monotonic_nanos() - from, std::memory_order_relaxed);
  }
}

// The next process for s: its own, else one stolen; null after sleeping (the caller loops).
Process* next_process(Scheduler& s) {
  std::unique_lock guard(s.lock);
  if (is_online(s))
    if (Process* p = s.run_queue.pop()) {
      s.current.store(p, std::memory_order_relaxed);  // still counted as active (run_one)
      bool more = !s.run_queue.empty();
      guard.unlock();
      if (more) wake_a_sleeper(s);  // to steal what this scheduler cannot run now
      return p;
    }
  guard.unlock();
  if (is_online(s))
    if (Process* p = steal(s)) return p;
  // Before sleeping, what the last slices retired is freed as far as other threads allow.
  progress_enter();
  progress_reclaim();
  auto work_came = [&] {
    return (is_online(s) && (s.run_queue.length() > 0 || work_elsewhere(s))) ||
           halting.load(std::memory_order_relaxed) || parker.load(std::memory_order_relaxed);
  };
  // A process of this scheduler's away on a dirty one comes back here, soon for a short call.
  bool expecting = s.away_on_dirty.load(std::memory_order_relaxed) > 0;
  if (expecting && platform::spin_until(work_came, idle_spin_nanos)) return nullptr;
  guard.lock();
  // An offline scheduler's queue keeps only processes bound to it: it sleeps beside them.
  if ((is_online(s) && !s.run_queue.empty()) || halting.load(std::memory_order_acquire) ||
      parker.load(std::memory_order_acquire))
    return nullptr;
  // Sequentially consistent with schedule(): it pushes and then looks for sleepers; this
  // announces the sleep and then looks for work. One of the two sees the other.
  s.sleeping.store(true, std::memory_order_seq_cst);
  if (!(is_online(s) && work_elsewhere(s))) {
    if (process_count() == 0 && next_timer(s) < 0) {
      request_halt(halt_status.load(std::memory_order_relaxed));  // -bare: the program ended
    } else {
      sleep(s, guard);
    }
  }
  s.sleeping.store(false, std::memory_order_relaxed);
  return nullptr;
}

// Stops for good: the VM is about to end, and what ends it needs the other schedulers still.
void park(Scheduler& s) {
  progress_leave();
  std::unique_lock guard(s.lock);
  parked.fetch_add(1, std::memory_order_seq_cst);
  s.wakeup.wait(guard, [] { return halting.load(std::memory_order_acquire); });
}

void run_scheduler(Scheduler& s) {
  mine = &s;
  progress_enter();
  while (!halting.load(std::memory_order_acquire)) {
    Scheduler* stopper = parker.load(std::memory_order_acquire);
    if (stopper && stopper != &s) return park(s);
    fire_due_timers(s);
    if (Process* p = next_process(s)) run_one(s, p);
    progress_enter();  // between slices: the quiescent point of thread_progress.h
    progress_reclaim();
  }
  progress_leave();
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
  length_.fetch_add(1, std::memory_order_seq_cst);
}

Process* RunQueue::unlink(Fifo& q, Process* prev, Process* p) {
  (prev ? prev->next_runnable : q.head) = p->next_runnable;
  if (q.tail == p) q.tail = prev;
  p->next_runnable = nullptr;
  length_.fetch_sub(1, std::memory_order_relaxed);
  return p;
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
    return unlink(q, nullptr, q.head);
  }
  return nullptr;
}

Process* RunQueue::steal() {
  for (int prio = 3; prio >= 0; prio--)
    for (Process *prev = nullptr, *p = fifos_[prio].head; p; prev = p, p = p->next_runnable)
      if (!p->bound_scheduler.load(std::memory_order_relaxed)) return unlink(fifos_[prio], prev, p);
  return nullptr;
}

void configure_schedulers(unsigned total, unsigned online) {
  requested_total.store(std::min(total, max_schedulers), std::memory_order_relaxed);
  requested_online.store(std::min(online, max_schedulers), std::memory_order_relaxed);
}

unsigned scheduler_count() { return unsigned(pool().all.size()); }
unsigned schedulers_online() { return pool().online.load(std::memory_order_relaxed); }
Scheduler* scheduler_at(unsigned index) { return pool().all[index].get(); }

// Processes waiting in the queues of schedulers [from, to), which went offline, move to the
// online ones; those bound there stay.
static void move_off(unsigned from, unsigned to) {
  Pool& all = pool();
  for (unsigned k = from; k < to; k++) {
    Scheduler& s = *all.all[k];
    std::vector<Process*> moved;
    {
      std::lock_guard guard(s.lock);
      while (Process* p = s.run_queue.steal()) moved.push_back(p);
    }
    for (Process* p : moved) {
      p->scheduler.store(nullptr, std::memory_order_relaxed);
      p->status.store(ProcessStatus::waiting, std::memory_order_seq_cst);
      schedule(p);
    }
  }
}

unsigned set_schedulers_online(unsigned n) {
  Pool& all = pool();
  unsigned old = all.online.exchange(n, std::memory_order_relaxed);
  move_off(n, old);
  dirty_follow_schedulers_online(old, n);
  for (auto& s : all.all) {
    std::lock_guard guard(s->lock);
    s->wakeup.notify_one();
  }
  return old;
}

void set_first_scheduler_only(bool on) {
  bool was = first_only.exchange(on, std::memory_order_relaxed);
  if (on && !was) move_off(1, scheduler_count());
  if (was && !on) {
    for_each_scheduler([](Scheduler& s) {  // the others may steal again
      std::lock_guard guard(s.lock);
      s.wakeup.notify_one();
    });
  }
}

// Turns are served in the order asked for (a ticket lock): the first scheduler, busy, would
// otherwise take the turn again at once each time and a dirty call wait for ever.
static std::atomic<bool> one_at_a_time{false};
static struct {
  std::mutex lock;
  std::condition_variable served;
  uint64_t next = 0;
  uint64_t now = 0;
} turns;

void set_one_at_a_time(bool on) { one_at_a_time.store(on, std::memory_order_relaxed); }

// A normal scheduler waiting for its turn counts as asleep for scheduler_wall_time.
TakeTurn::TakeTurn() : held_(one_at_a_time.load(std::memory_order_relaxed)) {
  if (!held_) return;
  int64_t start = platform::monotonic_nanos();
  {
    std::unique_lock guard(turns.lock);
    uint64_t ticket = turns.next++;
    turns.served.wait(guard, [&] { return turns.now == ticket; });
  }
  if (mine && wall_time_on.load(std::memory_order_relaxed))
    mine->asleep_nanos.fetch_add(platform::monotonic_nanos() - start, std::memory_order_relaxed);
}

TakeTurn::~TakeTurn() {
  if (!held_) return;
  std::lock_guard guard(turns.lock);
  turns.now++;
  turns.served.notify_all();
}

bool others_idle() {
  Pool& all = pool();
  for (size_t k = 1; k < all.all.size(); k++)
    if (all.all[k]->current.load(std::memory_order_relaxed)) return false;
  return true;
}

bool on_scheduler_thread() { return mine != nullptr; }
Scheduler* this_scheduler() { return mine; }

SchedulerStatistics scheduler_statistics(const Process* caller) {
  SchedulerStatistics out{};
  for_each_scheduler([&](Scheduler& s) {
    out.context_switches += s.context_switches.load(std::memory_order_relaxed);
    out.reductions += s.reductions.load(std::memory_order_relaxed);
    out.runnable += s.run_queue.length();
    if (s.current.load(std::memory_order_relaxed)) out.running++;
  });
  if (caller) out.reductions += uint64_t(reductions_per_slice - std::max(caller->reductions, 0));
  return out;
}

bool set_scheduler_wall_time(bool on) {
  if (on && !wall_time_on.load(std::memory_order_relaxed)) {
    for_each_scheduler([](Scheduler& s) {
      s.wall_time_start.store(platform::monotonic_nanos(), std::memory_order_relaxed);
      s.asleep_nanos.store(0, std::memory_order_relaxed);
    });
    dirty_wall_time_reset();
  }
  return wall_time_on.exchange(on, std::memory_order_relaxed);
}

bool scheduler_wall_time(std::vector<SchedulerWallTime>& out) {
  if (!wall_time_on.load(std::memory_order_relaxed)) return false;
  for_each_scheduler([&](Scheduler& s) {
    int64_t now = platform::monotonic_nanos();
    uint64_t total = uint64_t(now - s.wall_time_start.load(std::memory_order_relaxed));
    int64_t since = s.asleep_since.load(std::memory_order_relaxed);
    // A sleep that goes on counts up to now; one begun before the measurement, from its start.
    int64_t current = since ? now - std::max(since, s.wall_time_start.load(std::memory_order_relaxed)) : 0;
    uint64_t asleep = uint64_t(s.asleep_nanos.load(std::memory_order_relaxed) + current);
    out.push_back({s.id + 1, total - std::min(total, asleep), total});
  });
  return true;
}

// Puts p, runnable now, in a run queue.
static void enqueue(Process* p) {
  // A busy scheduler's queue is shared out when it next picks a process (next_process), not
  // here: as in erts, the waker's slice goes on before anyone else runs what it woke. So a
  // process whose scheduler sleeps joins the waker's queue rather than wake that one.
  Scheduler* home = &home_of(p);
  if (mine && home != mine && is_online(*mine) && !p->bound_scheduler.load(std::memory_order_relaxed) &&
      home->sleeping.load(std::memory_order_relaxed)) {
    home = mine;
    p->scheduler.store(mine, std::memory_order_relaxed);
  }
  Scheduler& s = *home;
  std::lock_guard guard(s.lock);
  s.run_queue.push(p);
  if (s.sleeping.load(std::memory_order_seq_cst)) s.wakeup.notify_one();
}

void schedule(Process* p) {
  ProcessStatus expected = ProcessStatus::waiting;
  // The sender's half of run_one's handshake: its signal is pushed (sequentially consistent)
  // before this looks for a waiting process.
  if (p->status.compare_exchange_strong(expected, ProcessStatus::runnable, std::memory_order_seq_cst)) enqueue(p);
}

void schedule_after_dirty(Process* p) {
  p->scheduler.load(std::memory_order_relaxed)->away_on_dirty.fetch_sub(1, std::memory_order_relaxed);
  p->status.store(ProcessStatus::runnable, std::memory_order_seq_cst);
  enqueue(p);
}

void request_halt(int status) {
  halt_status.store(status, std::memory_order_relaxed);
  halting.store(true, std::memory_order_release);  // publishes halt_status
  stop_dirty_schedulers();
  for_each_scheduler([](Scheduler& s) {
    std::lock_guard guard(s.lock);
    s.wakeup.notify_all();
  });
}

bool halt_requested() { return halting.load(std::memory_order_acquire); }

void park_other_schedulers() {
  Scheduler* expected = nullptr;
  if (!parker.compare_exchange_strong(expected, mine, std::memory_order_acq_rel)) return;
  for_each_scheduler([](Scheduler& s) {
    std::lock_guard guard(s.lock);
    s.wakeup.notify_all();
  });
  while (parked.load(std::memory_order_seq_cst) + 1 < scheduler_count() && !halting.load(std::memory_order_acquire))
    platform::sleep_millis(1);
}

// A scheduler thread runs as deep into the C++ runtime as the VM's first thread.
constexpr size_t scheduler_stack_bytes = size_t(8) << 20;

int run_schedulers() {
  Pool& all = pool();
  start_dirty_schedulers();
  std::vector<std::unique_ptr<platform::Thread>> threads;
  for (size_t k = 1; k < all.all.size(); k++) {
    Scheduler* s = all.all[k].get();
    auto t = std::make_unique<platform::Thread>();
    if (!t->start([s] { run_scheduler(*s); }, scheduler_stack_bytes)) {
      std::fputs("ember: cannot start a scheduler thread\n", stderr);
      platform::exit_process(1);
    }
    threads.push_back(std::move(t));
  }
  run_scheduler(*all.all[0]);
  for (auto& t : threads) t->join();
  return halt_status.load(std::memory_order_relaxed);
}

uint64_t timer_new_id() {
  std::lock_guard guard(mine->timers_lock);
  return mine->timers.new_id();
}

void timer_start(TimerEntry entry) {
  std::lock_guard guard(mine->timers_lock);
  mine->timers.start(std::move(entry));
}

static Scheduler* timer_owner(uint64_t id) {
  uint64_t owner = id & ((uint64_t(1) << timer_owner_bits) - 1);
  return owner < scheduler_count() ? scheduler_at(unsigned(owner)) : nullptr;
}

Millis timer_cancel(uint64_t id) {
  Scheduler* s = timer_owner(id);
  if (!s) return -1;
  std::lock_guard guard(s->timers_lock);
  return s->timers.cancel(id);
}

Millis timer_remaining(uint64_t id) {
  Scheduler* s = timer_owner(id);
  if (!s) return -1;
  std::lock_guard guard(s->timers_lock);
  return s->timers.remaining(id);
}

void timer_drop(uint64_t id) {
  if (Scheduler* s = timer_owner(id)) {
    std::lock_guard guard(s->timers_lock);
    s->timers.drop(id);
  }
}

}  // namespace ember
