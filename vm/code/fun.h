// Fun entries: the static part of a closure (which lambda of which module), shared by every
// closure made from it. Entries are created when a module is loaded, or earlier when a fun of a
// module not yet loaded arrives in an external term; loading the module then fills in the code.
#pragma once

#include <cstdint>

#include "vm/code/code_index.h"
#include "vm/term/term.h"

namespace ember {

struct FunEntry {
  Term module;
  Term function;       // the lifted function's name, e.g. '-main/0-fun-0-'
  uint32_t arity;      // the arity the caller sees (the lifted function takes num_free more)
  uint32_t num_free;
  uint32_t index;      // FunT index
  uint32_t old_uniq;
  uint8_t md5[16];     // the module's MD5 ("new_uniq")
  CodeAddress code{};
};

// The entry for (module, index, md5), creating a code-less one if it does not exist yet.
FunEntry* fun_entry_put(Term module, uint32_t index, const uint8_t md5[16], uint32_t old_uniq,
                        uint32_t arity, uint32_t num_free, Term function);
// Bytes the table of fun entries holds (part of erlang:memory(code)).
size_t fun_table_bytes();

}  // namespace ember
