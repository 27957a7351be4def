#include "cli/epmd_command.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "dist/epmd.h"
#include "platform/file.h"
#include "platform/os.h"

namespace ember {
namespace {

const char* usage =
    "usage: ember epmd [-daemon] [-port No] [-relaxed_command_check]\n"
    "       ember epmd [-port No] -names | -dump | -kill | -stop Name\n"
    "Serves epmd (in the background with -daemon), or asks the running one; the port is\n"
    "ERL_EPMD_PORT's, or 4369.\n";

enum class Action { serve, names, dump, kill, stop };

}  // namespace

int run_epmd_command(int argc, char** argv) {
  dist::EpmdServerOptions options;
  options.port = dist::epmd_port();
  Action action = Action::serve;
  bool daemon = false;
  std::string stop_name;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-daemon") daemon = true;
    else if (a == "-relaxed_command_check") options.relaxed_command_check = true;
    else if (a == "-names") action = Action::names;
    else if (a == "-dump") action = Action::dump;
    else if (a == "-kill") action = Action::kill;
    else if (a == "-stop" && i + 1 < argc) action = Action::stop, stop_name = argv[++i];
    else if (a == "-port" && i + 1 < argc) options.port = uint16_t(std::atoi(argv[++i]));
    else {
      std::fputs(usage, stderr);
      return 1;
    }
  }
  switch (action) {
    case Action::names: return dist::epmd_names(options.port);
    case Action::dump: return dist::epmd_dump(options.port);
    case Action::kill: return dist::epmd_kill(options.port);
    case Action::stop: return dist::epmd_stop_name(options.port, stop_name);
    case Action::serve: break;
  }
  // As erts' epmd -daemon, a port already served is no error for a daemon: the one serving it
  // goes on.
  if (daemon) platform::detach_from_terminal();
  if (int err = dist::epmd_serve(options)) {
    if (daemon) return 0;
    std::fprintf(stderr, "epmd: cannot listen on port %u: %s\n", options.port, platform::errno_name(err));
    return 1;
  }
  dist::epmd_wait_killed();
  return 0;
}

}  // namespace ember
