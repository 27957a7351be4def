// Emulator flags: the `+X` arguments of erl's command line, which erl's launcher hands to the
// emulator. They are parsed here, in one place, for -bare mode and for the erl-compatible
// command line alike, and take effect before the first process starts.
#pragma once

#include <cstdint>
#include <string>

#include "vm/process/process_table.h"
#include "vm/term/unicode.h"

namespace ember {

struct EmulatorFlags {
  uint64_t process_limit = default_process_limit;  // +P
  PrintableRange printable_range = PrintableRange::latin1;  // +pc
  unsigned schedulers = 0;         // +S N:M, resolved against the processors; 0: the default
  unsigned schedulers_online = 0;
  unsigned schedulers_percent = 100;  // +SP P:Q, of the schedulers and those online
  unsigned schedulers_online_percent = 100;
  unsigned dirty_cpu = 0;  // +SDcpu N:M; 0: as many as the processors, at most the schedulers
  unsigned dirty_cpu_online = 0;
  unsigned dirty_cpu_percent = 100;  // +SDPcpu P:Q, of the dirty CPU schedulers and those online
  unsigned dirty_cpu_online_percent = 100;
  unsigned dirty_io = 0;  // +SDio N; 0: erts' default
  bool ets_always_compress = false;  // +ec
};

enum class FlagOutcome { not_emulator_flag, parsed, bad };

// Parses the emulator flag at argv[i] (`+P N` or `+PN`), leaving i at its last argument. A bad
// value gives `bad` and, in *error, the message erts prints for it.
FlagOutcome parse_emulator_flag(int argc, char** argv, int& i, EmulatorFlags& flags, std::string* error);

// Steps over an emulator flag ember does not implement (i at its last argument, which is the
// flag's value when erl's launcher would give it one), and returns the flag for a warning.
std::string skip_emulator_flag(int argc, char** argv, int& i);

// Puts the flags into effect; call before the first process is spawned. False, with the
// message erts prints in *error, when the scheduler percentages (+SP) leave no valid count.
bool apply_emulator_flags(const EmulatorFlags& flags, std::string* error);

}  // namespace ember
