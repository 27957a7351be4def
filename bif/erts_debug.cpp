// erts_debug:flat_size/1 and same/2, and the erts_internal BIFs that kernel's erts_debug:size/1
// walks a term with (term_type/1, map_to_tuple_keys/1, map_hashmap_children/1).
//
// Sizes are ember's heap words. Most objects are laid out as in erts, and then the figures are
// erts' too: tuples, lists, floats, bignums, flat maps with keys, heap binaries, local pids and
// ports. Others are not: a closure takes 3 words plus its free variables (erts 5 plus them), an
// external fun 2 (erts 5), a reference 4 (erts 3), a reference to an off-heap binary 4 (erts'
// ProcBin 6), a slice of a binary 4 plus the binary it slices (erts copies a slice as its own
// bytes), the empty tuple 1 (erts shares one, of 0 words), and each node of a large map's trie
// has one word more (its bitmap; erts keeps it in the header). erts_debug:size/1 is kernel's
// Erlang code and adds up a large map's nodes with erts' formula, so for a large map it answers
// one word per node less than flat_size/1.
#include "bif/bif.h"
#include "vm/term/copy.h"
#include "vm/term/map.h"

namespace ember {
namespace {

const char* boxed_type(Subtag s) {
  switch (s) {
    case Subtag::tuple: return "tuple";
    case Subtag::pos_big:
    case Subtag::neg_big: return "bignum";
    case Subtag::float_: return "hfloat";
    case Subtag::ref: return "reference";
    case Subtag::fun: return "fun";
    case Subtag::export_: return "export";
    case Subtag::heap_bin: return "heap_binary";
    case Subtag::refc_bin: return "refc_binary";
    case Subtag::sub_bin: return "sub_binary";
    case Subtag::match_ctx: return "matchstate";
    case Subtag::flat_map: return "flatmap";
    case Subtag::hash_map_head: return "hashmap";
    case Subtag::hash_map_node: return "hashmap_node";
    case Subtag::external_pid: return "external_pid";
    case Subtag::external_port: return "external_port";
    case Subtag::external_ref: return "external_reference";
  }
  return "unknown";
}

const char* term_type(Term t) {
  if (is_list(t)) return "list";
  if (is_boxed(t)) return boxed_type(header_subtag(boxed_header(t)));
  if (is_small(t)) return "fixnum";
  if (is_local_pid(t)) return "pid";
  if (is_local_port(t)) return "port";
  if (is_atom(t)) return "atom";
  if (is_catch(t)) return "catch";
  return "nil";
}

}  // namespace

Term erts_debug_flat_size_1(Process* p, Term* a) {
  ProcessHeap heap(p);
  return make_unsigned(heap, copy_size(a[0]));
}

Term erts_debug_same_2(Process*, Term* a) { return boolean(a[0] == a[1]); }

Term erts_internal_term_type_1(Process*, Term* a) { return atom_put(term_type(a[0])); }

Term erts_internal_map_to_tuple_keys_1(Process* p, Term* a) {
  if (is_flat_map(a[0])) return boxed_ptr(a[0])[2];
  if (is_hash_map(a[0])) return badarg(p);
  return raise_error_with(p, atoms::badmap, a[0]);
}

// The children of a trie node, last first, as erts lists them.
Term erts_internal_map_hashmap_children_1(Process* p, Term* a) {
  Term node = a[0];
  if (is_flat_map(node)) return badarg(p);
  if (!is_hash_map(node) && !is_hash_map_node(node)) return raise_error_with(p, atoms::badmap, node);
  size_t count;
  const Term* children = hash_map_children(node, &count);
  ProcessHeap heap(p);
  Term list = NIL;
  for (size_t i = 0; i < count; i++) list = cons(heap, children[i], list);
  return list;
}

}  // namespace ember
