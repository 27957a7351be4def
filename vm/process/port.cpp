#include "vm/process/port.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "platform/fd_reader.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/copy.h"
#include "vm/term/iolist.h"
#include "vm/process/process_table.h"
#include "vm/process/thread_progress.h"
#include "vm/term/ref.h"
#include "vm/process/signals.h"

namespace ember {
namespace {

struct PortMonitor {
  RefNumbers ref;
  Term watcher;
};

struct Port {
  Term id;
  std::string name;
  Term owner;
  int fd_out = -1;
  bool owns_fd_out = false;  // a pipe to a child, closed with the port (not the VM's own fds)
  long os_pid = -1;
  PortOptions options;
  std::shared_ptr<PortDriver> driver;  // null for fd and spawn ports
  std::vector<Term> links;
  std::vector<PortMonitor> monitors;
  std::unique_ptr<Arena> data_storage;
  Term data = atoms::undefined;
  // Counted by whoever reads or writes, which for a distribution port is any process.
  std::atomic<uint64_t> input{0}, output{0};
};

struct Table {
  std::mutex lock;
  std::map<Term, std::shared_ptr<Port>> ports;
  uint64_t next_id = 0;
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

std::atomic<uint64_t> input_bytes{0};
std::atomic<uint64_t> output_bytes{0};

std::shared_ptr<Port> find(Term id) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.ports.find(id);
  return it == t.ports.end() ? nullptr : it->second;
}

// Takes the port out of the table; its links get an exit signal and its monitors a 'DOWN'.
void close_port(Term id, Term reason) {
  std::shared_ptr<Port> port;
  {
    Table& t = table();
    std::lock_guard guard(t.lock);
    auto it = t.ports.find(id);
    if (it == t.ports.end()) return;
    port = std::move(it->second);
    t.ports.erase(it);
  }
  if (port->owns_fd_out) platform::close_fd(port->fd_out);
  if (port->driver) port->driver->stop(reason);
  for (Term pid : port->links) send_exit_signal(id, pid, reason, true);
  for (const PortMonitor& m : port->monitors) {
    Process* watcher = process_find(m.watcher);
    if (!watcher) continue;
    Arena storage;
    send_down(watcher, id, make_local_ref(storage, m.ref), id, reason);
  }
}

void send_to_owner(const Port& port, Term message) {
  if (Process* owner = process_find(port.owner)) deliver_message(owner, port.id, message);
}

void count_output(Port& port, size_t n) {
  port.output.fetch_add(n, std::memory_order_relaxed);
  output_bytes.fetch_add(n, std::memory_order_relaxed);
}

Term data_message(Heap& heap, const Port& port, const PortFraming::Piece& piece) {
  Term bytes = port.options.binary ? make_binary(heap, piece.bytes) : make_byte_list(heap, piece.bytes);
  if (port.options.framing.kind == PortFraming::Kind::line)
    bytes = tuple(heap, piece.eol ? atom_put("eol") : atom_put("noeol"), bytes);
  return tuple(heap, port.id, tuple(heap, atoms::data, bytes));
}

void deliver_pieces(Port& port, const std::vector<PortFraming::Piece>& pieces) {
  for (const PortFraming::Piece& piece : pieces) {
    Arena storage;
    send_to_owner(port, data_message(storage, port, piece));
  }
}

// Runs on the reader thread: input becomes messages to the port's owner, as long as the port
// is open. At the end comes eof (with the eof option), the child's exit status (with
// exit_status), and without eof the port closes.
void on_input(const std::shared_ptr<Port>& port, std::string_view data) {
  ProgressGuard guard;
  if (!data.empty()) {
    input_bytes.fetch_add(data.size(), std::memory_order_relaxed);
    std::vector<PortFraming::Piece> pieces = port->options.framing.feed(data);
    if (!find(port->id)) return;
    port->input.fetch_add(data.size(), std::memory_order_relaxed);
    deliver_pieces(*port, pieces);
    return;
  }
  int status = port->os_pid >= 0 ? platform::wait_child(port->os_pid) : 0;
  if (!find(port->id)) return;
  // erts' order: the exit status, then what is left of an unfinished line, then eof.
  Arena storage;
  if (port->options.exit_status && port->os_pid >= 0)
    send_to_owner(*port, tuple(storage, port->id, tuple(storage, atom_put("exit_status"), make_small(status))));
  deliver_pieces(*port, port->options.framing.finish());
  if (port->options.eof) send_to_owner(*port, tuple(storage, port->id, atoms::eof));
  if (!port->options.eof) close_port(port->id, atoms::normal);
}

void enter_table(const std::shared_ptr<Port>& port, Term owner) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  port->id = make_port(t.next_id++);
  port->owner = owner;
  port->links.push_back(owner);
  t.ports.emplace(port->id, port);
}

Term add_port(Process* owner, std::shared_ptr<Port> port, int fd_in) {
  enter_table(port, owner->pid);
  owner->links.insert(Link{port->id});
  if (port->options.in && fd_in >= 0)
    platform::start_fd_reader(fd_in, [port](std::string_view data) { on_input(port, data); });
  return port->id;
}

}  // namespace

Term port_open_fd(Process* owner, int in, int out, const PortOptions& options) {
  auto port = std::make_shared<Port>();
  port->name = std::to_string(in) + "/" + std::to_string(out);
  port->fd_out = options.out ? out : -1;
  port->options = options;
  return add_port(owner, port, in);
}

Term port_open_spawn(Process* owner, const std::string& name, const platform::ChildSpec& spec,
                     const PortOptions& options, int* error) {
  platform::Child child;
  if (!platform::spawn_child(spec, &child, error)) return THE_NON_VALUE;
  auto port = std::make_shared<Port>();
  port->name = name;
  port->fd_out = child.to_child;
  port->owns_fd_out = true;
  port->os_pid = child.pid;
  port->options = options;
  Term id = add_port(owner, port, child.from_child);
  if (!options.in) {  // nothing to read: a thread still waits for the child, for exit_status
    platform::start_fd_reader(-1, [port](std::string_view data) { on_input(port, data); });
  }
  return id;
}

Term port_open_driver(Term owner, std::string name, std::shared_ptr<PortDriver> driver) {
  auto port = std::make_shared<Port>();
  port->name = std::move(name);
  port->driver = std::move(driver);
  enter_table(port, owner);
  send_signal(owner, make_signal(SignalKind::link, port->id, NIL, NIL));
  return port->id;
}

void port_send(Term port, Term to, Term message) {
  ProgressGuard guard;
  if (Process* p = process_find(to)) deliver_message(p, port, message);
}

void port_exit(Term port, Term reason) {
  ProgressGuard guard;
  close_port(port, reason);
}

std::optional<std::string> port_control(Term port, Term caller, unsigned operation, std::string_view data) {
  std::shared_ptr<Port> p = find(port);
  if (!p || !p->driver) return std::nullopt;
  return p->driver->control(caller, operation, data);
}

bool port_carry_distribution(Term port, const DistributionChannel* channel) {
  std::shared_ptr<Port> p = find(port);
  return p && p->driver && p->driver->carry_distribution(channel);
}

bool port_busy(Term port) {
  std::shared_ptr<Port> p = find(port);
  return p && p->driver && p->driver->busy();
}

size_t port_queue_size(Term port) {
  std::shared_ptr<Port> p = find(port);
  return p && p->driver ? p->driver->queue_size() : 0;
}

bool port_exists(Term port) { return find(port) != nullptr; }

Term port_owner(Term port) {
  std::shared_ptr<Port> p = find(port);
  return p ? p->owner : NIL;
}

bool port_write(Term port, std::string_view bytes, Term caller) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return false;
  if (p->driver) {
    count_output(*p, bytes.size());
    p->driver->command(caller, bytes);
    return true;
  }
  if (p->fd_out < 0) return true;
  // As erts, a packet too long for its header is accepted, and the port fails with einval.
  if (!p->options.framing.fits(bytes.size())) {
    close_port(port, atom_put("einval"));
    return true;
  }
  if (!platform::write_fd(p->fd_out, p->options.framing.frame_output(bytes))) {
    close_port(port, atom_put("epipe"));
    return true;
  }
  count_output(*p, bytes.size());
  return true;
}

bool port_close(Term port) {
  if (!find(port)) return false;
  close_port(port, atoms::normal);
  return true;
}

// As erts, the new owner is linked to the port too (the old one stays linked until it
// unlinks, as gen_tcp:controlling_process does).
bool port_connect(Term port, Term new_owner) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return false;
  {
    Table& t = table();
    std::lock_guard guard(t.lock);
    p->owner = new_owner;
    if (std::find(p->links.begin(), p->links.end(), new_owner) != p->links.end()) return true;
    p->links.push_back(new_owner);
  }
  send_signal(new_owner, make_signal(SignalKind::link, port, NIL, NIL));
  return true;
}

bool port_link(Term port, Term pid) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return false;
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (std::find(p->links.begin(), p->links.end(), pid) == p->links.end()) p->links.push_back(pid);
  return true;
}

void port_unlink(Term port, Term pid) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return;
  Table& t = table();
  std::lock_guard guard(t.lock);
  p->links.erase(std::remove(p->links.begin(), p->links.end(), pid), p->links.end());
}

bool port_monitor(Term port, Term pid, Term ref) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return false;
  Table& t = table();
  std::lock_guard guard(t.lock);
  p->monitors.push_back({ref_numbers(ref), pid});
  return true;
}

void port_demonitor(Term port, Term ref) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return;
  Table& t = table();
  std::lock_guard guard(t.lock);
  RefNumbers r = ref_numbers(ref);
  std::erase_if(p->monitors, [&](const PortMonitor& m) { return m.ref == r; });
}

void port_exit_signal(Term port, Term from, Term reason, bool linked) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return;
  if (linked) port_unlink(port, from);
  if (reason == atoms::kill) return close_port(port, atoms::killed);
  if (from == p->owner || reason != atoms::normal) close_port(port, reason);
}

void port_handle_message(Process*, Term port, Term message) {
  bool well_formed = is_tuple(message) && tuple_arity(message) == 2 && is_pid(tuple_element(message, 0));
  Term from = well_formed ? tuple_element(message, 0) : NIL;
  Term command = well_formed ? tuple_element(message, 1) : NIL;
  Arena storage;
  if (command == atoms::close) {
    Process* reply_to = process_find(from);
    if (port_close(port) && reply_to) deliver_message(reply_to, port, tuple(storage, port, atoms::closed));
    return;
  }
  Term verb = is_tuple(command) && tuple_arity(command) == 2 ? tuple_element(command, 0) : NIL;
  Term arg = verb != NIL ? tuple_element(command, 1) : NIL;
  std::string bytes;
  if (verb == atoms::command && iolist_bytes(arg, bytes)) {
    port_write(port, bytes, from);
  } else if (verb == atoms::connect && is_local_pid(arg)) {
    Process* reply_to = process_find(from);
    if (port_connect(port, arg) && reply_to) deliver_message(reply_to, port, tuple(storage, port, atoms::connected));
  } else {
    close_port(port, atom_put("badsig"));
  }
}

std::optional<PortInfo> port_info(Term port) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return std::nullopt;
  size_t queued = p->driver ? p->driver->queue_size() : 0;  // the driver's lock before the table's
  Table& t = table();
  std::lock_guard guard(t.lock);
  PortInfo info{p->name, p->owner, p->links, {}, p->input.load(std::memory_order_relaxed),
                p->output.load(std::memory_order_relaxed), port >> 4, p->os_pid, queued};
  for (const PortMonitor& m : p->monitors) info.monitored_by.push_back(m.watcher);
  return info;
}

bool port_set_data(Term port, Term data) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return false;
  auto storage = std::make_unique<Arena>();
  Term copy = copy_term(*storage, data, copy_size(data));
  Table& t = table();
  std::lock_guard guard(t.lock);
  p->data_storage = std::move(storage);
  p->data = copy;
  return true;
}

Term port_get_data(Process* proc, Term port) {
  std::shared_ptr<Port> p = find(port);
  if (!p) return THE_NON_VALUE;
  Table& t = table();
  std::lock_guard guard(t.lock);
  ProcessHeap heap(proc);
  return copy_term(heap, p->data, copy_size(p->data));
}

std::vector<Term> port_list() {
  Table& t = table();
  std::lock_guard guard(t.lock);
  std::vector<Term> ports;
  for (auto& [id, port] : t.ports) ports.push_back(id);
  return ports;
}

PortIoStatistics port_io_statistics() {
  return {input_bytes.load(std::memory_order_relaxed), output_bytes.load(std::memory_order_relaxed)};
}

}  // namespace ember
