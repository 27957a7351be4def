// Loading a .beam file: parse it, translate its code for the interpreter, build the Module.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "vm/code/module.h"

namespace ember::loader {

struct Loaded {
  std::unique_ptr<Module> module;  // null on failure
  std::string error;               // "<chunk> chunk, offset N: what" on failure
};

// Never crashes on malformed input; `expected_name` (if not nil) must match the module name.
Loaded load_beam(std::string_view bytes, Term expected_name = NIL);

}  // namespace ember::loader
