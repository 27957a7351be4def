// Flattening iolists (binaries, bytes and nested lists of them, with a binary or [] tail).
#pragma once

#include <string>

#include "vm/term.h"

namespace ember {

bool iolist_bytes(Term t, std::string& out);
// Appends the whole bytes of a binary (any alignment).
void append_binary_bytes(std::string& out, Term bin);
// Appends the code points of a character list (unicode chars) as UTF-8; false if invalid.
bool char_list_utf8(Term t, std::string& out);

}  // namespace ember
