// What a process asks of another that can only be done to a process at rest, erts' system
// tasks: a garbage collection (erlang:garbage_collect/1,2), a check whether it still runs a
// module's old code (check_process_code), a copy of the literals of purged code it still refers
// to (the literal area collector); and, as erts' process_info signal, an answer to
// process_info. The requester carries a task out at once if it can hold the target
// (vm/process/inspect.h). It cannot while another scheduler runs the target: then the task goes
// as a signal, after every signal sent to the target before it, and the target carries it out
// when its slice ends. Trying again later instead could starve: the scheduler of a process that
// never waits takes it up again the instant its slice ends.
#pragma once

#include "vm/process/process.h"

namespace ember {

// A task, as the term its signal carries, and the answer the requester gets from the target:
//   {garbage_collect, ReqId, major | minor} -> {garbage_collect, ReqId, Bool}
//   {check_process_code, ReqId, Module}     -> {check_process_code, ReqId, Bool}
//   {copy_literals, Info}                   -> {copy_literals, Info, ok}
//   {process_info, ReqId, Items}            -> {ReqId, process_info/2's answer}
//   {process_info, ReqId}                   -> {ReqId, process_info/1's answer}
// A target that is gone answers false (ok to copy_literals, undefined to process_info).
// `requester` is a local pid, the request well formed.
void request_system_task(Process* p, Term requester, Term target, Term request);

// p is at rest (its slice ended, or the caller holds it): its pending tasks are carried out,
// but for those that must wait until a BIF that holds off collections has ended.
void run_system_tasks(Process* p);
// p is exiting: its pending tasks are answered as by a process gone.
void system_tasks_end(Process* p);
// A system_task signal found its target gone.
void system_task_bounced(Term target, const Signal& s);

}  // namespace ember
