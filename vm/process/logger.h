// Reports the VM makes on its own, as erts' emulator does (a process killed for its heap size):
// a log event sent to the system logger, in the form OTP's logger takes from erts; when it
// cannot be delivered, the event is printed on stderr as erts prints it then.
#pragma once

#include <string_view>

#include "vm/term/atom.h"
#include "vm/process/process.h"

namespace ember {

// A report about process p at `level` (error or warning): io:format-style `format` with the
// list `args`.
void log_emulator(Process* p, Term level, std::string_view format, Term args);
inline void log_emulator_error(Process* p, std::string_view format, Term args) {
  log_emulator(p, atoms::error, format, args);
}

// erlang:system_flag(system_logger, L): where those reports go: `logger` (the process
// registered so, the default), a pid, or `undefined` (nowhere). Returns the old setting, or
// THE_NON_VALUE (nothing changed) for anything else.
Term set_system_logger(Term logger);
Term system_logger();

}  // namespace ember
