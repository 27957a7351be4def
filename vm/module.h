// Loaded modules and the module table. A module's code is immutable once loaded; new code for
// the same module becomes "current" and the previous one "old", as in erts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "vm/export.h"
#include "vm/fun.h"
#include "vm/heap.h"
#include "vm/term.h"

namespace ember {

struct FunctionInfo {
  Term name;
  uint32_t arity;
  uint32_t start;  // code offset of the func_info instruction
};

struct LineRecord {
  uint32_t code_offset;  // the following instructions belong to this source line
  uint32_t file;
  uint32_t line;
};

struct Module {
  Term name = NIL;
  std::unique_ptr<Word[]> code;
  size_t code_size = 0;
  Arena literals;
  std::string strings;  // StrT
  std::vector<FunctionInfo> functions;  // ordered by start
  std::vector<LineRecord> lines;        // ordered by code_offset
  std::vector<std::string> files;
  std::vector<FunEntry*> lambdas;
  std::vector<const Word*> lambda_entries;  // code of each lambda, installed with the module
  std::vector<Export*> exports;
  std::vector<const Word*> export_entries;  // code of each export, installed with the module
  std::string attributes;    // Attr chunk (external term format)
  std::string compile_info;  // CInf chunk
  uint8_t md5[16] = {};
  const Word* on_load = nullptr;  // entry of the -on_load function, if any
  bool nifs_loaded = false;       // erlang:load_nif/2 bound NIFs over this code (once, as erts)

  bool contains(const Word* pc) const { return pc >= code.get() && pc < code.get() + code_size; }
  const FunctionInfo* function_at(const Word* pc) const;
  const LineRecord* line_at(const Word* pc) const;
};

// The module whose code contains pc, current or old; nullptr if none.
const Module* module_containing(const Word* pc);
// The current code of a module, or nullptr.
const Module* module_current(Term name);

// Makes `m` the current code of its module: the previous current code becomes old (any older
// code must have been purged), and every export entry points into the new code. A module with
// an -on_load function is only held back: its code runs, but its exports stay hidden until
// module_finish_on_load.
void module_install(std::unique_ptr<Module> m);
bool module_is_pending(Term name);  // loaded, waiting for its on_load function
// The on_load entry of a held-back module, for the one caller that will run it; nullptr if
// there is none or it is already running.
const Word* module_claim_on_load(Term name);
// The on_load function returned: with keep, the held-back code becomes current; else it goes.
void module_finish_on_load(Term name, bool keep);
// As erlang:delete_module/1: the current code becomes old and the exports undefined. False if
// there is no current code, or old code that must be purged first.
bool module_delete(Term name);
// As erlang:purge_module/1, once no process runs the old code: it is freed, and the funs made
// by it lose their code. False if there is no old code.
bool module_purge(Term name);

}  // namespace ember
