#include "vm/code/stack_dump.h"

#include <cinttypes>
#include <cstdio>

#include "vm/term/atom.h"
#include "vm/code/catch_table.h"
#include "vm/code/interp.h"
#include "vm/code/module.h"
#include "vm/term/term_print.h"

namespace ember {
namespace {

// What erts prints for an address that is no loaded function.
std::string describe(const Word* pc) {
  if (pc == normal_exit_code()) return "<terminate process normally>";
  std::string where = code_location(pc);
  return where.empty() ? "unknown function" : where;
}

// A stack word with the header tag is no term (headers live only in heap objects): it is a
// return address.
bool is_return_address(Word w) { return (w & tag::primary_mask) == tag::header && w != 0; }

}  // namespace

std::string hex_address(const void* p) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%016" PRIxPTR, uintptr_t(p));
  return text;
}

std::string code_location(const Word* pc) {
  const Module* m = pc ? module_containing(pc) : nullptr;
  const FunctionInfo* f = m ? m->function_at(pc) : nullptr;
  if (!f) return "";
  std::string text(atom_text(m->name));
  text += ':';
  text += atom_text(f->name);
  text += '/' + std::to_string(f->arity);
  return text + " + " + std::to_string(uint64_t(pc - (m->code.get() + f->start)) * sizeof(Word));
}

std::string process_backtrace(const Process* p) {
  std::string out = "Program counter: " + hex_address(p->pc) + " (" + describe(p->pc) + ")\n";
  int y = 0;
  for (const Word* s = p->stop; s < p->hend; s++) {
    if (is_return_address(*s)) {
      const Word* code = reinterpret_cast<const Word*>(*s);
      out += "\n" + hex_address(s) + " Return addr " + hex_address(code) + " (" + describe(code) + ")\n";
      y = 0;
      continue;
    }
    char slot[16];
    std::snprintf(slot, sizeof slot, "y(%d)", y++);
    char column[32];
    std::snprintf(column, sizeof column, "%-8s ", slot);
    out += column;
    if (is_catch(*s)) {
      const Word* handler = catch_handler(*s);
      out += "Catch " + hex_address(handler) + " (" + describe(handler) + ")\n";
    } else {
      print_term_display(out, *s);
      out += '\n';
    }
  }
  return out;
}

}  // namespace ember
