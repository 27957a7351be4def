// Finding processes: by pid in O(1) through a slot table, and by registered name.
#pragma once

#include <memory>

#include "vm/process.h"

namespace ember {

// Gives p a pid and makes it findable. Returns false if the table is full (system_limit).
bool process_table_add(std::unique_ptr<Process> p);
// Removes and frees the process (it must have exited).
void process_table_remove(Process* p);
Process* process_find(Term pid);
size_t process_count();
// All live processes, in pid order (erlang:processes/0).
void process_for_each_impl(void (*fn)(Process*, void*), void* ctx);
template <typename Fn>
void process_for_each(Fn fn) {
  process_for_each_impl([](Process* p, void* c) { (*static_cast<Fn*>(c))(p); }, &fn);
}

// Registered names (processes only; ports later). Return false on a conflict.
bool register_name(Term name, Process* p);
bool unregister_name(Term name);
Process* whereis_name(Term name);
void registered_for_each_impl(void (*fn)(Term, Process*, void*), void* ctx);
template <typename Fn>
void registered_for_each(Fn fn) {
  registered_for_each_impl([](Term n, Process* p, void* c) { (*static_cast<Fn*>(c))(n, p); }, &fn);
}

}  // namespace ember
