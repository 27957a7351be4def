// Flattening iolists (binaries, bytes and nested lists of them, with a binary or [] tail).
#pragma once

#include <string>

#include "vm/term.h"

namespace ember {

bool iolist_bytes(Term t, std::string& out);
// The number of bytes iolist_bytes would give, counted without making them: an iolist may
// share its parts and stand for far more bytes than memory holds.
bool iolist_byte_count(Term t, uint64_t* out);
// Appends the whole bytes of a binary (any alignment).
void append_binary_bytes(std::string& out, Term bin);
// Appends the code points of a character list (unicode chars) as UTF-8; false if invalid.
bool char_list_utf8(Term t, std::string& out);

}  // namespace ember
