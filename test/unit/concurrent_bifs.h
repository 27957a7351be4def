// What the tests that run BIFs from many threads at once share: finding a BIF, calling it from
// a process of the thread's own, and running a body on N threads. Catch2's assertions are not
// thread-safe, so the bodies count their failures and the test checks the counts after joining.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <initializer_list>
#include <memory>
#include <thread>
#include <vector>

#include "bif/bif.h"
#include "test/unit/find_bif.h"
#include "vm/code/export.h"
#include "vm/process/gc.h"
#include "vm/process/process.h"
#include "vm/process/scheduler.h"
#include "vm/process/thread_progress.h"
#include "vm/term/atom.h"

namespace ember::test {

// A process for one thread, calling BIFs as the interpreter would (arguments in x registers)
// and, like a scheduler running it, within a thread-progress epoch (what a BIF finds may be
// retired by another thread meanwhile).
class Caller {
 public:
  Caller() : p_(process_new()), x_(max_x_registers) { p_->reductions = 1 << 30; }
  ~Caller() { gc_free_all(p_.get()); }
  Caller(const Caller&) = delete;
  Caller& operator=(const Caller&) = delete;
  Process* get() const { return p_.get(); }
  Term operator()(BifFn fn, std::initializer_list<Term> args) {
    size_t k = 0;
    for (Term a : args) x_[k++] = a;
    p_->reductions = 1 << 30;
    ProgressGuard holding;
    return fn(p_.get(), x_.data());
  }
  // Results pile up on the heap; nothing of them is kept between calls.
  void collect_sometimes() {
    if (++calls_ % 512 == 0 && !gc_collect(p_.get(), 0, nullptr, 0)) failures_++;
  }
  int failures_ = 0;

 private:
  std::unique_ptr<Process> p_;
  std::vector<Term> x_;
  uint64_t calls_ = 0;
};

// Runs body(i) on `threads` threads at once and waits for them.
inline void run_threads(int threads, const std::function<void(int)>& body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; i++)
    pool.emplace_back([&, i] {
      ready.fetch_add(1, std::memory_order_relaxed);
      while (ready.load(std::memory_order_relaxed) < threads) std::this_thread::yield();
      body(i);
    });
  for (auto& t : pool) t.join();
}

}  // namespace ember::test
