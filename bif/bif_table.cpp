// The one registration table of built-in functions: bifs.def lists them all.
#include "bif/bif.h"

#include <iterator>

#include "vm/code/nif.h"

namespace ember {

#define BIF(module, function, arity, name) Term name(Process* p, Term* args);
#define DIRTY_BIF(kind, module, function, arity, name) BIF(module, function, arity, name)
#include "bif/bifs.def"
#undef BIF
#undef DIRTY_BIF
#define NIF(library, module, function, arity, name) Term name(Process* p, Term* args);
#define DIRTY_NIF(kind, library, module, function, arity, name) NIF(library, module, function, arity, name)
#include "bif/nifs.def"
#undef NIF
#undef DIRTY_NIF

namespace {

constexpr BifEntry table[] = {
#define BIF(module, function, arity, name) {module, function, arity, name},
#define DIRTY_BIF(kind, module, function, arity, name) {module, function, arity, name, DirtyKind::kind},
#include "bif/bifs.def"
#undef BIF
#undef DIRTY_BIF
};

constexpr NifEntry nifs[] = {
#define NIF(library, module, function, arity, name) {library, module, function, arity, name},
#define DIRTY_NIF(kind, library, module, function, arity, name) \
  {library, module, function, arity, name, DirtyKind::kind},
#include "bif/nifs.def"
#undef NIF
#undef DIRTY_NIF
};

}  // namespace

void register_bifs() {
  for (const BifEntry& b : table) {
    Export* e = export_put(atom_put(b.module), atom_put(b.function), b.arity);
    e->bif = b.fn;
    e->dirty = b.dirty;
  }
  nif_register(nifs, std::size(nifs));
}

std::span<const BifEntry> bif_entries() { return table; }

int64_t list_length(Term list) {
  int64_t n = 0;
  for (; is_list(list); list = tail(list)) n++;
  return list == NIL ? n : -1;
}

}  // namespace ember
