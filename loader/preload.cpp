#include "loader/preload.h"

#include <algorithm>

#include "loader/load.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/code/module.h"

namespace ember::loader {
namespace {

// The order in which erts 13 links its preloaded modules, which erlang:pre_loaded/0 shows.
const char* const erts_link_order[] = {
    "persistent_term", "counters", "atomics", "erts_dirty_process_signal_handler",
    "erts_literal_area_collector", "erl_tracer", "erts_internal", "erlang", "erl_prim_loader",
    "prim_zip", "prim_net", "prim_socket", "socket_registry", "zlib", "prim_file", "prim_inet",
    "prim_eval", "prim_buffer", "init", "erl_init", "erts_code_purger"};

size_t link_position(const std::string& module) {
  auto at = std::find(std::begin(erts_link_order), std::end(erts_link_order), module);
  return size_t(at - std::begin(erts_link_order));
}

}  // namespace

std::string preloaded_directory(const std::string& otp_root) {
  for (const std::string& app : platform::list_directory(otp_root + "/lib"))
    if (app.rfind("erts-", 0) == 0 && platform::is_directory(otp_root + "/lib/" + app + "/ebin"))
      return otp_root + "/lib/" + app + "/ebin";
  // A release's lib/ has no erts application: what erts links into beam.smp, the erts
  // directory ember's build lays out carries beside its programs.
  std::string carried = erts_bin_directory(otp_root) + "/preloaded";
  return platform::is_directory(carried) ? carried : std::string();
}

std::string erts_bin_directory(const std::string& otp_root) {
  for (const std::string& dir : platform::list_directory(otp_root))
    if (dir.rfind("erts-", 0) == 0 && platform::is_directory(otp_root + "/" + dir + "/bin"))
      return otp_root + "/" + dir + "/bin";
  return otp_root + "/bin";
}

std::vector<std::string> preloaded_module_names(const std::string& dir) {
  std::vector<std::string> names;
  for (const std::string& file : platform::list_directory(dir))
    if (file.size() > 5 && file.compare(file.size() - 5, 5, ".beam") == 0) names.push_back(file.substr(0, file.size() - 5));
  std::sort(names.begin(), names.end());
  std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return link_position(a) < link_position(b);
  });
  return names;
}

bool preload_modules(const std::string& dir, std::string* error) {
  std::vector<Term> installed;
  for (const std::string& name : preloaded_module_names(dir)) {
    std::string bytes, path = dir + "/" + name + ".beam";
    if (!platform::read_file(path, bytes)) return *error = "cannot read " + path, false;
    Loaded loaded = load_beam(bytes, atom_put(name));
    if (!loaded.module) return *error = path + ": " + loaded.error, false;
    // erts keeps no line table for its preloaded modules, so their frames show no location.
    loaded.module->lines.clear();
    loaded.module->on_load = nullptr;
    installed.push_back(loaded.module->name);
    module_install(std::move(loaded.module));
  }
  set_preloaded_modules(std::move(installed));
  return true;
}

}  // namespace ember::loader
