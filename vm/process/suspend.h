// erlang:suspend_process/2 and resume_process/1, as erts has them: a process that others
// suspend runs no code until each of them has resumed it or ended, though it goes on taking
// signals (messages queue; an exit signal still ends it). Suspending is done by signals: the
// suspender counts how often it suspended each process and signals only the first suspension
// and the last resumption; the suspendee keeps who suspends it. Each side changes only its own
// state, as every process does, so none of it needs a lock.
#pragma once

#include "vm/process/process.h"

namespace ember {

Suspensions& suspensions_of(Process* p);

// Whether p is to run no code: some process suspends it.
inline bool is_suspended(const Process* p) { return p->suspensions && !p->suspensions->suspended_by.empty(); }

// erts_internal:suspend_process(Target, Options) for p, options parsed: true, false
// (unless_suspending found it suspended by p already), badarg, or, when the caller is to wait
// for the answer ({Ref, Result}, sent once the target has stopped), that reference.
// reply_tag is THE_NON_VALUE unless the call is {asynchronous, ReplyTag}.
Term suspend_process(Process* p, Term target, bool asynchronous, Term reply_tag, bool unless_suspending);
// erlang:resume_process(Target) for p: false if p does not suspend target.
bool resume_process(Process* p, Term target);

// p suspends itself for the VM's own reason `cause` (an atom, where a suspender is a pid),
// stopping at its next reduction check, until a resume signal from `cause` comes
// (resume_suspended). erts does so for a process that calls a fun of a module being purged.
void suspend_self(Process* p, Term cause);
void resume_suspended(Term pid, Term cause);

// receive_signals' part: a suspend, suspend_active, resume or suspend_ended signal reached p.
void suspension_signal(Process* p, const Signal& s);
// p's slice ended (or p was found suspended as it began): the replies waiting for it to stop
// are sent, saying whether it is suspended.
void answer_suspend_replies(Process* p);
// p is exiting: what it suspended is resumed, its suspenders learn it is gone, and waiting
// replies say so.
void suspensions_end(Process* p);
// A suspension signal from `sender` found `target` gone or exiting.
void suspension_bounced(Process* sender, Term target, const Signal& s);

}  // namespace ember
