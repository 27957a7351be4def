// Ports: the `fd` driver (standard input and output) and spawned programs ({spawn, Command},
// {spawn_executable, File}), as erts' drivers of those names, and ports whose driver lives
// elsewhere (PortDriver: the inet drivers of bif/inet_*.cpp). A port is connected to one
// process, which gets its data as {Port, {data, Bytes}} messages; it has links and monitors
// like a process, and when it closes its links get an exit signal and its monitors a 'DOWN'.
// A background thread per fd or spawn port reads its input.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/subprocess.h"
#include "vm/process/port_framing.h"
#include "vm/process/process.h"
#include "vm/term/term.h"

namespace ember {

struct PortOptions {
  bool binary = false;
  bool eof = false;
  bool exit_status = false;
  bool in = true;
  bool out = true;
  PortFraming framing;
};

// A driver other than fd and spawn, as erts' driver entries: the port layer hands it the
// commands and control requests of its port, and stops it when the port closes. It may be
// called from any thread, and answers through the port functions below.
class PortDriver {
 public:
  virtual ~PortDriver() = default;
  // port_command/2,3 of `caller`.
  virtual void command(Term caller, std::string_view bytes) = 0;
  // port_control/3: the reply's bytes, or nullopt for badarg.
  virtual std::optional<std::string> control(Term caller, unsigned operation, std::string_view data) = 0;
  // The port is closing, with `reason`: it has left the port table, its I/O stops here.
  virtual void stop(Term reason) = 0;
  // Whether a command now would have to wait (port_command with nosuspend answers false).
  virtual bool busy() { return false; }
  // The bytes of commands not yet written out.
  virtual size_t queue_size() { return 0; }
  // The port now carries a distribution connection: what it reads goes to `channel`, not to
  // its owner. False if the driver cannot.
  virtual bool carry_distribution(const struct DistributionChannel*) { return false; }
};

// Where a distribution port's input goes (dist/, through erlang:setnode/3): each packet read,
// and the end of the port, with the port's exit reason.
struct DistributionChannel {
  void (*input)(Term port, std::string_view packet);
  void (*closed)(Term port, Term reason);
};
bool port_carry_distribution(Term port, const DistributionChannel* channel);

// A port of `driver` named `name`, connected to the process `owner` and linked to it (through
// a link signal: it may be opened on any thread). Returns the port.
Term port_open_driver(Term owner, std::string name, std::shared_ptr<PortDriver> driver);
// A message from the port to a process (any thread).
void port_send(Term port, Term to, Term message);
// The port closes with `reason`, as when it exits (erts' driver_exit).
void port_exit(Term port, Term reason);
std::optional<std::string> port_control(Term port, Term caller, unsigned operation, std::string_view data);
bool port_busy(Term port);
// The bytes of commands a driver still holds; an fd or spawn port writes each command before
// port_command returns.
size_t port_queue_size(Term port);

// open_port({fd, In, Out}, Options); the port is linked to its owner.
Term port_open_fd(Process* owner, int in, int out, const PortOptions& options);
// open_port({spawn, ...} | {spawn_executable, ...}, Options); on failure returns
// THE_NON_VALUE with *error the errno value.
Term port_open_spawn(Process* owner, const std::string& name, const platform::ChildSpec& spec,
                     const PortOptions& options, int* error);

bool port_exists(Term port);
Term port_owner(Term port);
// Writes a command's bytes (framed as the port frames output); false if the port is closed.
// A port that cannot be written to closes with reason epipe, one given a packet too long for
// its header with einval.
bool port_write(Term port, std::string_view bytes, Term caller = NIL);
// Closes the port with reason normal (port_close/1): links and monitors are told.
bool port_close(Term port);
bool port_connect(Term port, Term new_owner);
// The `Port ! {Pid, Command}` protocol: {command, Data}, close, {connect, Pid}. A malformed
// command closes the port with reason badsig, as in erts.
void port_handle_message(Process* sender, Term port, Term message);

// Links, monitors and exit signals between processes and ports.
bool port_link(Term port, Term pid);  // false if the port is gone
void port_unlink(Term port, Term pid);
bool port_monitor(Term port, Term pid, Term ref);  // false if the port is gone
void port_demonitor(Term port, Term ref);
// An exit signal reaching a port: from its owner or with a reason other than normal it closes
// the port with that reason (kill becoming killed). A linked one (its sender died) ends the
// link first.
void port_exit_signal(Term port, Term from, Term reason, bool linked);

// What port_info/2 reports; nullopt once the port is closed.
struct PortInfo {
  std::string name;
  Term connected;
  std::vector<Term> links;
  std::vector<Term> monitored_by;
  uint64_t input, output;
  uint64_t id;
  long os_pid;  // -1 if none
  size_t queue_size;
};
std::optional<PortInfo> port_info(Term port);
// port_set_data/port_get_data: any term, kept in a copy.
bool port_set_data(Term port, Term data);
Term port_get_data(Process* p, Term port);  // THE_NON_VALUE if the port is closed

std::vector<Term> port_list();  // open ports, oldest first

// statistics(io): bytes that ports have taken in and put out since the VM started.
struct PortIoStatistics {
  uint64_t input;
  uint64_t output;
};
PortIoStatistics port_io_statistics();

}  // namespace ember
