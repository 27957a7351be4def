#include "cli/push_command.h"

#include <cstdio>

#include "cli/embedding.h"
#include "platform/os.h"
#include "vm/process/vm_exit.h"

namespace ember {
namespace {

const char* usage =
    "usage: ember push [options] NODE BEAM...\n"
    "Loads the module of each BEAM file on the running node NODE (name@host; a bare name is a\n"
    "node on this host) with code:load_binary, connecting as a hidden node, and reports per\n"
    "module the processes still running the old code: they move to the new code on their next\n"
    "fully qualified call.\n"
    "  -setcookie C, --cookie C  NODE's cookie (default: ~/.erlang.cookie, as erl)\n"
    "  --purge                   where code of an earlier load still runs, purge it with\n"
    "                            code:purge, which kills the processes running it (without\n"
    "                            --purge that module is not loaded)\n"
    "  -sname N, -name N         this node's name (default: ember_push_<pid>, with short names\n"
    "                            unless NODE's host has a dot)\n"
    "  --otp-root DIR            the OTP installation to boot\n"
    "Exit status: 0 when every module was loaded, 1 when one was not or NODE is unreachable, 2\n"
    "for a bad command line.\n";

// A node named as OTP's long names are, by a host with a dot.
bool has_long_name(const std::string& node) {
  size_t at = node.find('@');
  return at != std::string::npos && node.find('.', at) != std::string::npos;
}

bool valid_node(const std::string& node) {
  return !node.empty() && node.front() != '@' && node.back() != '@' && node.front() != '-';
}

}  // namespace

bool parse_push_command(int argc, char** argv, PushCommand& command, std::string* error) {
  bool name_given = false;
  std::vector<std::string> words;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--purge") {
      command.purge = true;
    } else if ((a == "-setcookie" || a == "--cookie") && has_value) {
      command.cookie = argv[++i];
    } else if ((a == "-sname" || a == "-name") && has_value) {
      command.own_name = argv[++i];
      command.long_names = a == "-name";
      name_given = true;
    } else if (a == "--otp-root" && has_value) {
      command.otp_root = argv[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      *error = "ember push: bad option " + a;
      return false;
    } else {
      words.push_back(a);
    }
  }
  if (words.size() < 2) {
    *error = words.empty() ? "ember push: no NODE" : "ember push: no BEAM file";
    return false;
  }
  if (!valid_node(words[0])) {
    *error = "ember push: bad NODE " + words[0];
    return false;
  }
  command.node = words[0];
  command.beams.assign(words.begin() + 1, words.end());
  if (!name_given) {
    command.own_name = "ember_push_" + std::to_string(platform::process_id());
    command.long_names = has_long_name(command.node);
  }
  return true;
}

// -noinput: the push reads no standard input. The cookie is the only distribution flag given
// at boot: ember_push starts distribution itself, to report a failure in one line.
std::vector<std::string> push_vm_arguments(const PushCommand& command, const std::string& ember_ebin) {
  std::vector<std::string> args = {"-noinput", "-pa", ember_ebin};
  if (!command.cookie.empty()) args.insert(args.end(), {"-setcookie", command.cookie});
  args.insert(args.end(), {"-s", "ember_push", "main", "-extra"});
  args.push_back(command.purge ? "purge" : "soft_purge");
  args.push_back(command.long_names ? "longnames" : "shortnames");
  args.insert(args.end(), {command.own_name, command.node});
  args.insert(args.end(), command.beams.begin(), command.beams.end());
  return args;
}

int run_push_command(int argc, char** argv) {
  PushCommand command;
  std::string error;
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::fputs(usage, stdout);
    return 0;
  }
  if (!parse_push_command(argc, argv, command, &error)) {
    std::fprintf(stderr, "%s\n%s", error.c_str(), usage);
    return 2;
  }
  std::vector<std::string> words = push_vm_arguments(command, default_ember_ebin());
  std::vector<const char*> arguments;
  for (const std::string& w : words) arguments.push_back(w.c_str());
  ember_config config = {};
  config.arguments = arguments.data();
  config.argument_count = arguments.size();
  config.otp_root = command.otp_root.empty() ? nullptr : command.otp_root.c_str();
  char why[1024];
  ember_vm* vm = start_vm(config, true, why, sizeof why);
  if (!vm) {
    std::fprintf(stderr, "%s\n", why);
    return 1;
  }
  vm_exit(ember_wait(vm));
}

}  // namespace ember
