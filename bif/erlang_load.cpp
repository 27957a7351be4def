// Loading code as erts does it for OTP's code_server: prepare_loading turns a .beam into
// prepared code behind a reference, finish_loading installs a batch of it at once, and
// modules with an -on_load function wait for it (call_on_load_function,
// finish_after_on_load). Also the questions about loaded modules that go with it.
#include <array>
#include <map>
#include <memory>
#include <mutex>

#include "bif/bif.h"
#include "loader/beam_file.h"
#include "loader/load.h"
#include "platform/log.h"
#include "vm/term/binary.h"
#include "vm/code/call.h"
#include "vm/code/module.h"
#include "vm/term/ref.h"

namespace ember {
namespace {

// Prepared code, by the numbers of the reference that stands for it. erts keeps it in a magic
// binary freed with the last reference; here it waits until finish_loading takes it, so code
// prepared and then dropped stays until the VM ends.
struct Prepared {
  std::mutex lock;
  std::map<std::array<uint32_t, 3>, std::unique_ptr<Module>> code;
};

Prepared& prepared() {
  static Prepared* p = new Prepared;
  return *p;
}

bool prepared_key(Term ref, std::array<uint32_t, 3>* key) {
  return is_local_ref(ref) && ref_numbers(ref, key->data());
}

// The bytes of a binary (copied when it does not start on a byte); false for anything else.
bool binary_bytes(Term t, std::string& out) {
  if (!is_binary(t)) return false;
  Bits bits = bitstring_bits(t);
  if (bits.byte_aligned()) {
    out.assign(bits.view());
    return true;
  }
  out.resize(bits.bit_size / 8);
  copy_bits(bits.bytes, bits.bit_offset, reinterpret_cast<uint8_t*>(out.data()), 0, bits.bit_size);
  return true;
}

// The held-back module's on_load function as a function of no arguments, for bif_trap.
Export* on_load_entry(Term module, const Word* code) {
  static std::mutex lock;
  static std::map<Term, std::unique_ptr<Export>> entries;
  std::lock_guard guard(lock);
  std::unique_ptr<Export>& e = entries[module];
  if (!e) e.reset(new Export{module, atom_put("on_load"), 0});
  e->code.set_everywhere(code);
  return e.get();
}

}  // namespace

Term erts_internal_prepare_loading_2(Process* p, Term* a) {
  std::string bytes;
  if (!is_atom(a[0]) || !binary_bytes(a[1], bytes)) return badarg(p);
  loader::Loaded loaded = loader::load_beam(bytes, a[0]);
  ProcessHeap heap(p);
  if (!loaded.module) {
    platform::log_error("Error loading module %s:\n  %s", std::string(atom_text(a[0])).c_str(), loaded.error.c_str());
    return tuple(heap, atoms::error, atom_put("badfile"));
  }
  Term ref = make_ref(heap);
  std::array<uint32_t, 3> key;
  ref_numbers(ref, key.data());
  Prepared& pr = prepared();
  std::lock_guard guard(pr.lock);
  pr.code[key] = std::move(loaded.module);
  return ref;
}

Term erlang_has_prepared_code_on_load_1(Process* p, Term* a) {
  std::array<uint32_t, 3> key;
  if (!prepared_key(a[0], &key)) return badarg(p);
  Prepared& pr = prepared();
  std::lock_guard guard(pr.lock);
  auto it = pr.code.find(key);
  if (it == pr.code.end()) return badarg(p);
  return boolean(it->second->on_load != nullptr);
}

Term erlang_finish_loading_1(Process* p, Term* a) {
  if (list_length(a[0]) < 0) return badarg(p);
  std::vector<std::array<uint32_t, 3>> keys;
  for (Term l = a[0]; is_list(l); l = tail(l)) {
    std::array<uint32_t, 3> key;
    if (!prepared_key(head(l), &key)) return badarg(p);
    keys.push_back(key);
  }
  Prepared& pr = prepared();
  std::vector<std::unique_ptr<Module>> batch;
  {
    // Everything is checked, in erts' order, before any prepared code is taken: the list may
    // name the same prepared code twice.
    std::lock_guard guard(pr.lock);
    std::vector<Term> names;
    bool on_load = false;
    for (const auto& key : keys) {
      auto it = pr.code.find(key);
      if (it == pr.code.end() || !it->second) return badarg(p);
      names.push_back(it->second->name);
      on_load = on_load || it->second->on_load;
    }
    // An on_load function cannot run for a module loaded atomically with others.
    if (keys.size() > 1 && on_load) return raise_error(p, atoms::system_limit);
    Term duplicated = NIL;  // last offender first, as erts lists them
    ProcessHeap heap(p);
    for (size_t i = 0; i < names.size(); i++)
      if (std::find(names.begin(), names.begin() + i, names[i]) != names.begin() + i)
        duplicated = cons(heap, names[i], duplicated);
    if (duplicated != NIL) return tuple(heap, atom_put("duplicated"), duplicated);
    for (const auto& key : keys) {
      auto it = pr.code.find(key);
      batch.push_back(std::move(it->second));
      pr.code.erase(it);
    }
  }
  std::vector<Term> offending;
  Term outcome = module_finish_loading(batch, offending);
  if (!batch.empty()) {
    std::lock_guard guard(pr.lock);
    for (size_t k = 0; k < batch.size(); k++) pr.code[keys[k]] = std::move(batch[k]);
  }
  if (outcome == atoms::ok) return outcome;
  ProcessHeap heap(p);
  Term list = NIL;  // last offender first, as erts lists them
  for (Term name : offending) list = cons(heap, name, list);
  return tuple(heap, outcome, list);
}

Term erts_internal_beamfile_chunk_2(Process* p, Term* a) {
  std::string bytes, id;
  if (!binary_bytes(a[0], bytes)) return badarg(p);
  Term l = a[1];
  for (; is_list(l) && id.size() < 4; l = tail(l)) {
    if (!is_small(head(l)) || small_value(head(l)) < 0 || small_value(head(l)) > 255) return badarg(p);
    id.push_back(char(small_value(head(l))));
  }
  if (l != NIL || id.size() != 4) return badarg(p);
  std::string_view data;
  if (!loader::find_chunk(bytes, id, data)) return atoms::undefined;
  ProcessHeap heap(p);
  return make_binary(heap, data);
}

Term erts_internal_beamfile_module_md5_1(Process* p, Term* a) {
  std::string bytes;
  if (!binary_bytes(a[0], bytes)) return badarg(p);
  Arena literals;
  loader::BeamFile file;
  loader::LoadError error;
  if (!loader::parse_beam(bytes, literals, file, error)) return atoms::undefined;
  ProcessHeap heap(p);
  return make_binary(heap, std::string_view(reinterpret_cast<const char*>(file.md5), 16));
}

Term erlang_call_on_load_function_1(Process* p, Term* a) {
  const Module* m = is_atom(a[0]) ? module_pending(a[0]) : nullptr;
  if (!m || !m->on_load) return badarg(p);
  return bif_trap(p, on_load_entry(a[0], m->on_load));
}

Term erlang_finish_after_on_load_2(Process* p, Term* a) {
  if (a[1] != atoms::true_ && a[1] != atoms::false_) return badarg(p);
  if (!is_atom(a[0]) || !module_finish_after_on_load(a[0], a[1] == atoms::true_)) return badarg(p);
  return atoms::true_;
}

Term erlang_delete_module_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  switch (module_delete(a[0])) {
    case DeleteOutcome::deleted: return atoms::true_;
    case DeleteOutcome::no_module: return atoms::undefined;
    case DeleteOutcome::not_purged: break;
  }
  platform::log_error("Module %s must be purged before deleting", std::string(atom_text(a[0])).c_str());
  return badarg(p);
}

Term erlang_check_old_code_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  return boolean(module_old(a[0]) != nullptr);
}

Term erlang_loaded_0(Process* p, Term*) {
  ProcessHeap heap(p);
  Term list = NIL;
  for (Term name : module_loaded_names()) list = cons(heap, name, list);
  return list;
}

Term erlang_pre_loaded_0(Process* p, Term*) {
  ProcessHeap heap(p);
  const std::vector<Term>& names = preloaded_modules();
  Term list = NIL;
  for (size_t k = names.size(); k-- > 0;) list = cons(heap, names[k], list);
  return list;
}

}  // namespace ember
