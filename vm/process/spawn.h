// Creating processes.
#pragma once

#include "vm/process/gc.h"
#include "vm/process/process.h"

namespace ember {

struct SpawnOptions {
  bool link = false;
  bool monitor = false;
  Priority priority = Priority::normal;
  uint16_t bound_scheduler = 0;
  bool system_process = false;  // as erts_internal:spawn_system_process/3: init's shutdown spares it
  GcSettings gc = gc_defaults();
};

// A new process that will run apply(Module, Function, Args) (or apply(Fun, Args) when
// `function` is THE_NON_VALUE). The arguments are copied to the new process. With
// options.monitor, the monitor's reference is *monitor_ref if that holds a reference already
// (spawn_request's request id), else a new one built on the parent's heap and stored there.
// Returns null if the process limit is reached.
Process* spawn_process(Process* parent, Term module_or_fun, Term function, Term args,
                       const SpawnOptions& options, Term* monitor_ref = nullptr);

}  // namespace ember
