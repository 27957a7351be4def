// epmd, erts' port mapper: which node name listens on which port of this host. ember serves
// it itself (a phone cannot start a daemon): inside the VM when a node goes distributed and no
// epmd listens on its port yet, and as the `ember epmd` command. The protocol is erts' (the
// requests ALIVE2, PORT_PLEASE2, NAMES, DUMP, KILL and STOP, each behind a 16-bit length), so
// OTP's erl_epmd, erts' epmd command and other nodes talk to it unchanged.
#pragma once

#include <cstdint>
#include <string>

namespace ember::dist {

// The port epmd listens on: ERL_EPMD_PORT, or 4369.
uint16_t epmd_port();

struct EpmdServerOptions {
  uint16_t port = 4369;
  // Whether KILL and STOP are obeyed while nodes are registered (epmd -relaxed_command_check).
  bool relaxed_command_check = false;
};

// Starts serving on the poller's thread; 0, or the errno of the failed bind (EADDRINUSE when
// an epmd already serves the port).
int epmd_serve(const EpmdServerOptions& options);
// Whether this process serves epmd now (a KILL request ends the serving).
bool epmd_serving();
// Blocks until a KILL request has ended the serving (the `ember epmd` command).
void epmd_wait_killed();

// The client side of the `ember epmd` command, answering as erts' epmd does: its output goes
// to standard output, and the result is the command's exit status.
int epmd_names(uint16_t port);
int epmd_dump(uint16_t port);
int epmd_kill(uint16_t port);
int epmd_stop_name(uint16_t port, const std::string& name);

}  // namespace ember::dist
