// Test helper: builds terms from the text erl prints with ~w, so expected values can be pasted
// straight from the reference VM. Covers integers (any size), floats, atoms (bare or quoted),
// strings, tuples, proper and improper lists, maps and bitstrings (<<1,2,3:4>>, <<"text">>).
// Pids, ports, refs and funs have no readable form; tests build those directly.
#pragma once

#include <string_view>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember::test {

// Aborts the test run on text it does not understand.
Term parse_term(Heap& heap, std::string_view text);

}  // namespace ember::test
