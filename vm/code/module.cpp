#include "vm/code/module.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "vm/code/literal_areas.h"
#include "vm/term/atom.h"

namespace ember {
namespace {

struct Versions {
  std::unique_ptr<Module> current;
  std::unique_ptr<Module> old;
  std::unique_ptr<Module> pending;  // loaded, waiting for its on_load function
  bool on_load_claimed = false;     // a process is running the on_load function
};

// The purge in progress (erts_internal:purge_module/2 between prepare and complete or abort).
struct Purge {
  Term module = NIL;
  std::vector<std::pair<FunEntry*, const Word*>> funs;  // taken away, with their code
  std::unique_ptr<Module> saved_old;  // prepare_on_load moved the real old code aside
  std::vector<Term> waiting;  // processes that called one of those funs, suspended meanwhile
};

struct Table {
  std::shared_mutex lock;
  // Entries stay once made, as erts' module table: delete_module/1 of a module that was
  // loaded and purged answers true, not undefined.
  std::unordered_map<Term, Versions> modules;
  std::map<const Word*, const Module*> by_code;  // code start -> module, for stack traces
  // Modules whose code may still run but that nothing refers to by name: on_load refusals,
  // and old code pushed aside by finish_after_on_load.
  std::vector<std::unique_ptr<Module>> retired;
  Purge purge;
  std::vector<Term> preloaded;
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

Versions* find(Table& t, Term name) {
  auto it = t.modules.find(name);
  return it == t.modules.end() ? nullptr : &it->second;
}

void stage_funs(CodeUpdate& update, const Module& m) {
  for (size_t k = 0; k < m.lambdas.size(); k++) update.set(m.lambdas[k]->code, m.lambda_entries[k]);
}

void make_current(Table& t, CodeUpdate& update, Versions& v, std::unique_ptr<Module> m) {
  if (v.current) {
    for (Export* e : v.current->exports) update.set(e->code, nullptr);
  }
  v.old = std::move(v.current);
  for (size_t k = 0; k < m->exports.size(); k++) update.set(m->exports[k]->code, m->export_entries[k]);
  stage_funs(update, *m);
  t.by_code[m->code.get()] = m.get();
  v.current = std::move(m);
}

void hold_back(Table& t, CodeUpdate& update, Versions& v, std::unique_ptr<Module> m) {
  stage_funs(update, *m);
  t.by_code[m->code.get()] = m.get();
  if (v.pending) t.retired.push_back(std::move(v.pending));
  v.pending = std::move(m);
  v.on_load_claimed = false;
}

// Frees a module's code and all that describes it; its literals go once no process refers to
// them (vm/code/literal_areas.h).
void release(Table& t, std::unique_ptr<Module> m) {
  t.by_code.erase(m->code.get());
  Module& kept = *m;
  kept.code.reset();
  kept.code_size = 0;
  kept.on_load = nullptr;
  kept.strings = std::string();
  kept.attributes = std::string();
  kept.compile_info = std::string();
  kept.functions = {};
  kept.lines = {};
  kept.files = {};
  kept.lambdas = {};
  kept.lambda_entries = {};
  kept.exports = {};
  kept.export_entries = {};
  literal_area_queue(std::move(m));
}

}  // namespace

const FunctionInfo* Module::function_at(const Word* pc) const {
  uint32_t offset = uint32_t(pc - code.get());
  auto it = std::upper_bound(functions.begin(), functions.end(), offset,
                             [](uint32_t o, const FunctionInfo& f) { return o < f.start; });
  return it == functions.begin() ? nullptr : &*(it - 1);
}

const LineRecord* Module::line_at(const Word* pc) const {
  uint32_t offset = uint32_t(pc - code.get());
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](uint32_t o, const LineRecord& l) { return o < l.code_offset; });
  if (it == lines.begin()) return nullptr;
  const LineRecord* line = &*(it - 1);
  const FunctionInfo* f = function_at(pc);
  return f && line->code_offset < f->start ? nullptr : line;  // a line of another function
}

const Module* module_containing(const Word* pc) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  auto it = t.by_code.upper_bound(pc);
  if (it == t.by_code.begin()) return nullptr;
  const Module* m = std::prev(it)->second;
  return m->contains(pc) ? m : nullptr;
}

const Module* module_current(Term name) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  Versions* v = find(t, name);
  return v ? v->current.get() : nullptr;
}

const Module* module_old(Term name) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  Versions* v = find(t, name);
  return v ? v->old.get() : nullptr;
}

const Module* module_pending(Term name) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  Versions* v = find(t, name);
  return v ? v->pending.get() : nullptr;
}

std::vector<Term> module_loaded_names() {
  Table& t = table();
  std::shared_lock guard(t.lock);
  std::vector<Term> names;
  for (auto& [name, v] : t.modules)
    if (v.current || v.old) names.push_back(name);
  return names;
}

template <typename T>
static size_t vector_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

size_t Module::memory_bytes() const {
  size_t bytes = sizeof(Module) + code_size * sizeof(Word) + literals.block_bytes();
  bytes += strings.capacity() + attributes.capacity() + compile_info.capacity();
  bytes += vector_bytes(functions) + vector_bytes(lines) + vector_bytes(files);
  for (const std::string& f : files) bytes += f.capacity();
  bytes += vector_bytes(lambdas) + vector_bytes(lambda_entries) + vector_bytes(exports) + vector_bytes(export_entries);
  return bytes;
}

ModuleTableMemory module_table_memory() {
  Table& t = table();
  std::shared_lock guard(t.lock);
  ModuleTableMemory bytes{};
  auto add = [&](const std::unique_ptr<Module>& m) {
    if (!m) return;
    bytes.literals += m->literals.block_bytes();
    bytes.code += m->memory_bytes() - m->literals.block_bytes();
  };
  for (auto& [name, v] : t.modules) {
    add(v.current);
    add(v.old);
    add(v.pending);
  }
  for (const std::unique_ptr<Module>& m : t.retired) add(m);
  add(t.purge.saved_old);
  bytes.literals += literal_area_bytes();
  return bytes;
}

void module_for_each_impl(void (*fn)(Term, const Module*, const Module*, void*), void* ctx) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  for (auto& [name, v] : t.modules)
    if (v.current || v.old) fn(name, v.current.get(), v.old.get(), ctx);
}

Term module_finish_loading(std::vector<std::unique_ptr<Module>>& batch, std::vector<Term>& offending) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  for (size_t i = 0; i < batch.size(); i++)
    for (size_t j = 0; j < i; j++)
      if (batch[j]->name == batch[i]->name) {
        offending.push_back(batch[i]->name);
        break;
      }
  if (!offending.empty()) return atom_put("duplicated");
  for (const auto& m : batch) {
    Versions* v = find(t, m->name);
    if (v && v->current && v->old) offending.push_back(m->name);
  }
  if (!offending.empty()) return atom_put("not_purged");
  CodeUpdate update;
  for (auto& m : batch) {
    Versions& v = t.modules[m->name];
    if (m->on_load) {
      offending.push_back(m->name);
      hold_back(t, update, v, std::move(m));
    } else {
      make_current(t, update, v, std::move(m));
    }
  }
  batch.clear();
  return offending.empty() ? atoms::ok : atom_put("on_load");
}

Term module_install(std::unique_ptr<Module> m) {
  std::vector<std::unique_ptr<Module>> batch;
  batch.push_back(std::move(m));
  std::vector<Term> offending;
  return module_finish_loading(batch, offending);
}

bool module_is_pending(Term name) { return module_pending(name) != nullptr; }

const Word* module_claim_on_load(Term name) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  Versions* v = find(t, name);
  if (!v || !v->pending || v->on_load_claimed) return nullptr;
  v->on_load_claimed = true;
  return v->pending->on_load;
}

void module_finish_on_load(Term name, bool keep) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  Versions* v = find(t, name);
  if (!v || !v->pending) return;
  std::unique_ptr<Module> m = std::move(v->pending);
  v->on_load_claimed = false;
  if (keep && !(v->current && v->old)) {
    CodeUpdate update;
    return make_current(t, update, *v, std::move(m));
  }
  t.retired.push_back(std::move(m));
}

bool module_finish_after_on_load(Term name, bool keep) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  Versions* v = find(t, name);
  if (!v || !v->pending) return false;
  if (!keep) return true;
  // Old code that came meanwhile cannot be freed under a process that may run it.
  if (v->current && v->old) t.retired.push_back(std::move(v->old));
  v->on_load_claimed = false;
  CodeUpdate update;
  make_current(t, update, *v, std::move(v->pending));
  return true;
}

DeleteOutcome module_delete(Term name) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  Versions* v = find(t, name);
  if (!v) return DeleteOutcome::no_module;
  if (v->old) return DeleteOutcome::not_purged;
  if (v->current) {
    CodeUpdate update;
    for (Export* e : v->current->exports) update.set(e->code, nullptr);
  }
  v->old = std::move(v->current);
  return DeleteOutcome::deleted;
}

bool module_has_old_code(Term name) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  Versions* v = find(t, name);
  return v && v->old;
}

bool module_old_code_in_use(Term name, const Word* pc, const Word* stack, const Word* stack_end) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  Versions* v = find(t, name);
  if (!v || !v->old) return false;
  const Module& old = *v->old;
  if (old.contains(pc)) return true;
  for (const Word* s = stack; s < stack_end; s++) {
    bool return_address = (*s & tag::primary_mask) == tag::header && *s != 0;  // see vm/term/term.h
    if (return_address && old.contains(reinterpret_cast<const Word*>(*s))) return true;
    if (is_catch(*s) && old.contains(catch_handler(*s))) return true;
  }
  return false;
}

Term module_purge_prepare(Term name, bool on_load) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  if (t.purge.module != NIL) return THE_NON_VALUE;
  Versions* v = find(t, name);
  if (!v) return atoms::false_;
  if (on_load) {
    if (!v->pending) return atoms::false_;
    t.purge.saved_old = std::move(v->old);
    v->old = std::move(v->pending);
    v->on_load_claimed = false;
  }
  if (!v->old) return atoms::false_;
  t.purge.module = name;
  CodeUpdate update;
  for (FunEntry* f : v->old->lambdas) {
    const Word* code = update.get(f->code);
    if (v->old->contains(code)) {
      t.purge.funs.emplace_back(f, code);
      update.set(f->code, nullptr);
    }
  }
  return atoms::true_;
}

Term module_purge_abort(Term name, std::vector<Term>* waiting) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  if (t.purge.module != name || name == NIL) return THE_NON_VALUE;
  *waiting = std::move(t.purge.waiting);
  CodeUpdate update;
  for (auto& [f, code] : t.purge.funs)
    if (!update.get(f->code)) update.set(f->code, code);  // unless new code of the same fun came
  Versions* v = find(t, name);
  if (v && t.purge.saved_old) {
    v->pending = std::move(v->old);
    v->old = std::move(t.purge.saved_old);
  }
  t.purge = Purge{};
  return atoms::false_;
}

static Term complete_purge(Term name, bool literals_in_use, std::vector<Term>* waiting) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  if (t.purge.module != name || name == NIL) return THE_NON_VALUE;
  *waiting = std::move(t.purge.waiting);
  Versions* v = find(t, name);
  Term result = atoms::false_;
  if (v && v->old) {
    if (literals_in_use) {
      release(t, std::move(v->old));
    } else {
      t.by_code.erase(v->old->code.get());
      v->old.reset();
    }
    result = atoms::true_;
  }
  if (v && t.purge.saved_old) v->old = std::move(t.purge.saved_old);
  t.purge = Purge{};
  return result;
}

bool module_fun_wait_for_purge(const FunEntry* fe, Term pid) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  for (auto& [f, code] : t.purge.funs) {
    if (f != fe) continue;
    t.purge.waiting.push_back(pid);
    return true;
  }
  return false;
}

Term module_purge_complete(Term name, std::vector<Term>* waiting) { return complete_purge(name, true, waiting); }

bool module_purge(Term name) {
  if (module_purge_prepare(name, false) != atoms::true_) return false;
  std::vector<Term> waiting;  // none: no process ran between the two
  return complete_purge(name, false, &waiting) == atoms::true_;
}

void set_preloaded_modules(std::vector<Term> names) { table().preloaded = std::move(names); }

const std::vector<Term>& preloaded_modules() { return table().preloaded; }

}  // namespace ember
