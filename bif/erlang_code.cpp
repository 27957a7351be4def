// Code: module_info and questions about loaded modules.
#include "bif/bif.h"
#include "vm/code/nif.h"
#include "vm/term/binary.h"
#include "vm/term/etf.h"
#include "vm/code/module.h"

namespace ember {
namespace {

Term function_list(Heap& heap, const Module* m, bool exports_only) {
  Term list = NIL;
  if (exports_only) {
    for (size_t k = m->exports.size(); k-- > 0;)
      list = cons(heap, tuple(heap, m->exports[k]->function, make_small(m->exports[k]->arity)), list);
    return list;
  }
  for (size_t k = m->functions.size(); k-- > 0;)
    list = cons(heap, tuple(heap, m->functions[k].name, make_small(m->functions[k].arity)), list);
  return list;
}

Term decode_chunk(Heap& heap, const std::string& chunk) {
  if (chunk.empty()) return NIL;
  size_t used;
  Term t = etf_decode(heap, chunk, DecodeOptions{}, &used);
  return t == THE_NON_VALUE ? NIL : t;
}

Term module_info_item(Process* p, const Module* m, Term item) {
  ProcessHeap heap(p);
  if (item == atoms::module) return m->name;
  if (item == atom_put("exports")) return function_list(heap, m, true);
  if (item == atom_put("functions")) return function_list(heap, m, false);
  if (item == atom_put("attributes")) return decode_chunk(heap, m->attributes);
  if (item == atom_put("compile")) return decode_chunk(heap, m->compile_info);
  if (item == atom_put("md5")) return make_binary(heap, std::string_view(reinterpret_cast<const char*>(m->md5), 16));
  if (item == atom_put("nifs")) {
    Term list = NIL;
    if (m->nifs_loaded)
      for (const Export* e : nif_functions(m->name))
        list = cons(heap, tuple(heap, e->function, make_small(e->arity)), list);
    return list;
  }
  // erts' answer for code it runs as loaded: no module has native (HiPE) code, so none has
  // native addresses either.
  if (item == atom_put("native")) return atoms::false_;
  if (item == atom_put("native_addresses")) return NIL;
  return THE_NON_VALUE;
}

}  // namespace

Term erlang_get_module_info_2(Process* p, Term* a) {
  const Module* m = is_atom(a[0]) ? module_current(a[0]) : nullptr;
  if (!m) return badarg(p);
  Term v = module_info_item(p, m, a[1]);
  return v == THE_NON_VALUE ? badarg(p) : v;
}

Term erlang_get_module_info_1(Process* p, Term* a) {
  const Module* m = is_atom(a[0]) ? module_current(a[0]) : nullptr;
  if (!m) return badarg(p);
  ProcessHeap heap(p);
  Term list = NIL;
  for (const char* item : {"md5", "compile", "attributes", "exports", "module"}) {
    Term key = atom_put(item);
    list = cons(heap, tuple(heap, key, module_info_item(p, m, key)), list);
  }
  return list;
}

Term erlang_module_loaded_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  return boolean(module_current(a[0]) != nullptr);
}

Term erlang_function_exported_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2])) return badarg(p);
  Export* e = export_find(a[0], a[1], uint32_t(small_value(a[2])));
  return boolean(e && (e->code.get() != nullptr || (e->bif && module_current(a[0]))));
}

}  // namespace ember
