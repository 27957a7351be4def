// NIF resources: objects outside the heap (an open file, a byte buffer, a zlib stream) that
// Erlang code holds by a reference. erts makes such references "magic" and frees the object
// when the last one becomes garbage. ember hands out an ordinary local reference (it prints,
// compares and travels as any reference) that names the object in one table; the object is
// freed when its library releases it (closing a file or stream) or when the process that owns
// it exits, whichever comes first.
#pragma once

#include <cstdint>
#include <memory>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

struct Resource {
  virtual ~Resource() = default;
};

// Each library marks its references with a kind of its own (a number below 2^31), so that its
// references are told from other libraries' and from plain ones even when they name nothing.
// A new reference of `kind` that names no object yet.
Term resource_ref(Heap& heap, uint32_t kind);
// A new reference of `kind` naming `object`, owned by the process `owner`.
Term resource_make(Heap& heap, uint32_t kind, Term owner, std::shared_ptr<Resource> object);
// Whether `ref` was made for `kind`, whether it names a live object or not.
bool resource_is(Term ref, uint32_t kind);
// The object `ref` names now, or null.
std::shared_ptr<Resource> resource_find(Term ref);
template <class T>
std::shared_ptr<T> resource_get(Term ref) {
  return std::dynamic_pointer_cast<T>(resource_find(ref));
}
// Makes a resource reference name `object` (owned by `owner`) unless it names one already;
// returns the object it names.
std::shared_ptr<Resource> resource_attach(Term ref, Term owner, std::shared_ptr<Resource> object);
// Gives the resource another owner (zlib:set_controlling_process/2).
void resource_set_owner(Term ref, Term owner);
// Drops the table's hold on the resource; it is freed once no NIF call still uses it.
void resource_release(Term ref);
// The process `pid` exited: its resources go.
void resource_release_owned_by(Term pid);

}  // namespace ember
