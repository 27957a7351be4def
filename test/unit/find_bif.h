// Unit tests call BIFs as the interpreter does: through the function the registration table
// binds to {Module, Function, Arity}.
#pragma once

#include <catch2/catch.hpp>

#include "bif/bif.h"
#include "vm/code/export.h"
#include "vm/term/atom.h"

namespace ember::test {

inline BifFn find_bif(const char* module, const char* function, uint32_t arity) {
  static bool registered = (register_bifs(), true);
  (void)registered;
  Export* e = export_find(atom_put(module), atom_put(function), arity);
  REQUIRE(e);
  REQUIRE(e->bif);
  return e->bif;
}

}  // namespace ember::test
