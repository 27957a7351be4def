// A message from one process to another through the real signal path: send_message copies it
// into storage of its own and pushes it on the receiver's signal queue, receive_signals moves
// it to the mailbox, and the receive removes it. Scheduling is not measured: the receiver is
// already running (see bench_process.h).
#include <benchmark/benchmark.h>

#include "bench_process.h"
#include "sample_term.h"
#include "vm/term/atom.h"
#include "vm/term/compare.h"
#include "vm/process/signals.h"

using namespace ember;

namespace {

// One receive of whatever is first in the mailbox, or THE_NON_VALUE if nothing came.
Term receive_one(Process* p) {
  if (!receive_signals(p)) return THE_NON_VALUE;
  Term message = p->mailbox.current();
  if (message == THE_NON_VALUE) return message;
  p->mailbox.remove_current();
  return message;
}

void BM_MessageSendReceive(benchmark::State& state) {
  micro::BenchProcess sender, receiver;
  Arena heap;
  Term message = state.range(0) == 0 ? atoms::ok : micro::sample_term(heap, size_t(state.range(0)));
  bool received = true;
  for (auto _ : state) {
    send_message(sender.get(), receiver->pid, message);
    received &= receive_one(receiver.get()) != THE_NON_VALUE;
    receiver.collect_sometimes();
  }
  send_message(sender.get(), receiver->pid, message);
  if (!received || !eq_exact(receive_one(receiver.get()), message))
    state.SkipWithError("the message received is not the message sent");
}
BENCHMARK(BM_MessageSendReceive)->Arg(0)->Arg(10)->Arg(1000);

}  // namespace
