#include "cli/boot.h"

#include "loader/preload.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/code/interp.h"
#include "vm/code/literal_areas.h"
#include "vm/process/spawn.h"

namespace ember {
namespace {

Term binary_list(Heap& heap, const std::vector<std::string>& words) {
  Term list = NIL;
  for (size_t k = words.size(); k-- > 0;) list = cons(heap, make_binary(heap, words[k]), list);
  return list;
}

// erts' first processes are all system processes with init as their group leader.
Process* spawn_system(Process* init, Term module, Term function, Term args, Priority priority) {
  SpawnOptions options;
  options.priority = priority;
  options.system_process = true;
  Process* p = spawn_process(nullptr, module, function, args, options);
  p->group_leader = init ? init->pid : p->pid;
  return p;
}

}  // namespace

bool boot_otp(const std::string& otp_root, const std::vector<std::string>& boot_args, std::string* error) {
  std::string dir = loader::preloaded_directory(otp_root);
  if (dir.empty()) {
    *error = "ember: no lib/erts-*/ebin or erts-*/bin/preloaded with the preloaded modules under " + otp_root;
    return false;
  }
  // All of them, prim_socket and prim_net too: their NIF libraries are not built in yet, so their
  // load_nif fails and they raise notsup, as in an erts built without socket support.
  std::string why;
  if (!loader::preload_modules(dir, &why)) {
    *error = "ember: " + why;
    return false;
  }

  // From now on OTP loads code itself: undefined functions go to error_handler.
  set_code_loading_mode(CodeLoadingMode::error_handler);
  // The first process is init, <0.0.0>; then the processes erts starts before init runs.
  Arena arguments;
  Term start_args = cons(arguments, atom_put("init"), cons(arguments, binary_list(arguments, boot_args), NIL));
  Process* init = spawn_system(nullptr, atom_put("erl_init"), atom_put("start"), start_args, Priority::normal);
  spawn_system(init, atom_put("erts_code_purger"), atom_put("start"), NIL, Priority::high);
  Process* collector = spawn_system(init, atom_put("erts_literal_area_collector"), atom_put("start"), NIL, Priority::high);
  set_literal_area_collector(collector->pid);
  for (Priority p : {Priority::normal, Priority::high, Priority::max})
    spawn_system(init, atom_put("erts_dirty_process_signal_handler"), atom_put("start"), NIL, p);
  return true;
}

}  // namespace ember
