// erl's command line, turned into what the emulator receives as erl's launcher (erlexec) turns
// it: words from ERL_AFLAGS before the command line and from ERL_FLAGS and ERL_ZFLAGS after it,
// -args_file expanded, every -extra part moved to the end, emulator flags (+X) taken out, and
// the launcher's own flags (-env, -noinput, -detached...) acted on. What is left are the boot
// arguments that erl_init:start(init, BootArgs) passes to init.
#pragma once

#include <string>
#include <vector>

#include "cli/emulator_flags.h"

namespace ember {

struct ErlCommandLine {
  EmulatorFlags emulator;
  std::vector<std::string> unimplemented;  // emulator flags ember does not have
  std::string otp_root;                    // ember's own --otp-root
  bool detached = false;                   // -detached: run in the background, as a daemon
  bool distributed = false;                // -sname or -name: the node needs an epmd
  bool start_epmd = true;                  // -start_epmd false, -no_epmd: it starts none
  std::vector<std::string> arguments;      // for init: flags, start items, -extra words
};

// False, with *error set to erts' message, on a bad emulator flag or a missing -args_file.
bool parse_erl_command_line(int argc, char** argv, ErlCommandLine& line, std::string* error);

// BootArgs as erl's launcher hands them over: -root, -bindir and -progname, then -home and
// -epmd_port (from ERL_EPMD_PORT), each group ended by `--`, then the command line's arguments.
std::vector<std::string> boot_arguments(const std::string& root, const std::string& bindir,
                                        const std::vector<std::string>& arguments);

}  // namespace ember
