// libFuzzer's entry points for the one target named by EMBER_FUZZ_TARGET_NAME, for those with
// clang: coverage-guided runs of the same targets, with the target's structure-aware mutator.
// Built by CMake with -DEMBER_LIBFUZZER=ON as ember_libfuzzer_NAME; `ember_fuzz NAME
// --export-seeds DIR` writes a starting corpus for it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "test/fuzz/fuzz.h"

using namespace ember::fuzz;

namespace {

const Target& target() {
  static const Target* t = [] {
    const Target* found = find_target(EMBER_FUZZ_TARGET_NAME);
    if (!found) {
      std::fprintf(stderr, "no fuzz target %s\n", EMBER_FUZZ_TARGET_NAME);
      std::abort();
    }
    return found;
  }();
  return *t;
}

}  // namespace

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return target().run(data, size);
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned seed) {
  Rng rng(seed);
  if (!target().mutate || rng.one_in(4)) return LLVMFuzzerMutate(data, size, max_size);
  std::string input(reinterpret_cast<const char*>(data), size);
  target().mutate(input, rng, {});
  size_t n = std::min(input.size(), max_size);
  std::memcpy(data, input.data(), n);
  return n;
}
