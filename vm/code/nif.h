// ember's built-in NIF libraries (prim_file, prim_buffer, zlib, erl_tracer): C++ functions that
// erlang:load_nif/2 binds over the Erlang stubs of their module. Binding patches the stub's
// code right after its func_info with a call_nif instruction, so local calls, remote calls and
// funs all reach the C++ function. The NIF runs as a BIF called in tail position does (result
// in x0, then return) and fails with its own M:F/A as the top frame, as in erts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vm/code/export.h"
#include "vm/term/term.h"

namespace ember {

struct Module;

struct NifEntry {
  const char* library;
  const char* module;
  const char* function;
  uint32_t arity;
  BifFn fn;
  DirtyKind dirty = DirtyKind::none;  // erts' flags in the library's function table
};

// Adds built-in NIFs (called once at start-up, from bif/'s registration table).
void nif_register(const NifEntry* entries, size_t n);
// Whether `module` has a built-in NIF library. erts binds its static NIF libraries by the
// module that calls load_nif, whatever path it names; so does ember.
bool nif_builtin_module(Term module);
// Binds every built-in NIF of m's module over m's stubs, or none: false with the text of the
// bad_lib error (erts' for a missing stub; a stub too short to hold the call is ember's own).
bool nif_bind(Module& m, std::string* error);
// The functions of `module` that its built-in NIF library provides (none for another module).
std::vector<const Export*> nif_functions(Term module);

}  // namespace ember
