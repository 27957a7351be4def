// When an exited process may be freed. Any thread may find a process by its pid and use the
// pointer (to push a signal, to look at its status) while the process exits on another thread;
// so an exited process is only retired, and freed once every thread that could hold its pointer
// has passed a point where it holds none. This is epoch-based reclamation, the idea of erts'
// "thread progress": schedulers pass such a point between two time slices and while asleep,
// and other threads (port readers, the embedding host) hold a ProgressGuard for exactly the
// time they use a process. No reference count is touched on the message path.
#pragma once

#include <cstdint>

namespace ember {

// Marks the calling thread as one that may hold process pointers from now on, taking the
// current epoch; a scheduler calls it between slices, which is also its quiescent point.
void progress_enter();
// The calling thread holds no process pointer until its next progress_enter (asleep, or done).
void progress_leave();

// Whether the calling thread is between progress_enter and progress_leave.
bool progress_active();

// Holds process pointers for a scope, on a thread that is not a scheduler (on one, or inside
// another guard, it changes nothing).
class ProgressGuard {
 public:
  ProgressGuard() : entered_(!progress_active()) {
    if (entered_) progress_enter();
  }
  ~ProgressGuard() {
    if (entered_) progress_leave();
  }
  ProgressGuard(const ProgressGuard&) = delete;
  ProgressGuard& operator=(const ProgressGuard&) = delete;

 private:
  bool entered_;
};

// `object` can no longer be found (a process that left the table, a chunk of the table): a later
// progress_reclaim calls free_fn(object) once no thread can hold it.
void progress_retire(void* object, void (*free_fn)(void*));
// Frees what was retired and no thread can still hold. Cheap when nothing is retired.
void progress_reclaim();

}  // namespace ember
