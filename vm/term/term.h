// The term model: every Erlang value is one 64-bit word, tagged in its low bits as in erts.
//
//   primary tag (2 bits)   ..00 header word (only inside heap objects; on the stack: return address)
//                          ..01 pointer to a cons cell (two words: head, tail)
//                          ..10 pointer to a boxed object (a header word, then its payload)
//                          ..11 immediate
//   immediate (4 bits)     0011 local pid    0111 local port    1111 small integer    1011 immediate 2
//   immediate 2 (6 bits)   001011 atom       011011 catch marker (an index, see vm/code/catch_table.h)
//                          111011 nil
//
// Header words carry a 6-bit subtag and the number of payload words ("arity") above it.
// THE_NON_VALUE (0) is never a term; functions return it to say "an exception was raised".
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ember {

using Word = uint64_t;
using Term = uint64_t;

inline constexpr Term THE_NON_VALUE = 0;

namespace tag {
inline constexpr Word primary_mask = 0x3;
inline constexpr Word header = 0x0;
inline constexpr Word list = 0x1;
inline constexpr Word boxed = 0x2;
inline constexpr Word immed1 = 0x3;

inline constexpr Word immed1_mask = 0xF;
inline constexpr Word pid = 0x3;
inline constexpr Word port = 0x7;
inline constexpr Word immed2 = 0xB;
inline constexpr Word small = 0xF;

inline constexpr Word immed2_mask = 0x3F;
inline constexpr Word atom = 0x0B;
inline constexpr Word catch_ = 0x1B;
inline constexpr Word nil = 0x3B;
}  // namespace tag

inline constexpr Term NIL = tag::nil;

// ---- small integers (60 bits, signed) --------------------------------------------------------

inline constexpr int small_bits = 60;
inline constexpr int64_t small_max = (int64_t(1) << (small_bits - 1)) - 1;
inline constexpr int64_t small_min = -(int64_t(1) << (small_bits - 1));

constexpr bool fits_small(int64_t v) { return v >= small_min && v <= small_max; }

// Small-integer arithmetic on the tagged words: (a - tag) + b is the tagged sum, and the
// machine's overflow flag says exactly when the 60-bit result does not fit. False if a or b is
// not a small or the result overflows.
inline bool small_add(Term a, Term b, Term* out) {
  int64_t r;
  if ((a & b & tag::immed1_mask) != tag::small) return false;
  if (__builtin_add_overflow(int64_t(a - tag::small), int64_t(b), &r)) return false;
  *out = Term(r);
  return true;
}
inline bool small_sub(Term a, Term b, Term* out) {
  int64_t r;
  if ((a & b & tag::immed1_mask) != tag::small) return false;
  if (__builtin_sub_overflow(int64_t(a), int64_t(b - tag::small), &r)) return false;
  *out = Term(r);
  return true;
}
constexpr Term make_small(int64_t v) { return (Word(v) << 4) | tag::small; }
constexpr bool is_small(Term t) { return (t & tag::immed1_mask) == tag::small; }
constexpr int64_t small_value(Term t) { return int64_t(t) >> 4; }
inline bool small_mul(Term a, Term b, Term* out) {
  int64_t r;
  if ((a & b & tag::immed1_mask) != tag::small) return false;
  if (__builtin_mul_overflow(small_value(a), small_value(b), &r) || !fits_small(r)) return false;
  *out = make_small(r);
  return true;
}

// ---- atoms, nil, catch markers -------------------------------------------------------------

constexpr Term make_atom(uint32_t index) { return (Word(index) << 6) | tag::atom; }
constexpr bool is_atom(Term t) { return (t & tag::immed2_mask) == tag::atom; }
constexpr uint32_t atom_index(Term t) { return uint32_t(t >> 6); }
constexpr bool is_nil(Term t) { return t == NIL; }

// A catch marker lives in a Y slot and names its handler by index (vm/code/catch_table.h).
constexpr Term make_catch(uint32_t index) { return (Word(index) << 6) | tag::catch_; }
constexpr bool is_catch(Term t) { return (t & tag::immed2_mask) == tag::catch_; }
constexpr uint32_t catch_index(Term t) { return uint32_t(t >> 6); }

// ---- local pids and ports ------------------------------------------------------------------

constexpr Term make_pid(uint64_t id) { return (id << 4) | tag::pid; }
constexpr bool is_local_pid(Term t) { return (t & tag::immed1_mask) == tag::pid; }
constexpr uint64_t pid_id(Term t) { return t >> 4; }
constexpr Term make_port(uint64_t id) { return (id << 4) | tag::port; }
constexpr bool is_local_port(Term t) { return (t & tag::immed1_mask) == tag::port; }
constexpr uint64_t port_id(Term t) { return t >> 4; }

constexpr bool is_immed(Term t) { return (t & tag::primary_mask) == tag::immed1; }

// ---- lists ---------------------------------------------------------------------------------

constexpr bool is_list(Term t) { return (t & tag::primary_mask) == tag::list; }  // non-empty
inline Term* list_ptr(Term t) { return reinterpret_cast<Term*>(t - tag::list); }
inline Term make_list(const Term* cell) { return Term(uintptr_t(cell)) + tag::list; }
inline Term& head(Term t) { return list_ptr(t)[0]; }
inline Term& tail(Term t) { return list_ptr(t)[1]; }

// ---- boxed objects -------------------------------------------------------------------------

constexpr bool is_boxed(Term t) { return (t & tag::primary_mask) == tag::boxed; }
inline Word* boxed_ptr(Term t) { return reinterpret_cast<Word*>(t - tag::boxed); }
inline Term make_boxed(const Word* p) { return Term(uintptr_t(p)) + tag::boxed; }

enum class Subtag : uint8_t {
  tuple,
  pos_big,
  neg_big,
  float_,
  ref,            // local reference: 3 words of 32-bit reference numbers
  fun,            // closure: FunEntry*, creator pid, free variables
  export_,        // external fun M:F/A: Export*
  heap_bin,       // byte size, bytes (small binaries, copied with the heap)
  refc_bin,       // byte size, SharedBinary*, next off-heap object (large binaries, reference counted)
  sub_bin,        // bit size, bit offset, underlying heap_bin or refc_bin term
  match_ctx,      // binary match state: underlying binary term, start, end and position in bits
  flat_map,       // size, keys tuple, values
  hash_map_head,  // size, bitmap, children (HAMT root)
  hash_map_node,  // bitmap, children (HAMT interior)
  external_pid,
  external_port,
  external_ref,
};

inline constexpr int header_subtag_shift = 2;
inline constexpr int header_arity_shift = 8;

constexpr Word make_header(Subtag s, Word arity) {
  return (arity << header_arity_shift) | (Word(s) << header_subtag_shift) | tag::header;
}
constexpr bool is_header(Word w) { return (w & tag::primary_mask) == tag::header; }
constexpr Subtag header_subtag(Word h) { return Subtag((h >> header_subtag_shift) & 0x3F); }
constexpr Word header_arity(Word h) { return h >> header_arity_shift; }

inline Word boxed_header(Term t) { return boxed_ptr(t)[0]; }
inline bool is_boxed_of(Term t, Subtag s) { return is_boxed(t) && header_subtag(boxed_header(t)) == s; }

// ---- tuples --------------------------------------------------------------------------------

// erts' largest tuple arity for list_to_tuple, make_tuple and append_element (binary_to_term
// and insert_element do not check it).
inline constexpr Word max_tuple_arity = (Word{1} << 24) - 1;

inline bool is_tuple(Term t) { return is_boxed_of(t, Subtag::tuple); }
inline Word tuple_arity(Term t) { return header_arity(boxed_header(t)); }
inline Term* tuple_elements(Term t) { return boxed_ptr(t) + 1; }
inline Term& tuple_element(Term t, Word i) { return boxed_ptr(t)[1 + i]; }  // 0-based

// ---- floats --------------------------------------------------------------------------------

inline constexpr Word float_words = 2;
inline bool is_float(Term t) { return is_boxed_of(t, Subtag::float_); }
inline double float_value(Term t) { return std::bit_cast<double>(boxed_ptr(t)[1]); }

// ---- bignums (digits are little-endian 64-bit words) ---------------------------------------

inline bool is_big(Term t) {
  if (!is_boxed(t)) return false;
  Subtag s = header_subtag(boxed_header(t));
  return s == Subtag::pos_big || s == Subtag::neg_big;
}
inline bool big_negative(Term t) { return header_subtag(boxed_header(t)) == Subtag::neg_big; }
inline Word big_size(Term t) { return header_arity(boxed_header(t)); }
inline const Word* big_digits(Term t) { return boxed_ptr(t) + 1; }

inline bool is_integer(Term t) { return is_small(t) || is_big(t); }
inline bool is_number(Term t) { return is_integer(t) || is_float(t); }

// ---- references ----------------------------------------------------------------------------

inline constexpr Word ref_words = 4;  // header + three 32-bit numbers, one per word
inline bool is_local_ref(Term t) { return is_boxed_of(t, Subtag::ref); }
inline bool is_external_ref(Term t) { return is_boxed_of(t, Subtag::external_ref); }
inline bool is_ref(Term t) { return is_local_ref(t) || is_external_ref(t); }

// ---- pids and ports, local or remote ---------------------------------------------------------

inline bool is_external_pid(Term t) { return is_boxed_of(t, Subtag::external_pid); }
inline bool is_external_port(Term t) { return is_boxed_of(t, Subtag::external_port); }
inline bool is_pid(Term t) { return is_local_pid(t) || is_external_pid(t); }
inline bool is_port(Term t) { return is_local_port(t) || is_external_port(t); }

// ---- funs ----------------------------------------------------------------------------------

struct FunEntry;
struct Export;

// Closure layout: header | FunEntry* | creator pid | free variables...
inline constexpr Word fun_fixed_words = 3;
inline bool is_closure(Term t) { return is_boxed_of(t, Subtag::fun); }
inline bool is_export_fun(Term t) { return is_boxed_of(t, Subtag::export_); }
inline bool is_fun(Term t) { return is_closure(t) || is_export_fun(t); }
inline FunEntry* closure_entry(Term t) { return reinterpret_cast<FunEntry*>(boxed_ptr(t)[1]); }
inline Term closure_creator(Term t) { return boxed_ptr(t)[2]; }
inline Word closure_num_free(Term t) { return header_arity(boxed_header(t)) + 1 - fun_fixed_words; }
inline Term* closure_env(Term t) { return boxed_ptr(t) + fun_fixed_words; }
inline Export* export_fun_entry(Term t) { return reinterpret_cast<Export*>(boxed_ptr(t)[1]); }

// ---- maps ----------------------------------------------------------------------------------

// Flat map layout: header | size | keys tuple | values...  (keys in map-key order, unique)
inline constexpr Word flat_map_fixed_words = 3;
inline constexpr Word flat_map_max_keys = 32;
inline bool is_flat_map(Term t) { return is_boxed_of(t, Subtag::flat_map); }
inline bool is_hash_map(Term t) { return is_boxed_of(t, Subtag::hash_map_head); }
inline bool is_map(Term t) { return is_flat_map(t) || is_hash_map(t); }
// What the is_map guard accepts: as in erts, any map header, so also a trie's interior node,
// which Erlang code only ever sees from erts_internal:map_hashmap_children/1 (erts_debug:size/1
// walks a large map with it).
inline bool is_map_guard(Term t) {
  static_assert(int(Subtag::hash_map_head) == int(Subtag::flat_map) + 1 &&
                int(Subtag::hash_map_node) == int(Subtag::flat_map) + 2);
  return is_boxed(t) && uint8_t(uint8_t(header_subtag(boxed_header(t))) - uint8_t(Subtag::flat_map)) <= 2;
}

// ---- which words of a boxed object are terms ------------------------------------------------

// Payload words [first, end) of a boxed object hold terms (the garbage collector and term
// copying follow them); every other payload word is raw data.
struct TermWords {
  Word first;
  Word end;
};
inline TermWords boxed_term_words(Word header) {
  Word arity = header_arity(header);
  switch (header_subtag(header)) {
    case Subtag::tuple: return {1, arity + 1};
    case Subtag::fun: return {2, arity + 1};            // FunEntry* is raw
    case Subtag::flat_map: return {2, arity + 1};       // size is raw
    case Subtag::hash_map_head: return {3, arity + 1};  // size and bitmap are raw
    case Subtag::hash_map_node: return {2, arity + 1};  // bitmap is raw
    case Subtag::sub_bin: return {3, 4};                // the underlying binary
    case Subtag::match_ctx: return {1, 2};              // the binary being matched
    case Subtag::external_pid:
    case Subtag::external_port:
    case Subtag::external_ref: return {1, 2};           // the node name
    default: return {1, 1};
  }
}

}  // namespace ember
