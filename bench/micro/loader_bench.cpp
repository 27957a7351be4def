// Loader throughput: every .beam of the installed OTP tree parsed and translated, in bytes of
// .beam per second. The files are read before timing starts, so the disk is not measured; each
// module is freed as soon as it is loaded, so memory does not grow with the iterations.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "loader/code_path.h"
#include "loader/load.h"
#include "platform/os.h"

using namespace ember;

namespace {

bool is_beam(const std::string& name) {
  return name.size() > 5 && name.compare(name.size() - 5, 5, ".beam") == 0;
}

std::vector<std::string> read_otp_beams() {
  std::vector<std::string> files;
  for (const std::string& dir : loader::otp_code_path(loader::find_otp_root("")))
    for (const std::string& name : platform::list_directory(dir)) {
      std::string bytes;
      if (is_beam(name) && platform::read_file(dir + "/" + name, bytes)) files.push_back(std::move(bytes));
    }
  return files;
}

void BM_LoadOtpTree(benchmark::State& state) {
  static const std::vector<std::string> files = read_otp_beams();
  int64_t bytes = 0;
  for (const std::string& f : files) bytes += int64_t(f.size());
  size_t loaded = 0;
  for (auto _ : state) {
    loaded = 0;
    for (const std::string& f : files) loaded += loader::load_beam(f).module != nullptr;
  }
  // Fewer than 700 modules means the OTP tree was not found, not that the loader got faster.
  if (loaded <= 700 || loaded != files.size())
    state.SkipWithError("not every module of the OTP tree loaded, or too few were found");
  state.SetBytesProcessed(int64_t(state.iterations()) * bytes);
  state.counters["modules"] = double(loaded);
}
BENCHMARK(BM_LoadOtpTree)->Unit(benchmark::kMillisecond);

}  // namespace
