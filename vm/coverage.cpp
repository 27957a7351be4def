#include "vm/coverage.h"

#include <unistd.h>

#include <cstdio>

#include "vm/instr.h"

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
  std::string path = output_directory + "/ember-" + std::to_string(getpid()) + ".txt";
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return;
  for (unsigned op = 1; op <= max_generic_op; op++)
    if (counts[op]) std::fprintf(f, "%s %llu\n", op_info(op).name, (unsigned long long)counts[op]);
  std::fclose(f);
}

}  // namespace ember
