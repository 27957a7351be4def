// A process for the benchmarks that need one, outside any scheduler: in the process table so
// that its pid finds it, and marked running, as if a scheduler were executing it, so that a
// message sent to it is not put on a run queue that nothing here would ever pop.
#pragma once

#include <cstdint>

#include "vm/process/process.h"

namespace ember::micro {

class BenchProcess {
 public:
  BenchProcess();
  ~BenchProcess();
  BenchProcess(const BenchProcess&) = delete;
  BenchProcess& operator=(const BenchProcess&) = delete;

  Process* get() const { return p_; }
  Process* operator->() const { return p_; }
  // BIF results and received messages pile up in heap fragments that only a collection
  // frees; a real process collects as it goes, so the benchmarks do too, every 1024 calls.
  void collect_sometimes(Term* roots = nullptr, unsigned live = 0);

 private:
  Process* p_;
  uint64_t calls_ = 0;
};

}  // namespace ember::micro
