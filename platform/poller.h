// One thread that waits on every socket the VM has (epoll; kqueue on Apple platforms is still
// to come, issue 10) and tells each socket's owner what became ready: readable, writable, or
// its deadline reached. The owner says what it waits for and may change it at any time, from
// any thread; its callback runs on the poller's thread, one at a time.
#pragma once

#include <cstdint>
#include <functional>

namespace ember::platform {

enum PollEvent : unsigned {
  poll_read = 1,
  poll_write = 2,
  poll_timeout = 4,  // the deadline set with poller_set_deadline has passed
};

using PollHandle = uint64_t;  // 0 is no handle

// Watches fd for the events in `interest` (poll_read | poll_write); on_ready gets what is
// ready, which for a hung-up or failed socket is both. The first call starts the poller's
// thread.
PollHandle poller_add(int fd, unsigned interest, std::function<void(unsigned)> on_ready);
void poller_set_interest(PollHandle h, unsigned interest);
// A deadline on the monotonic clock (platform::monotonic_nanos), -1 for none; when it passes,
// on_ready gets poll_timeout (once).
void poller_set_deadline(PollHandle h, int64_t deadline_nanos);
// Stops watching: on_ready is not started again, though a call already under way on the
// poller's thread may still finish (its owner tells by state of its own). The fd stays open;
// closing it is the caller's, after this.
void poller_remove(PollHandle h);

}  // namespace ember::platform
