// The micro-benchmarks' entry point. BIFs are registered first because the loader checks BIF
// operands against the table and the ETS benchmarks call BIFs through their export entries.
// The exit status is 1 when any benchmark skipped with an error, so a smoke run in a script
// fails instead of printing a result nobody reads.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "bif/bif.h"

namespace {

// Forwards everything to the reporter --benchmark_format asks for, noting errors on the way.
class ErrorNotingReporter final : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context& context) override { return display_->ReportContext(context); }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) failed_ = failed_ || run.error_occurred;
    display_->ReportRuns(runs);
  }
  void Finalize() override { display_->Finalize(); }
  bool failed() const { return failed_; }

 private:
  std::unique_ptr<benchmark::BenchmarkReporter> display_{benchmark::CreateDefaultDisplayReporter()};
  bool failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  ember::register_bifs();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ErrorNotingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return reporter.failed() ? 1 : 0;
}
