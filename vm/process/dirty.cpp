#include "vm/process/dirty.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>

#include "platform/os.h"
#include "platform/thread.h"
#include "vm/code/call.h"
#include "vm/process/scheduler.h"
#include "vm/process/thread_progress.h"

namespace ember {
namespace {

constexpr unsigned default_dirty_io = 10;  // erts' default
constexpr unsigned max_dirty = 1024;       // erts' limit for either kind

// A dirty scheduler: its thread, once started, and its measure for scheduler_wall_time.
struct DirtyThread {
  std::unique_ptr<platform::Thread> thread;
  // Looking for work: from the moment it hands back a process, whose next dirty call it is
  // then ready to take, until it takes one.
  std::atomic<bool> idle{true};
  std::atomic<int64_t> busy_since{0};  // when the call it runs began; 0 while idle
  std::atomic<uint64_t> busy_nanos{0};  // of the calls that ended since the last reset
};

// A kind's threads share one queue, first in first out: a dirty call holds its thread for as
// long as it takes, so there is no slice to share and nothing to steal. A thread starts when
// a call finds none idle to take it, up to the pool's count: most programs need one or two
// dirty I/O threads and no dirty CPU one, and each thread costs address space (its stack, and
// the C library's arena for its allocations), which a phone or a memory cap may lack.
struct DirtyPool {
  std::mutex lock;
  std::condition_variable work;
  Process* head = nullptr;  // linked through next_runnable
  Process* tail = nullptr;
  unsigned started = 0;
  std::atomic<bool> spinning{false};  // one idle thread spins for work, the others sleep
  std::atomic<size_t> waiting{0};
  std::atomic<size_t> running{0};
  std::atomic<unsigned> online{0};
  std::vector<std::unique_ptr<DirtyThread>> threads;  // all the pool may start, made at once
};

std::atomic<unsigned> requested_cpu{0}, requested_cpu_online{0}, requested_io{0};
std::atomic<bool> stopping{false};
std::atomic<int64_t> wall_time_start{0};  // a call begun before it counts from it

// Never freed: a dirty thread may still be inside a long call when the VM ends.
DirtyPool& pool(DirtyKind kind) {
  static auto* cpu = new DirtyPool;
  static auto* io = new DirtyPool;
  return kind == DirtyKind::io ? *io : *cpu;
}

// The next process for thread `index` of the pool, or null once the VM stops. A thread
// numbered past the pool's online count takes nothing until it comes online.
Process* take(DirtyPool& pool, unsigned index) {
  DirtyThread& me = *pool.threads[index];
  if (!pool.spinning.exchange(true, std::memory_order_acquire)) {
    auto work_came = [&] {
      return pool.waiting.load(std::memory_order_relaxed) > 0 || stopping.load(std::memory_order_relaxed);
    };
    platform::spin_until(work_came, idle_spin_nanos);
    pool.spinning.store(false, std::memory_order_release);
  }
  std::unique_lock guard(pool.lock);
  pool.work.wait(guard, [&] {
    bool online = index < pool.online.load(std::memory_order_relaxed);
    return stopping.load(std::memory_order_relaxed) || (online && pool.head);
  });
  me.idle.store(false, std::memory_order_relaxed);
  if (stopping.load(std::memory_order_relaxed)) return nullptr;
  Process* p = pool.head;
  pool.head = p->next_runnable;
  if (!pool.head) pool.tail = nullptr;
  p->next_runnable = nullptr;
  pool.waiting.fetch_sub(1, std::memory_order_relaxed);
  return p;
}

// Runs p's pending call; the process then goes on where the call leads: back on a normal
// scheduler, or to another dirty one (a dirty BIF may go on in a BIF of the other kind).
void run_call(DirtyPool& pool, DirtyThread& me, Process* p, Term* x) {
  ProgressGuard progress;
  pool.running.fetch_add(1, std::memory_order_relaxed);
  DirtyKind next;
  int64_t start;
  {
    TakeTurn turn;
    start = platform::monotonic_nanos();
    me.busy_since.store(start, std::memory_order_relaxed);
    p->lock.lock();
    next = run_dirty_call(p, x);
    p->lock.unlock();
  }
  me.idle.store(true, std::memory_order_relaxed);
  me.busy_since.store(0, std::memory_order_relaxed);
  int64_t counted_from = std::max(start, wall_time_start.load(std::memory_order_relaxed));
  me.busy_nanos.fetch_add(uint64_t(std::max<int64_t>(platform::monotonic_nanos() - counted_from, 0)),
                          std::memory_order_relaxed);
  pool.running.fetch_sub(1, std::memory_order_relaxed);
  if (next == DirtyKind::none) return schedule_after_dirty(p);
  dirty_submit(p);
}

void run_thread(DirtyKind kind, unsigned index) {
  DirtyPool& pool = ember::pool(kind);
  DirtyThread& me = *pool.threads[index];
  Term x[max_x_registers + 4];
  while (Process* p = take(pool, index)) run_call(pool, me, p, x);
}

unsigned or_default(unsigned requested, unsigned fallback) { return requested ? requested : fallback; }

// What a new call in the queue asks for: idle threads that may take it woken (all of them
// when some are offline, for a thread numbered past the online count takes nothing), and one
// more thread started while the queue outgrows them.
struct Wakeup {
  size_t idle = 0;
  bool all = false;
  int start = -1;  // the index of the thread to start
};

// Under the pool's lock; what it decides is done after (act), so that a woken thread does not
// at once wait for the lock.
Wakeup plan_wakeup(DirtyPool& pool) {
  Wakeup w;
  unsigned online = pool.online.load(std::memory_order_relaxed);
  for (unsigned k = 0; k < pool.started && k < online; k++)
    w.idle += pool.threads[k]->idle.load(std::memory_order_relaxed);
  w.all = online < pool.started;
  bool more = pool.started < std::min<size_t>(online, pool.threads.size());
  if (more && pool.waiting.load(std::memory_order_relaxed) > w.idle) w.start = int(pool.started++);
  return w;
}

void act(DirtyPool& pool, DirtyKind kind, const Wakeup& w) {
  if (w.idle > 0 && w.all) pool.work.notify_all();
  else if (w.idle > 0) pool.work.notify_one();
  if (w.start < 0) return;
  auto t = std::make_unique<platform::Thread>();
  unsigned index = unsigned(w.start);
  // A dirty call may go as deep into the C++ runtime as on a normal scheduler.
  if (!t->start([kind, index] { run_thread(kind, index); }, size_t(8) << 20)) {
    std::fputs("ember: cannot start a dirty scheduler thread\n", stderr);
    platform::exit_process(1);
  }
  pool.threads[index]->thread = std::move(t);
}

void make_pool(DirtyKind kind, unsigned count, unsigned online) {
  DirtyPool& pool = ember::pool(kind);
  pool.online.store(online, std::memory_order_relaxed);
  for (unsigned k = 0; k < count; k++) pool.threads.push_back(std::make_unique<DirtyThread>());
}

}  // namespace

void configure_dirty_schedulers(unsigned cpu, unsigned cpu_online, unsigned io) {
  requested_cpu.store(std::min(cpu, max_dirty), std::memory_order_relaxed);
  requested_cpu_online.store(std::min(cpu_online, max_dirty), std::memory_order_relaxed);
  requested_io.store(std::min(io, max_dirty), std::memory_order_relaxed);
}

DirtyCounts dirty_scheduler_counts() {
  DirtyPool& cpu = pool(DirtyKind::cpu);
  if (!cpu.threads.empty())
    return {unsigned(cpu.threads.size()), cpu.online.load(std::memory_order_relaxed),
            unsigned(pool(DirtyKind::io).threads.size())};
  unsigned total = std::min(or_default(requested_cpu.load(std::memory_order_relaxed), scheduler_count()),
                            scheduler_count());
  unsigned online = or_default(requested_cpu_online.load(std::memory_order_relaxed), total);
  online = std::clamp(std::min(online, schedulers_online()), 1u, total);
  return {total, online, or_default(requested_io.load(std::memory_order_relaxed), default_dirty_io)};
}

unsigned set_dirty_cpu_online(unsigned n) {
  DirtyPool& cpu = pool(DirtyKind::cpu);
  unsigned old = cpu.online.exchange(n, std::memory_order_relaxed);
  Wakeup w;
  {
    std::lock_guard guard(cpu.lock);
    w = plan_wakeup(cpu);  // more may take work now
  }
  w.all = true;
  act(cpu, DirtyKind::cpu, w);
  return old;
}

// erts' arithmetic, percentages in integers included, so that the counts match its own.
void dirty_follow_schedulers_online(unsigned from, unsigned to) {
  DirtyPool& cpu = pool(DirtyKind::cpu);
  uint64_t total_pct = uint64_t(cpu.threads.size()) * 100 / scheduler_count();
  uint64_t online_pct = uint64_t(to) * total_pct / std::max(from, 1u);
  uint64_t online = cpu.online.load(std::memory_order_relaxed) * online_pct / 100;
  set_dirty_cpu_online(unsigned(std::max<uint64_t>(online, 1)));
}

void start_dirty_schedulers() {
  DirtyCounts counts = dirty_scheduler_counts();
  make_pool(DirtyKind::cpu, counts.cpu, counts.cpu_online);
  make_pool(DirtyKind::io, counts.io, counts.io);
}

void stop_dirty_schedulers() {
  stopping.store(true, std::memory_order_relaxed);
  for (DirtyKind kind : {DirtyKind::cpu, DirtyKind::io}) {
    DirtyPool& pool = ember::pool(kind);
    std::lock_guard guard(pool.lock);
    pool.work.notify_all();
  }
}

void dirty_submit(Process* p) {
  DirtyKind kind = p->dirty_call->dirty;
  DirtyPool& pool = ember::pool(kind);
  Wakeup w;
  {
    std::lock_guard guard(pool.lock);
    if (pool.tail) pool.tail->next_runnable = p;
    else pool.head = p;
    pool.tail = p;
    pool.waiting.fetch_add(1, std::memory_order_relaxed);
    w = plan_wakeup(pool);
  }
  act(pool, kind, w);
}

DirtyQueueLengths dirty_queue_lengths(DirtyKind kind) {
  DirtyPool& pool = ember::pool(kind);
  return {pool.waiting.load(std::memory_order_relaxed), pool.running.load(std::memory_order_relaxed)};
}

void dirty_wall_time_reset() {
  wall_time_start.store(platform::monotonic_nanos(), std::memory_order_relaxed);
  for (DirtyKind kind : {DirtyKind::cpu, DirtyKind::io})
    for (auto& t : pool(kind).threads) t->busy_nanos.store(0, std::memory_order_relaxed);
}

void dirty_wall_time(std::vector<DirtyWallTime>& out) {
  int64_t now = platform::monotonic_nanos(), start = wall_time_start.load(std::memory_order_relaxed);
  for (DirtyKind kind : {DirtyKind::cpu, DirtyKind::io}) {
    for (auto& t : pool(kind).threads) {
      int64_t since = t->busy_since.load(std::memory_order_relaxed);
      uint64_t current = since ? uint64_t(now - std::max(since, start)) : 0;
      out.push_back({kind, t->busy_nanos.load(std::memory_order_relaxed) + current});
    }
  }
}

}  // namespace ember
