#include "vm/process/remote.h"

#include <atomic>

namespace ember {
namespace {
std::atomic<const RemoteSignals*> hooks{nullptr};
}

void set_remote_signals(const RemoteSignals* h) { hooks.store(h, std::memory_order_release); }
const RemoteSignals* remote_signals() { return hooks.load(std::memory_order_acquire); }

}  // namespace ember
