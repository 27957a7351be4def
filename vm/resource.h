// NIF resources: objects outside the heap (an open file, a byte buffer, a zlib stream) that
// Erlang code holds by a reference. erts makes such references "magic" and frees the object
// when the last one becomes garbage. ember hands out an ordinary local reference (it prints,
// compares and travels as any reference) that names the object in one table; the object is
// freed when its library releases it (closing a file or stream) or when the process that owns
// it exits, whichever comes first.
#pragma once

#include <memory>

#include "vm/heap.h"
#include "vm/term.h"

namespace ember {

struct Resource {
  virtual ~Resource() = default;
};

// A new reference naming `object`, owned by the process `owner`.
Term resource_make(Heap& heap, Term owner, std::shared_ptr<Resource> object);
// The object `ref` names, if it is a live resource of type T; else null.
std::shared_ptr<Resource> resource_find(Term ref);
template <class T>
std::shared_ptr<T> resource_get(Term ref) {
  return std::dynamic_pointer_cast<T>(resource_find(ref));
}
// Whether `ref` named a resource that is gone (a closed file, as against a plain reference).
bool resource_released(Term ref);
// Gives the resource another owner (zlib:set_controlling_process/2).
void resource_set_owner(Term ref, Term owner);
// Drops the table's hold on the resource; it is freed once no NIF call still uses it.
void resource_release(Term ref);
// The process `pid` exited: its resources go.
void resource_release_owned_by(Term pid);

}  // namespace ember
