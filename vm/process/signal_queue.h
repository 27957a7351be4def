// Signals between processes. Every signal from A to B (a message, an exit, a link, a
// monitor...) goes through B's one queue, which is what gives erts' ordering guarantee between
// any pair of processes. Senders push without locks; the owner takes the whole queue at once
// and handles it in arrival order: messages go to its mailbox, other signals take effect.
#pragma once

#include <atomic>
#include <memory>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

enum class SignalKind : uint8_t {
  message,
  exit,         // exit signal: from a link (linked = true) or from exit/2
  link,
  unlink,
  monitor,      // `ref` monitors the receiver on behalf of `from`
  demonitor,
  down,         // a monitored process died: `term` is the 'DOWN' message, `ref` the monitor
  group_leader, // `term` is the new group leader
  timeout,      // the receive timer `term` (a small integer id) went off
  // erlang:suspend_process/2 and resume_process/1 (vm/process/suspend.h)
  suspend,          // `from` suspends the receiver (its first suspension of it)
  suspend_active,   // `from` has taken the receiver's suspension of it
  resume,           // `from` no longer suspends the receiver
  suspend_ended,    // the receiver suspended `from`, which has exited
  suspend_reply,    // `term` ({Tag, Reply}) is to go back to `from` once the receiver is
                    // suspended; `linked` for the asynchronous form
  system_task,      // `term` is a task for the receiver at rest, `from` wants the answer
                    // (vm/process/system_task.h)
  is_alive,         // `from` asks whether the receiver is alive: {`ref`, Bool} answers
};

struct Signal {
  Signal* next = nullptr;
  SignalKind kind;
  bool linked = false;
  bool ends_monitor = false;  // a message through a reply_demonitor alias (ref is the alias)
  Term from = NIL;
  Term term = NIL;  // message, exit reason, monitored name, group leader
  Term ref = NIL;
  std::unique_ptr<Arena> storage;  // holds any boxed data of term/ref; may be null
};

class SignalQueue {
 public:
  SignalQueue() = default;
  SignalQueue(const SignalQueue&) = delete;
  ~SignalQueue();

  // Thread-safe; returns true if the queue was empty (the receiver may need waking).
  bool push(Signal* s);
  // Everything pushed so far, oldest first; the caller owns the signals.
  Signal* take_all();
  // Sequentially consistent, as push is: with the process status the scheduler stores before
  // asking and the sender changes after pushing, this is a store-then-load handshake on two
  // variables, which acquire and release alone do not order (see run_one and schedule).
  bool empty() const { return head_.load(std::memory_order_seq_cst) == nullptr; }

 private:
  std::atomic<Signal*> head_{nullptr};  // newest first
};

// A receive marker (OTP 24's recv_marker_* instructions): where the queue ended just before a
// reference was made. A receive matching on that reference can start there, since no message
// queued earlier can contain it.
struct ReceiveMarker {
  static constexpr uint32_t free = ~uint32_t(0);
  uint32_t position = free;  // index of the first message newer than the marker; free if unused
  uint32_t ref[3] = {};      // the bound reference's numbers; all zero until bound
  int64_t id = 0;            // what recv_marker_reserve returned for it (ids grow from 1)
};

// As many markers as erts keeps, so that calls nested a few deep (a gen_server call made
// while waiting on another) each keep theirs. Allocated on the first reserve: most processes
// never make a call.
inline constexpr int receive_marker_slots = 8;
struct ReceiveMarkers {
  ReceiveMarker slot[receive_marker_slots];
  int64_t last_id = 0;
};

// The received messages, oldest first, and the receive position `save`: the index of the next
// message a receive will look at. It is process state because arbitrary code may run between
// taking a message and removing it (prim_eval:'receive'/2). The messages sit in one array, so
// a receive scanning a long queue reads memory in order; one taken from the middle leaves a
// hole (THE_NON_VALUE) until the array is compacted, when holes are half of it.
struct Mailbox {
  std::unique_ptr<Term[]> queue;
  uint32_t capacity = 0;
  uint32_t end = 0;     // queue[0, end) holds the messages and holes
  uint32_t first = 0;   // no message before it
  uint32_t save = 0;
  uint32_t length = 0;  // messages, not counting holes
  std::unique_ptr<ReceiveMarkers> markers;

  void append(Term term);
  // The message at the receive position (moving it past holes), or THE_NON_VALUE after the last.
  Term current() {
    while (save < end && queue[save] == THE_NON_VALUE) save++;
    return save < end ? queue[save] : THE_NON_VALUE;
  }
  void skip_current() { save++; }
  // Takes out the message current() returned, and rewinds.
  void remove_current();
  void rewind() { save = first; }
  // Calls fn(Term&) on every message, oldest first (the collector updates them in place).
  template <typename Fn>
  void for_each(Fn fn) {
    for (uint32_t i = first; i < end; i++)
      if (queue[i] != THE_NON_VALUE) fn(queue[i]);
  }

  // A marker for the current end of the queue; its id. When every slot is taken, the one
  // reserved longest ago is reused (a receive that lost its marker scans the whole queue).
  int64_t reserve_marker();
  void bind_marker(int64_t id, const uint32_t ref[3]);
  // Moves the receive position to the marker bound to ref, if there is one.
  void use_marker(const uint32_t ref[3]);
  void clear_marker(const uint32_t ref[3]);

 private:
  void compact();
};

}  // namespace ember
