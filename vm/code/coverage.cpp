#include "vm/code/coverage.h"

#include <atomic>

#include "platform/os.h"
#include "vm/code/instr.h"

namespace ember {
namespace {

// Written once, before `enabled` is set (release), and read only after it is seen (acquire).
std::string output_directory;
std::atomic<bool> enabled{false};
// Every scheduler counts into the same counters (the loaded code holds their addresses):
// relaxed increments, since only the totals are read, after the schedulers stopped.
std::atomic<uint64_t> counts[max_generic_op + 1] = {};

}  // namespace

void coverage_enable(std::string directory) {
  output_directory = std::move(directory);
  enabled.store(!output_directory.empty(), std::memory_order_release);
}
bool coverage_enabled() { return enabled.load(std::memory_order_acquire); }
void coverage_count(unsigned op) { counts[op].fetch_add(1, std::memory_order_relaxed); }
std::atomic<uint64_t>* coverage_counter(unsigned op) { return &counts[op]; }

void coverage_write() {
  if (!coverage_enabled()) return;
  std::string text;
  for (unsigned op = 1; op <= max_generic_op; op++)
    if (uint64_t n = counts[op].load(std::memory_order_relaxed))
      text += std::string(op_info(op).name) + " " + std::to_string(n) + "\n";
  platform::write_file(output_directory + "/ember-" + std::to_string(platform::process_id()) + ".txt", text);
}

}  // namespace ember
