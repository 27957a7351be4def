#include "vm/module.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace ember {
namespace {

struct Versions {
  std::unique_ptr<Module> current;
  std::unique_ptr<Module> old;
  std::unique_ptr<Module> pending;  // loaded, waiting for its on_load function
  bool on_load_claimed = false;     // a process is running the on_load function
};

struct Table {
  std::shared_mutex lock;
  std::unordered_map<Term, Versions> modules;
  std::map<const Word*, const Module*> by_code;  // code start -> module, for stack traces
  std::vector<std::unique_ptr<Module>> refused;  // on_load said no; their code may still run
};

Table& table() {
  static Table* t = new Table;
  return *t;
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
  auto it = t.modules.find(name);
  return it == t.modules.end() ? nullptr : it->second.current.get();
}

static void make_current(Table& t, Versions& v, std::unique_ptr<Module> m);

void module_install(std::unique_ptr<Module> m) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  Versions& v = t.modules[m->name];
  if (m->on_load) {
    for (size_t k = 0; k < m->lambdas.size(); k++) m->lambdas[k]->code.store(m->lambda_entries[k]);
    t.by_code[m->code.get()] = m.get();
    v.pending = std::move(m);
    return;
  }
  make_current(t, v, std::move(m));
}

bool module_is_pending(Term name) {
  Table& t = table();
  std::shared_lock guard(t.lock);
  auto it = t.modules.find(name);
  return it != t.modules.end() && it->second.pending;
}

const Word* module_claim_on_load(Term name) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  auto it = t.modules.find(name);
  if (it == t.modules.end() || !it->second.pending || it->second.on_load_claimed) return nullptr;
  it->second.on_load_claimed = true;
  return it->second.pending->on_load;
}

void module_finish_on_load(Term name, bool keep) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  auto it = t.modules.find(name);
  if (it == t.modules.end() || !it->second.pending) return;
  std::unique_ptr<Module> m = std::move(it->second.pending);
  it->second.on_load_claimed = false;
  if (keep) return make_current(t, it->second, std::move(m));
  t.refused.push_back(std::move(m));
}

bool module_delete(Term name) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  auto it = t.modules.find(name);
  if (it == t.modules.end() || !it->second.current || it->second.old) return false;
  Versions& v = it->second;
  for (Export* e : v.current->exports) e->code.store(nullptr);
  v.old = std::move(v.current);
  return true;
}

bool module_purge(Term name) {
  Table& t = table();
  std::unique_lock guard(t.lock);
  auto it = t.modules.find(name);
  if (it == t.modules.end() || !it->second.old) return false;
  const Module& old = *it->second.old;
  for (FunEntry* f : old.lambdas)
    if (old.contains(f->code.load())) f->code.store(nullptr);
  t.by_code.erase(old.code.get());
  it->second.old.reset();
  if (!it->second.current && !it->second.pending) t.modules.erase(it);
  return true;
}

static void make_current(Table& t, Versions& v, std::unique_ptr<Module> m) {
  if (v.old) t.by_code.erase(v.old->code.get());
  if (v.current) {
    for (Export* e : v.current->exports) e->code.store(nullptr);
  }
  v.old = std::move(v.current);
  for (size_t k = 0; k < m->exports.size(); k++) m->exports[k]->code.store(m->export_entries[k]);
  for (size_t k = 0; k < m->lambdas.size(); k++) m->lambdas[k]->code.store(m->lambda_entries[k]);
  t.by_code[m->code.get()] = m.get();
  v.current = std::move(m);
}

}  // namespace ember
