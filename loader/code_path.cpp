#include "loader/code_path.h"

#include <algorithm>
#include <cstdio>
#include <mutex>

#include "loader/load.h"
#include "loader/preload.h"
#include "platform/log.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/code/module.h"
#include "vm/code/nif.h"

namespace ember::loader {
namespace {

std::vector<std::string> code_path;

std::string parent(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// -bare has no erl_init, which at boot calls on_load/0 of each module with a built-in NIF
// library (prim_file, zlib...): that function runs as the module's on_load function instead,
// before the module's first call.
void run_nif_on_load_first(Module& m) {
  static const Term on_load = atom_put("on_load");
  if (m.on_load) return;
  for (size_t k = 0; k < m.exports.size(); k++)
    if (m.exports[k]->function == on_load && m.exports[k]->arity == 0) m.on_load = m.export_entries[k];
}

}  // namespace

std::string find_otp_root(const std::string& override_root) {
  if (!override_root.empty()) return override_root;
  // An app bundle (scripts/make_bundle.sh) or an install into an OTP root: <root>/bin/ember.
  std::string beside = parent(parent(platform::executable_path()));
  if (!preloaded_directory(beside).empty()) return beside;
  std::string erl = platform::resolve_command("erl");
  if (erl.empty()) return {};
  return parent(parent(erl));  // <root>/bin/erl
}

std::vector<std::string> otp_code_path(const std::string& root) {
  std::vector<std::string> dirs, erts;
  std::vector<std::string> apps = platform::list_directory(root + "/lib");
  std::sort(apps.begin(), apps.end());
  for (const std::string& app : apps) {
    std::string ebin = root + "/lib/" + app + "/ebin";
    if (!platform::is_directory(ebin)) continue;
    (app.rfind("erts-", 0) == 0 ? erts : dirs).push_back(ebin);
  }
  dirs.insert(dirs.end(), erts.begin(), erts.end());
  return dirs;
}

void set_code_path(std::vector<std::string> dirs) { code_path = std::move(dirs); }

// One load at a time: processes on two schedulers calling into the same missing module would
// otherwise both load it.
bool load_from_code_path(Term name) {
  static std::mutex loading;
  std::lock_guard guard(loading);
  if (module_current(name) || module_is_pending(name)) return true;
  std::string file = std::string(atom_text(name)) + ".beam";
  for (const std::string& dir : code_path) {
    std::string bytes;
    if (!platform::read_file(dir + "/" + file, bytes)) continue;
    Loaded loaded = load_beam(bytes, name);
    if (!loaded.module) {
      platform::log_error("Loading of %s/%s failed: %s", dir.c_str(), file.c_str(), loaded.error.c_str());
      return false;
    }
    // erts' preloaded modules carry no line table in erts, so their frames show no location.
    if (dir.find("/erts-") != std::string::npos) loaded.module->lines.clear();
    if (nif_builtin_module(name)) run_nif_on_load_first(*loaded.module);
    Term outcome = module_install(std::move(loaded.module));
    return outcome == atoms::ok || outcome == atom_put("on_load");
  }
  return false;
}

}  // namespace ember::loader
