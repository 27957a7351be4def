#include "vm/signal_queue.h"

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
  delete m;
  length--;
  save = &first;
}

}  // namespace ember
