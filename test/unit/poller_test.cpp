// The poller: readiness of a socket pair, interest changed on the fly, deadlines, removal.
// What a callback touches lives as long as the callback (a call under way when its fd is
// removed may still finish).
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "platform/os.h"
#include "platform/poller.h"

using namespace ember::platform;

namespace {

// Waits up to a second for a condition the poller's thread makes true.
template <typename F>
bool eventually(F condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return condition();
}

struct Pair {
  int fd[2];
  Pair() { REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fd) == 0); }
  ~Pair() {
    close(fd[0]);
    close(fd[1]);
  }
};

}  // namespace

TEST_CASE("poller reports what the owner waits for", "[poller]") {
  auto p = std::make_shared<Pair>();
  struct Seen {
    std::atomic<unsigned> events{0};
    std::atomic<int> reads{0};
  };
  auto seen = std::make_shared<Seen>();
  PollHandle h = poller_add(p->fd[0], 0, [p, seen](unsigned events) {
    seen->events |= events;
    if (events & poll_read) {
      char c;
      while (read(p->fd[0], &c, 1) == 1) seen->reads++;
    }
  });
  REQUIRE(h != 0);
  // Writable at once, but nobody asked: nothing comes.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(seen->events == 0);
  poller_set_interest(h, poll_read);
  REQUIRE(write(p->fd[1], "ab", 2) == 2);
  CHECK(eventually([&] { return seen->reads == 2; }));
  poller_set_interest(h, poll_write);
  CHECK(eventually([&] { return (seen->events & poll_write) != 0; }));
  poller_remove(h);
}

TEST_CASE("poller deadlines fire once, in order, and can be moved", "[poller]") {
  Pair p;
  struct Fired {
    std::atomic<int> first{0}, second{0};
  };
  auto fired = std::make_shared<Fired>();
  std::atomic<int>& first = fired->first;
  std::atomic<int>& second = fired->second;
  PollHandle a = poller_add(p.fd[0], 0, [fired](unsigned events) { fired->first += (events & poll_timeout) ? 1 : 0; });
  PollHandle b = poller_add(p.fd[1], 0, [fired](unsigned events) { fired->second += (events & poll_timeout) ? 1 : 0; });
  int64_t now = monotonic_nanos();
  poller_set_deadline(a, now + 30'000'000);
  poller_set_deadline(b, now + 3'000'000'000);
  poller_set_deadline(b, now + 10'000'000);  // moved earlier: the poller must look again
  CHECK(eventually([&] { return second == 1; }));
  CHECK(first == 0);
  CHECK(eventually([&] { return first == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(first == 1);
  CHECK(second == 1);
  poller_set_deadline(a, monotonic_nanos() + 20'000'000);
  poller_set_deadline(a, -1);  // cancelled
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(first == 1);
  poller_remove(a);
  poller_remove(b);
}

TEST_CASE("a removed fd is not reported, nor its deadline", "[poller]") {
  Pair p;
  auto calls = std::make_shared<std::atomic<int>>(0);
  PollHandle h = poller_add(p.fd[0], poll_read, [calls](unsigned) { (*calls)++; });
  poller_set_deadline(h, monotonic_nanos() + 20'000'000);
  poller_remove(h);
  REQUIRE(write(p.fd[1], "x", 1) == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  CHECK(*calls == 0);
}
