// Translation of the Code chunk into the interpreter's instruction stream (see vm/code/instr.h).
#pragma once

#include "loader/beam_file.h"
#include "loader/compact.h"
#include "vm/code/module.h"

namespace ember::loader {

bool translate_code(const BeamFile& file, Module& m, LoadError& error);

// Whether the instructions read from `after`, which follow an `allocate` of n frame slots, set
// every slot before anything can collect, raise or read one: moves from non-y sources and
// init_yregs, as the compiler emits them. Then allocate need not clear the slots (erts never
// does; the compiler guarantees the rest).
bool slots_set_after_allocate(CompactReader after, uint64_t n);

}  // namespace ember::loader
