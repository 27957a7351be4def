// Copying terms between heaps: messages, spawn arguments, ETS, literals. Iterative, so deep
// terms cannot overflow the C stack. Sharing inside the term is not preserved (as in erts).
#pragma once

#include <cstddef>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

size_t copy_size(Term t);  // heap words a copy needs (erts_debug:flat_size/1)
Term copy_term(Heap& heap, Term t);
// As copy_term, when copy_size(t) is already known: `words` must be exactly that.
Term copy_term(Heap& heap, Term t, size_t words);

}  // namespace ember
