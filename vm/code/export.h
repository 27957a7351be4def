// Export entries: one per {Module, Function, Arity} that anything has referred to. Calls
// through an export see the module's current code, as of the code index (vm/code/code_index.h).
#pragma once

#include <cstdint>

#include "vm/code/code_index.h"
#include "vm/term/term.h"

namespace ember {

struct Process;
// A BIF takes its arguments in an array and returns the result, or THE_NON_VALUE after
// recording the exception in the process (see vm/code/exception.h).
using BifFn = Term (*)(Process* p, Term* args);

// Where a BIF runs: on the calling process's scheduler, or on a dirty scheduler, a thread of
// its own kind that may be held for long (vm/process/dirty.h).
enum class DirtyKind : uint8_t { none, cpu, io };

// A BEAM function takes at most this many arguments (the loader refuses more).
inline constexpr uint32_t max_function_arity = 255;

struct Export {
  Term module;
  Term function;
  uint32_t arity;
  CodeAddress code{};  // entry of the current code; null when undefined
  BifFn bif = nullptr;                     // set for built-in functions
  // A BIF's continuation (vm/code/call.h) that fails as the BIF itself, whose arguments it
  // keeps in its first registers; null for every other entry.
  const Export* fails_as = nullptr;
  bool continuation = false;  // made by bif_continuation: its code is not any module's
  DirtyKind dirty = DirtyKind::none;
};

// The entry for M:F/A, created (undefined) on first reference. Entries are never freed, so
// pointers to them stay valid for the life of the VM.
Export* export_put(Term module, Term function, uint32_t arity);
// The entry if it was ever created, else nullptr.
Export* export_find(Term module, Term function, uint32_t arity);
// Bytes the export table holds (erlang:memory(code) counts it, as erts does).
size_t export_table_bytes();

}  // namespace ember
