// Instruction coverage: which generic instructions ran. Off by default; when on, the loader
// puts a counting instruction before every instruction, so the normal path costs nothing.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace ember {

void coverage_enable(std::string directory);
bool coverage_enabled();
// Counts one execution (or, for loader directives such as label and line, one load).
void coverage_count(unsigned generic_op);
// The counter the loader puts after a counting instruction; any scheduler may increment it.
std::atomic<uint64_t>* coverage_counter(unsigned generic_op);
// Writes the counts as "name count" lines to a new file in the directory.
void coverage_write();

}  // namespace ember
