#include "vm/code/nif.h"

#include <unordered_map>
#include <vector>

#include "vm/term/atom.h"
#include "vm/code/instr.h"
#include "vm/code/interp.h"
#include "vm/code/module.h"

namespace ember {
namespace {

// Each NIF is called through an export entry of its own, outside the export table: the
// function stays the module's (local calls, its export entry if any), and the entry gives a
// failure its M:F/A.
std::unordered_map<Term, std::vector<Export*>>& registry() {
  static auto* r = new std::unordered_map<Term, std::vector<Export*>>;
  return *r;
}

Word handler(Op op) { return Word(uintptr_t(instruction_handlers()[unsigned(op)])); }

}  // namespace

void nif_register(const NifEntry* entries, size_t n) {
  for (size_t k = 0; k < n; k++) {
    const NifEntry& nif = entries[k];
    Export* e = new Export{atom_put(nif.module), atom_put(nif.function), nif.arity};
    e->bif = nif.fn;
    e->dirty = nif.dirty;
    registry()[e->module].push_back(e);
  }
}

bool nif_builtin_module(Term module) { return registry().count(module) != 0; }

std::vector<const Export*> nif_functions(Term module) {
  auto it = registry().find(module);
  if (it == registry().end()) return {};
  return {it->second.begin(), it->second.end()};
}

bool nif_bind(Module& m, std::string* error) {
  auto it = registry().find(m.name);
  if (it == registry().end()) return true;
  Word* code = m.code.get();
  std::vector<Word*> entries;
  for (const Export* e : it->second) {
    size_t k = 0;
    while (k < m.functions.size() && (m.functions[k].name != e->function || m.functions[k].arity != e->arity)) k++;
    auto fail = [&](const char* what) {
      *error = std::string(what) + " " + std::string(atom_text(m.name)) + ":" +
               std::string(atom_text(e->function)) + "/" + std::to_string(e->arity);
      return false;
    };
    if (k == m.functions.size()) return fail("Function not found");
    size_t at = m.functions[k].start;
    while (code[at] == handler(Op::count_execution)) at += 2;
    size_t end = k + 1 < m.functions.size() ? m.functions[k + 1].start : m.code_size;
    // The call takes two words; any stub has at least a call instruction of three there.
    if (code[at] != handler(Op::func_info) || at + 4 + 2 > end) return fail("Function too small for a NIF");
    entries.push_back(code + at + 4);
  }
  for (size_t k = 0; k < entries.size(); k++) {
    entries[k][0] = handler(Op::call_nif);
    entries[k][1] = Word(uintptr_t(it->second[k]));
  }
  return true;
}

}  // namespace ember
