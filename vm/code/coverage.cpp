#include "vm/code/coverage.h"

#include "platform/os.h"
#include "vm/code/instr.h"

namespace ember {
namespace {

std::string output_directory;
uint64_t counts[max_generic_op + 1] = {};

}  // namespace

void coverage_enable(std::string directory) { output_directory = std::move(directory); }
bool coverage_enabled() { return !output_directory.empty(); }
void coverage_count(unsigned op) { counts[op]++; }
uint64_t* coverage_counter(unsigned op) { return &counts[op]; }

void coverage_write() {
  if (output_directory.empty()) return;
  std::string text;
  for (unsigned op = 1; op <= max_generic_op; op++)
    if (counts[op]) text += std::string(op_info(op).name) + " " + std::to_string(counts[op]) + "\n";
  platform::write_file(output_directory + "/ember-" + std::to_string(platform::process_id()) + ".txt", text);
}

}  // namespace ember
