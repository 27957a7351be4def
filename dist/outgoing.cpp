// The VM's signals to other nodes' processes, as control messages (vm/process/remote.h).
#include <atomic>

#include "dist/connection.h"
#include "dist/flags.h"
#include "dist/remote.h"
#include "vm/process/remote.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/etf.h"
#include "vm/term/node.h"

namespace ember::dist {
namespace {

Term small(int64_t v) { return make_small(v); }

// The node a remote target belongs to: a pid's or alias's, or {Name, Node}'s.
Term node_of(Term to) { return is_tuple(to) ? tuple_element(to, 1) : external_node(to); }

void send(Term from, Term to, Term msg) {
  Arena heap;
  Term node = node_of(to);
  Term control;
  if (is_tuple(to)) {
    control = tuple(heap, small(op_reg_send), from, atoms::undefined, tuple_element(to, 0));
  } else if (is_external_ref(to)) {
    control = tuple(heap, small(op_alias_send), from, to);
  } else {
    uint64_t flags = connection_flags(node);
    control = flags != 0 && !(flags & dflag_send_sender) ? tuple(heap, small(op_send), atoms::undefined, to)
                                                         : tuple(heap, small(op_send_sender), from, to);
  }
  send_control(node, control, msg);
}

// Reasons go as payload where the peer takes them so (EXIT_PAYLOAD), else inside the control
// message.
bool reason_as_payload(Term node) {
  uint64_t flags = connection_flags(node);
  return flags == 0 || (flags & dflag_exit_payload);
}

void exit_signal(Term from, Term to, Term reason, bool linked) {
  Arena heap;
  Term node = external_node(to);
  if (linked) untie(node, Tie::link, from, to, NIL);
  if (reason_as_payload(node))
    send_control(node, tuple(heap, small(linked ? op_payload_exit : op_payload_exit2), from, to), reason);
  else
    send_control(node, tuple(heap, small(linked ? op_exit : op_exit2), from, to, reason));
}

void link(Term from, Term to) {
  Arena heap;
  Term node = external_node(to);
  tie(node, Tie::link, from, to, NIL);
  send_control(node, tuple(heap, small(op_link), from, to));
}

// With UNLINK_ID the peer acknowledges the unlink; the id only has to be new on this connection.
void unlink(Term from, Term to) {
  static std::atomic<uint64_t> last_id{0};
  Arena heap;
  Term node = external_node(to);
  untie(node, Tie::link, from, to, NIL);
  uint64_t flags = connection_flags(node);
  if (flags != 0 && !(flags & dflag_unlink_id))
    send_control(node, tuple(heap, small(op_unlink), from, to));
  else
    send_control(node, tuple(heap, small(op_unlink_id), make_unsigned(heap, ++last_id), from, to));
}

// A monitor of {Name, Node} names the process by its name.
Term monitored(Term to) { return is_tuple(to) ? tuple_element(to, 0) : to; }

void monitor(Term from, Term to, Term ref) {
  Arena heap;
  Term node = node_of(to);
  tie(node, Tie::monitor_of_remote, from, to, ref);
  send_control(node, tuple(heap, small(op_monitor), from, monitored(to), ref));
}

void demonitor(Term from, Term to, Term ref) {
  Arena heap;
  Term node = node_of(to);
  untie(node, Tie::monitor_of_remote, from, to, ref);
  send_control(node, tuple(heap, small(op_demonitor), from, monitored(to), ref));
}

// The monitors other nodes held on `pid` get MONITOR_P_EXIT, naming the process as they
// monitored it (by name or pid).
void process_exited(Term pid, Term reason) {
  controller_exited(pid, reason);
  Arena heap;
  for (const RemoteWatcher& w : take_remote_watchers(heap, pid)) {
    Term watcher = tuple_element(w.watcher, 0), as = tuple_element(w.watcher, 1);
    if (reason_as_payload(w.node))
      send_control(w.node, tuple(heap, small(op_payload_monitor_exit), as, watcher, w.ref), reason);
    else
      send_control(w.node, tuple(heap, small(op_monitor_exit), as, watcher, w.ref, reason));
  }
}

void group_leader(Term leader, Term to) {
  Arena heap;
  send_control(external_node(to), tuple(heap, small(op_group_leader), leader, to));
}

const RemoteSignals hooks = {send, exit_signal, link, unlink, monitor, demonitor, process_exited, group_leader};

}  // namespace

void install_remote_signals() { set_remote_signals(&hooks); }

}  // namespace ember::dist
