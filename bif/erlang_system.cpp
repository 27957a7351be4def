// The system: halting, time, unique numbers, digests and phash/2 (phash2 is erlang_phash2.cpp).
#include <algorithm>
#include <atomic>

#include "bif/bif.h"
#include "dist/connection.h"
#include "vm/term/iolist.h"
#include "vm/term/map.h"
#include "platform/os.h"
#include "vm/process/vm_exit.h"
#include "vm/term/binary.h"
#include "vm/process/crash_dump.h"
#include "vm/term/digest.h"
#include "vm/term/hash.h"
#include "vm/term/unicode.h"
#include "vm/term/node.h"
#include "vm/term/term_print.h"

namespace ember {

// The options are checked before the status: a proper list of {flush, Boolean} only.
static bool halt_options_valid(Term options) {
  for (; is_list(options); options = tail(options)) {
    Term o = head(options);
    if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_element(o, 0) != atoms::flush ||
        (tuple_element(o, 1) != atoms::true_ && tuple_element(o, 1) != atoms::false_))
      return false;
  }
  return options == NIL;
}

// When the VM is embedded, ending it returns here: the caller is killed so that none of its
// code runs past the halt.
static Term halted(Process* p, int status) {
  end_vm(status);
  return terminate(p, atoms::killed);
}

Term erlang_halt_2(Process* p, Term* a) {
  Term status = a[0];
  if (!halt_options_valid(a[1])) return badarg_because(p, atom_put("badopt"));
  // Any non-negative integer: the exit status is its low byte (erts takes a bignum's lowest digit).
  if (is_small(status) && small_value(status) >= 0) return halted(p, int(small_value(status) & 0xFF));
  if (is_big(status) && !big_negative(status)) return halted(p, int(big_digits(status)[0] & 0xFF));
  if (status == atom_put("abort")) std::abort();
  // A slogan: erts reads at most 1023 characters of it and ignores the rest of the list.
  std::string slogan;
  if (char_list_utf8_bounded(status, 1023, slogan) == CharListRead::invalid) return badarg(p);
  platform::write_fd(2, slogan + "\r\n");
  write_crash_dump(slogan);
  return halted(p, 1);
}

Term erlang_node_0(Process*, Term*) { return local_node_name(); }
Term erlang_node_1(Process* p, Term* a) {
  if (is_local_pid(a[0]) || is_local_port(a[0]) || is_local_ref(a[0])) return local_node_name();
  if (is_external_pid(a[0]) || is_external_port(a[0]) || is_external_ref(a[0])) return external_node(a[0]);
  return badarg(p);
}

Term erlang_monotonic_time_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_integer(heap, platform::monotonic_nanos());
}

Term erlang_monotonic_time_1(Process* p, Term* a) {
  int64_t t;
  if (!native_to_unit(platform::monotonic_nanos(), a[0], &t)) return badarg(p);
  ProcessHeap heap(p);
  return make_integer(heap, t);
}

Term erlang_unique_integer_0(Process*, Term*) {
  static std::atomic<int64_t> next{-576460752303423488 + 1};
  return make_small(next.fetch_add(1, std::memory_order_relaxed));
}

Term erlang_md5_1(Process* p, Term* a) {
  std::string bytes;
  if (!iolist_bytes(a[0], bytes)) return badarg(p);
  Md5 md5;
  md5.update(bytes);
  uint8_t digest[16];
  md5.finish(digest);
  ProcessHeap heap(p);
  return make_binary(heap, std::string_view(reinterpret_cast<char*>(digest), 16));
}

static Term checksum(Process* p, Term start, Term data, uint32_t (*fn)(uint32_t, std::string_view)) {
  std::string bytes;
  if (!iolist_bytes(data, bytes)) return badarg(p);
  if (!is_small(start) || small_value(start) < 0 || small_value(start) > 0xFFFFFFFF) return badarg(p);
  return make_small(fn(uint32_t(small_value(start)), bytes));
}

Term erlang_crc32_1(Process* p, Term* a) { return checksum(p, make_small(0), a[0], crc32_update); }
Term erlang_crc32_2(Process* p, Term* a) { return checksum(p, a[0], a[1], crc32_update); }
Term erlang_adler32_1(Process* p, Term* a) { return checksum(p, make_small(1), a[0], adler32_update); }
Term erlang_adler32_2(Process* p, Term* a) { return checksum(p, a[0], a[1], adler32_update); }

static Term combine(Process* p, Term* a, uint32_t (*fn)(uint32_t, uint32_t, uint64_t)) {
  for (int k = 0; k < 3; k++)
    if (!is_small(a[k]) || small_value(a[k]) < 0) return badarg(p);
  if (small_value(a[0]) > 0xFFFFFFFF || small_value(a[1]) > 0xFFFFFFFF) return badarg(p);
  return make_small(fn(uint32_t(small_value(a[0])), uint32_t(small_value(a[1])), uint64_t(small_value(a[2]))));
}

Term erlang_crc32_combine_3(Process* p, Term* a) { return combine(p, a, crc32_combine); }
Term erlang_adler32_combine_3(Process* p, Term* a) { return combine(p, a, adler32_combine); }

Term erlang_phash_2(Process* p, Term* a) {
  if (!is_small(a[1]) || small_value(a[1]) < 1 || small_value(a[1]) > 0x100000000ll) return badarg(p);
  return make_small(int64_t(phash(a[0], uint32_t(small_value(a[1]) & 0xFFFFFFFF))));
}

}  // namespace ember

namespace ember {

// erts writes display output straight to standard output, every "\n" as "\r\n".
Term erlang_display_1(Process*, Term* a) {
  std::string text;
  print_term_display(text, a[0]);
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  out += "\r\n";
  platform::write_fd(1, out);
  return atoms::true_;
}

}  // namespace ember

namespace ember {

// The stub that a module's Erlang code runs for a function whose native implementation is
// missing: error(Reason), as erts raises it.
Term erlang_nif_error_1(Process* p, Term* a) { return raise_error(p, a[0]); }
Term erlang_nif_error_2(Process* p, Term* a) {
  raise_error(p, a[0]);
  set_exception_args(p, a[1]);
  return THE_NON_VALUE;
}

// Whether the node of an io client understands unicode io requests; every local one does.
Term net_kernel_dflag_unicode_io_1(Process* p, Term* a) {
  if (!is_pid(a[0])) return badarg(p);
  return atoms::true_;
}

}  // namespace ember

namespace ember {

Term io_printable_range_0(Process*, Term*) {
  return printable_range() == PrintableRange::unicode ? atoms::unicode : atoms::latin1;
}
// How file names are encoded on this system: UTF-8 on Linux and on phones.
Term file_native_name_encoding_0(Process*, Term*) { return atoms::utf8; }
// What error_logger:warning_msg reports map to (erl's +W flag; warning by default).
Term error_logger_warning_map_0(Process*, Term*) { return atom_put("warning"); }

}  // namespace ember

namespace ember {

Term erlang_md5_init_0(Process* p, Term*) {
  ProcessHeap heap(p);
  uint8_t* state;
  Term context = new_binary(heap, md5_state_size, &state);
  md5_state_init(state);
  return context;
}

static bool md5_context(Term t, uint8_t state[md5_state_size]) {
  if (!is_binary(t) || bitstring_bit_size(t) != md5_state_size * 8) return false;
  Bits b = bitstring_bits(t);
  copy_bits(b.bytes, b.bit_offset, state, 0, md5_state_size * 8);
  return true;
}

Term erlang_md5_update_2(Process* p, Term* a) {
  uint8_t state[md5_state_size];
  std::string bytes;
  if (!md5_context(a[0], state) || !iolist_bytes(a[1], bytes)) return badarg(p);
  md5_state_update(state, bytes);
  ProcessHeap heap(p);
  return make_binary(heap, std::string_view(reinterpret_cast<char*>(state), md5_state_size));
}

Term erlang_md5_final_1(Process* p, Term* a) {
  uint8_t state[md5_state_size], digest[16];
  if (!md5_context(a[0], state)) return badarg(p);
  md5_state_final(state, digest);
  ProcessHeap heap(p);
  return make_binary(heap, std::string_view(reinterpret_cast<char*>(digest), 16));
}

}  // namespace ember

namespace ember {

// unique_integer/1: monotonic ones count up from the smallest small integer, as in erts;
// positive ones start at 1. Relaxed increments suffice: one counter's increments are in one
// order that agrees with the order of the calls, which is all monotonic asks.
Term erlang_unique_integer_1(Process* p, Term* a) {
  static std::atomic<int64_t> monotonic{small_min};
  static std::atomic<int64_t> positive{1};
  bool is_positive = false, is_monotonic = false;
  Term l = a[0];
  for (; is_list(l); l = tail(l)) {
    if (head(l) == atom_put("positive")) is_positive = true;
    else if (head(l) == atom_put("monotonic")) is_monotonic = true;
    else return badarg(p);
  }
  if (l != NIL) return badarg(p);
  if (is_positive) return make_small(positive.fetch_add(1, std::memory_order_relaxed));
  if (is_monotonic) return make_small(monotonic.fetch_add(1, std::memory_order_relaxed));
  return erlang_unique_integer_0(p, a);
}


// monitor_node(Node, Flag[, Options]): {nodedown, Node} when the connection to Node goes, or
// at once if it cannot be made. This node never goes down; a node that is not alive reaches
// no other (erts' notalive).
static Term monitor_node(Process* p, Term node, Term flag, Term options) {
  if (!is_atom(node) || (flag != atoms::true_ && flag != atoms::false_) || list_length(options) < 0)
    return badarg(p);
  for (Term l = options; l != NIL; l = tail(l))
    if (head(l) != atom_put("allow_passive_connect")) return badarg(p);
  if (node == local_node_name()) return atoms::true_;
  if (!dist::is_alive()) return raise_error(p, atom_put("notalive"));
  dist::monitor_node(p->pid, node, flag == atoms::true_);
  return atoms::true_;
}

Term erlang_monitor_node_2(Process* p, Term* a) { return monitor_node(p, a[0], a[1], NIL); }
Term erlang_monitor_node_3(Process* p, Term* a) { return monitor_node(p, a[0], a[1], a[2]); }

namespace {

struct NodeKinds {
  bool this_node = false, visible = false, hidden = false, known = false;
  bool add(Term kind) {
    if (kind == atom_put("this")) this_node = true;
    else if (kind == atom_put("visible")) visible = true;
    else if (kind == atom_put("hidden")) hidden = true;
    else if (kind == atom_put("connected")) visible = hidden = true;
    else if (kind == atom_put("known")) known = this_node = visible = hidden = true;
    else return false;
    return true;
  }
};

struct ListedNode {
  Term node, type;
  uint32_t connection_id;
  bool connected;
};

// The nodes nodes/1,2 list for Kinds (an atom or a list of them): this one first, then those
// connected; false for a kind that is none.
bool list_nodes(Term kinds, std::vector<ListedNode>& out) {
  NodeKinds k;
  if (is_atom(kinds)) {
    if (!k.add(kinds)) return false;
  } else {
    if (list_length(kinds) < 0) return false;
    for (Term l = kinds; is_list(l); l = tail(l))
      if (!k.add(head(l))) return false;
  }
  if (k.this_node) out.push_back({local_node_name(), atom_put("this"), 0, false});
  for (const dist::ConnectedNode& n : dist::connected_nodes())
    if (n.hidden ? k.hidden : k.visible)
      out.push_back({n.node, atom_put(n.hidden ? "hidden" : "visible"), n.connection_id, true});
  return true;
}

}  // namespace

Term erlang_nodes_1(Process* p, Term* a) {
  std::vector<ListedNode> nodes;
  if (!list_nodes(a[0], nodes)) return badarg(p);
  ProcessHeap heap(p);
  Term list = NIL;
  for (size_t i = nodes.size(); i-- > 0;) list = cons(heap, nodes[i].node, list);
  return list;
}

Term erlang_nodes_0(Process* p, Term*) {
  Term visible = atom_put("visible");
  return erlang_nodes_1(p, &visible);
}

// nodes(Kinds, InfoOptions): the nodes of nodes/1, each with a map of what InfoOptions ask
// for (connection_id and node_type, each true or false).
Term erlang_nodes_2(Process* p, Term* a) {
  std::vector<ListedNode> nodes;
  if (!list_nodes(a[0], nodes) || !is_map(a[1])) return badarg(p);
  static const Term connection_id = atom_put("connection_id"), node_type = atom_put("node_type");
  bool valid = true, want_id = false, want_type = false;
  map_for_each(a[1], [&](Term key, Term value) {
    bool on = value == atoms::true_;
    valid = valid && (on || value == atoms::false_) && (key == connection_id || key == node_type);
    (key == connection_id ? want_id : want_type) = on;
    return valid;
  });
  if (!valid) return badarg(p);
  ProcessHeap heap(p);
  std::vector<Term> info;
  for (const ListedNode& n : nodes) {
    Term keys[2], values[2];
    size_t k = 0;
    if (want_id) keys[k] = connection_id, values[k++] = n.connected ? make_unsigned(heap, n.connection_id) : atoms::undefined;
    if (want_type) keys[k] = node_type, values[k++] = n.type;
    info.push_back(tuple(heap, n.node, map_from_pairs(heap, keys, values, k)));
  }
  return make_list_of(heap, info);
}

Term erlang_display_string_1(Process* p, Term* a) {
  std::string text;
  if (!char_list_utf8(a[0], text)) return badarg(p);
  platform::write_fd(1, text);
  return atoms::true_;
}

Term erlang_display_nl_0(Process*, Term*) {
  platform::write_fd(1, "\r\n");
  return atoms::true_;
}

}  // namespace ember
