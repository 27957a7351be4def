#include "vm/ets_object.h"

#include "vm/binary.h"
#include "vm/copy.h"
#include "vm/small_stack.h"

namespace ember {
namespace {

// erts' sizes of its binary structures (ProcBin, ErlSubBin).
constexpr size_t erts_proc_bin_words = 6;
constexpr size_t erts_sub_bin_words = 5;

// The words erts needs for a bitstring where ember needs ember_words: a sub-binary is stored
// as its bytes (or a reference to the off-heap ones), plus a slice when bits are involved.
size_t erts_bitstring_words(Term t, const Word* p, size_t* ember_words) {
  switch (header_subtag(p[0])) {
    case Subtag::refc_bin:
      *ember_words = refc_bin_words;
      return erts_proc_bin_words;
    case Subtag::sub_bin: {
      Term underlying = Term(p[3]);
      *ember_words = sub_bin_words + (is_refc_bin(underlying) ? refc_bin_words
                                                                : 1 + header_arity(boxed_header(underlying)));
      Bits bits = bitstring_bits(t);
      uint64_t odd = bits.bit_offset % 8 + bits.bit_size % 8;
      size_t extra_bytes = odd > 8 ? 2 : odd > 0 ? 1 : 0;
      size_t words = extra_bytes ? erts_sub_bin_words : 0;
      if (is_refc_bin(underlying)) return words + erts_proc_bin_words;
      return words + heap_bin_words(size_t(bits.bit_size / 8) + extra_bytes);
    }
    default:
      *ember_words = 1 + header_arity(p[0]);
      return *ember_words;
  }
}

}  // namespace

size_t erts_flat_size(Term t) {
  size_t words = copy_size(t);
  SmallStack<Term, 32> todo;
  for (;;) {
    while (is_list(t)) {
      if (!is_immed(head(t))) todo.push(head(t));
      t = tail(t);
    }
    if (is_boxed(t)) {
      const Word* p = boxed_ptr(t);
      Subtag s = header_subtag(p[0]);
      if (s == Subtag::refc_bin || s == Subtag::sub_bin) {
        size_t ember_words;
        words += erts_bitstring_words(t, p, &ember_words);
        words -= ember_words;
      } else {
        // erts keeps a trie node's bitmap in its header word.
        if (s == Subtag::hash_map_head || s == Subtag::hash_map_node) words -= 1;
        TermWords range = boxed_term_words(p[0]);
        for (Word k = range.first; k < range.end; k++)
          if (!is_immed(p[k])) todo.push(p[k]);
      }
    }
    if (todo.empty()) return words;
    t = todo.pop();
  }
}

EtsObject ets_stored_copy(Term object) {
  size_t words = copy_size(object);
  auto storage = Arena::with_block(words);
  Term tuple = copy_term(*storage, object, words);
  return EtsObject{std::move(storage), tuple, erts_flat_size(tuple)};
}

}  // namespace ember
