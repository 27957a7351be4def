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
  // A spawn request from another node: the requester's group leader, and (link) the requester
  // the new process starts linked to, both of that node.
  Term group_leader = THE_NON_VALUE;
  Term linked_to = THE_NON_VALUE;
  // The process is not scheduled yet: the caller finishes setting it up (records what refers
  // to it elsewhere) and calls schedule(p).
  bool held = false;
};

// spawn_opt's options ({scheduler, N} binds to a scheduler, the rest as erts); false for one
// that is not.
bool parse_spawn_option(Term option, SpawnOptions& out);
bool parse_spawn_options(Term options, SpawnOptions& out);  // a proper list of them
bool scheduler_binding(Term value, uint16_t* out);           // {scheduler, N}'s N

// A new process that will run apply(Module, Function, Args) (or apply(Fun, Args) when
// `function` is THE_NON_VALUE). The arguments are copied to the new process. With
// options.monitor, the monitor's reference is *monitor_ref if that holds a reference already
// (spawn_request's request id), else a new one built on the parent's heap and stored there.
// Returns null if the process limit is reached.
Process* spawn_process(Process* parent, Term module_or_fun, Term function, Term args,
                       const SpawnOptions& options, Term* monitor_ref = nullptr);

}  // namespace ember
