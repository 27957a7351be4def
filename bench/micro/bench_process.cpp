#include "bench_process.h"

#include <utility>

#include "platform/log.h"
#include "vm/term/atom.h"
#include "vm/process/gc.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"

namespace ember::micro {

BenchProcess::BenchProcess() {
  std::unique_ptr<Process> owned = process_new();
  p_ = owned.get();
  p_->status.store(ProcessStatus::running, std::memory_order_relaxed);
  if (!process_table_add(std::move(owned))) platform::fatal("micro-benchmarks: process table full");
}

// A normal exit, so that what the process owns (ETS tables) goes the way it would in the VM.
BenchProcess::~BenchProcess() {
  p_->exit_reason = atoms::normal;
  process_exit(p_);
}

void BenchProcess::collect_sometimes(Term* roots, unsigned live) {
  // A benchmark process has no max_heap_size, so no collection is ever refused.
  if (++calls_ % 1024 == 0 && !gc_collect(p_, 0, roots, live)) platform::fatal("micro-benchmarks: collection refused");
}

}  // namespace ember::micro
