// Threads with a stack of a size ember chooses: a platform's default differs (8 MB with glibc,
// 1 MB on Android's bionic, 512 KB for secondary threads on iOS), and the VM's thread recurses
// into the C++ runtime as deeply as a program's main thread would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "platform/os.h"

namespace ember::platform {

class Thread {
 public:
  // Starts body on a new thread with stack_bytes of stack; false if the OS refuses.
  bool start(std::function<void()> body, size_t stack_bytes);
  void join();
  ~Thread();  // joins a thread still running

  struct State;

 private:
  State* state_ = nullptr;
};

// A hint to the core that this thread spins, so that it spends less power and yields to its
// sibling hyperthread.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Gives the rest of the thread's time slice to another thread ready on its core.
void yield_core();

// Spins until ready() or `nanos` have passed; returns ready(). For a thread about to sleep on
// the OS when work that another thread hands it is likely to come within microseconds: waking
// a sleeping thread costs the two threads tens of microseconds (erts' schedulers spin before
// they sleep for the same reason). The spinner yields its core now and then: the OS tends to
// keep two threads that wake each other on one core, where the one it waits for could
// otherwise not run until the spin ends.
template <typename Ready>
bool spin_until(Ready ready, int64_t nanos) {
  int64_t deadline = monotonic_nanos() + nanos;
  for (;;) {
    for (int k = 0; k < 32; k++) {
      if (ready()) return true;
      cpu_relax();
    }
    yield_core();
    if (monotonic_nanos() >= deadline) return ready();
  }
}

}  // namespace ember::platform
