// This node's connections to other nodes, as erts' dist entries: per node its state (idle,
// pending while net_kernel sets a connection up, connected), the connection's id, the port that
// carries it and the flags both sides agreed on, and what must be told when it goes: the links
// and monitors between local processes and the node's, and monitor_node's watchers.
//
// net_kernel drives it through the BIFs of bif/erlang_dist.cpp: new_connection (an explicit
// connect), create_channel (erlang:setnode/3, when dist_util's handshake is done) and
// abort_pending (a setup that failed). A signal to an idle node's process makes the connection
// pending itself and asks net_kernel for it ({auto_connect, Node, DHandle}); what is sent meanwhile
// waits for the connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember::dist {

// erlang:setnode/2: the node becomes alive under `name`; false if it cannot (already alive,
// or no net_kernel).
bool make_alive(Term name, uint32_t creation);
bool is_alive();

// A connection's handle (erts' DHandle): a reference naming the node's entry and the id of the
// connection it was made for, equal for equal connections.
Term new_connection(Heap& heap, Term node);                  // THE_NON_VALUE for this node
// True if a pending connection was aborted, false if it had come up; THE_NON_VALUE (badarg)
// for a handle of another node or no handle.
Term abort_pending(Term node, Term handle);
// The connection is up over `port` with the flags agreed and the peer's creation: its handle,
// or an error atom (badarg) if the node's entry is not pending or the port will not carry it.
// net_kernel hears {dist_ctrlr, Port, Node, SetupPid} from `setup` (the caller), before any
// nodeup that process sends it.
Term create_channel(Heap& heap, Term node, Term port, uint64_t flags, uint32_t creation, Term setup);

struct ChannelStatistics {
  uint64_t received, sent;
  uint64_t output_pending;  // bytes sent but not yet written out
};
bool channel_statistics(Term handle, ChannelStatistics* out);

struct ConnectedNode {
  Term node;
  bool hidden;
  uint32_t connection_id;
};
std::vector<ConnectedNode> connected_nodes();

// A process controller (erlang:setnode/3 with a pid, as TLS distribution and OTP's gen_tcp_dist
// example use): it takes the connection's output with dist_ctrl_get_data and hands in its
// input with dist_ctrl_put_data. Its end takes the connection down; the connection's end
// (garbage from the peer) kills it. Each call is refused (badarg) for a handle that names no
// connection of a process, or (notsup) from a process that is not its controller, or for
// input not its input handler.
enum class ControllerError { none, badarg, notsup };
// The next packet, if any, and whether the controller asked for its size with it (get_size).
ControllerError controller_take(Term handle, Term caller, std::optional<std::string>* packet, bool* with_size);
// dist_data to the caller when there is output: now, or when the next packet comes.
ControllerError controller_notify(Term handle, Term caller);
ControllerError controller_input_handler(Term handle, Term caller, Term handler);
// The get_size option: *was its value; `set`, if any, its new one.
ControllerError controller_option(Term handle, Term caller, std::optional<bool> set, bool* was);
// A packet from the peer (empty: a tick).
ControllerError controller_put(Term handle, Term caller, std::string_view packet);
// For the process layer's exit: if `pid` controlled a connection, the connection goes.
void controller_exited(Term pid, Term reason);

// monitor_node(Node, true | false): {nodedown, Node} to `watcher` when the connection goes
// (or at once if it cannot be made). Turning it on asks for a connection to an idle node.
void monitor_node(Term watcher, Term node, bool on);

// A control message and its payload (THE_NON_VALUE if none) to `node`, encoded as the
// connection's flags want. A connection not yet up keeps it, asking for one if idle; false if
// none can be had (this node not alive).
bool send_control(Term node, Term control, Term payload = THE_NON_VALUE);

// What an end of the connection must undo, recorded as signals cross it.
enum class Tie { link, monitor_of_remote, monitor_by_remote };
// local: the local pid; remote: the other node's pid, or {Name, Node} for a monitor of a name;
// ref: the monitor's reference (local for monitor_of_remote, the other node's otherwise).
void tie(Term node, Tie kind, Term local, Term remote, Term ref);
void untie(Term node, Tie kind, Term local, Term remote, Term ref);
// The monitors other nodes hold on the local process `pid`, which has ended: each is removed
// and returned as {watcher, ref} (copies in `heap`), with its node.
struct RemoteWatcher {
  Term node, watcher, ref;
};
std::vector<RemoteWatcher> take_remote_watchers(Heap& heap, Term pid);

// The flags of a connection that is up (0 if none).
uint64_t connection_flags(Term node);

}  // namespace ember::dist
