// Processes: spawning, links, monitors, exits, names.
#include <algorithm>

#include "bif/bif.h"
#include "vm/process/remote.h"
#include "vm/process/inspect.h"
#include "vm/process/gc_settings.h"
#include "platform/log.h"
#include "vm/process/alias.h"
#include "vm/code/call.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/process/gc.h"
#include "vm/code/interp.h"
#include "vm/term/map.h"
#include "vm/term/node.h"
#include "vm/process/node_monitors.h"
#include "vm/process/port.h"
#include "vm/process/process_table.h"
#include "vm/term/ref.h"
#include "vm/process/scheduler.h"
#include "vm/process/signals.h"
#include "vm/process/spawn.h"
#include "vm/process/suspend.h"

namespace ember {
namespace {

Term spawn(Process* p, Term m, Term f, Term args, const SpawnOptions& options) {
  bool fun_form = f == THE_NON_VALUE;
  if (fun_form ? !is_fun(m) : (!is_atom(m) || !is_atom(f))) return badarg(p);
  if (list_length(args) < 0) return badarg(p);
  Term ref = NIL;
  Process* child = spawn_process(p, m, f, args, options, &ref);
  if (!child) return system_limit(p);
  if (!options.monitor) return child->pid;
  ProcessHeap heap(p);
  return tuple(heap, child->pid, ref);
}

}  // namespace

Term erlang_self_0(Process* p, Term*) { return p->pid; }

Term erlang_spawn_1(Process* p, Term* a) { return spawn(p, a[0], THE_NON_VALUE, NIL, {}); }
Term erlang_spawn_3(Process* p, Term* a) { return spawn(p, a[0], a[1], a[2], {}); }
Term erlang_spawn_link_1(Process* p, Term* a) {
  return spawn(p, a[0], THE_NON_VALUE, NIL, SpawnOptions{.link = true});
}
Term erlang_spawn_link_3(Process* p, Term* a) { return spawn(p, a[0], a[1], a[2], SpawnOptions{.link = true}); }
Term erlang_spawn_monitor_1(Process* p, Term* a) {
  return spawn(p, a[0], THE_NON_VALUE, NIL, SpawnOptions{.monitor = true});
}
Term erlang_spawn_monitor_3(Process* p, Term* a) {
  return spawn(p, a[0], a[1], a[2], SpawnOptions{.monitor = true});
}
Term erlang_spawn_opt_2(Process* p, Term* a) {
  SpawnOptions o;
  if (!parse_spawn_options(a[1], o)) return badarg_because(p, atoms::badopt);
  return spawn(p, a[0], THE_NON_VALUE, NIL, o);
}
Term erlang_spawn_opt_4(Process* p, Term* a) {
  SpawnOptions o;
  if (!parse_spawn_options(a[3], o)) return badarg_because(p, atoms::badopt);
  return spawn(p, a[0], a[1], a[2], o);
}

// erts_internal:spawn_request/4, spawn_request on this node: the request id is a reference
// (also the monitor's, with `monitor`), and the answer comes as a message at once,
// {ReplyTag, ReqId, ok, Pid} or {ReplyTag, ReqId, error, Reason}, as `reply` asks; an invalid
// option is such an error (badopt), as in erts. Returns the atom badarg or badopt, for
// erlang.erl to raise, when the arguments or the option list itself are malformed.
Term erts_internal_spawn_request_4(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || list_length(a[2]) < 0) return atoms::badarg;
  if (list_length(a[3]) < 0) return atom_put("badopt");
  const Term yes = atom_put("yes"), error_only = atom_put("error_only"), success_only = atom_put("success_only");
  const Term replies[] = {yes, atom_put("no"), error_only, success_only};
  Term tag = atom_put("spawn_reply"), reply = yes;
  SpawnOptions o;
  bool bad = false;
  for (Term l = a[3]; is_list(l); l = tail(l)) {
    Term opt = head(l);
    Term key = is_tuple(opt) && tuple_arity(opt) == 2 ? tuple_element(opt, 0) : NIL;
    if (key == atom_put("reply_tag")) {
      tag = tuple_element(opt, 1);
    } else if (key == atoms::reply) {
      Term r = tuple_element(opt, 1);
      if (std::find(std::begin(replies), std::end(replies), r) != std::end(replies)) reply = r;
      else bad = true;
    } else if (!parse_spawn_option(opt, o)) {
      bad = true;
    }
  }
  ProcessHeap heap(p);
  Term request = make_ref(heap), monitor = request;
  Process* child = bad ? nullptr : spawn_process(p, a[0], a[1], a[2], o, &monitor);
  Term answer = child ? tuple(heap, tag, request, atoms::ok, child->pid)
                      : tuple(heap, tag, request, atoms::error, atom_put(bad ? "badopt" : "system_limit"));
  if (reply == yes || reply == (child ? success_only : error_only)) deliver_message(p, p->pid, answer);
  return request;
}

// Requests on this node are answered when made: none is left to abandon.
Term erlang_spawn_request_abandon_1(Process* p, Term* a) {
  return is_ref(a[0]) ? atoms::false_ : badarg(p);
}

// erts_internal: processes init's shutdown leaves alone (prim_file's helper and the like).
Term erts_internal_spawn_system_process_3(Process* p, Term* a) {
  return spawn(p, a[0], a[1], a[2], SpawnOptions{.system_process = true});
}
Term erts_internal_is_system_process_1(Process* p, Term* a) {
  if (!is_pid(a[0])) return badarg(p);
  Process* target = is_local_pid(a[0]) ? process_find(a[0]) : nullptr;
  return target && target->system_process ? atoms::true_ : atoms::false_;
}

Term erlang_exit_1(Process* p, Term* a) { return raise(p, atoms::exit, a[0]); }
Term erlang_throw_1(Process* p, Term* a) { return raise(p, atoms::throw_, a[0]); }
Term erlang_error_1(Process* p, Term* a) { return raise(p, atoms::error, a[0]); }
Term erlang_error_2(Process* p, Term* a) {
  raise(p, atoms::error, a[0]);
  set_exception_args(p, a[1]);
  return THE_NON_VALUE;
}
// error(Reason, Args, Options): the top frame gets the last {error_info, Map} of Options, but
// only if Options is a proper list of nothing else.
Term erlang_error_3(Process* p, Term* a) {
  Term info = NIL, l = a[2];
  for (; is_list(l); l = tail(l)) {
    Term o = head(l);
    if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_element(o, 0) != atoms::error_info ||
        !is_map(tuple_element(o, 1)))
      break;
    info = tuple_element(o, 1);
  }
  erlang_error_2(p, a);
  if (l == NIL) p->exception.error_info = info;
  return THE_NON_VALUE;
}

// A bad class or stack trace is not an exception: raise/3 then returns badarg.
Term erlang_raise_3(Process* p, Term* a) {
  Term klass = a[0];
  if (klass != atoms::error && klass != atoms::exit && klass != atoms::throw_) return atoms::badarg;
  if (list_length(a[2]) < 0) return atoms::badarg;
  raise(p, klass, a[1]);
  p->exception.raw_stack = a[2];
  return THE_NON_VALUE;
}

Term erlang_exit_2(Process* p, Term* a) {
  Term to = a[0], reason = a[1];
  if (!is_pid(to) && !is_port(to)) return badarg(p);
  if (to == p->pid) {
    // Signals to ourselves take effect before exit/2 returns, as in erts.
    send_exit_signal(p->pid, to, reason, false);
    if (!receive_signals(p)) return terminate(p, p->exit_reason);
    return atoms::true_;
  }
  send_exit_signal(p->pid, to, reason, false);
  return atoms::true_;
}

Term erlang_link_1(Process* p, Term* a) {
  Term other = a[0];
  if (!is_pid(other) && !is_port(other)) return badarg(p);
  if (other == p->pid) return atoms::true_;
  if (is_remote_id(other)) {
    if (is_port(other)) return badarg(p);  // erts links to no port of another node
    // The link keeps a copy of the id on the heap, where the collector finds it (it may be a
    // literal of a purgeable module). Distribution carries it to the other node; without
    // distribution, as erts when not connected, an exit signal noconnection from the linked
    // pid breaks it again (or becomes an 'EXIT' message).
    ProcessHeap heap(p);
    if (!p->links.insert(Link{copy_term(heap, other)})) return atoms::true_;
    if (remote_signals()) send_link(p, other);
    else send_exit_signal(other, p->pid, atoms::noconnection, true);
    return atoms::true_;
  }
  if (is_port(other) ? !port_link(other, p->pid) : !process_find_alive(other)) {
    // erts' documented oddity: a noproc exception, or for a process trapping exits the 'EXIT'
    // message at once (so it stays a message even if trapping stops before it is received).
    if (!p->trap_exit) return raise_error(p, atoms::noproc);
    ProcessHeap heap(p);
    p->mailbox.append(tuple(heap, atoms::EXIT, other, atoms::noproc));
    return atoms::true_;
  }
  if (p->links.insert(Link{other}) && !is_port(other)) send_link(p, other);
  return atoms::true_;
}

Term erlang_unlink_1(Process* p, Term* a) {
  Term other = a[0];
  if (!is_pid(other) && !is_port(other)) return badarg(p);
  if (p->links.erase(other)) send_unlink(p, other);
  return atoms::true_;
}

// monitor(port, Port): a 'DOWN' with type port when it closes, at once (noproc) if it has.
static Term monitor_port(Process* p, Term port) {
  if (!is_local_port(port)) return badarg(p);
  ProcessHeap heap(p);
  Term ref = make_ref(heap);
  p->monitors.insert(Monitor{ref_numbers(ref), port, NIL});
  if (!port_monitor(port, p->pid, ref)) send_down(p, port, ref, port, atoms::noproc);
  return ref;
}

Term erlang_monitor_2(Process* p, Term* a) {
  if (a[0] == atoms::port) return monitor_port(p, a[1]);
  // time_offset monitors are not there yet: plain badarg; other types are wrong.
  if (a[0] == atoms::time_offset) return badarg(p);
  if (a[0] != atoms::process) return badarg_because(p, atoms::badtype);
  Term target = a[1], name = NIL;
  ProcessHeap heap(p);
  Term ref = make_ref(heap);
  if (is_atom(target) || (is_tuple(target) && tuple_arity(target) == 2)) {
    name = is_atom(target) ? target : tuple_element(target, 0);
    Term node = is_atom(target) ? local_node_name() : tuple_element(target, 1);
    if (!is_atom(name) || !is_atom(node)) return badarg(p);
    // A name on another node: erts refuses it unless this node is alive.
    if (node != local_node_name()) {
      if (!remote_signals()) return badarg(p);
      Term remote = copy_term(heap, tuple(heap, name, node));
      p->monitors.insert(Monitor{ref_numbers(ref), remote, name});
      send_monitor(p, remote, ref, name);
      return ref;
    }
    Process* named = whereis_name(name);
    if (!named) {  // the monitor lasts until its 'DOWN' is received, as any other
      p->monitors.insert(Monitor{ref_numbers(ref), name, name});
      send_down(p, name, ref, tuple(heap, name, local_node_name()), atoms::noproc);
      return ref;
    }
    target = named->pid;
  } else if (!is_pid(target)) {
    return badarg(p);
  } else if (is_remote_id(target)) {
    Term remote = copy_term(heap, target);
    p->monitors.insert(Monitor{ref_numbers(ref), remote, NIL});
    if (remote_signals()) send_monitor(p, remote, ref, NIL);
    else send_down(p, target, ref, target, atoms::noconnection);
    return ref;
  }
  if (target == p->pid) return ref;  // as erts: a process does not monitor itself
  p->monitors.insert(Monitor{ref_numbers(ref), target, name});
  send_monitor(p, target, ref, name);
  return ref;
}

static bool alias_mode_of(Term mode, AliasMode* out) {
  if (mode == atoms::explicit_unalias) *out = AliasMode::explicit_unalias;
  else if (mode == atoms::demonitor) *out = AliasMode::demonitor;
  else if (mode == atoms::reply_demonitor) *out = AliasMode::reply_demonitor;
  else return false;
  return true;
}

// monitor/3: options [{alias, Mode}] make the monitor's reference an alias too.
Term erlang_monitor_3(Process* p, Term* a) {
  bool alias = false;
  AliasMode mode = AliasMode::explicit_unalias;
  Term l = a[2];
  for (; is_list(l); l = tail(l)) {
    Term o = head(l);
    if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_element(o, 0) != atoms::alias ||
        !alias_mode_of(tuple_element(o, 1), &mode))
      return badarg_because(p, atoms::badopt);
    alias = true;
  }
  if (l != NIL) return badarg_because(p, atoms::badopt);
  Term ref = erlang_monitor_2(p, a);
  if (ref != THE_NON_VALUE && alias) {
    p->involve(Involved::aliases);
    alias_create(ref, p->pid, mode);
  }
  return ref;
}

Term erlang_alias_0(Process* p, Term*) {
  ProcessHeap heap(p);
  Term ref = make_ref(heap);
  p->involve(Involved::aliases);
  alias_create(ref, p->pid, AliasMode::explicit_unalias);
  return ref;
}

Term erlang_alias_1(Process* p, Term* a) {
  AliasMode mode = AliasMode::explicit_unalias;
  Term l = a[0];
  for (; is_list(l); l = tail(l)) {
    if (head(l) == atoms::reply) mode = AliasMode::reply;
    else if (head(l) != atoms::explicit_unalias) return badarg(p);
  }
  if (l != NIL) return badarg(p);
  ProcessHeap heap(p);
  Term ref = make_ref(heap);
  p->involve(Involved::aliases);
  alias_create(ref, p->pid, mode);
  return ref;
}

Term erlang_unalias_1(Process* p, Term* a) {
  if (!is_ref(a[0])) return badarg(p);
  return boolean(alias_remove(a[0], p->pid));
}

static Term demonitor(Process* p, Term ref, bool flush) {
  if (!is_ref(ref)) return badarg(p);
  Monitor m;
  bool active = p->monitors.erase(ref_numbers(ref), &m);
  if (active) send_demonitor(p, m.other, ref);
  monitor_ended(p, ref);
  if (flush) {
    if (!receive_signals(p)) return terminate(p, p->exit_reason);
    // A monitor still active had delivered no 'DOWN' (delivery ends it), and one in transit
    // is dropped on arrival now: only an ended monitor needs the mailbox searched, so a
    // call's demonitor does not scan a long queue.
    if (active) return atoms::true_;
    p->mailbox.rewind();
    for (Term t; (t = p->mailbox.current()) != THE_NON_VALUE;) {
      if (is_tuple(t) && tuple_arity(t) == 5 && tuple_element(t, 0) == atoms::DOWN &&
          eq_exact(tuple_element(t, 1), ref)) {
        p->mailbox.remove_current();
        break;
      }
      p->mailbox.skip_current();
    }
    p->mailbox.rewind();
  }
  return atoms::true_;
}

Term erlang_demonitor_1(Process* p, Term* a) { return demonitor(p, a[0], false); }
Term erlang_demonitor_2(Process* p, Term* a) {
  bool flush = false, info = false;
  for (Term l = a[1]; l != NIL; l = tail(l)) {
    if (!is_list(l)) return badarg(p);
    if (head(l) == atoms::flush) flush = true;
    else if (head(l) == atoms::info) info = true;
    else return badarg(p);
  }
  bool existed = p->monitors.contains(ref_numbers(a[0]));
  Term r = demonitor(p, a[0], flush);
  if (r == THE_NON_VALUE) return r;
  return info ? boolean(existed) : atoms::true_;
}

Term erlang_register_2(Process* p, Term* a) {
  Term name = a[0];
  if (!is_atom(name) || name == atoms::undefined) return badarg(p);
  Process* target = process_find(a[1]);
  if (!target || !register_name(name, target)) return badarg(p);
  return atoms::true_;
}

Term erlang_unregister_1(Process* p, Term* a) {
  if (!is_atom(a[0]) || !unregister_name(a[0])) return badarg(p);
  return atoms::true_;
}

Term erlang_whereis_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  Process* q = whereis_name(a[0]);
  return q ? q->pid : atoms::undefined;
}

Term erlang_registered_0(Process* p, Term*) {
  ProcessHeap heap(p);
  Term list = NIL;
  registered_for_each([&](Term name, Process*) { list = cons(heap, name, list); });
  return list;
}

Term erlang_processes_0(Process* p, Term*) {
  ProcessHeap heap(p);
  std::vector<Term> pids;
  process_for_each([&](Process* q) { pids.push_back(q->pid); });
  Term list = NIL;
  for (size_t k = pids.size(); k-- > 0;) list = cons(heap, pids[k], list);
  return list;
}

// As erts: the answer takes into account every signal sent to the process before the call.
// One that another scheduler is running is asked by a signal, and the caller waits for the
// answer in erts_internal:is_process_alive/1.
Term erlang_is_process_alive_1(Process* p, Term* a) {
  if (!is_local_pid(a[0])) return badarg(p);
  Inspection inspection(p, a[0]);
  static Export* ask = export_put(atom_put("erts_internal"), atom_put("is_process_alive"), 1);
  if (inspection.busy_in_dirty_call()) return atoms::true_;  // not killed meanwhile
  if (inspection.busy()) return bif_trap(p, ask);
  return boolean(inspection.get());
}

Term erts_internal_is_process_alive_2(Process* p, Term* a) {
  if (!is_local_pid(a[0]) || !is_local_ref(a[1])) return badarg(p);
  send_is_alive(p, a[0], a[1]);
  return atoms::ok;
}

// The options of process_flag({monitor_nodes, Options}, _) as erts' option bits; false for a
// map with anything else.
static bool node_monitor_options(Term options, uint16_t* bits) {
  namespace opt = node_monitor_option;
  *bits = opt::info_map;
  if (!is_map(options)) return false;
  bool valid = true;
  map_for_each(options, [&](Term key, Term value) {
    if (key == atom_put("list") && value == atoms::true_) *bits &= uint16_t(~opt::info_map);
    else if (key == atom_put("connection_id") && (value == atoms::true_ || value == atoms::false_))
      *bits |= value == atoms::true_ ? opt::connection_id : 0;
    else if (key == atom_put("nodedown_reason") && (value == atoms::true_ || value == atoms::false_))
      *bits |= value == atoms::true_ ? opt::down_reason : 0;
    else if (key == atom_put("node_type") && value == atom_put("visible")) *bits |= opt::visible;
    else if (key == atom_put("node_type") && value == atom_put("hidden")) *bits |= opt::hidden;
    else if (key == atom_put("node_type") && value == atom_put("all")) *bits |= opt::visible | opt::hidden;
    else valid = false;
    return valid;
  });
  return valid;
}

Term erlang_process_flag_2(Process* p, Term* a) {
  Term flag = a[0], value = a[1];
  bool with_options = is_tuple(flag) && tuple_arity(flag) == 2 && tuple_element(flag, 0) == atom_put("monitor_nodes");
  if (flag == atom_put("monitor_nodes") || with_options) {
    uint16_t options = 0;
    if (with_options && !node_monitor_options(tuple_element(flag, 1), &options)) return badarg(p);
    if (value != atoms::true_ && value != atoms::false_) return badarg(p);
    ProcessHeap heap(p);
    p->involve(Involved::node_monitors);
    return make_unsigned(heap, node_monitors_update(p->pid, options, value == atoms::true_));
  }
  if (flag == atoms::trap_exit) {
    if (value != atoms::true_ && value != atoms::false_) return badarg(p);
    Term old = boolean(p->trap_exit);
    p->trap_exit = value == atoms::true_;
    return old;
  }
  if (flag == atoms::error_handler) {
    if (!is_atom(value)) return badarg(p);
    Term old = p->error_handler == NIL ? atoms::error_handler : p->error_handler;
    p->error_handler = value == atoms::error_handler ? NIL : value;
    return old;
  }
  if (flag == atom_put("scheduler")) {
    uint16_t bound = p->bound_scheduler.load(std::memory_order_relaxed);
    Term old = make_small(bound);
    if (!scheduler_binding(value, &bound)) return badarg(p);
    p->bound_scheduler.store(bound, std::memory_order_relaxed);
    return old;
  }
  if (flag == atoms::priority) {
    static const Term names[] = {atoms::low, atoms::normal, atoms::high, atoms::max};
    Term old = names[unsigned(p->priority)];
    for (unsigned k = 0; k < 4; k++)
      if (value == names[k]) {
        p->priority = Priority(k);
        return old;
      }
    return badarg(p);
  }
  ProcessHeap heap(p);
  Term old = gc_option(heap, p->gc, flag);
  if (old != THE_NON_VALUE && set_gc_option(p->gc, flag, value)) return old;
  return badarg(p);
}

Term erlang_group_leader_0(Process* p, Term*) { return p->group_leader; }

Term erlang_group_leader_2(Process* p, Term* a) {
  if (!is_pid(a[0]) || !is_pid(a[1])) return badarg(p);
  if (a[1] == p->pid) {
    p->group_leader = a[0];
    return atoms::true_;
  }
  // To another node's process, as erts: sent if the node can be reached, true either way.
  if (is_external_pid(a[1]) && is_remote_id(a[1])) {
    if (const RemoteSignals* remote = remote_signals()) remote->group_leader(a[0], a[1]);
    return atoms::true_;
  }
  Process* target = process_find(a[1]);
  if (!target) return badarg(p);
  push_signal(target, make_signal(SignalKind::group_leader, p->pid, a[0], NIL));
  return atoms::true_;
}

// erlang:suspend_process/1,2 call this and wait for the reply it names, if any; it answers
// errors as atoms, which they raise.
Term erts_internal_suspend_process_2(Process* p, Term* a) {
  if (a[0] == p->pid || !is_local_pid(a[0])) return atoms::badarg;
  bool asynchronous = false, unless_suspending = false;
  Term reply_tag = THE_NON_VALUE, l = a[1];
  for (; is_list(l); l = tail(l)) {
    Term option = head(l);
    if (option == atom_put("unless_suspending")) {
      unless_suspending = true;
    } else if (option == atom_put("asynchronous")) {
      asynchronous = true;
    } else if (is_tuple(option) && tuple_arity(option) == 2 && tuple_element(option, 0) == atom_put("asynchronous")) {
      asynchronous = true;
      reply_tag = tuple_element(option, 1);
    } else {
      return atoms::badopt;
    }
  }
  if (l != NIL) return atoms::badopt;
  return suspend_process(p, a[0], asynchronous, reply_tag, unless_suspending);
}

Term erlang_resume_process_1(Process* p, Term* a) {
  if (a[0] == p->pid || !is_local_pid(a[0]) || !resume_process(p, a[0])) return badarg(p);
  return atoms::true_;
}

Term erlang_make_ref_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_ref(heap);
}

Term erlang_send_2(Process* p, Term* a) { return send_message(p, a[0], a[1]); }
// send/3: options noconnect and nosuspend only. A message to a node that is not connected is
// dropped, and with noconnect the answer says so.
Term erlang_send_3(Process* p, Term* a) {
  bool noconnect = false;
  Term l = a[2];
  for (; is_list(l); l = tail(l)) {
    if (head(l) == atoms::noconnect) noconnect = true;
    else if (head(l) != atoms::nosuspend) return badarg_because(p, atoms::badopt);
  }
  if (l != NIL) return badarg_because(p, atoms::badopt);
  Term r = send_message(p, a[0], a[1]);
  if (r == THE_NON_VALUE) return r;
  return noconnect && to_unconnected_node(a[0]) ? atoms::noconnect : atoms::ok;
}

}  // namespace ember

namespace ember {

// apply/2,3 continue in Erlang code, so the interpreter carries them out (vm/code/call.cpp). These
// entries only make the exports built-in; reaching one means that dispatch was bypassed.
Term erlang_apply_2(Process*, Term*) { platform::fatal("erlang:apply/2 called as a plain BIF"); }
Term erlang_apply_3(Process*, Term*) { platform::fatal("erlang:apply/3 called as a plain BIF"); }

}  // namespace ember

namespace ember {

Term erlang_bump_reductions_1(Process* p, Term* a) {
  if (!is_small(a[0]) || small_value(a[0]) < 0) return badarg(p);
  p->reductions -= int(std::min<int64_t>(small_value(a[0]), reductions_per_slice));
  return atoms::true_;
}

static Term yielded(Process*, Term*) { return atoms::true_; }

// Gives way at once, as erts' yield/0 does: the process goes to the back of its run queue and
// the call returns true when it runs again.
Term erlang_yield_0(Process* p, Term*) {
  static Export* again = bif_continuation(atoms::erlang, atom_put("yield"), 0, yielded);
  return bif_yield(p, again);
}

}  // namespace ember

namespace ember {

// erts_internal:garbage_collect(major | minor), behind erlang:garbage_collect/0,1. Only ever
// called as a function, so the stack is saved and no x register is live: it can collect here.
// The process forgets its stack (catches included) and waits, in the least memory, for a
// message; then it runs M:F(A) with nothing to return to but a normal exit. The BIF checks the
// arguments and traps to hibernate_enter_code(), which does the rest.
Term erlang_hibernate_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1])) return badarg(p);
  // erts takes at most as many arguments as it has registers (1024), whatever the list's tail.
  Term args = a[2];
  for (int n = 0; is_list(args); args = tail(args))
    if (++n > 1024) return system_limit(p);
  if (args != NIL) return badarg(p);
  static Export* enter = [] {
    Export* e = new Export{atoms::erlang, atom_put("hibernate"), 3};
    e->code.set_everywhere(hibernate_enter_code());
    return e;
  }();
  return bif_trap(p, enter);
}

Term erts_internal_garbage_collect_1(Process* p, Term* a) {
  if (a[0] != atom_put("major") && a[0] != atom_put("minor")) return badarg(p);
  if (!gc_major(p, nullptr, 0)) return terminate(p, atoms::killed);
  return atoms::true_;
}

}  // namespace ember
