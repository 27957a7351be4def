#include "dist/connection.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "dist/flags.h"
#include "dist/remote.h"
#include "dist/wire.h"
#include "vm/process/node_monitors.h"
#include "vm/process/port.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/process/thread_progress.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/term/map.h"
#include "vm/term/node.h"
#include "vm/term/ref.h"

namespace ember::dist {
namespace {

enum class State { idle, pending, connected };

struct StoredTie {
  Tie kind;
  std::unique_ptr<Arena> storage;  // the remote id and the reference
  Term remote, ref;
};
// By local pid: a process's end, and each unlink or demonitor, looks at its own ties only.
using Ties = std::unordered_multimap<Term, StoredTie>;

// A signal sent before the connection is up: encoded for it once its flags are known.
struct QueuedSignal {
  std::unique_ptr<Arena> storage;
  Term control, payload;
};

// A process controller's side of its connection (dist_ctrl_*): the packets it has yet to
// take, whether it asked to hear of the next (a dist_data message), which process may hand in
// input, and the get_size option.
struct ProcessChannel {
  std::deque<std::string> output;
  uint64_t output_bytes = 0;
  bool notify = false;
  Term input_handler;
  bool get_size = false;
};

struct Entry {
  Term node;
  uint32_t index;  // in the table's order: a handle names the entry by it
  State state = State::idle;
  uint32_t connection_id = 0;
  Term controller = NIL;  // the port, or the process, that carries the connection
  std::unique_ptr<ProcessChannel> process;  // for a process controller
  uint64_t flags = 0;
  uint32_t creation = 0;
  std::vector<QueuedSignal> queued;  // sent while pending
  std::shared_ptr<InputState> input;  // read only by the controller's input, a packet at a time
  uint64_t received = 0, sent = 0;
  Ties ties;
  std::vector<Term> node_watchers;  // monitor_node's, one per call, as erts counts them
};

struct Table {
  std::mutex lock;
  std::map<Term, std::unique_ptr<Entry>> by_node;
  std::vector<Entry*> by_index;
  bool alive = false;
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

Entry& entry_for(Table& t, Term node) {
  auto& slot = t.by_node[node];
  if (!slot) {
    slot = std::make_unique<Entry>();
    slot->node = node;
    slot->index = uint32_t(t.by_index.size());
    t.by_index.push_back(slot.get());
  }
  return *slot;
}

Term handle_of(Heap& heap, const Entry& e) {
  return make_ref_with_id(heap, uint64_t(e.index) << 32 | e.connection_id, RefSpace::dist_handle);
}

// The entry and connection id a handle names; null for any other term.
Entry* entry_of_handle(Table& t, Term handle, uint32_t* connection_id) {
  uint32_t n[3];
  if (!ref_numbers(handle, n) || (n[2] & 0xE0000000u) != uint32_t(RefSpace::dist_handle)) return nullptr;
  uint64_t id = ref_number(handle);
  if ((id >> 32) >= t.by_index.size()) return nullptr;
  *connection_id = uint32_t(id);
  return t.by_index[id >> 32];
}

Term node_type(const Entry& e) { return atom_put(e.flags & dflag_published ? "visible" : "hidden"); }

// {nodeup | nodedown, Node} to monitor_nodes' subscribers, with the info they asked for.
void tell_node_monitors(Term what, const Entry& e, Term reason) {
  namespace opt = node_monitor_option;
  Term type = node_type(e);
  bool hidden = type == atom_put("hidden");
  for (const NodeMonitor& m : node_monitors()) {
    // As erts: no options, visible nodes only; with options, hidden ones if asked for, and
    // visible ones unless only hidden ones were asked for.
    bool typed = m.options & (opt::visible | opt::hidden);
    bool wanted = m.options == 0 ? !hidden : hidden ? (m.options & opt::hidden) != 0 : !typed || (m.options & opt::visible);
    if (!wanted) continue;
    Arena heap;
    Term message;
    if (m.options == 0) {
      message = tuple(heap, what, e.node);
    } else {
      // In erts' order: [{connection_id, _}, {nodedown_reason, _}, {node_type, _}].
      std::vector<std::pair<Term, Term>> info;
      if (m.options & opt::connection_id) info.push_back({atom_put("connection_id"), make_unsigned(heap, e.connection_id)});
      if (what == atom_put("nodedown") && (m.options & opt::down_reason)) info.push_back({atom_put("nodedown_reason"), reason});
      if (typed) info.push_back({atom_put("node_type"), type});
      Term details = NIL;
      if (m.options & opt::info_map) {
        std::vector<Term> keys, values;
        for (auto& [k, v] : info) keys.push_back(k), values.push_back(v);
        details = map_from_pairs(heap, keys.data(), values.data(), keys.size());
      } else {
        for (size_t i = info.size(); i-- > 0;) details = cons(heap, tuple(heap, info[i].first, info[i].second), details);
      }
      message = tuple(heap, what, e.node, details);
    }
    if (Process* p = process_find(m.pid)) deliver_message(p, m.pid, message);
  }
}

// The connection is gone (or never came): every tie across it is undone as erts does, with
// noconnection, and the watchers hear nodedown. Called with the entry taken out of service,
// outside the table's lock.
void connection_lost(Term node, Ties ties, std::vector<Term> watchers) {
  spawn_requests_lost(node);
  for (auto& [local, t] : ties) {
    if (t.kind == Tie::link) {
      send_exit_signal(t.remote, local, atoms::noconnection, true);
    } else if (t.kind == Tie::monitor_of_remote) {
      if (Process* watcher = process_find(local)) send_down(watcher, t.remote, t.ref, t.remote, atoms::noconnection);
    }
  }
  for (Term pid : watchers) {
    Arena heap;
    if (Process* p = process_find(pid)) deliver_message(p, pid, tuple(heap, atom_put("nodedown"), node));
  }
}

// Takes the entry out of service: idle again, with a new connection id for the next.
void reset(Entry& e, Ties* ties, std::vector<Term>* watchers) {
  *ties = std::move(e.ties);
  *watchers = std::move(e.node_watchers);
  e.ties.clear();
  e.node_watchers.clear();
  e.queued.clear();
  e.input.reset();
  e.state = State::idle;
  e.controller = NIL;
  e.process.reset();
  e.flags = 0;
  e.connection_id++;
}

Entry* entry_of_controller(Table& t, Term controller) {
  for (Entry* e : t.by_index)
    if (e->state == State::connected && e->controller == controller) return e;
  return nullptr;
}

// The connection goes, taking its controller with it: a port exits, a process is killed, as
// erts kills it.
void take_down(Term controller, Term reason) {
  if (is_local_port(controller))
    port_exit(controller, reason);
  else
    send_exit_signal(controller, controller, atoms::kill, false);
}

// A packet from the peer, as the controller read it; the controller calls from one thread at
// a time.
void input(Term controller, std::string_view packet) {
  ProgressGuard progress;
  Term node;
  uint64_t flags;
  std::shared_ptr<InputState> state;
  {
    Table& t = table();
    std::lock_guard guard(t.lock);
    Entry* e = entry_of_controller(t, controller);
    if (!e) return;
    e->received++;
    node = e->node;
    flags = e->flags;
    state = e->input;
  }
  if (packet.empty()) return;  // a tick
  // A message that does not decode: the connection goes, and nothing else (as erts does,
  // which logs it).
  if (!receive_packet(node, flags, packet, *state)) take_down(controller, atom_put("dist_garbage"));
}

// The controller is gone: so is the connection. Its exit reason is the nodedown_reason, as in
// erts: connection_closed for normal, and R for a process's {shutdown, R}.
void closed(Term controller, Term reason) {
  ProgressGuard progress;
  Table& t = table();
  Ties ties;
  std::vector<Term> watchers;
  Term node;
  {
    std::lock_guard guard(t.lock);
    Entry* e = entry_of_controller(t, controller);
    if (!e) return;
    node = e->node;
    if (e->process && is_tuple(reason) && tuple_arity(reason) == 2 && tuple_element(reason, 0) == atom_put("shutdown"))
      reason = tuple_element(reason, 1);
    tell_node_monitors(atom_put("nodedown"), *e, reason == atoms::normal ? atom_put("connection_closed") : reason);
    reset(*e, &ties, &watchers);
  }
  connection_lost(node, std::move(ties), std::move(watchers));
}

const DistributionChannel channel = {input, closed};

// A packet for a process controller waits until it takes it; it hears of the first that
// comes after it asked to (dist_ctrl_get_data_notification).
void queue_for_process(Term node, uint32_t connection_id, std::string packet) {
  Table& t = table();
  Term notify = NIL;
  {
    std::lock_guard guard(t.lock);
    Entry& e = entry_for(t, node);
    if (e.state != State::connected || e.connection_id != connection_id || !e.process) return;
    e.process->output_bytes += packet.size();
    e.process->output.push_back(std::move(packet));
    if (std::exchange(e.process->notify, false)) notify = e.controller;
  }
  if (notify == NIL) return;
  if (Process* p = process_find(notify)) deliver_message(p, notify, atom_put("dist_data"));
}

// Asks net_kernel for a connection to an idle node: {auto_connect, Node, DHandle}.
void auto_connect(Entry& e) {
  e.state = State::pending;
  Process* kernel = whereis_name(atom_put("net_kernel"));
  if (!kernel) return;
  Arena heap;
  deliver_message(kernel, kernel->pid, tuple(heap, atom_put("auto_connect"), e.node, handle_of(heap, e)));
}

}  // namespace

bool make_alive(Term name, uint32_t creation) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (t.alive || !whereis_name(atom_put("net_kernel"))) return false;
  set_local_node(name, creation);
  t.alive = true;
  install_remote_signals();
  return true;
}

bool is_alive() {
  Table& t = table();
  std::lock_guard guard(t.lock);
  return t.alive;
}

Term new_connection(Heap& heap, Term node) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (node == local_node_name()) return THE_NON_VALUE;
  Entry& e = entry_for(t, node);
  if (e.state == State::idle) e.state = State::pending;
  return handle_of(heap, e);
}

Term abort_pending(Term node, Term handle) {
  Table& t = table();
  Ties ties;
  std::vector<Term> watchers;
  {
    std::lock_guard guard(t.lock);
    uint32_t id;
    Entry* e = entry_of_handle(t, handle, &id);
    if (!e || e->node != node || node == local_node_name()) return THE_NON_VALUE;
    if (e->connection_id != id || e->state != State::pending) return e->state == State::connected ? atoms::false_ : atoms::true_;
    reset(*e, &ties, &watchers);
  }
  connection_lost(node, std::move(ties), std::move(watchers));
  return atoms::true_;
}

// The table's lock is never held while a port's is taken: a port's input comes to the table
// with the port's lock held (input, closed).
Term create_channel(Heap& heap, Term node, Term controller, uint64_t flags, uint32_t creation, Term setup) {
  Table& t = table();
  auto pending = [&] {
    auto it = t.by_node.find(node);
    return it != t.by_node.end() && it->second->state == State::pending ? it->second.get() : nullptr;
  };
  bool is_port = is_local_port(controller);
  {
    std::lock_guard guard(t.lock);
    if (!pending() || (!is_port && !process_find(controller))) return atoms::badarg;
    for (Entry* e : t.by_index)
      if (e->controller == controller) return atoms::badarg;  // a process controls one connection
  }
  if (is_port && !port_carry_distribution(controller, &channel)) return atoms::badarg;
  std::vector<QueuedSignal> queued;
  Term handle;
  {
    std::lock_guard guard(t.lock);
    Entry* e = pending();
    if (!e) return atoms::badarg;  // aborted meanwhile: the port's input finds no connection
    e->state = State::connected;
    e->controller = controller;
    if (!is_port) {
      e->process = std::make_unique<ProcessChannel>();
      e->process->input_handler = controller;
    }
    e->flags = flags;
    e->creation = creation;
    e->received = e->sent = 0;
    e->input = std::make_shared<InputState>();
    queued = std::move(e->queued);
    e->queued.clear();
    handle = handle_of(heap, *e);
    if (Process* kernel = whereis_name(atom_put("net_kernel"))) {
      Arena message;
      deliver_message(kernel, setup, tuple(message, atom_put("dist_ctrlr"), controller, node, setup));
    }
    tell_node_monitors(atom_put("nodeup"), *e, NIL);
  }
  // A process that ended before it was made the controller found no connection to take down.
  if (!is_port && !process_find(controller)) closed(controller, atoms::noproc);
  for (QueuedSignal& q : queued) send_control(node, q.control, q.payload);
  return handle;
}

bool channel_statistics(Term handle, ChannelStatistics* out) {
  Table& t = table();
  Term port;
  {
    std::lock_guard guard(t.lock);
    uint32_t id;
    Entry* e = entry_of_handle(t, handle, &id);
    if (!e || e->connection_id != id || e->state != State::connected) return false;
    *out = {e->received, e->sent, 0};
    if (e->process) {
      out->output_pending = e->process->output_bytes;
      return true;
    }
    port = e->controller;
  }
  out->output_pending = port_queue_size(port);
  return true;
}

std::vector<ConnectedNode> connected_nodes() {
  Table& t = table();
  std::lock_guard guard(t.lock);
  std::vector<ConnectedNode> nodes;
  for (Entry* e : t.by_index)
    if (e->state == State::connected) nodes.push_back({e->node, !(e->flags & dflag_published), e->connection_id});
  return nodes;
}

void monitor_node(Term watcher, Term node, bool on) {
  Table& t = table();
  {
    std::lock_guard guard(t.lock);
    Entry& e = entry_for(t, node);
    if (!on) {
      auto it = std::find(e.node_watchers.begin(), e.node_watchers.end(), watcher);
      if (it != e.node_watchers.end()) e.node_watchers.erase(it);
      return;
    }
    if (t.alive) {
      e.node_watchers.push_back(watcher);
      if (e.state == State::idle) auto_connect(e);
      return;
    }
  }
  Arena heap;
  if (Process* p = process_find(watcher)) deliver_message(p, watcher, tuple(heap, atom_put("nodedown"), node));
}

bool send_control(Term node, Term control, Term payload) {
  Table& t = table();
  Term controller;
  uint64_t flags;
  uint32_t connection_id;
  {
    std::lock_guard guard(t.lock);
    if (!t.alive || node == local_node_name()) return false;
    Entry& e = entry_for(t, node);
    if (e.state != State::connected) {
      if (e.state == State::idle) auto_connect(e);
      auto storage = std::make_unique<Arena>();
      Term c = copy_term(*storage, control, copy_size(control));
      Term m = payload == THE_NON_VALUE ? payload : copy_term(*storage, payload, copy_size(payload));
      e.queued.push_back({std::move(storage), c, m});
      return true;
    }
    controller = e.controller;
    flags = e.flags;
    connection_id = e.connection_id;
    if (!e.process) e.sent++;  // a process controller's packets count as it takes them
  }
  std::string packet = encode_packet(flags, control, payload);
  if (is_local_port(controller))
    port_write(controller, packet);
  else
    queue_for_process(node, connection_id, std::move(packet));
  return true;
}

namespace {

// The connection of a process controller's handle, if `caller`, its controller, may act on it.
Entry* controlled(Table& t, Term handle, Term caller, ControllerError* error) {
  uint32_t id;
  Entry* e = entry_of_handle(t, handle, &id);
  *error = !e ? ControllerError::badarg
           : !e->process ? ControllerError::notsup
           : e->connection_id != id || e->state != State::connected ? ControllerError::badarg
           : ControllerError::none;
  if (*error == ControllerError::none && e->controller != caller) *error = ControllerError::notsup;
  return *error == ControllerError::none ? e : nullptr;
}

}  // namespace

ControllerError controller_take(Term handle, Term caller, std::optional<std::string>* packet, bool* with_size) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  ControllerError error;
  Entry* e = controlled(t, handle, caller, &error);
  if (!e) return error;
  ProcessChannel& c = *e->process;
  *with_size = c.get_size;
  if (c.output.empty()) return ControllerError::none;
  *packet = std::move(c.output.front());
  c.output.pop_front();
  c.output_bytes -= (*packet)->size();
  e->sent++;
  return ControllerError::none;
}

ControllerError controller_notify(Term handle, Term caller) {
  Table& t = table();
  {
    std::lock_guard guard(t.lock);
    ControllerError error;
    Entry* e = controlled(t, handle, caller, &error);
    if (!e) return error;
    e->process->notify = e->process->output.empty();
    if (e->process->notify) return ControllerError::none;
  }
  if (Process* p = process_find(caller)) deliver_message(p, caller, atom_put("dist_data"));
  return ControllerError::none;
}

ControllerError controller_input_handler(Term handle, Term caller, Term handler) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  ControllerError error;
  Entry* e = controlled(t, handle, caller, &error);
  if (e) e->process->input_handler = handler;
  return error;
}

ControllerError controller_option(Term handle, Term caller, std::optional<bool> set, bool* was) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  ControllerError error;
  Entry* e = controlled(t, handle, caller, &error);
  if (!e) return error;
  *was = e->process->get_size;
  if (set) e->process->get_size = *set;
  return ControllerError::none;
}

ControllerError controller_put(Term handle, Term caller, std::string_view packet) {
  Term controller;
  {
    Table& t = table();
    std::lock_guard guard(t.lock);
    uint32_t id;
    Entry* e = entry_of_handle(t, handle, &id);
    if (!e) return ControllerError::badarg;
    if (!e->process || e->process->input_handler != caller) return ControllerError::notsup;
    if (e->connection_id != id || e->state != State::connected) return ControllerError::none;
    controller = e->controller;
  }
  input(controller, packet);
  return ControllerError::none;
}

void controller_exited(Term pid, Term reason) {
  if (is_local_pid(pid)) closed(pid, reason);
}

void tie(Term node, Tie kind, Term local, Term remote, Term ref) {
  auto storage = std::make_unique<Arena>();
  Term r = copy_term(*storage, remote, copy_size(remote));
  Term f = copy_term(*storage, ref, copy_size(ref));
  Table& t = table();
  std::lock_guard guard(t.lock);
  entry_for(t, node).ties.emplace(local, StoredTie{kind, std::move(storage), r, f});
}

void untie(Term node, Tie kind, Term local, Term remote, Term ref) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto& ties = entry_for(t, node).ties;
  auto [from, to] = ties.equal_range(local);
  for (auto it = from; it != to; ++it) {
    const StoredTie& tie = it->second;
    bool same = tie.kind == kind &&
                (kind == Tie::link ? compare_terms(tie.remote, remote) == 0 : compare_terms(tie.ref, ref) == 0);
    if (same) {
      ties.erase(it);
      return;
    }
  }
}

std::vector<RemoteWatcher> take_remote_watchers(Heap& heap, Term pid) {
  std::vector<RemoteWatcher> found;
  Table& t = table();
  std::lock_guard guard(t.lock);
  for (Entry* e : t.by_index) {
    auto [from, to] = e->ties.equal_range(pid);
    for (auto it = from; it != to;) {
      const StoredTie& tie = it->second;
      if (tie.kind != Tie::monitor_by_remote) {
        ++it;
        continue;
      }
      found.push_back({e->node, copy_term(heap, tie.remote, copy_size(tie.remote)), copy_term(heap, tie.ref, copy_size(tie.ref))});
      it = e->ties.erase(it);
    }
  }
  return found;
}

uint64_t connection_flags(Term node) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.by_node.find(node);
  return it != t.by_node.end() && it->second->state == State::connected ? it->second->flags : 0;
}

}  // namespace ember::dist
