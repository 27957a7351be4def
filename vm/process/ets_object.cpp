#include "vm/process/ets_object.h"

#include <bit>
#include <cstdint>

#include "vm/term/binary.h"
#include "vm/code/fun.h"
#include "vm/term/map.h"
#include "vm/term/copy.h"
#include "vm/term/small_stack.h"

namespace ember {
namespace {

// erts' sizes of its binary structures (ProcBin, ErlSubBin).
constexpr size_t erts_proc_bin_words = 6;
constexpr size_t erts_sub_bin_words = 5;

// The words erts needs for a reference to an off-heap binary or a slice of a binary: a slice
// is stored as its bytes (or a reference to the off-heap ones), plus a slice structure when
// bits are involved.
size_t erts_bitstring_words(Term t, const Word* p) {
  if (header_subtag(p[0]) == Subtag::refc_bin) return erts_proc_bin_words;
  Term underlying = Term(p[3]);
  Bits bits = bitstring_bits(t);
  uint64_t odd = bits.bit_offset % 8 + bits.bit_size % 8;
  size_t extra_bytes = odd > 8 ? 2 : odd > 0 ? 1 : 0;
  size_t words = extra_bytes ? erts_sub_bin_words : 0;
  if (is_refc_bin(underlying)) return words + erts_proc_bin_words;
  return words + heap_bin_words(size_t(bits.bit_size / 8) + extra_bytes);
}

// The words erts' layout of a boxed object (not a bitstring) takes beyond ember's: erts keeps a
// trie node's bitmap in its header word, shares one empty tuple, and its funs and refs have
// other sizes.
int64_t erts_extra_words(Subtag s, const Word* p) {
  switch (s) {
    case Subtag::hash_map_head:
    case Subtag::hash_map_node: return -1;
    case Subtag::tuple: return header_arity(p[0]) == 0 ? -1 : 0;
    case Subtag::fun: return 2;
    case Subtag::export_: return 3;
    case Subtag::ref: return -1;
    default: return 0;
  }
}

// ---- compressed tables ----------------------------------------------------------------------
// erts stores the object of a compressed table as its tuple, whose elements other than the key
// are kept in the external term format (atoms as their table index, large binaries by
// reference, a local node by an internal name).

size_t big_bytes(Term t) {
  size_t n = big_size(t);
  uint64_t top = big_digits(t)[n - 1];
  return (n - 1) * 8 + size_t((std::bit_width(top) + 7) / 8);
}

size_t magnitude_bytes(uint64_t m) { return size_t((std::bit_width(m) + 7) / 8); }

constexpr size_t ext_atom_bytes = 3;  // tag and a 16-bit atom index

size_t ext_integer_bytes(int64_t v) {
  if (v >= 0 && v < 256) return 2;
  if (v >= INT32_MIN && v <= INT32_MAX) return 5;
  return 3 + magnitude_bytes(v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v));
}

size_t ext_bitstring_bytes(Term t, const Word* p) {
  Bits bits = bitstring_bits(t);
  size_t bytes = size_t(bits.bit_size / 8);
  unsigned bitoffs = 0, bitsize = unsigned(bits.bit_size % 8);
  size_t sub_extra = 0;
  bool off_heap = header_subtag(p[0]) == Subtag::refc_bin;
  if (header_subtag(p[0]) == Subtag::sub_bin) {
    bitoffs = unsigned(bits.bit_offset % 8);
    sub_extra = 2;
    bytes += (bitoffs + bitsize + 7) / 8;
    off_heap = is_refc_bin(Term(p[3]));
  }
  if (off_heap && heap_bin_words(bytes) > erts_proc_bin_words) return 1 + sub_extra + erts_proc_bin_words * 8;
  return (bitsize == 0 ? 5 : 7) + bytes;
}

// A byte list erts writes as STRING_EXT.
bool is_ext_string(Term t, size_t* length) {
  size_t n = 0;
  for (; is_list(t); t = tail(t)) {
    Term h = head(t);
    if (!is_small(h) || uint64_t(small_value(h)) > 255 || ++n > 65535) return false;
  }
  *length = n;
  return is_nil(t);
}

size_t ext_size(Term t) {
  size_t bytes = 0;
  SmallStack<Term, 32> todo;
  for (;;) {
    if (is_nil(t)) {
      bytes += 1;
    } else if (is_atom(t)) {
      bytes += (t >> 6) >= (1u << 16) ? ext_atom_bytes + 1 : ext_atom_bytes;
    } else if (is_small(t)) {
      bytes += ext_integer_bytes(small_value(t));
    } else if (is_local_pid(t)) {
      bytes += 1 + ext_atom_bytes + 12;
    } else if (is_local_port(t)) {
      bytes += 1 + ext_atom_bytes + 4 + 4;
    } else if (is_list(t)) {
      size_t n;
      if (is_ext_string(t, &n)) {
        bytes += 3 + n;
      } else {
        bytes += 5;
        for (; is_list(t); t = tail(t)) todo.push(head(t));
        todo.push(t);
      }
    } else {
      const Word* p = boxed_ptr(t);
      switch (header_subtag(p[0])) {
        case Subtag::tuple:
          bytes += tuple_arity(t) <= 255 ? 2 : 5;
          for (Word i = 0; i < tuple_arity(t); i++) todo.push(tuple_element(t, i));
          break;
        case Subtag::pos_big:
        case Subtag::neg_big: {
          size_t n = big_bytes(t);
          bytes += (n < 256 ? 3 : 6) + n;
          break;
        }
        case Subtag::float_:
          bytes += 9;
          break;
        case Subtag::flat_map:
        case Subtag::hash_map_head:
          bytes += 5;
          map_for_each(t, [&](Term k, Term v) {
            todo.push(k);
            todo.push(v);
            return true;
          });
          break;
        case Subtag::ref:
        case Subtag::external_ref:
          bytes += 1 + 2 + ext_atom_bytes + 4 + 4 * 3;
          break;
        case Subtag::external_pid:
          bytes += 1 + ext_atom_bytes + 12;
          break;
        case Subtag::external_port:
          bytes += 1 + ext_atom_bytes + 8;
          break;
        case Subtag::fun:
          // id, tag, arity, number of free variables, creator, module, index, uniq
          bytes += 26 + 4 + (1 + ext_atom_bytes + 12) + ext_atom_bytes + 10;
          for (Word i = 0; i < closure_num_free(t); i++) todo.push(closure_env(t)[i]);
          break;
        case Subtag::export_:
          bytes += 1 + 2 * ext_atom_bytes + 2;
          break;
        default:
          bytes += ext_bitstring_bytes(t, p);
          break;
      }
    }
    if (todo.empty()) return bytes;
    t = todo.pop();
  }
}

// The words of a compressed object less the two that every object's header takes, to
// compare with a flat size: the tuple's header and elements, a size word, the other
// elements' external forms and the key's flat copy.
size_t compressed_words(Term tuple, uint32_t keypos) {
  size_t arity = tuple_arity(tuple);
  size_t bytes = 3 * 8 + arity * 8 + 8;
  for (size_t i = 0; i < arity; i++) {
    Term e = tuple_element(tuple, i);
    if (i != keypos - 1 && !is_immed(e)) bytes += ext_size(e);
  }
  bytes += erts_flat_size(tuple_element(tuple, keypos - 1)) * 8;
  return (bytes + 7) / 8 - 2;
}

}  // namespace

size_t erts_flat_size(Term t) {
  size_t words = 0;
  SmallStack<Term, 32> todo;
  for (;;) {
    while (is_list(t)) {
      words += 2;
      if (!is_immed(head(t))) todo.push(head(t));
      t = tail(t);
    }
    if (is_boxed(t)) {
      const Word* p = boxed_ptr(t);
      Subtag s = header_subtag(p[0]);
      if (s == Subtag::refc_bin || s == Subtag::sub_bin) {
        words += erts_bitstring_words(t, p);
      } else {
        words += size_t(int64_t(1 + header_arity(p[0])) + erts_extra_words(s, p));
        TermWords range = boxed_term_words(p[0]);
        for (Word k = range.first; k < range.end; k++)
          if (!is_immed(p[k])) todo.push(p[k]);
      }
    }
    if (todo.empty()) return words;
    t = todo.pop();
  }
}

void EtsStorageRelease::operator()(Arena* storage) const {
  memory_freed(CountedMemory::ets, sizeof(Arena) + storage->block_bytes());
  delete storage;
}

// The copy fills the one block exactly, so the count is the same when the storage goes.
EtsStorage ets_storage(size_t words) {
  EtsStorage storage(Arena::with_block(words).release());
  memory_allocated(CountedMemory::ets, sizeof(Arena) + storage->block_bytes());
  return storage;
}

EtsObject ets_stored_copy(Term object, uint32_t compressed_keypos) {
  size_t words = copy_size(object);
  EtsStorage storage = ets_storage(words);
  Term tuple = copy_term(*storage, object, words);
  size_t erts_words = compressed_keypos ? compressed_words(tuple, compressed_keypos) : erts_flat_size(tuple);
  return EtsObject{std::move(storage), tuple, erts_words};
}

}  // namespace ember
