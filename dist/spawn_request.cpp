// Spawn requests across nodes (erlang:spawn_request/5, spawn_opt/5 and so erpc, rpc): the
// SPAWN_REQUEST sent and its SPAWN_REPLY turned into the requester's {spawn_reply, ...}
// message, link and monitor; and a request from another node started here and answered.
#include <map>
#include <mutex>

#include "dist/connection.h"
#include "dist/remote.h"
#include "vm/process/process_table.h"
#include "vm/process/scheduler.h"
#include "vm/process/signals.h"
#include "vm/process/spawn.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/ref.h"

namespace ember::dist {
namespace {

struct Pending {
  Term node, requester;
  SpawnRequestOptions options;
};

using RefKey = std::tuple<uint32_t, uint32_t, uint32_t>;

struct Requests {
  std::mutex lock;
  std::map<RefKey, Pending> by_ref;
};

Requests& requests() {
  static Requests* r = new Requests;
  return *r;
}

bool is_proper_list(Term l) {
  while (is_list(l)) l = tail(l);
  return l == NIL;
}

RefKey key(Term ref) {
  RefNumbers r = ref_numbers(ref);
  return {r.n[0], r.n[1], r.n[2]};
}

// {ReplyTag, ReqId, ok | error, PidOrReason}, as the request asked.
void reply(const Pending& p, Term request, bool ok, Term result) {
  if (ok ? !p.options.reply_success : !p.options.reply_error) return;
  Process* requester = process_find(p.requester);
  if (!requester) return;
  Arena heap;
  deliver_message(requester, p.requester, tuple(heap, p.options.reply_tag, request, ok ? atoms::ok : atoms::error, result));
}

}  // namespace

void spawn_request_sent(Term node, Term request, Term requester, const SpawnRequestOptions& options) {
  Requests& r = requests();
  std::lock_guard guard(r.lock);
  r.by_ref[key(request)] = Pending{node, requester, options};
}

// SPAWN_REPLY: Flags say whether the new process linked to the requester (1) or is monitored
// under the request's reference (2); the result is its pid or an error reason.
void spawn_reply_received(Term node, Term request, Term, int64_t flags, Term result) {
  Pending p;
  {
    Requests& r = requests();
    std::lock_guard guard(r.lock);
    auto it = r.by_ref.find(key(request));
    if (it == r.by_ref.end() || it->second.node != node) return;
    p = it->second;
    r.by_ref.erase(it);
  }
  bool ok = is_external_pid(result);
  if (ok && (flags & 1)) {
    tie(node, Tie::link, p.requester, result, NIL);
    if (Process* requester = process_find(p.requester)) push_signal(requester, make_signal(SignalKind::link, result, NIL, NIL));
  }
  if (ok && (flags & 2)) tie(node, Tie::monitor_of_remote, p.requester, result, request);
  reply(p, request, ok, result);
}

void spawn_requests_lost(Term node) {
  std::vector<std::pair<RefKey, Pending>> lost;
  {
    Requests& r = requests();
    std::lock_guard guard(r.lock);
    for (auto it = r.by_ref.begin(); it != r.by_ref.end();) {
      if (it->second.node != node) {
        ++it;
        continue;
      }
      lost.push_back(*it);
      it = r.by_ref.erase(it);
    }
  }
  for (auto& [k, p] : lost) {
    Arena heap;
    auto [n0, n1, n2] = k;
    reply(p, make_local_ref(heap, n0, n1, n2), false, atoms::noconnection);
  }
}

// SPAWN_REQUEST: the process starts with the options given (a bad one answers badopt), its
// group leader the requester's, linked to the requester or monitored by it as asked.
void spawn_request_received(Term node, Term request, Term from, Term group_leader, Term mfa, Term options, Term args) {
  Arena heap;
  SpawnOptions spawn;
  bool link = false, monitor = false, valid = true;
  for (Term l = options; is_list(l); l = tail(l)) {
    Term o = head(l);
    if (o == atoms::link) link = true;
    else if (o == atoms::monitor) monitor = true;
    else valid = valid && parse_spawn_option(o, spawn);
  }
  valid = valid && is_tuple(mfa) && tuple_arity(mfa) == 3 && is_atom(tuple_element(mfa, 0)) &&
          is_atom(tuple_element(mfa, 1)) && is_proper_list(args);
  spawn.group_leader = group_leader;
  spawn.held = true;  // runs once its link and monitor are recorded, so its end finds them
  if (link) spawn.linked_to = from;
  Term result = atom_put("badopt");
  Process* p = valid ? spawn_process(nullptr, tuple_element(mfa, 0), tuple_element(mfa, 1), args, spawn) : nullptr;
  if (valid && !p) result = atom_put("system_limit");
  if (p) {
    result = p->pid;
    if (link) tie(node, Tie::link, p->pid, from, NIL);
    if (monitor) tie(node, Tie::monitor_by_remote, p->pid, tuple(heap, from, p->pid), request);
  }
  int64_t flags = (p && link ? 1 : 0) | (p && monitor ? 2 : 0);
  send_control(node, tuple(heap, make_small(op_spawn_reply), request, from, make_small(flags), result));
  if (p) schedule(p);
}

}  // namespace ember::dist
