#include "vm/copy.h"

#include <cstring>

#include "vm/binary.h"
#include "vm/small_stack.h"

namespace ember {

size_t copy_size(Term t) {
  size_t words = 0;
  SmallStack<Term, 32> todo;
  todo.push(t);
  while (!todo.empty()) {
    Term u = todo.pop();
    if (is_list(u)) {
      words += 2;
      todo.push(tail(u));
      todo.push(head(u));
    } else if (is_boxed(u)) {
      Word* p = boxed_ptr(u);
      words += 1 + header_arity(p[0]);
      TermWords range = boxed_term_words(p[0]);
      for (Word k = range.first; k < range.end; k++) todo.push(p[k]);
    }
  }
  return words;
}

Term copy_term(Heap& heap, Term t) {
  Term result;
  struct Work {
    Term* slot;
    Term source;
  };
  SmallStack<Work, 32> todo;
  todo.push({&result, t});
  while (!todo.empty()) {
    Work w = todo.pop();
    if (is_list(w.source)) {
      Word* cell = heap.alloc(2);
      *w.slot = make_list(cell);
      todo.push({&cell[1], tail(w.source)});
      todo.push({&cell[0], head(w.source)});
    } else if (is_boxed(w.source)) {
      const Word* from = boxed_ptr(w.source);
      Word words = 1 + header_arity(from[0]);
      Word* to = heap.alloc(words);
      std::memcpy(to, from, words * sizeof(Word));
      if (header_subtag(from[0]) == Subtag::refc_bin) {
        reinterpret_cast<SharedBinary*>(to[2])->retain();
        heap.off_heap().push(to, &to[3]);
      }
      *w.slot = make_boxed(to);
      TermWords range = boxed_term_words(from[0]);
      for (Word k = range.first; k < range.end; k++) todo.push({&to[k], from[k]});
    } else {
      *w.slot = w.source;
    }
  }
  return result;
}

}  // namespace ember
