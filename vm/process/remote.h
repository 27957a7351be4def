// Signals to other nodes. The process layer hands what it sends to a pid, port, name or alias
// of another node to distribution (dist/), which registers these hooks when the node becomes
// alive. Until then (or to a node distribution cannot reach) the VM treats the target as erts
// treats one on a node it is not connected to.
#pragma once

#include "vm/term/term.h"

namespace ember {

struct Process;

struct RemoteSignals {
  // `msg` to an external pid, an external alias, or {Name, Node} of another node.
  void (*send)(Term from, Term to, Term msg);
  // An exit signal to a pid of another node: from a link when `linked`, else exit/2.
  void (*exit)(Term from, Term to, Term reason, bool linked);
  void (*link)(Term from, Term to);
  void (*unlink)(Term from, Term to);
  // `from` monitors `to` (a pid of another node, or {Name, Node}) under its reference `ref`,
  // or no longer.
  void (*monitor)(Term from, Term to, Term ref);
  void (*demonitor)(Term from, Term to, Term ref);
  // A local process has ended: the monitors other nodes held on it get their 'DOWN'.
  void (*process_exited)(Term pid, Term reason);
  // group_leader(Leader, To) for a pid of another node.
  void (*group_leader)(Term leader, Term to);
};

void set_remote_signals(const RemoteSignals* hooks);
const RemoteSignals* remote_signals();  // null until the node is alive

}  // namespace ember
