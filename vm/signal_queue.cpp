#include "vm/signal_queue.h"

#include <algorithm>

namespace ember {

SignalQueue::~SignalQueue() {
  for (Signal* s = take_all(); s;) {
    Signal* next = s->next;
    delete s;
    s = next;
  }
}

bool SignalQueue::push(Signal* s) {
  Signal* old = head_.load(std::memory_order_relaxed);
  do {
    s->next = old;
  } while (!head_.compare_exchange_weak(old, s, std::memory_order_release, std::memory_order_relaxed));
  return old == nullptr;
}

Signal* SignalQueue::take_all() {
  Signal* newest_first = head_.exchange(nullptr, std::memory_order_acquire);
  Signal* oldest_first = nullptr;
  while (newest_first) {
    Signal* next = newest_first->next;
    newest_first->next = oldest_first;
    oldest_first = newest_first;
    newest_first = next;
  }
  return oldest_first;
}

Mailbox::~Mailbox() {
  for (Message* m = first; m;) {
    Message* next = m->next;
    delete m;
    m = next;
  }
}

void Mailbox::append(Term term) {
  Message* m = new Message{nullptr, term};
  *last = m;
  last = &m->next;
  length++;
}

void Mailbox::remove_current() {
  Message* m = *save;
  *save = m->next;
  if (last == &m->next) last = save;
  if (markers)
    for (ReceiveMarker& marker : markers->slot)
      if (marker.link == &m->next) marker.link = save;
  delete m;
  length--;
  save = &first;
}

int64_t Mailbox::reserve_marker() {
  if (!markers) markers = std::make_unique<ReceiveMarkers>();
  ReceiveMarker* chosen = nullptr;
  for (ReceiveMarker& m : markers->slot) {
    if (!m.link) {
      chosen = &m;
      break;
    }
    if (!chosen || m.id < chosen->id) chosen = &m;
  }
  *chosen = ReceiveMarker{last, {}, ++markers->last_id};
  return chosen->id;
}

void Mailbox::bind_marker(int64_t id, const uint32_t ref[3]) {
  if (!markers) return;
  for (ReceiveMarker& m : markers->slot)
    if (m.link && m.id == id) std::copy(ref, ref + 3, m.ref);
}

static bool same_ref(const ReceiveMarker& m, const uint32_t ref[3]) {
  return m.link && std::equal(ref, ref + 3, m.ref) && (ref[0] | ref[1] | ref[2]) != 0;
}

void Mailbox::use_marker(const uint32_t ref[3]) {
  if (!markers) return;
  for (ReceiveMarker& m : markers->slot)
    if (same_ref(m, ref)) save = m.link;
}

void Mailbox::clear_marker(const uint32_t ref[3]) {
  if (!markers) return;
  for (ReceiveMarker& m : markers->slot)
    if (same_ref(m, ref)) m = ReceiveMarker{};
}

}  // namespace ember
