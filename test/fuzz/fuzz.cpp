#include "test/fuzz/fuzz.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "platform/os.h"

namespace ember::fuzz {
namespace {

std::vector<Target>& registry() {
  static std::vector<Target> targets;
  return targets;
}

std::atomic<uint64_t> accepted{0};

const uint8_t interesting_bytes[] = {0, 1, 2, 0x0F, 0x10, 0x1F, 0x20, 0x3F, 0x40,
                                     0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF};

// A run of the input: [at, at + n).
struct Run {
  size_t at, n;
};

Run pick_run(Rng& rng, size_t size) {
  if (size == 0) return {0, 0};
  size_t at = size_t(rng.below(size));
  return {at, rng.small_size(size - at)};
}

void put_be(std::string& s, size_t at, uint64_t v, size_t width) {
  for (size_t k = 0; k < width && at + k < s.size(); k++)
    s[at + k] = char(v >> (8 * (width - 1 - k)));
}

uint64_t get_be(const std::string& s, size_t at, size_t width) {
  uint64_t v = 0;
  for (size_t k = 0; k < width && at + k < s.size(); k++) v = (v << 8) | uint8_t(s[at + k]);
  return v;
}

}  // namespace

Registration::Registration(const Target& t) { registry().push_back(t); }

const std::vector<Target>& all_targets() { return registry(); }

const Target* find_target(std::string_view name) {
  for (const Target& t : registry())
    if (name == t.name) return &t;
  return nullptr;
}

void note_accepted() { accepted.fetch_add(1, std::memory_order_relaxed); }
uint64_t accepted_count() { return accepted.load(std::memory_order_relaxed); }

void invariant_failed(const char* target, const char* what) {
  std::fprintf(stderr, "fuzz target %s: invariant broken: %s\n", target, what);
  std::fflush(stderr);
  std::abort();
}

uint64_t interesting_count(Rng& rng, uint64_t actual, uint64_t available) {
  const uint64_t choices[] = {0,          1,           actual - 1,  actual + 1,  available,
                              available + 1, available / 2, actual * 2, 0x7F,      0x80,
                              0xFF,       0x100,       0xFFFF,      0x10000,     0x7FFFFFFF,
                              0x80000000, 0xFFFFFFFF,  rng.next() & 0xFFFF};
  return choices[rng.below(std::size(choices))];
}

void mutate_bytes(std::string& s, Rng& rng, const Corpus& others) {
  if (s.empty()) {
    s.push_back(char(rng.next()));
    return;
  }
  size_t at = size_t(rng.below(s.size()));
  switch (rng.below(12)) {
    case 0:  // one bit
      s[at] = char(s[at] ^ (1 << rng.below(8)));
      break;
    case 1:  // an interesting byte
      s[at] = char(interesting_bytes[rng.below(std::size(interesting_bytes))]);
      break;
    case 2: {  // an interesting 16- or 32-bit big-endian word, often a length
      size_t width = rng.one_in(2) ? 2 : 4;
      uint64_t v = interesting_count(rng, get_be(s, at, width), s.size() - at);
      put_be(s, at, v, width);
      break;
    }
    case 3: {  // a byte or word nudged up or down
      size_t width = size_t(1) << rng.below(3);
      int64_t delta = int64_t(rng.below(33)) - 16;
      put_be(s, at, get_be(s, at, width) + uint64_t(delta), width);
      break;
    }
    case 4:  // a random byte
      s[at] = char(rng.next());
      break;
    case 5: {  // delete a run
      Run r = pick_run(rng, s.size());
      s.erase(r.at, std::max<size_t>(r.n, 1));
      break;
    }
    case 6: {  // insert a run of random bytes or of one byte repeated
      size_t n = 1 + rng.small_size(256);
      std::string run(n, char(interesting_bytes[rng.below(std::size(interesting_bytes))]));
      if (rng.one_in(2))
        for (char& c : run) c = char(rng.next());
      s.insert(rng.below(s.size() + 1), run);
      break;
    }
    case 7: {  // duplicate a run somewhere else
      Run r = pick_run(rng, s.size());
      std::string run = s.substr(r.at, r.n);
      s.insert(rng.below(s.size() + 1), run);
      break;
    }
    case 8:  // truncate
      s.resize(at);
      break;
    case 9: {  // copy a run over another one
      Run from = pick_run(rng, s.size());
      std::string run = s.substr(from.at, from.n);
      s.replace(at, std::min(run.size(), s.size() - at), run);
      break;
    }
    case 10:
    case 11: {  // splice: a run of another input over or into this one
      const std::string& other = others.empty() ? s : others[rng.below(others.size())];
      Run from = pick_run(rng, other.size());
      std::string run = other.substr(from.at, from.n);
      if (rng.one_in(2)) {
        s.insert(at, run);
      } else {
        s.replace(at, s.size() - at, run);  // this input's head, the other's run as the tail
      }
      break;
    }
  }
}

uint64_t hash_bytes(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : bytes) h = (h ^ uint8_t(c)) * 0x100000001b3ull;
  return h;
}

uint32_t get_u32(std::string_view b, size_t at) {
  return uint32_t(uint8_t(b[at])) << 24 | uint32_t(uint8_t(b[at + 1])) << 16 |
         uint32_t(uint8_t(b[at + 2])) << 8 | uint32_t(uint8_t(b[at + 3]));
}

void put_u32(std::string& b, size_t at, uint32_t v) { put_be(b, at, v, 4); }

void append_u32(std::string& b, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b += char(v >> shift);
}

std::string source_dir() { return EMBER_SOURCE_DIR; }
std::string binary_dir() { return EMBER_BINARY_DIR; }

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names = platform::list_directory(dir);
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  for (const std::string& n : names)
    if (!platform::is_directory(dir + "/" + n)) paths.push_back(dir + "/" + n);
  return paths;
}

}  // namespace ember::fuzz
