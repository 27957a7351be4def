#include <pthread.h>
#include <sched.h>

#include "platform/thread.h"

namespace ember::platform {

struct Thread::State {
  pthread_t thread;
  std::function<void()> body;
};

static void* run(void* state) {
  static_cast<Thread::State*>(state)->body();
  return nullptr;
}

bool Thread::start(std::function<void()> body, size_t stack_bytes) {
  join();
  state_ = new State{{}, std::move(body)};
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, stack_bytes);
  bool started = pthread_create(&state_->thread, &attributes, run, state_) == 0;
  pthread_attr_destroy(&attributes);
  if (!started) {
    delete state_;
    state_ = nullptr;
  }
  return started;
}

void Thread::join() {
  if (!state_) return;
  pthread_join(state_->thread, nullptr);
  delete state_;
  state_ = nullptr;
}

Thread::~Thread() { join(); }

void yield_core() { sched_yield(); }

}  // namespace ember::platform
