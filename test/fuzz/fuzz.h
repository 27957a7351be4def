// What a fuzz target is, and what every target may use: a deterministic random source, the
// generic byte mutations and the way to report a broken invariant.
//
// A target is one file in test/fuzz/targets/: it defines `int fuzz_NAME(const uint8_t*, size_t)`
// (libFuzzer's contract: never crash, return 0), the seeds to start from and, when the input
// has a structure worth keeping valid, a mutator that knows it; EMBER_FUZZ_TARGET registers
// them. ember_fuzz (driver.cpp) and the libFuzzer entry both find targets by name.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ember::fuzz {

// splitmix64: the same numbers on every platform and standard library, so a seed names a run.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
  bool one_in(uint64_t n) { return below(n) == 0; }
  // Small numbers much more often than large ones: lengths of runs to insert or delete.
  size_t small_size(size_t limit) {
    size_t cap = size_t(1) << below(12);
    return size_t(below(std::min(cap, limit) + 1));
  }

 private:
  uint64_t state_;
};

using Corpus = std::vector<std::string>;
using Mutator = void (*)(std::string& input, Rng& rng, const Corpus& others);

struct Target {
  const char* name;
  int (*run)(const uint8_t* data, size_t size);
  Corpus (*seeds)();
  Mutator mutate;    // structure-aware; null if the generic mutations are all there is
  size_t max_size;   // inputs are cut to this many bytes
};

const Target* find_target(std::string_view name);
const std::vector<Target>& all_targets();

struct Registration {
  explicit Registration(const Target& t);
};
#define EMBER_FUZZ_TARGET(NAME, ...) \
  static const ::ember::fuzz::Registration ember_fuzz_registration_##NAME({#NAME, fuzz_##NAME, __VA_ARGS__})

// One generic mutation of `input`: bit flips, interesting bytes and words, insertion, deletion
// and duplication of runs, truncation, splicing with one of `others`.
void mutate_bytes(std::string& input, Rng& rng, const Corpus& others);
// A value a length or count field is likely to be wrong with, given the field's true value and
// the bytes really available after it.
uint64_t interesting_count(Rng& rng, uint64_t actual, uint64_t available);

// A target calls this when the input was accepted (decoded, loaded): the driver then keeps it
// as a base for further mutations.
void note_accepted();
uint64_t accepted_count();

// A broken invariant: prints `what` and aborts, so that the driver saves the input.
[[noreturn]] void invariant_failed(const char* target, const char* what);
#define FUZZ_CHECK(target, condition) \
  ((condition) ? void(0) : ::ember::fuzz::invariant_failed(target, #condition))

// FNV-1a: the same on every platform, unlike std::hash.
uint64_t hash_bytes(std::string_view bytes);

// Big-endian fields, as both .beam files and the external term format store them.
uint32_t get_u32(std::string_view bytes, size_t at);
void put_u32(std::string& bytes, size_t at, uint32_t v);
void append_u32(std::string& bytes, uint32_t v);

// Source-tree and build-tree paths, for seeds and regression inputs.
std::string source_dir();
std::string binary_dir();
// Regular files of a directory, sorted by name (empty if it does not exist).
std::vector<std::string> files_in(const std::string& dir);

}  // namespace ember::fuzz
