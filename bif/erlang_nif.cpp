// erlang:load_nif/2: binds ember's built-in NIF libraries (vm/code/nif.h) over their stubs. A
// library in a file (a .so) is a later step; until then it fails as erts fails to load one.
#include <string>

#include "bif/bif.h"
#include "platform/file.h"
#include "vm/term/binary.h"
#include "vm/term/iolist.h"
#include "vm/code/module.h"
#include "vm/code/nif.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

Term nif_error(Process* p, const char* kind, const std::string& text) {
  ProcessHeap heap(p);
  // The text goes out byte by byte, as erts builds it (a name in UTF-8 shows as its bytes).
  return tuple(heap, atoms::error, tuple(heap, atom_put(kind), make_byte_list(heap, text)));
}

// A possibly deep list of characters, as UTF-8.
bool deep_chars(Term t, std::string& out, int depth) {
  if (depth > 10000) return false;
  for (; is_list(t); t = tail(t)) {
    Term c = head(t);
    if (is_list(c) || c == NIL) {
      if (!deep_chars(c, out, depth + 1)) return false;
    } else if (is_small(c) && is_valid_code_point(small_value(c))) {
      utf8_append(out, uint32_t(small_value(c)));
    } else {
      return false;
    }
  }
  return t == NIL;
}

// The library path as erts reads a file name: a binary, or a possibly deep character list.
bool path_text(Term path, std::string& out) {
  if (is_binary(path)) {
    append_binary_bytes(out, path);
    return true;
  }
  return deep_chars(path, out, 0);
}

}  // namespace

Term erlang_load_nif_2(Process* p, Term* a) {
  std::string path;
  if (!path_text(a[0], path)) return badarg(p);
  // erts finds the calling module from the caller's code (the call is in a module's on_load
  // function, or any function of it). Binding writes into that module's code, as erts does:
  // the one change loaded code ever sees.
  Module* m = const_cast<Module*>(module_containing(p->pc));
  if (!m) return badarg(p);
  if (m != module_current(m->name) && !module_is_pending(m->name))
    return nif_error(p, "old_code", "Calling load_nif from old module '" + std::string(atom_text(m->name)) + "' not allowed");
  if (m->nifs_loaded) return nif_error(p, "reload", "NIF library already loaded (reload disallowed since OTP 20).");
  if (!nif_builtin_module(m->name)) {
    std::string file = path + ".so";
    if (!platform::file_exists(file))
      return nif_error(p, "load_failed", "Failed to load NIF library: '" + file + ": cannot open shared object file: No such file or directory'");
    return nif_error(p, "load_failed", "Failed to load NIF library " + path + ": 'ember loads only its built-in NIF libraries'");
  }
  std::string error;
  if (!nif_bind(*m, &error)) return nif_error(p, "bad_lib", error);
  m->nifs_loaded = true;
  return atoms::ok;
}

}  // namespace ember
