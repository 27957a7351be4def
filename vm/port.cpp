#include "vm/port.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "platform/fd_reader.h"
#include "platform/os.h"
#include "vm/atom.h"
#include "vm/binary.h"
#include "vm/build.h"
#include "vm/iolist.h"
#include "vm/process_table.h"
#include "vm/signals.h"

namespace ember {
namespace {

struct Port {
  Term id;
  Term owner;
  int fd_out;
  PortOptions options;
};

struct Table {
  std::mutex lock;
  std::map<Term, std::unique_ptr<Port>> ports;
  uint64_t next_id = 0;
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

std::atomic<uint64_t> input_bytes{0};
std::atomic<uint64_t> output_bytes{0};

// Delivers input (or eof) from the reader thread to the port's current owner.
void deliver_input(Term id, std::string_view data) {
  Term owner;
  PortOptions options;
  {
    Table& t = table();
    std::lock_guard guard(t.lock);
    auto it = t.ports.find(id);
    if (it == t.ports.end()) return;
    owner = it->second->owner;
    options = it->second->options;
  }
  input_bytes.fetch_add(data.size(), std::memory_order_relaxed);
  Process* target = process_find(owner);
  if (!target) return;
  Arena storage;
  Term message;
  if (data.empty()) {
    if (!options.eof) return;
    message = tuple(storage, id, atoms::eof);
  } else {
    Term bytes = options.binary ? make_binary(storage, data) : make_byte_list(storage, data);
    message = tuple(storage, id, tuple(storage, atoms::data, bytes));
  }
  deliver_message(target, id, message);
}

}  // namespace

Term port_open_fd(Process* owner, int in, int out, const PortOptions& options) {
  Table& t = table();
  Term id;
  {
    std::lock_guard guard(t.lock);
    id = make_port(t.next_id++);
    t.ports.emplace(id, std::make_unique<Port>(Port{id, owner->pid, options.out ? out : -1, options}));
  }
  if (options.in) platform::start_fd_reader(in, [id](std::string_view data) { deliver_input(id, data); });
  return id;
}

bool port_exists(Term port) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  return t.ports.count(port) != 0;
}

Term port_owner(Term port) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.ports.find(port);
  return it == t.ports.end() ? NIL : it->second->owner;
}

bool port_write(Term port, std::string_view bytes) {
  int fd;
  {
    Table& t = table();
    std::lock_guard guard(t.lock);
    auto it = t.ports.find(port);
    if (it == t.ports.end()) return false;
    fd = it->second->fd_out;
  }
  if (fd < 0) return true;
  if (!platform::write_fd(fd, bytes)) return false;
  output_bytes.fetch_add(bytes.size(), std::memory_order_relaxed);
  return true;
}

bool port_close(Term port) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  return t.ports.erase(port) != 0;
}

bool port_connect(Term port, Term new_owner) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.ports.find(port);
  if (it == t.ports.end()) return false;
  it->second->owner = new_owner;
  return true;
}

}  // namespace ember

namespace ember {

bool port_handle_message(Process* sender, Term port, Term message) {
  if (!is_tuple(message) || tuple_arity(message) != 2 || !is_pid(tuple_element(message, 0))) return false;
  Term from = tuple_element(message, 0), command = tuple_element(message, 1);
  Process* reply_to = process_find(from);
  if (command == atoms::close) {
    if (!port_close(port)) return true;
    Arena storage;
    if (reply_to) deliver_message(reply_to, port, tuple(storage, port, atoms::closed));
    return true;
  }
  if (!is_tuple(command) || tuple_arity(command) != 2) return false;
  Term verb = tuple_element(command, 0), arg = tuple_element(command, 1);
  if (verb == atoms::command) {
    std::string bytes;
    if (!iolist_bytes(arg, bytes)) return false;
    port_write(port, bytes);
    return true;
  }
  if (verb == atoms::connect && is_pid(arg)) {
    port_connect(port, arg);
    Arena storage;
    if (reply_to) deliver_message(reply_to, port, tuple(storage, port, atoms::connected));
    return true;
  }
  return false;
}

}  // namespace ember

namespace ember {

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
