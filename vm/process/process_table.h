// Finding processes: by pid in O(1) through a slot table, and by registered name.
#pragma once

#include <cstdint>
#include <memory>

#include "vm/process/process.h"

namespace ember {

// The process limit, as erts' `+P N` sets it: N must lie in [min, max]; the table then has the
// smallest power of two of slots that holds N, up to 2^27, whose one slot erts keeps back.
inline constexpr uint64_t min_process_limit = 1024;
inline constexpr uint64_t max_process_limit = (uint64_t(1) << 27) - 1;
inline constexpr uint64_t default_process_limit = uint64_t(1) << 18;
// Sizes the table for `requested` processes (within the bounds above); false once a process
// exists. Memory grows with the processes that live, not with the limit.
bool set_process_limit(uint64_t requested);
// erlang:system_info(process_limit).
uint64_t process_limit();

// Gives p a pid and makes it findable. Returns false, and frees p, if the table is full
// (system_limit).
bool process_table_add(std::unique_ptr<Process> p);
// Takes out the process (it must have exited); free_fn(p) frees it once no thread can still
// hold it (vm/process/thread_progress.h).
void process_table_remove(Process* p, void (*free_fn)(void*));
// The process with this pid, or null. The pointer stays valid until the calling scheduler's
// next slice (or the end of the caller's ProgressGuard), even if the process exits meanwhile.
Process* process_find(Term pid);
// process_find, but null for a process that has exited and not yet left the table (signals to
// it are answered with its exit reason; link/1, ets:give_away/3 and an heir take it as dead).
Process* process_find_alive(Term pid);
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
// Drops the name of an exiting process, if it has one.
void unregister_process(Process* p);
Process* whereis_name(Term name);
void registered_for_each_impl(void (*fn)(Term, Process*, void*), void* ctx);
template <typename Fn>
void registered_for_each(Fn fn) {
  registered_for_each_impl([](Term n, Process* p, void* c) { (*static_cast<Fn*>(c))(n, p); }, &fn);
}

}  // namespace ember
