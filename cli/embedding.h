// The C API of include/ember.h, and the one extra the ember executable needs: a VM started as
// a program of its own (its end is the program's end, -detached forks it into the background,
// SIGTERM stops it in order) rather than embedded in a host.
#pragma once

#include <string>

#include "include/ember.h"

namespace ember {

// ember's own Erlang modules, beside the executable (lib/ember/ebin).
std::string default_ember_ebin();

ember_vm* start_vm(const ember_config& config, bool own_program, char* error, size_t error_size);

}  // namespace ember
