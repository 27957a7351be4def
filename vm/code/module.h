// Loaded modules and the module table. A module's code is immutable once loaded; new code for
// the same module becomes "current" and the previous one "old", as in erts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "vm/code/catch_table.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

struct FunctionInfo {
  Term name;
  uint32_t arity;
  uint32_t start;  // code offset of the func_info instruction
};

struct LineRecord {
  uint32_t code_offset;  // the following instructions belong to this source line
  uint32_t file;         // no_location: the instructions have no location
  uint32_t line;
};
// erts keeps a location in 32 bits, 8 for the file and 24 for the line: code whose file index
// or line does not fit (or whose line instruction names no line) has none.
inline constexpr uint32_t no_location = UINT32_MAX;
inline bool location_fits(uint32_t file, uint32_t line) { return file < 255 && line < (1u << 24) - 1; }

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
  CatchSlots catches;             // the handlers of its catch and try instructions
  const Word* on_load = nullptr;  // entry of the -on_load function, if any
  bool nifs_loaded = false;       // erlang:load_nif/2 bound NIFs over this code (once, as erts)

  bool contains(const Word* pc) const { return pc >= code.get() && pc < code.get() + code_size; }
  const FunctionInfo* function_at(const Word* pc) const;
  const LineRecord* line_at(const Word* pc) const;
  // Bytes the module holds: code, literals, and the tables that describe them.
  size_t memory_bytes() const;
};

// The module whose code contains pc, current or old; nullptr if none.
const Module* module_containing(const Word* pc);
// The current code of a module, or nullptr.
const Module* module_current(Term name);
// The old code of a module (what ran before the current code was loaded), or nullptr.
const Module* module_old(Term name);
// Modules with current or old code (erlang:loaded/0).
std::vector<Term> module_loaded_names();
// Bytes held by every module the table keeps, loaded or retired: their code (erlang:memory(code))
// and their literals, with those of purged modules not yet collected (which erts counts under
// system, in literal_alloc).
struct ModuleTableMemory {
  size_t code;
  size_t literals;
};
ModuleTableMemory module_table_memory();
// Calls fn(name, current, old) for each module with current or old code (either may be null),
// holding the table's lock.
void module_for_each_impl(void (*fn)(Term, const Module*, const Module*, void*), void* ctx);
template <typename Fn>
void module_for_each(Fn fn) {
  module_for_each_impl([](Term n, const Module* c, const Module* o, void* f) { (*static_cast<Fn*>(f))(n, c, o); }, &fn);
}

// Installs a batch of modules at once, as erlang:finish_loading/1: nothing is installed if a
// module appears twice (returns `duplicated`) or already has both current and old code
// (`not_purged`: old code is freed only by a purge); the offending modules go to `offending`,
// and `batch` is left as it was. Otherwise `batch` is consumed: each module's current code
// becomes old and the new code current, except that a module with an -on_load function is only
// held back (its funs work, its exports stay as they were) until its on_load function has run;
// those modules go to `offending` and the answer is `on_load`, else `ok`.
Term module_finish_loading(std::vector<std::unique_ptr<Module>>& batch, std::vector<Term>& offending);
// module_finish_loading of one module, for code loaded behind OTP's back (-bare).
Term module_install(std::unique_ptr<Module> m);
// The module held back for its on_load function, or nullptr.
const Module* module_pending(Term name);
bool module_is_pending(Term name);
// The on_load entry of a held-back module, for the one caller that will run it; nullptr if
// there is none or it is already running.
const Word* module_claim_on_load(Term name);
// The on_load function returned: with keep, the held-back code becomes current; else it goes
// (and is never freed, since the process that ran it may still hold its funs).
void module_finish_on_load(Term name, bool keep);
// erlang:finish_after_on_load/2: false if the module has no held-back code. With keep, the
// held-back code becomes current; without, it stays held back until a purge (prepare_on_load).
bool module_finish_after_on_load(Term name, bool keep);

enum class DeleteOutcome { deleted, no_module, not_purged };
// As erlang:delete_module/1: the current code becomes old and the exports undefined.
DeleteOutcome module_delete(Term name);

// Whether `name` has old code (a process can run it only then).
bool module_has_old_code(Term name);
// Whether code at pc, or a return address or catch in [stack, stack_end), lies in the old code
// of `name` (erts_internal:check_process_code).
bool module_old_code_in_use(Term name, const Word* pc, const Word* stack, const Word* stack_end);

// The phases of erts_internal:purge_module/2, one purge at a time. prepare takes the code of
// the old version's funs away (a call to such a fun waits for the purge to end, see
// module_fun_wait_for_purge), then the caller makes sure no process runs the old code, and
// complete frees it, or abort gives the funs back. prepare_on_load does the same for code held
// back by an on_load function that failed. Each returns true_ or false_, or THE_NON_VALUE when
// the call is out of turn (badarg).
Term module_purge_prepare(Term name, bool on_load);
// abort and complete give the processes that wait for the purge's end in *waiting.
Term module_purge_abort(Term name, std::vector<Term>* waiting);
Term module_purge_complete(Term name, std::vector<Term>* waiting);
// Whether the fun's code is away for a purge in progress; if so, the process `pid` is to wait
// (suspended) for the purge's end, and abort or complete name it.
bool module_fun_wait_for_purge(const FunEntry* fe, Term pid);
// prepare and complete at once, for callers that know no process runs the old code or holds
// its literals: all of it is freed. False if there is no old code.
bool module_purge(Term name);

// erlang:pre_loaded/0: the modules of the OTP tree's erts ebin, set by whoever boots the VM.
void set_preloaded_modules(std::vector<Term> names);
const std::vector<Term>& preloaded_modules();

}  // namespace ember
