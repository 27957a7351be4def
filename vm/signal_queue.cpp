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

void Mailbox::append(Term term) {
  if (end == capacity) {
    if ((end - length) * 2 > end) compact();
    if (end == capacity) {
      uint32_t bigger = capacity ? capacity * 2 : 4;
      std::unique_ptr<Term[]> grown(new Term[bigger]);
      std::copy(queue.get(), queue.get() + end, grown.get());
      queue = std::move(grown);
      capacity = bigger;
    }
  }
  queue[end++] = term;
  length++;
}

void Mailbox::remove_current() {
  queue[save] = THE_NON_VALUE;
  if (--length == 0) {
    // Every marker now stands before whatever comes next. A long queue's array goes back.
    end = first = 0;
    for (ReceiveMarker& marker : markers)
      if (marker.position != ReceiveMarker::free) marker.position = 0;
    if (capacity > 256) {
      queue.reset();
      capacity = 0;
    }
  } else {
    while (queue[first] == THE_NON_VALUE) first++;
    if ((end - length) * 2 > end && end > 32) compact();
  }
  save = first;
}

// Closes the holes, keeping the receive position and the markers on the same messages.
void Mailbox::compact() {
  uint32_t to = 0, new_save = 0;
  uint32_t new_marks[2] = {ReceiveMarker::free, ReceiveMarker::free};
  for (uint32_t i = 0; i <= end; i++) {
    if (i == save) new_save = to;
    for (int k = 0; k < 2; k++)
      if (markers[k].position == i) new_marks[k] = to;
    if (i < end && queue[i] != THE_NON_VALUE) queue[to++] = queue[i];
  }
  end = to;
  first = 0;
  save = new_save;
  for (int k = 0; k < 2; k++) markers[k].position = new_marks[k];
}

int Mailbox::reserve_marker() {
  for (int slot = 0; slot < 2; slot++) {
    if (markers[slot].position != ReceiveMarker::free) continue;
    markers[slot] = ReceiveMarker{end, {}};
    return slot;
  }
  return -1;
}

void Mailbox::bind_marker(int slot, const uint32_t ref[3]) {
  if (slot >= 0 && slot < 2 && markers[slot].position != ReceiveMarker::free)
    std::copy(ref, ref + 3, markers[slot].ref);
}

static bool same_ref(const ReceiveMarker& m, const uint32_t ref[3]) {
  return m.position != ReceiveMarker::free && std::equal(ref, ref + 3, m.ref) && (ref[0] | ref[1] | ref[2]) != 0;
}

void Mailbox::use_marker(const uint32_t ref[3]) {
  for (ReceiveMarker& marker : markers)
    if (same_ref(marker, ref)) save = marker.position;
}

void Mailbox::clear_marker(const uint32_t ref[3]) {
  for (ReceiveMarker& marker : markers)
    if (same_ref(marker, ref)) marker = ReceiveMarker{};
}

}  // namespace ember
