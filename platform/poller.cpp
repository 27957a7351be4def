#include "platform/poller.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "platform/os.h"
#include "platform/thread.h"

namespace ember::platform {
namespace {

struct Entry {
  int fd;
  unsigned interest = 0;  // an fd waiting for nothing is out of the epoll set, where a
                          // hung-up socket would be reported again and again
  int64_t deadline = -1;
  std::function<void(unsigned)> on_ready;
};

struct Poller {
  int epoll_fd = -1;
  int wake_fd = -1;  // an eventfd: a new deadline makes the thread look again
  std::mutex lock;
  std::map<PollHandle, std::shared_ptr<Entry>> entries;
  std::set<std::pair<int64_t, PollHandle>> deadlines;
  PollHandle next = 1;
  Thread thread;

  void wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof one);
  }

  // Milliseconds until the nearest deadline, for epoll_wait; -1 when there is none.
  int wait_millis() {
    std::lock_guard guard(lock);
    if (deadlines.empty()) return -1;
    int64_t left = deadlines.begin()->first - monotonic_nanos();
    if (left <= 0) return 0;
    return int(std::min<int64_t>((left + 999'999) / 1'000'000, 1 << 30));
  }

  std::shared_ptr<Entry> find(PollHandle h) {
    std::lock_guard guard(lock);
    auto it = entries.find(h);
    return it == entries.end() ? nullptr : it->second;
  }

  std::vector<PollHandle> take_expired() {
    std::vector<PollHandle> due;
    int64_t now = monotonic_nanos();
    std::lock_guard guard(lock);
    while (!deadlines.empty() && deadlines.begin()->first <= now) {
      PollHandle h = deadlines.begin()->second;
      deadlines.erase(deadlines.begin());
      if (auto it = entries.find(h); it != entries.end()) it->second->deadline = -1;
      due.push_back(h);
    }
    return due;
  }

  void run() {
    epoll_event events[64];
    for (;;) {
      int n = epoll_wait(epoll_fd, events, 64, wait_millis());
      if (n < 0 && errno != EINTR) return;
      for (int i = 0; i < n; ++i) {
        if (events[i].data.u64 == 0) {
          uint64_t count;
          [[maybe_unused]] ssize_t r = ::read(wake_fd, &count, sizeof count);
          continue;
        }
        unsigned ready = 0;
        if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ready |= poll_read;
        if (events[i].events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) ready |= poll_write;
        if (auto entry = find(events[i].data.u64)) entry->on_ready(ready);
      }
      for (PollHandle h : take_expired())
        if (auto entry = find(h)) entry->on_ready(poll_timeout);
    }
  }
};

uint32_t epoll_events(unsigned interest) {
  return (interest & poll_read ? uint32_t(EPOLLIN | EPOLLRDHUP) : 0u) | (interest & poll_write ? uint32_t(EPOLLOUT) : 0u);
}

Poller& poller() {
  static Poller* p = [] {
    auto* q = new Poller;
    q->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    q->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = 0;
    epoll_ctl(q->epoll_fd, EPOLL_CTL_ADD, q->wake_fd, &ev);
    q->thread.start([q] { q->run(); }, 1 << 20);
    return q;
  }();
  return *p;
}

}  // namespace

PollHandle poller_add(int fd, unsigned interest, std::function<void(unsigned)> on_ready) {
  Poller& p = poller();
  auto entry = std::make_shared<Entry>(Entry{fd, 0, -1, std::move(on_ready)});
  PollHandle h;
  {
    std::lock_guard guard(p.lock);
    h = p.next++;
    p.entries.emplace(h, entry);
  }
  poller_set_interest(h, interest);
  return h;
}

void poller_set_interest(PollHandle h, unsigned interest) {
  Poller& p = poller();
  std::lock_guard guard(p.lock);
  auto it = p.entries.find(h);
  if (it == p.entries.end()) return;
  Entry& e = *it->second;
  epoll_event ev{};
  ev.events = epoll_events(interest);
  ev.data.u64 = h;
  if (interest == 0) epoll_ctl(p.epoll_fd, EPOLL_CTL_DEL, e.fd, nullptr);
  else epoll_ctl(p.epoll_fd, e.interest == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, e.fd, &ev);
  e.interest = interest;
}

void poller_set_deadline(PollHandle h, int64_t deadline_nanos) {
  Poller& p = poller();
  {
    std::lock_guard guard(p.lock);
    auto it = p.entries.find(h);
    if (it == p.entries.end()) return;
    Entry& e = *it->second;
    if (e.deadline >= 0) p.deadlines.erase({e.deadline, h});
    e.deadline = deadline_nanos;
    if (deadline_nanos >= 0) p.deadlines.insert({deadline_nanos, h});
  }
  if (deadline_nanos >= 0) p.wake();
}

void poller_remove(PollHandle h) {
  Poller& p = poller();
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard guard(p.lock);
    auto it = p.entries.find(h);
    if (it == p.entries.end()) return;
    entry = std::move(it->second);
    p.entries.erase(it);
    if (entry->deadline >= 0) p.deadlines.erase({entry->deadline, h});
    if (entry->interest != 0) epoll_ctl(p.epoll_fd, EPOLL_CTL_DEL, entry->fd, nullptr);
  }
}

}  // namespace ember::platform
