// `ember push [options] NODE BEAM...`: hot code push over distribution. The command line is
// checked here; the push itself is Erlang (lib/ember/src/ember_push.erl), run by a VM that boots
// OTP and joins NODE's cluster as a hidden node that neither listens nor registers with epmd.
#pragma once

#include <string>
#include <vector>

namespace ember {

struct PushCommand {
  std::string node;  // the target as given; without `@`, a node on this host
  std::vector<std::string> beams;
  std::string cookie;    // empty: ~/.erlang.cookie, as erl
  std::string own_name;  // -sname/-name's, or ember_push_<pid>
  bool long_names = false;
  bool purge = false;  // --purge: code:purge, which kills what still runs the earlier load
  std::string otp_root;
};

// False, with *error set, on a command line that is wrong. argv[0] is "push".
bool parse_push_command(int argc, char** argv, PushCommand& command, std::string* error);

// The erl command line of the VM that pushes: ember_push:main/0, with what it needs after -extra.
std::vector<std::string> push_vm_arguments(const PushCommand& command, const std::string& ember_ebin);

// argv[0] is "push"; returns the exit status (2 for a bad command line).
int run_push_command(int argc, char** argv);

}  // namespace ember
