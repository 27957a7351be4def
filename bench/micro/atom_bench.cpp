// Finding existing atoms by their text, as list_to_existing_atom/1 does (atom_find) and as
// the loader and binary_to_term/1 do for atoms that are usually there already (atom_put).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "vm/term/atom.h"

using namespace ember;

namespace {

constexpr size_t atom_table_atoms = 10000;

struct KnownAtoms {
  std::vector<std::string> texts;
  std::vector<Term> atoms;

  KnownAtoms() {
    for (size_t k = 0; k < atom_table_atoms; k++) {
      texts.push_back("ember_micro_atom_" + std::to_string(k));
      atoms.push_back(atom_put(texts.back()));
    }
  }
};

const KnownAtoms& known_atoms() {
  static const KnownAtoms known;
  return known;
}

template <Term (*lookup)(std::string_view)>
void BM_AtomLookup(benchmark::State& state) {
  const KnownAtoms& known = known_atoms();
  size_t i = 0;
  bool found = true;
  for (auto _ : state) {
    size_t k = i++ % known.texts.size();
    found &= lookup(known.texts[k]) == known.atoms[k];
  }
  if (!found) state.SkipWithError("an atom's text did not give back the atom");
}
BENCHMARK_TEMPLATE(BM_AtomLookup, atom_find)->Name("BM_AtomFind");
BENCHMARK_TEMPLATE(BM_AtomLookup, atom_put)->Name("BM_AtomPutExisting");

}  // namespace
