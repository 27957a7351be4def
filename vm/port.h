// Ports: the `fd` driver, which is what standard input and output need. A port is owned by
// (connected to) one process, which receives its data as {Port, {data, Bytes}} messages.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "vm/process.h"
#include "vm/term.h"

namespace ember {

struct PortOptions {
  bool binary = false;
  bool eof = false;
  bool in = true;
  bool out = true;
};

// open_port({fd, In, Out}, Options); returns the port, or THE_NON_VALUE if it cannot be opened.
Term port_open_fd(Process* owner, int in, int out, const PortOptions& options);
bool port_exists(Term port);
Term port_owner(Term port);
// Writes bytes to the port; false if the port is closed.
bool port_write(Term port, std::string_view bytes);
// Closes the port; the owner gets no message (port_close/1 semantics).
bool port_close(Term port);
bool port_connect(Term port, Term new_owner);
// The `Port ! {Pid, Command}` protocol: {command, Data}, close, {connect, Pid}. Returns false
// for a malformed command (the port then exits with badsig in erts; we report it).
bool port_handle_message(Process* sender, Term port, Term message);

}  // namespace ember

namespace ember {

std::vector<Term> port_list();  // open ports, oldest first

// statistics(io): bytes that ports have taken in and put out since the VM started.
struct PortIoStatistics {
  uint64_t input;
  uint64_t output;
};
PortIoStatistics port_io_statistics();

}  // namespace ember
