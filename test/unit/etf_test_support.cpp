// TEST-ONLY stand-ins for the export and fun tables, which vm/ does not implement yet.
// Delete this file once vm/ defines export_put, export_find and fun_entry_put: the duplicate
// definitions will stop the test binary from linking until it is gone.
#include <cstring>
#include <deque>

#include "vm/export.h"
#include "vm/fun.h"

namespace ember {
namespace {

std::deque<Export>& exports() {
  static std::deque<Export> table;  // a deque never moves its elements
  return table;
}

std::deque<FunEntry>& fun_entries() {
  static std::deque<FunEntry> table;
  return table;
}

}  // namespace

Export* export_find(Term module, Term function, uint32_t arity) {
  for (Export& e : exports())
    if (e.module == module && e.function == function && e.arity == arity) return &e;
  return nullptr;
}

Export* export_put(Term module, Term function, uint32_t arity) {
  if (Export* e = export_find(module, function, arity)) return e;
  Export& e = exports().emplace_back();
  e.module = module;
  e.function = function;
  e.arity = arity;
  return &e;
}

FunEntry* fun_entry_put(Term module, uint32_t index, const uint8_t md5[16], uint32_t old_uniq,
                        uint32_t arity, uint32_t num_free, Term function) {
  for (FunEntry& f : fun_entries())
    if (f.module == module && f.index == index && std::memcmp(f.md5, md5, 16) == 0) return &f;
  FunEntry& f = fun_entries().emplace_back();
  f.module = module;
  f.function = function;
  f.arity = arity;
  f.num_free = num_free;
  f.index = index;
  f.old_uniq = old_uniq;
  std::memcpy(f.md5, md5, 16);
  return &f;
}

}  // namespace ember
