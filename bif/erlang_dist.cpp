// The BIFs through which OTP's kernel (net_kernel, dist_util) runs distribution: the node
// becomes alive (setnode/2), connections are asked for, set up (create_dist_channel/3, behind
// erlang:setnode/3) or given up, and spawn requests go to other nodes. dist/ holds the
// connections; these take the arguments apart as erts does.
#include "bif/bif.h"
#include "dist/connection.h"
#include "dist/flags.h"
#include "dist/remote.h"
#include "vm/process/signals.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/copy.h"
#include "vm/term/node.h"
#include "vm/term/ref.h"

namespace ember {
namespace {

// A node name: an atom with an @ between two non-empty parts.
bool is_node_name(Term t) {
  if (!is_atom(t)) return false;
  std::string_view name = atom_text(t);
  size_t at = name.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < name.size();
}

bool uint32_of(Term t, uint32_t* out) {
  if (!is_small(t) || small_value(t) < 0 || small_value(t) > int64_t(UINT32_MAX)) return false;
  *out = uint32_t(small_value(t));
  return true;
}

// Distribution flags: 36 bits so far, a small integer.
bool uint64_of(Term t, uint64_t* out) {
  if (!is_small(t) || small_value(t) < 0) return false;
  *out = uint64_t(small_value(t));
  return true;
}

bool dynamic_name = false;

}  // namespace

Term erlang_setnode_2(Process* p, Term* a) {
  uint32_t creation;
  if (!uint32_of(a[1], &creation) || !is_node_name(a[0]) || a[0] == atom_put("Noname") ||
      !dist::make_alive(a[0], creation))
    return badarg(p);
  return atoms::true_;
}

// {ok, DHandle} once the connection is up, or an error atom for erlang:setnode/3 to raise.
Term erts_internal_create_dist_channel_3(Process* p, Term* a) {
  Term opts = a[2];
  uint32_t creation;
  if (!is_node_name(a[0]) || !is_tuple(opts) || tuple_arity(opts) != 2 || !uint32_of(tuple_element(opts, 1), &creation))
    return atoms::badarg;
  uint64_t flags;
  if (!uint64_of(tuple_element(opts, 0), &flags)) return atoms::badarg;
  if (!is_local_port(a[1]) && !is_local_pid(a[1])) return atoms::badarg;
  ProcessHeap heap(p);
  Term handle = dist::create_channel(heap, a[0], a[1], flags, creation, p->pid);
  return is_atom(handle) ? handle : tuple(heap, atoms::ok, handle);
}

// #erts_dflags{default, mandatory, addable, rejectable, strict_order}.
Term erts_internal_get_dflags_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return tuple(heap, atom_put("erts_dflags"), make_unsigned(heap, dist::dflags_default),
               make_unsigned(heap, dist::dflags_mandatory), make_unsigned(heap, dist::dflags_addable),
               make_unsigned(heap, dist::dflags_rejectable), make_unsigned(heap, dist::dflags_strict_order));
}

Term erts_internal_get_creation_0(Process* p, Term*) {
  if (local_creation() == 0) return atoms::undefined;
  ProcessHeap heap(p);
  return make_unsigned(heap, local_creation());
}

Term erts_internal_new_connection_1(Process* p, Term* a) {
  if (!is_node_name(a[0])) return badarg(p);
  ProcessHeap heap(p);
  Term handle = dist::new_connection(heap, a[0]);
  return handle == THE_NON_VALUE ? badarg(p) : handle;
}

Term erts_internal_abort_pending_connection_2(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  Term result = dist::abort_pending(a[0], a[1]);
  return result == THE_NON_VALUE ? badarg(p) : result;
}

// Whether the node's name was given by its peer (DFLAG_NAME_ME), which net_kernel notes.
Term erts_internal_dynamic_node_name_0(Process*, Term*) { return dynamic_name ? atoms::true_ : atoms::false_; }
Term erts_internal_dynamic_node_name_1(Process* p, Term* a) {
  if (a[0] != atoms::true_ && a[0] != atoms::false_) return badarg(p);
  dynamic_name = a[0] == atoms::true_;
  return atoms::true_;
}

// {ok, Received, Sent, OutputPending}: packets in and out, and bytes not yet written out, as
// dist_util's ticker reads them.
Term erlang_dist_get_stat_1(Process* p, Term* a) {
  dist::ChannelStatistics s;
  if (!dist::channel_statistics(a[0], &s)) return badarg(p);
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, make_unsigned(heap, s.received), make_unsigned(heap, s.sent),
               make_unsigned(heap, s.output_pending));
}

// ---- a process controller's calls (dist_ctrl_*) ----

namespace {

Term controller_result(Process* p, dist::ControllerError error, Term result) {
  switch (error) {
    case dist::ControllerError::none: return result;
    case dist::ControllerError::badarg: return badarg(p);
    case dist::ControllerError::notsup: return raise_error(p, atom_put("notsup"));
  }
  return result;
}

}  // namespace

// The next packet as a binary (with get_size, {Size, Binary}), or none.
Term erlang_dist_ctrl_get_data_1(Process* p, Term* a) {
  std::optional<std::string> packet;
  bool with_size;
  auto error = dist::controller_take(a[0], p->pid, &packet, &with_size);
  if (error != dist::ControllerError::none || !packet) return controller_result(p, error, atom_put("none"));
  ProcessHeap heap(p);
  Term data = make_binary(heap, *packet);
  return with_size ? tuple(heap, make_unsigned(heap, packet->size()), data) : data;
}

Term erlang_dist_ctrl_get_data_notification_1(Process* p, Term* a) {
  return controller_result(p, dist::controller_notify(a[0], p->pid), atoms::ok);
}

Term erlang_dist_ctrl_input_handler_2(Process* p, Term* a) {
  if (!is_local_pid(a[1])) return badarg(p);
  return controller_result(p, dist::controller_input_handler(a[0], p->pid, a[1]), atoms::ok);
}

Term erlang_dist_ctrl_set_opt_3(Process* p, Term* a) {
  if (a[1] != atom_put("get_size") || (a[2] != atoms::true_ && a[2] != atoms::false_)) return badarg(p);
  bool was;
  auto error = dist::controller_option(a[0], p->pid, a[2] == atoms::true_, &was);
  return controller_result(p, error, boolean(was));
}

Term erlang_dist_ctrl_get_opt_2(Process* p, Term* a) {
  if (a[1] != atom_put("get_size")) return badarg(p);
  bool was;
  return controller_result(p, dist::controller_option(a[0], p->pid, std::nullopt, &was), boolean(was));
}

// Input from the peer, a binary; an iolist goes through erts_internal:dist_ctrl_put_data/2,
// which makes it one, as in erts.
Term erlang_dist_ctrl_put_data_2(Process* p, Term* a) {
  if (is_list(a[1])) return bif_trap(p, export_put(atom_put("erts_internal"), atom_put("dist_ctrl_put_data"), 2));
  if (a[1] != NIL && !is_binary(a[1])) return badarg(p);
  std::string unaligned;
  std::string_view packet;
  if (is_binary(a[1])) {
    Bits bits = bitstring_bits(a[1]);
    if (bits.byte_aligned()) {
      packet = bits.view();
    } else {
      unaligned.resize(bits.bit_size / 8);
      copy_bits(bits.bytes, bits.bit_offset, reinterpret_cast<uint8_t*>(unaligned.data()), 0, bits.bit_size);
      packet = unaligned;
    }
  }
  return controller_result(p, dist::controller_put(a[0], p->pid, packet), atoms::ok);
}

// spawn_request/5 and spawn_opt/5 on another node: the request goes out, its reply comes as
// {ReplyTag, ReqId, ok | error, ...}; returns ReqId (spawn_opt: {ReqId, Monitor}), or badarg.
Term erts_internal_dist_spawn_request_4(Process* p, Term* a) {
  Term node = a[0], mfa = a[1], opts = a[2];
  bool spawn_opt = a[3] == atom_put("spawn_opt");
  if (!is_atom(node) || !is_tuple(mfa) || tuple_arity(mfa) != 3 || !is_atom(tuple_element(mfa, 0)) ||
      !is_atom(tuple_element(mfa, 1)) || list_length(tuple_element(mfa, 2)) < 0 || list_length(opts) < 0)
    return atoms::badarg;
  if (!dist::is_alive()) return atoms::badarg;
  dist::SpawnRequestOptions o;
  o.reply_tag = atom_put("spawn_reply");
  ProcessHeap heap(p);
  Term passed = NIL;  // what the other node is told: all but the reply options
  for (Term l = opts; is_list(l); l = tail(l)) {
    Term opt = head(l);
    Term key = is_tuple(opt) && tuple_arity(opt) == 2 ? tuple_element(opt, 0) : NIL;
    if (key == atom_put("reply_tag")) {
      o.reply_tag = tuple_element(opt, 1);
      continue;
    }
    if (key == atoms::reply) {
      Term r = tuple_element(opt, 1);
      o.reply_success = r == atom_put("yes") || r == atom_put("success_only");
      o.reply_error = r == atom_put("yes") || r == atom_put("error_only");
      if (!o.reply_success && !o.reply_error && r != atom_put("no")) return atoms::badarg;
      continue;
    }
    if (opt == atoms::link) o.link = true;
    if (opt == atoms::monitor) o.monitor = true;
    passed = cons(heap, opt, passed);
  }
  if (spawn_opt) o.reply_success = o.reply_error = true;
  Term request = make_ref(heap);
  Term reply_tag = copy_term(heap, o.reply_tag);
  o.reply_tag = reply_tag;
  // The monitor is the requester's from now on, under the request's reference; its 'DOWN'
  // comes from the other node (or, lost connection, as noconnection).
  if (o.monitor) p->monitors.insert(Monitor{ref_numbers(request), copy_term(heap, tuple(heap, atom_put("$spawn"), node)), NIL});
  dist::spawn_request_sent(node, request, p->pid, o);
  Term arity_mfa = tuple(heap, tuple_element(mfa, 0), tuple_element(mfa, 1),
                         make_small(list_length(tuple_element(mfa, 2))));
  dist::send_control(node, tuple(heap, make_small(dist::op_spawn_request), request, p->pid, p->group_leader, arity_mfa, passed),
                     tuple_element(mfa, 2));
  return spawn_opt ? tuple(heap, request, o.monitor ? atoms::true_ : atoms::false_) : request;
}

}  // namespace ember
