#include "vm/term/copy.h"

#include <cstring>

#include "vm/term/binary.h"
#include "vm/term/magic_ref.h"
#include "vm/term/small_stack.h"

namespace ember {

size_t copy_size(Term t) {
  size_t words = 0;
  SmallStack<Term, 32> todo;
  for (;;) {
    // Follows a list's spine in place; only compound heads and elements wait on the stack.
    while (is_list(t)) {
      words += 2;
      if (!is_immed(head(t))) todo.push(head(t));
      t = tail(t);
    }
    if (is_boxed(t)) {
      const Word* p = boxed_ptr(t);
      words += 1 + header_arity(p[0]);
      TermWords range = boxed_term_words(p[0]);
      for (Word k = range.first; k < range.end; k++)
        if (!is_immed(p[k])) todo.push(p[k]);
    }
    if (todo.empty()) return words;
    t = todo.pop();
  }
}

namespace {

// Copies the object `t` refers to (a cons cell or a boxed object) to *top, advancing it; its
// fields still refer to the source until the scan below reaches them.
Term copy_object(Heap& heap, Term t, Word** top) {
  Word* to = *top;
  if (is_list(t)) {
    to[0] = head(t);
    to[1] = tail(t);
    *top += 2;
    return make_list(to);
  }
  const Word* from = boxed_ptr(t);
  Word words = 1 + header_arity(from[0]);
  std::memcpy(to, from, words * sizeof(Word));
  if (holds_off_heap(from[0])) {
    off_heap_retain(to);
    heap.off_heap().push(to);
  }
  *top += words;
  return make_boxed(to);
}

}  // namespace

// Cheney's scheme: the copy is one block, filled breadth first; a scan pointer walks it and
// copies what each field still refers to in the source. A cell's words are terms, an object
// starts with its header, so the scan can tell them apart.
Term copy_term(Heap& heap, Term t, size_t words) {
  if (is_immed(t)) return t;
  Word* block = heap.alloc(words);
  Word* top = block;
  Term result = copy_object(heap, t, &top);
  auto fix = [&](Word& field) {
    if (!is_immed(field)) field = copy_object(heap, field, &top);
  };
  for (Word* scan = block; scan < top;) {
    if (is_header(*scan)) {
      TermWords range = boxed_term_words(*scan);
      for (Word k = range.first; k < range.end; k++) fix(scan[k]);
      scan += 1 + header_arity(*scan);
    } else {
      fix(scan[0]);
      fix(scan[1]);
      scan += 2;
    }
  }
  return result;
}

Term copy_term(Heap& heap, Term t) { return copy_term(heap, t, copy_size(t)); }

}  // namespace ember
