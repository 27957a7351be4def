// The external term format: term_to_binary's encoder and binary_to_term's decoder on the same
// term, in bytes of encoding per second.
#include <benchmark/benchmark.h>

#include <string>

#include "sample_term.h"
#include "vm/term/compare.h"
#include "vm/term/etf.h"

using namespace ember;

namespace {

constexpr int64_t records = 1000;

// The decoder's result must equal what was encoded; used once per benchmark.
bool round_trips(Term term, const std::string& bytes) {
  Arena heap;
  size_t used = 0;
  Term decoded = etf_decode(heap, bytes, DecodeOptions{}, &used);
  return decoded != THE_NON_VALUE && used == bytes.size() && eq_exact(decoded, term);
}

void BM_EtfEncode(benchmark::State& state) {
  Arena heap;
  Term term = micro::sample_term(heap, records);
  std::string bytes;
  for (auto _ : state) {
    bytes.clear();
    etf_encode(term, EncodeOptions{}, bytes);
    benchmark::DoNotOptimize(bytes.data());
  }
  if (!round_trips(term, bytes)) state.SkipWithError("decode(encode(term)) differs from term");
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
}
BENCHMARK(BM_EtfEncode)->Unit(benchmark::kMicrosecond);

void BM_EtfDecode(benchmark::State& state) {
  Arena heap;
  Term term = micro::sample_term(heap, records);
  std::string bytes;
  etf_encode(term, EncodeOptions{}, bytes);
  for (auto _ : state) {
    Arena destination;
    benchmark::DoNotOptimize(etf_decode(destination, bytes, DecodeOptions{}, nullptr));
  }
  if (!round_trips(term, bytes)) state.SkipWithError("decode(encode(term)) differs from term");
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
}
BENCHMARK(BM_EtfDecode)->Unit(benchmark::kMicrosecond);

}  // namespace
