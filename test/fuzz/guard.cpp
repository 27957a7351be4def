#include "test/fuzz/guard.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#if defined(__SANITIZE_ADDRESS__)
#define EMBER_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMBER_FUZZ_ASAN 1
#endif
#endif
#ifdef EMBER_FUZZ_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace ember::fuzz {
namespace {

// Everything a signal handler reads is plain memory set up before the run starts.
struct State {
  char target[64] = {};
  char dir[2048] = {};
  bool save = false;
  unsigned timeout = 0;
  const char* data = nullptr;
  size_t size = 0;
  char label[1024] = {};
  std::atomic<bool> running{false};
  std::atomic<uint64_t> runs{0};
  std::atomic<bool> reported{false};
};
State state;

void copy(char* to, size_t capacity, const char* from) {
  std::strncpy(to, from, capacity - 1);
  to[capacity - 1] = '\0';
}

void say(const char* text) {
  size_t n = std::strlen(text);
  while (n > 0) {
    ssize_t w = write(2, text, n);
    if (w <= 0) return;
    text += w;
    n -= size_t(w);
  }
}

// Only async-signal-safe calls from here on: open, write, close.
void save_input(const char* kind) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, so that the same input gets the same name
  for (size_t i = 0; i < state.size; i++) h = (h ^ uint8_t(state.data[i])) * 0x100000001b3ull;
  char path[2200];
  size_t at = 0;
  auto add = [&](const char* s) {
    for (; *s && at + 1 < sizeof path; s++) path[at++] = *s;
  };
  add(state.dir);
  add("/");
  add(kind);
  add("-");
  for (int shift = 60; shift >= 0; shift -= 4) path[at++] = "0123456789abcdef"[(h >> shift) & 15];
  path[at] = '\0';
  say("\nember_fuzz: ");
  say(kind);
  say(" on input ");
  say(state.label);
  say("\n");
  if (!state.save) return;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const char* p = state.data;
  size_t n = state.size;
  while (fd >= 0 && n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) break;
    p += w;
    n -= size_t(w);
  }
  if (fd >= 0) close(fd);
  say(fd >= 0 ? "ember_fuzz: saved as " : "ember_fuzz: could not save it as ");
  say(path);
  say("\nember_fuzz: replay with: ember_fuzz ");
  say(state.target);
  say(" --replay ");
  say(path);
  say("\n");
}

void report(const char* kind) {
  if (!state.running.load(std::memory_order_acquire) || state.reported.exchange(true, std::memory_order_relaxed)) return;
  save_input(kind);
}

// Death between runs is a bug of the driver or of a mutator (then the run it was making the
// input of comes after the last one named), or a leak reported at exit.
void report_signal() {
  if (state.running.load(std::memory_order_acquire)) return report("crash");
  if (state.reported.exchange(true, std::memory_order_relaxed) || state.label[0] == '\0') return;
  say("\nember_fuzz: died outside the target (in the driver, a mutator, or at exit), after input ");
  say(state.label);
  say("\n");
}

void on_signal(int sig) {
  report_signal();
  signal(sig, SIG_DFL);
  raise(sig);
}

#ifdef EMBER_FUZZ_ASAN
void on_death() { report_signal(); }
#endif

void on_exit() { report("crash"); }

// Checks once a second that runs still finish; a run that hangs is reported and ends the
// process, as a crash would.
void watchdog() {
  uint64_t last = state.runs.load(std::memory_order_relaxed);
  unsigned stuck = 0;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    uint64_t now = state.runs.load(std::memory_order_relaxed);
    stuck = (now == last && state.running.load(std::memory_order_relaxed)) ? stuck + 1 : 0;
    last = now;
    if (stuck >= state.timeout) {
      report("timeout");
      _exit(70);
    }
  }
}

}  // namespace

void guard_install(const std::string& target, const std::string& save_dir, unsigned timeout_seconds) {
  copy(state.target, sizeof state.target, target.c_str());
  copy(state.dir, sizeof state.dir, save_dir.c_str());
  state.save = !save_dir.empty();
  state.timeout = timeout_seconds;

  static char alternate_stack[1 << 16];  // a stack overflow must still reach the handler
  stack_t ss{};
  ss.ss_sp = alternate_stack;
  ss.ss_size = sizeof alternate_stack;
  sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  // AddressSanitizer reports memory faults itself, then calls on_death.
#ifdef EMBER_FUZZ_ASAN
  __sanitizer_set_death_callback(on_death);
  for (int sig : {SIGABRT, SIGILL}) sigaction(sig, &sa, nullptr);
#else
  for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) sigaction(sig, &sa, nullptr);
#endif
  std::atexit(on_exit);
  if (timeout_seconds > 0) std::thread(watchdog).detach();
}

void guard_begin(const std::string& input, const std::string& label) {
  state.data = input.data();
  state.size = input.size();
  copy(state.label, sizeof state.label, label.c_str());
  // Released: the watchdog thread that reports a hang reads the input through state.
  state.running.store(true, std::memory_order_release);
}

void guard_end() {
  state.running.store(false, std::memory_order_release);
  state.runs.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace ember::fuzz

#ifdef EMBER_FUZZ_ASAN
// UBSan has a runtime of its own, which does not call AddressSanitizer's death callback: it is
// told to abort instead, so that the SIGABRT handler saves the input, and to show where.
extern "C" const char* __ubsan_default_options() { return "abort_on_error=1:print_stacktrace=1"; }
#endif
