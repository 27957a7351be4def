// Sending signals and acting on them: messages, exits, links, monitors, and a process's death.
#pragma once

#include "vm/process/process.h"

namespace ember {

// A signal whose terms are copied into storage of its own, ready to cross to another process
// (the sender too, when it is another node's pid: a boxed term).
Signal* make_signal(SignalKind kind, Term from, Term term, Term ref);
// Queues s for target and schedules it if it waits.
void push_signal(Process* target, Signal* s);
// push_signal to the process `to`; a process gone answers as erts does (a link with an exit
// signal, a monitor with 'DOWN', noproc).
void send_signal(Term to, Signal* s);

// `to ! msg` from process `from` (to: pid, registered name or {Name, Node}). Returns msg, or
// THE_NON_VALUE after raising badarg.
Term send_message(Process* from, Term to, Term msg);
// Whether a send to `to` goes to another node, which ember is not connected to: the message is
// dropped (erlang:send/3 with noconnect says noconnect).
bool to_unconnected_node(Term to);
// Delivers a copy of msg to a process (any thread). `sender` is the sending pid.
void deliver_message(Process* target, Term sender, Term msg);
// A message to the local alias `alias` (any thread), from `from` (a pid of any node).
void deliver_to_alias(Term from, Term alias, Term msg);
// An exit signal from `from` to the process `to` (a pid); linked: it comes from a link.
void send_exit_signal(Term from, Term to, Term reason, bool linked);
void send_link(Process* from, Term to);
void send_unlink(Process* from, Term to);
void send_monitor(Process* from, Term to, Term ref, Term name);
void send_demonitor(Process* from, Term to, Term ref);
// Asks the process `to` whether it is alive, after the signals sent to it before: it answers
// {Ref, Bool} (erts_internal:is_process_alive/2).
void send_is_alive(Process* from, Term to, Term ref);
// The 'DOWN' message of watcher's monitor `ref` of target, reporting `object` (the pid, or
// {Name, Node}), arriving as a signal: a demonitor before it is received drops it.
void send_down(Process* watcher, Term target, Term ref, Term object, Term reason);
// p removed its monitor `ref` (demonitor): an alias made with it may end too.
void monitor_ended(Process* p, Term ref);

// Acts on every pending signal: messages go to the mailbox. Returns false if a signal killed
// the process (p->exit_reason is set).
bool receive_signals(Process* p);
// receive_signals for a process q that is not running, done by another one that must see the
// effect of every signal sent to q so far (process_info, is_process_alive), as erts handles
// q's signals before answering. The caller holds q's lock (so q cannot start running
// meanwhile). Returns false if q is dead or a signal killed it; it then exits when next
// scheduled.
bool receive_signals_for(Process* q);
// p is not running (its slice ended, or another process holds it): what waits for that is
// done, the replies to suspenders and the system tasks (vm/process/system_task.h).
void at_rest(Process* p);

// Tears down a process that has exited with p->exit_reason: exit signals to links, DOWN
// messages to monitors, names, timers; its memory goes once no thread can hold it.
void process_exit(Process* p);
// The receive timer `id` of the process `pid` went off (from the scheduler holding the timer).
void deliver_timeout(Term pid, uint64_t id);
// Called with every process that exits, before it is torn down (the CLI watches its main
// process this way).
void set_exit_observer(void (*observer)(Process* p));

// Receive timeouts for wait_timeout: returns -1 for a bad timeout value, 0 if the timeout is
// already over (0 ms), 1 if the process should wait (a timer runs unless it is infinity).
int start_receive_timer(Process* p, Term timeout);
void cancel_receive_timer(Process* p);

}  // namespace ember
