// Control messages that arrive from another node, acted on as erts does (dist.c's
// erts_net_message): messages delivered, links, monitors and exits between the node's
// processes and this one's, spawn requests and their replies, group leaders.
#include "dist/connection.h"
#include "dist/remote.h"
#include "dist/wire.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/node.h"

namespace ember::dist {
namespace {

Term el(Term t, size_t i) { return tuple_element(t, i); }

// A local target named by pid or registered name; null if there is none.
Process* target_of(Term to) {
  if (is_local_pid(to)) return process_find(to);
  return is_atom(to) ? whereis_name(to) : nullptr;
}

void deliver(Term from, Term to, Term msg) {
  if (Process* p = target_of(to)) deliver_message(p, from, msg);
}

// LINK: the link is made on this side (the process links back through its signal), or if the
// process is gone, the other side gets its noproc exit.
void link_arrived(Term node, Term from, Term to) {
  Process* p = is_local_pid(to) ? process_find(to) : nullptr;
  if (!p) {
    Arena heap;
    send_control(node, tuple(heap, make_small(op_payload_exit), to, from), atoms::noproc);
    return;
  }
  tie(node, Tie::link, to, from, NIL);
  push_signal(p, make_signal(SignalKind::link, from, NIL, NIL));
}

// An unlink's id: an integer from 1 to 2^64 - 1.
bool is_unlink_id(Term id) {
  if (is_small(id)) return small_value(id) > 0;
  return is_big(id) && !big_negative(id) && big_size(id) == 1;
}

// UNLINK and UNLINK_ID: the link goes on this side too; UNLINK_ID (id non-zero) is acknowledged.
void unlink_arrived(Term node, Term id, Term from, Term to) {
  untie(node, Tie::link, to, from, NIL);
  if (Process* p = target_of(to)) push_signal(p, make_signal(SignalKind::unlink, from, NIL, NIL));
  if (id == NIL) return;
  Arena heap;
  send_control(node, tuple(heap, make_small(op_unlink_id_ack), id, to, from));
}

// MONITOR_P: the monitor is kept with the connection (the process's end reports it); a
// process that is gone, or ends as it is set, answers noproc at once.
void monitor_arrived(Term node, Term from, Term to, Term ref) {
  Arena heap;
  Process* p = target_of(to);
  if (p) {
    tie(node, Tie::monitor_by_remote, p->pid, tuple(heap, from, to), ref);
    if (process_find(p->pid)) return;
    untie(node, Tie::monitor_by_remote, p->pid, NIL, ref);
  }
  send_control(node, tuple(heap, make_small(op_payload_monitor_exit), to, from, ref), atoms::noproc);
}

// MONITOR_P_EXIT: the 'DOWN' of a monitor of a process of the node; one of a name reports
// {Name, Node}.
void monitor_exit_arrived(Term node, Term from, Term to, Term ref, Term reason) {
  untie(node, Tie::monitor_of_remote, to, NIL, ref);
  Process* watcher = is_local_pid(to) ? process_find(to) : nullptr;
  if (!watcher) return;
  Arena heap;
  Term object = is_atom(from) ? tuple(heap, from, node) : from;
  send_down(watcher, object, ref, object, reason);
}

bool act(Term node, Term control, Term payload) {
  if (!is_tuple(control) || tuple_arity(control) < 1 || !is_small(el(control, 0))) return false;
  size_t n = tuple_arity(control);
  bool has_payload = payload != THE_NON_VALUE;
  switch (small_value(el(control, 0))) {
    case op_send:
      if (n != 3 || !has_payload) return false;
      deliver(NIL, el(control, 2), payload);
      return true;
    case op_send_sender:
      if (n != 3 || !has_payload) return false;
      deliver(el(control, 1), el(control, 2), payload);
      return true;
    case op_reg_send:
      if (n != 4 || !has_payload) return false;
      deliver(el(control, 1), el(control, 3), payload);
      return true;
    case op_alias_send:
      if (n != 3 || !has_payload) return false;
      if (is_local_ref(el(control, 2))) deliver_to_alias(el(control, 1), el(control, 2), payload);
      return true;
    case op_link:
      if (n != 3) return false;
      link_arrived(node, el(control, 1), el(control, 2));
      return true;
    case op_unlink:
      if (n != 3) return false;
      unlink_arrived(node, NIL, el(control, 1), el(control, 2));
      return true;
    case op_unlink_id:
      if (n != 4 || !is_unlink_id(el(control, 1))) return false;
      unlink_arrived(node, el(control, 1), el(control, 2), el(control, 3));
      return true;
    case op_unlink_id_ack:  // the link went when the unlink was sent
      return n == 4;
    case op_exit:
    case op_exit2:
    case op_payload_exit:
    case op_payload_exit2: {
      bool payload_form = small_value(el(control, 0)) >= op_payload_exit;
      if (n != (payload_form ? 3u : 4u) || payload_form != has_payload) return false;
      bool linked = small_value(el(control, 0)) == op_exit || small_value(el(control, 0)) == op_payload_exit;
      Term from = el(control, 1), to = el(control, 2);
      if (linked) untie(node, Tie::link, to, from, NIL);
      if (is_local_pid(to)) send_exit_signal(from, to, payload_form ? payload : el(control, 3), linked);
      return true;
    }
    case op_monitor:
      if (n != 4) return false;
      monitor_arrived(node, el(control, 1), el(control, 2), el(control, 3));
      return true;
    case op_demonitor:
      if (n != 4) return false;
      if (Process* p = target_of(el(control, 2))) untie(node, Tie::monitor_by_remote, p->pid, NIL, el(control, 3));
      return true;
    case op_monitor_exit:
    case op_payload_monitor_exit: {
      bool payload_form = small_value(el(control, 0)) == op_payload_monitor_exit;
      if (n != (payload_form ? 4u : 5u) || payload_form != has_payload) return false;
      monitor_exit_arrived(node, el(control, 1), el(control, 2), el(control, 3), payload_form ? payload : el(control, 4));
      return true;
    }
    case op_group_leader:
      if (n != 3) return false;
      if (Process* p = target_of(el(control, 2))) push_signal(p, make_signal(SignalKind::group_leader, NIL, el(control, 1), NIL));
      return true;
    case op_spawn_request:
      if (n != 6 || !has_payload) return false;
      spawn_request_received(node, el(control, 1), el(control, 2), el(control, 3), el(control, 4), el(control, 5), payload);
      return true;
    case op_spawn_reply:
      if (n != 5 || !is_small(el(control, 3))) return false;
      spawn_reply_received(node, el(control, 1), el(control, 2), small_value(el(control, 3)), el(control, 4));
      return true;
    default:
      return false;
  }
}

}  // namespace

bool receive_packet(Term node, uint64_t flags, std::string_view packet, InputState& state) {
  Arena heap;
  Packet p;
  switch (read_packet(heap, flags, packet, state, &p)) {
    case Input::message:
      return act(node, p.control, p.payload);
    case Input::partial:
      return true;
    case Input::malformed:
      return false;
  }
  return false;
}

}  // namespace ember::dist
