// ember_fuzz: the project's own fuzzing driver, deterministic and independent of any compiler.
//
//   ember_fuzz TARGET [--seed N] [--runs N] [--seconds N] [--corpus DIR]... [--save DIR]
//                     [--timeout SECONDS]
//   ember_fuzz TARGET --replay FILE|DIR...
//   ember_fuzz TARGET --export-seeds DIR      (a starting corpus for libFuzzer)
//   ember_fuzz --list
//
// It first runs every regression input (test/fuzz/regressions/TARGET/), every seed of the
// target and every file of the --corpus directories as they are, then mutated inputs: each run
// takes an input of the pool and applies one to four mutations (the target's own, which mix
// structure-aware and generic ones, else generic byte mutations), with random numbers drawn
// from the seed and the run number only. Mutants the target accepts join the pool, so
// mutations stack up over valid inputs. The same seed and the same number of runs give the
// same inputs on every machine. An input that crashes or hangs is saved in the --save
// directory (default: the current one), named by its hash, and --replay runs it again.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_set>
#include <vector>

#include "platform/os.h"
#include "test/fuzz/fuzz.h"
#include "test/fuzz/guard.h"
#include "vm/term/atom.h"

using namespace ember;
using namespace ember::fuzz;

namespace {

struct Options {
  std::string target;
  uint64_t seed = 1;
  uint64_t runs = 0;
  double seconds = 0;
  std::vector<std::string> corpus_dirs;
  std::string save_dir = ".";
  unsigned timeout = 60;
  std::vector<std::string> replay;
  std::string export_dir;
};

// Mutants kept besides the seeds: enough to stack mutations, few enough to stay in memory.
constexpr size_t pool_extra = 256;
// Atoms are never freed, and mutated names make new ones: erts' limit is 1,048,576.
constexpr size_t atom_warning = 1000000;

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: ember_fuzz TARGET [--seed N] [--runs N] [--seconds N] [--corpus DIR]...\n"
               "                  [--save DIR] [--timeout SECONDS]\n"
               "       ember_fuzz TARGET --replay FILE|DIR...\n"
               "       ember_fuzz TARGET --export-seeds DIR\n"
               "       ember_fuzz --list\n");
  std::exit(2);
}

uint64_t number(const char* text) {
  char* end = nullptr;
  uint64_t v = std::strtoull(text, &end, 10);
  if (!end || *end != '\0' || end == text) usage();
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) usage();
  o.target = argv[1];
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (a == "--seed") o.seed = number(value());
    else if (a == "--runs") o.runs = number(value());
    else if (a == "--seconds") o.seconds = double(number(value()));
    else if (a == "--corpus") o.corpus_dirs.push_back(value());
    else if (a == "--save") o.save_dir = value();
    else if (a == "--timeout") o.timeout = unsigned(number(value()));
    else if (a == "--export-seeds") o.export_dir = value();
    else if (a == "--replay") {
      while (i + 1 < argc && argv[i + 1][0] != '-') o.replay.push_back(argv[++i]);
      if (o.replay.empty()) usage();
    } else {
      usage();
    }
  }
  if (o.runs == 0 && o.seconds == 0) o.runs = 10000;
  return o;
}

struct Input {
  std::string bytes;
  std::string label;
};

// Runs one input under the guard; true if the target accepted it.
bool run(const Target& t, const std::string& bytes, const std::string& label) {
  uint64_t before = accepted_count();
  guard_begin(bytes, label);
  t.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  guard_end();
  return accepted_count() != before;
}

std::vector<Input> files(const std::string& path) {
  std::vector<Input> out;
  std::vector<std::string> paths =
      platform::is_directory(path) ? files_in(path) : std::vector<std::string>{path};
  for (const std::string& p : paths) {
    Input in{{}, p};
    if (!platform::read_file(p, in.bytes)) {
      std::fprintf(stderr, "ember_fuzz: cannot read %s\n", p.c_str());
      std::exit(2);
    }
    out.push_back(std::move(in));
  }
  return out;
}

int replay(const Target& t, const Options& o) {
  guard_install(t.name, "", o.timeout);
  size_t n = 0, accepted = 0;
  for (const std::string& path : o.replay)
    for (const Input& in : files(path)) {
      accepted += run(t, in.bytes, in.label);
      n++;
    }
  std::printf("ember_fuzz %s: replayed %zu inputs, %zu accepted\n", t.name, n, accepted);
  return 0;
}

int export_seeds(const Target& t, const Options& o) {
  Corpus seeds = t.seeds();
  for (size_t k = 0; k < seeds.size(); k++) {
    char name[32];
    std::snprintf(name, sizeof name, "/seed-%05zu", k);
    if (!platform::write_file(o.export_dir + name, seeds[k])) {
      std::fprintf(stderr, "ember_fuzz: cannot write %s%s\n", o.export_dir.c_str(), name);
      return 1;
    }
  }
  std::printf("ember_fuzz %s: %zu seeds written to %s\n", t.name, seeds.size(), o.export_dir.c_str());
  return 0;
}

int run_fuzzing(const Target& t, const Options& o) {
  guard_install(t.name, o.save_dir, o.timeout);
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  std::string regression_dir = source_dir() + "/test/fuzz/regressions/" + t.name;
  std::vector<Input> inputs;
  if (platform::is_directory(regression_dir)) inputs = files(regression_dir);
  size_t regressions = inputs.size();
  Corpus seeds = t.seeds();
  for (size_t k = 0; k < seeds.size(); k++)
    inputs.push_back({std::move(seeds[k]), std::string("seed ") + std::to_string(k)});
  for (const std::string& dir : o.corpus_dirs)
    for (Input& in : files(dir)) inputs.push_back(std::move(in));
  // Regression inputs are replayed, not mutated: some are bombs, slow by design.
  Corpus pool;
  size_t accepted = 0;
  for (size_t k = 0; k < inputs.size(); k++) {
    Input& in = inputs[k];
    if (in.bytes.size() > t.max_size) in.bytes.resize(t.max_size);
    accepted += run(t, in.bytes, in.label);
    if (k >= regressions) pool.push_back(std::move(in.bytes));
  }
  if (pool.empty()) pool.push_back({});
  std::printf("ember_fuzz %s: seed %llu; %zu regression inputs and %zu seeds ran, %zu accepted\n",
              t.name, (unsigned long long)o.seed, regressions, inputs.size() - regressions, accepted);
  std::fflush(stdout);

  // Only accepted inputs never seen before join the pool: small ones that many mutations
  // reach (a bare atom, an empty list) would crowd out the rest.
  size_t fixed = pool.size();
  std::unordered_set<uint64_t> known;
  for (const std::string& p : pool) known.insert(hash_bytes(p));
  uint64_t i = 0, mutants_accepted = 0;
  double next_report = 10;
  bool atoms_warned = false;
  for (; (o.runs == 0 || i < o.runs) && (o.seconds == 0 || elapsed() < o.seconds); i++) {
    Rng rng(o.seed * 0x9E3779B97F4A7C15ull ^ (i + 1) * 0xD1B54A32D192ED03ull);
    const std::string& base = pool[rng.below(pool.size())];
    std::string input = base;
    for (uint64_t k = 1 + rng.below(4); k > 0; k--) {
      (t.mutate ? t.mutate : mutate_bytes)(input, rng, pool);
    }
    if (input.size() > t.max_size) input.resize(t.max_size);
    if (run(t, input, "seed " + std::to_string(o.seed) + " run " + std::to_string(i)) &&
        known.insert(hash_bytes(input)).second) {
      mutants_accepted++;
      if (pool.size() < fixed + pool_extra) pool.push_back(std::move(input));
      else pool[fixed + rng.below(pool_extra)] = std::move(input);
    }
    if (!atoms_warned && atom_count() > atom_warning) {
      std::printf("  run %llu: the atom table is nearly full, so mutants with new atoms are refused"
                  " from now on; a run with another seed tests more\n", (unsigned long long)i);
      atoms_warned = true;
    }
    if (elapsed() >= next_report) {
      std::printf("  run %llu, %.0f s, %llu mutants accepted\n", (unsigned long long)i, elapsed(),
                  (unsigned long long)mutants_accepted);
      std::fflush(stdout);
      next_report += 10;
    }
  }
  double s = elapsed();
  size_t bytes = 0;
  for (const std::string& p : pool) bytes += p.size();
  std::printf("ember_fuzz %s: %llu mutated runs in %.1f s (%.0f/s), %llu accepted, pool of %zu "
              "(%zu bytes on average); no crash\n",
              t.name, (unsigned long long)i, s, double(i) / s, (unsigned long long)mutants_accepted,
              pool.size(), bytes / pool.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--list") {
    for (const Target& t : all_targets()) std::printf("%s\n", t.name);
    return 0;
  }
  Options o = parse(argc, argv);
  const Target* t = find_target(o.target);
  if (!t) {
    std::fprintf(stderr, "ember_fuzz: no target %s (try --list)\n", o.target.c_str());
    return 2;
  }
  if (!o.export_dir.empty()) return export_seeds(*t, o);
  return o.replay.empty() ? run_fuzzing(*t, o) : replay(*t, o);
}
