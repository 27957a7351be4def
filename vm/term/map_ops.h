// Map operations with erts' errors, for the put_map_* instructions and the maps BIFs.
#pragma once

#include "vm/process/process.h"

namespace ember {

// map with n key/value pairs (k0, v0, k1, v1...) put in; with exact, every key must already
// exist ({badkey, K} otherwise). {badmap, Map} if map is not a map.
Term map_put_pairs(Process* p, Term map, const Term* pairs, size_t n, bool exact);

}  // namespace ember
