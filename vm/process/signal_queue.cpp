#include "vm/process/signal_queue.h"

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
  } while (!head_.compare_exchange_weak(old, s, std::memory_order_seq_cst, std::memory_order_relaxed));
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
    if (markers)
      for (ReceiveMarker& m : markers->slot)
        if (m.position != ReceiveMarker::free) m.position = 0;
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

// Closes the holes, keeping the receive position and the markers on the same messages: each
// goes to the number of messages before it.
void Mailbox::compact() {
  uint32_t to = 0, new_save = 0;
  uint32_t new_marks[receive_marker_slots];
  for (uint32_t& n : new_marks) n = ReceiveMarker::free;
  for (uint32_t i = 0; i <= end; i++) {
    if (i == save) new_save = to;
    if (markers)
      for (int k = 0; k < receive_marker_slots; k++)
        if (markers->slot[k].position == i) new_marks[k] = to;
    if (i < end && queue[i] != THE_NON_VALUE) queue[to++] = queue[i];
  }
  end = to;
  first = 0;
  save = new_save;
  if (markers)
    for (int k = 0; k < receive_marker_slots; k++) markers->slot[k].position = new_marks[k];
}

int64_t Mailbox::reserve_marker() {
  if (!markers) markers = std::make_unique<ReceiveMarkers>();
  ReceiveMarker* chosen = nullptr;
  for (ReceiveMarker& m : markers->slot) {
    if (m.position == ReceiveMarker::free) {
      chosen = &m;
      break;
    }
    if (!chosen || m.id < chosen->id) chosen = &m;
  }
  *chosen = ReceiveMarker{end, {}, ++markers->last_id};
  return chosen->id;
}

void Mailbox::bind_marker(int64_t id, const uint32_t ref[3]) {
  if (!markers) return;
  for (ReceiveMarker& m : markers->slot)
    if (m.position != ReceiveMarker::free && m.id == id) std::copy(ref, ref + 3, m.ref);
}

static bool same_ref(const ReceiveMarker& m, const uint32_t ref[3]) {
  return m.position != ReceiveMarker::free && std::equal(ref, ref + 3, m.ref) && (ref[0] | ref[1] | ref[2]) != 0;
}

void Mailbox::use_marker(const uint32_t ref[3]) {
  if (!markers) return;
  for (ReceiveMarker& m : markers->slot)
    if (same_ref(m, ref)) save = m.position;
}

void Mailbox::clear_marker(const uint32_t ref[3]) {
  if (!markers) return;
  for (ReceiveMarker& m : markers->slot)
    if (same_ref(m, ref)) m = ReceiveMarker{};
}

}  // namespace ember
