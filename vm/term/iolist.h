// Flattening iolists (binaries, bytes and nested lists of them, with a binary or [] tail).
#pragma once

#include <cstdint>
#include <string>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

// Appends the bytes of an iolist; false if t is not one.
bool iolist_bytes(Term t, std::string& out);
// The number of bytes iolist_bytes would give, counted without making them: an iolist may
// share its parts and stand for far more bytes than memory holds.
bool iolist_byte_count(Term t, uint64_t* out);
// Writes the bytes of an iolist that iolist_byte_count accepted; returns the end.
uint8_t* iolist_copy(Term t, uint8_t* out);
// A walk over an iolist that stops when its budget is spent and goes on later, for BIFs that
// yield between slices: where it stands is two terms, which a collection in between moves as it
// moves any others: the iolist it is inside and the list of iolists still to walk after it.
struct IolistCursor {
  Term current;
  Term rest = NIL;
};
enum class IolistStep { done, more, bad };
// Counts bytes into *n, a list cell or a binary spending one unit of *budget. `more` when the
// budget ran out first (then the cursor holds what is left, made on heap).
IolistStep iolist_count_some(Heap& heap, IolistCursor* c, uint64_t* n, int64_t* budget);
// Writes the bytes of an iolist the count accepted to out + *at, advancing *at: a list cell costs
// one unit of *budget, a binary one per 8 bytes (a long one is cut where the budget ends, its
// rest left in the cursor).
IolistStep iolist_copy_some(Heap& heap, IolistCursor* c, uint8_t* out, uint64_t* at, int64_t* budget);
// Appends the whole bytes of a binary (any alignment).
void append_binary_bytes(std::string& out, Term bin);
// Appends the code points of a character list (unicode chars) as UTF-8; false if invalid.
bool char_list_utf8(Term t, std::string& out);
// As erts reads a character list into a buffer of max_chars characters (list_to_atom, halt):
// the list is looked at only up to that many cells, so a longer one is too_long whatever
// follows, and a bad character or tail within them makes it invalid.
enum class CharListRead { ok, invalid, too_long };
CharListRead char_list_utf8_bounded(Term t, size_t max_chars, std::string& out);

}  // namespace ember
