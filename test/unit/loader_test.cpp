// The loader on real .beam files from the installed OTP tree: every module loads, and no
// truncation or bit flip of a real file can crash it.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "loader/code_path.h"
#include "loader/load.h"
#include "platform/os.h"
#include "vm/atom.h"

using namespace ember;

namespace {

// The loader checks BIF operands against the BIF table, so it must be filled first.
void ensure_bifs() {
  static bool registered = (register_bifs(), true);
  (void)registered;
}

std::vector<std::string> otp_beams(size_t limit) {
  ensure_bifs();
  std::vector<std::string> files;
  std::string root = loader::find_otp_root("");
  for (const std::string& dir : loader::otp_code_path(root))
    for (const std::string& name : platform::list_directory(dir))
      if (name.size() > 5 && name.substr(name.size() - 5) == ".beam" && files.size() < limit)
        files.push_back(dir + "/" + name);
  return files;
}

std::string read(const std::string& path) {
  std::string bytes;
  REQUIRE(platform::read_file(path, bytes));
  return bytes;
}

}  // namespace

TEST_CASE("every module of the installed OTP tree loads") {
  std::vector<std::string> files = otp_beams(100000);
  REQUIRE(files.size() > 700);
  size_t failures = 0;
  for (const std::string& f : files) {
    loader::Loaded l = loader::load_beam(read(f));
    if (!l.module) {
      failures++;
      UNSCOPED_INFO(f << ": " << l.error);
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("malformed files are refused with the chunk and offset, never a crash") {
  std::string bytes = read(otp_beams(1000).at(0));
  REQUIRE(loader::load_beam(bytes).module);
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 16) {
    loader::Loaded l = loader::load_beam(bytes.substr(0, cut));
    CHECK_FALSE(l.module);
    CHECK(l.error.find("offset") != std::string::npos);
  }
}

TEST_CASE("bit flips anywhere in real files load or fail cleanly") {
  std::mt19937 rng(2026);
  for (const std::string& f : otp_beams(40)) {
    std::string original = read(f);
    for (int k = 0; k < 200; k++) {
      std::string bytes = original;
      size_t at = rng() % bytes.size();
      bytes[at] = char(bytes[at] ^ (1 << (rng() % 8)));
      loader::Loaded l = loader::load_beam(bytes);
      CHECK((l.module != nullptr || !l.error.empty()));
    }
  }
}

TEST_CASE("obsolete and unknown opcodes are named in the error") {
  std::string bytes = read(otp_beams(1000).at(0));
  // Splice a module whose Code chunk starts with an obsolete instruction: find the chunk and
  // replace its first instruction byte.
  size_t code = bytes.find("Code");
  REQUIRE(code != std::string::npos);
  size_t first = code + 8 + 4 + 16;  // id, size, header size field, 16 header bytes
  std::string obsolete = bytes;
  obsolete[first] = char(27);  // m_plus
  CHECK(loader::load_beam(obsolete).error.find("m_plus") != std::string::npos);
  std::string unknown = bytes;
  unknown[first] = char(200);
  CHECK(loader::load_beam(unknown).error.find("unknown opcode 200") != std::string::npos);
}

TEST_CASE("every module of the installed Elixir loads") {
  std::string elixir = platform::resolve_command("elixir");
  REQUIRE_FALSE(elixir.empty());  // the setup script installs Elixir
  ensure_bifs();
  std::string root = elixir.substr(0, elixir.rfind("/bin/")) + "/lib";
  size_t loaded = 0, failures = 0;
  for (const std::string& app : platform::list_directory(root)) {
    std::string ebin = root + "/" + app + "/ebin";
    for (const std::string& name : platform::list_directory(ebin)) {
      if (name.size() < 6 || name.substr(name.size() - 5) != ".beam") continue;
      loader::Loaded l = loader::load_beam(read(ebin + "/" + name));
      loaded++;
      if (!l.module) {
        failures++;
        UNSCOPED_INFO(name << ": " << l.error);
      }
    }
  }
  CHECK(loaded > 400);
  CHECK(failures == 0);
}
