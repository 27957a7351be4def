// Translation of the Code chunk into the interpreter's instruction stream (see vm/instr.h).
#pragma once

#include "loader/beam_file.h"
#include "vm/module.h"

namespace ember::loader {

bool translate_code(const BeamFile& file, Module& m, LoadError& error);

}  // namespace ember::loader
