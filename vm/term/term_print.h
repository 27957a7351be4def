// The text erlang:display/1 prints for a term, byte for byte as OTP 25's erts writes it. This is
// erts' own C printer (the one behind display/1 and its debug output), not io_lib's ~w: strings
// are Latin-1 bytes, large maps show their trie, funs show their table numbers.
//
// On Unix erts writes display output to stdout with a '\r' before every '\n'. The text below
// ends without a line terminator, and its only possible '\n' is inside the module name of a
// closure (printed verbatim); so the caller writes the text with each '\n' as "\r\n", then
// "\r\n".
#pragma once

#include <string>

#include "vm/term/term.h"

namespace ember {

// Appends the text of t. Uses an explicit stack, so any length or depth of nesting prints.
void print_term_display(std::string& out, Term t);

}  // namespace ember
