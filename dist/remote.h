// The signals that cross a connection, as erts 13 puts them on the wire: control messages
// ({Op, ...} tuples, dist.h's DOP_*) with an optional payload, sent "pass-through" (112, then
// each term in the external format). outgoing.cpp turns the VM's signals to other nodes into
// them (the hooks of vm/process/remote.h); incoming.cpp acts on those that arrive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "vm/process/heap.h"
#include "vm/process/process.h"
#include "vm/term/term.h"

namespace ember::dist {

enum Op : int64_t {
  op_link = 1, op_send = 2, op_exit = 3, op_unlink = 4, op_reg_send = 6, op_group_leader = 7, op_exit2 = 8,
  op_monitor = 19, op_demonitor = 20, op_monitor_exit = 21, op_send_sender = 22, op_payload_exit = 24,
  op_payload_exit2 = 26, op_payload_monitor_exit = 28, op_spawn_request = 29, op_spawn_reply = 31,
  op_alias_send = 33, op_unlink_id = 35, op_unlink_id_ack = 36,
};

// The hooks of vm/process/remote.h, installed when the node becomes alive.
void install_remote_signals();

// Acts on a packet that arrived from `node` (connection flags `flags`, its input's `state`);
// false if it does not decode, or is no control message erts 13 sends.
struct InputState;
bool receive_packet(Term node, uint64_t flags, std::string_view packet, InputState& state);

// Spawn requests to other nodes (erts_internal:dist_spawn_request/4) and their replies.
struct SpawnRequestOptions {
  bool link = false, monitor = false;
  bool reply_success = true, reply_error = true;
  Term reply_tag;  // spawn_reply unless {reply_tag, Tag}
};
void spawn_request_sent(Term node, Term request, Term requester, const SpawnRequestOptions& options);
void spawn_reply_received(Term node, Term request, Term requester, int64_t flags, Term result);
// A spawn request from another node: the process is started, and answered.
void spawn_request_received(Term node, Term request, Term from, Term group_leader, Term mfa, Term options, Term args);
// Requests still waiting for their replies when the connection to `node` is lost.
void spawn_requests_lost(Term node);

}  // namespace ember::dist
