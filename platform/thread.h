// Threads with a stack of a size ember chooses: a platform's default differs (8 MB with glibc,
// 1 MB on Android's bionic, 512 KB for secondary threads on iOS), and the VM's thread recurses
// into the C++ runtime as deeply as a program's main thread would.
#pragma once

#include <cstddef>
#include <functional>

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

}  // namespace ember::platform
