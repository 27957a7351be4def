// The interpreter: a direct-threaded loop over the loader's pre-decoded instruction stream.
#pragma once

#include "vm/process/process.h"

namespace ember {

struct Scheduler;

// `dirty`: it called a dirty BIF, which waits in p->dirty_call for a dirty scheduler.
enum class RunOutcome { yielded, waiting, exited, dirty };

// Runs p until its reductions run out, it waits in a receive, or it exits.
RunOutcome interpret(Scheduler& s, Process* p);

// Handler address of each instruction (indexed by Op); null where not implemented.
const void* const* instruction_handlers();

// Code that every process's stack bottoms out in: returning to it ends the process normally.
const Word* normal_exit_code();
// The return address under which a call waits for its module's on_load function (call.cpp).
const Word* after_on_load_code();
// Code a new process starts at: applies x0 (module or fun) to x1/x2 as erlang:apply/2,3 would,
// with p->arity (2 or 3) saying which.
const Word* process_start_code();
// The code of a hibernating process, whose stack holds only M, F, A above the normal exit: it
// waits for any message, then applies M:F(A) as a new process would.
const Word* hibernate_code();
// Where erlang:hibernate/3 traps to (x0..x2: M, F, A) once its call is complete: it drops the
// stack, shrinks the heap to the live data and goes on in hibernate_code().
const Word* hibernate_enter_code();
// Where a process goes when it calls a dirty BIF (call_bif returns it): it leaves the
// scheduler with its arguments saved. A dirty BIF that failed leaves its process at
// dirty_raise_code(), which raises the exception at the call (p->trap_site) on a normal one.
const Word* dirty_call_code();
const Word* dirty_raise_code();

// What a call that finds no code does. on_demand (-bare, which has no code server): the VM
// loads the module from its code path itself, unless the process named an error handler of
// its own with process_flag/2. error_handler (a VM booted with init): as erts, it calls
// ErrorHandler:undefined_function/3 or undefined_lambda/3, whose code server loads modules.
enum class CodeLoadingMode { on_demand, error_handler };
void set_code_loading_mode(CodeLoadingMode mode);

// Hook for loading a module on first call; set by whoever owns code loading (the CLI's -bare
// mode, later the code server's error_handler path). Returns true if the module is now loaded.
using ModuleLoader = bool (*)(Term module);
void set_module_loader(ModuleLoader loader);
bool load_module_on_demand(Term module);

}  // namespace ember
