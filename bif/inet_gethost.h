// erts' inet_gethost helper program, answered by ember itself (bif/inet_gethost.cpp).
#pragma once

#include "vm/term/term.h"

namespace ember {

// The port that stands for the program, connected and linked to `owner`.
Term open_builtin_gethost(Term owner);

}  // namespace ember
