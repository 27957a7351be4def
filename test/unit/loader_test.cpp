// The loader on real .beam files from the installed OTP tree: every module loads, and no
// truncation or bit flip of a real file can crash it.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "loader/code_path.h"
#include "loader/load.h"
#include "loader/translate.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/code/module.h"

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

namespace {

// The .beam's chunks as (id, data) pairs, and a file rebuilt from them.
std::vector<std::pair<std::string, std::string>> chunks_of(const std::string& file) {
  std::vector<std::pair<std::string, std::string>> chunks;
  auto u32 = [&](size_t at) {
    return uint32_t(uint8_t(file[at])) << 24 | uint32_t(uint8_t(file[at + 1])) << 16 |
           uint32_t(uint8_t(file[at + 2])) << 8 | uint32_t(uint8_t(file[at + 3]));
  };
  for (size_t at = 12; at + 8 <= file.size();) {
    uint32_t size = u32(at + 4);
    chunks.emplace_back(file.substr(at, 4), file.substr(at + 8, size));
    at += 8 + size + (4 - size % 4) % 4;
  }
  return chunks;
}

void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += char(v >> shift);
}

std::string beam_of(const std::vector<std::pair<std::string, std::string>>& chunks) {
  std::string body = "BEAM";
  for (auto& [id, data] : chunks) {
    body += id;
    put_u32(body, uint32_t(data.size()));
    body += data;
    body.append((4 - data.size() % 4) % 4, '\0');
  }
  std::string file = "FOR1";
  put_u32(file, uint32_t(body.size()));
  return file + body;
}

std::string lists_beam() {
  for (const std::string& f : otp_beams(100000))
    if (f.size() >= 11 && f.substr(f.size() - 11) == "/lists.beam") return read(f);
  FAIL("lists.beam not found");
  return {};
}

}  // namespace

TEST_CASE("a gzip-compressed .beam loads like the plain one") {
  std::string plain = lists_beam();
  uLongf bound = compressBound(uLong(plain.size())) + 64;
  std::string gz(bound, '\0');
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(plain.data());
  z.avail_in = uInt(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = uInt(gz.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);
  loader::Loaded l = loader::load_beam(gz);
  REQUIRE(l.module);
  REQUIRE(atom_text(l.module->name) == "lists");
}

TEST_CASE("the legacy latin-1 Atom chunk is refused; OTP 28's atom table is read") {
  auto chunks = chunks_of(lists_beam());
  auto legacy = chunks;
  for (auto& [id, data] : legacy)
    if (id == "AtU8") id = "Atom";
  CHECK(loader::load_beam(beam_of(legacy)).error.find("Atom") != std::string::npos);

  // OTP 28 stores the count negated and each length as a compact `u` operand.
  auto otp28 = chunks;
  for (auto& [id, data] : otp28) {
    if (id != "AtU8") continue;
    uint32_t count = uint32_t(uint8_t(data[0])) << 24 | uint32_t(uint8_t(data[1])) << 16 |
                     uint32_t(uint8_t(data[2])) << 8 | uint32_t(uint8_t(data[3]));
    std::string rewritten;
    put_u32(rewritten, uint32_t(-int32_t(count)));
    for (size_t at = 4; at < data.size();) {
      uint8_t length = uint8_t(data[at]);
      if (length < 16) rewritten += char(length << 4);
      else rewritten += char(0x08 | ((length >> 3) & 0xE0)), rewritten += char(length & 0xFF);
      rewritten += data.substr(at + 1, length);
      at += 1 + length;
    }
    data = rewritten;
  }
  loader::Loaded l = loader::load_beam(beam_of(otp28));
  REQUIRE(l.module);
  CHECK(atom_text(l.module->name) == "lists");
}

TEST_CASE("opcodes newer than OTP 25 are known by name and refused") {
  std::string bytes = lists_beam();
  size_t code = bytes.find("Code");
  size_t first = code + 8 + 4 + 16;
  for (auto [opcode, name] : {std::pair{182, "bs_match"}, std::pair{184, "debug_line"}}) {
    std::string file = bytes;
    file[first] = char(opcode);
    uint8_t* max = reinterpret_cast<uint8_t*>(file.data() + code + 8 + 8);  // opcode_max
    max[0] = 0, max[1] = 0, max[2] = 0, max[3] = uint8_t(opcode);
    CHECK(loader::load_beam(file).error.find(name) != std::string::npos);
  }
}

TEST_CASE("allocate leaves its slots unset only when the next instructions set them all") {
  // Compact operands below 16: the value in the high nibble, the tag (x 3, y 4, u 0, f 5,
  // extended 7 with 1 = list) in the low one.
  constexpr char move = 64, init_yregs = char(172), call = 4;
  auto x = [](int i) { return char(i << 4 | 3); };
  auto y = [](int i) { return char(i << 4 | 4); };
  auto list = [](int n) { return std::string{char(0x17), char(n << 4)}; };
  auto after = [](const std::string& code, uint64_t slots) {
    Arena bignums;
    auto bytes = reinterpret_cast<const uint8_t*>(code.data());
    return loader::slots_set_after_allocate(loader::CompactReader(bytes, bytes + code.size(), bignums),
                                            slots);
  };
  std::string move_x0_y0{move, x(0), y(0)};
  std::string move_x1_y1{move, x(1), y(1)};
  std::string call_f1{call, char(1 << 4), char(1 << 4 | 5)};
  std::string init_y1 = std::string{init_yregs} + list(1) + y(1);

  CHECK(after(move_x0_y0, 1));
  CHECK(after(move_x0_y0 + move_x1_y1, 2));
  CHECK(after(move_x0_y0 + init_y1, 2));
  CHECK(after(init_y1 + move_x0_y0 + call_f1, 2));
  CHECK_FALSE(after(move_x0_y0 + call_f1 + move_x1_y1, 2));  // y1 is unset during the call
  CHECK_FALSE(after(move_x0_y0, 2));
  CHECK_FALSE(after(std::string{move, y(0), y(1)} + move_x0_y0, 2));  // reads a slot
  CHECK_FALSE(after(move_x0_y0.substr(0, 2), 1));                     // truncated
  CHECK_FALSE(after("", 1));
  CHECK_FALSE(after(move_x0_y0, 0));
}

TEST_CASE("a label after the last instruction is refused once anything refers to it") {
  auto chunks = chunks_of(lists_beam());
  std::string *code = nullptr, *expt = nullptr;
  for (auto& [id, data] : chunks) {
    if (id == "Code") code = &data;
    if (id == "ExpT") expt = &data;
  }
  REQUIRE((code && expt));
  REQUIRE(code->back() == 3);  // int_code_end
  auto get_u32 = [](const std::string& s, size_t at) {
    return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 |
           uint32_t(uint8_t(s[at + 2])) << 8 | uint32_t(uint8_t(s[at + 3]));
  };
  auto set_u32 = [](std::string& s, size_t at, uint32_t v) {
    for (int k = 0; k < 4; k++) s[at + k] = char(v >> (24 - 8 * k));
  };
  // A new label, the module's last, just before int_code_end: `label` is opcode 1 and its
  // operand a compact unsigned of two bytes.
  uint32_t label = get_u32(*code, 12);  // label_count: labels are numbered below it
  REQUIRE((label >= 16 && label < 2048));
  code->insert(code->size() - 1, {char(1), char(((label >> 3) & 0xE0) | 0x08), char(label & 0xFF)});
  set_u32(*code, 12, label + 1);
  CHECK(loader::load_beam(beam_of(chunks)).module);  // harmless while nothing refers to it

  set_u32(*expt, 4 + 8, label);  // the first export's label
  loader::Loaded l = loader::load_beam(beam_of(chunks));
  CHECK_FALSE(l.module);
  CHECK(l.error.find("export of a label after the last instruction") != std::string::npos);
}

TEST_CASE("code that ends with an instruction that falls through is refused") {
  auto chunks = chunks_of(lists_beam());
  std::string* code = nullptr;
  for (auto& [id, data] : chunks)
    if (id == "Code") code = &data;
  REQUIRE(code);
  REQUIRE(code->back() == 3);  // int_code_end
  CHECK(loader::load_beam(beam_of(chunks)).module);
  // move {x,0} {x,1} (opcode 64; x registers are compact tag 3) after the last return.
  code->insert(code->size() - 1, {char(64), char(0x03), char(0x13)});
  loader::Loaded l = loader::load_beam(beam_of(chunks));
  CHECK_FALSE(l.module);
  CHECK(l.error.find("falls through") != std::string::npos);
}

TEST_CASE("a .beam that inflates to over 1 GiB is refused before it is held in memory") {
  // Raw deflate of 1 MiB of zeros ended by a full flush does not refer to anything before it,
  // so repeating it makes a valid stream of 1025 MiB from a few kilobytes. The loader stops
  // counting past 1 GiB, before the end of the stream (which is not even written).
  std::string zeros(1 << 20, '\0'), block(1 << 16, '\0');
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(zeros.data());
  z.avail_in = uInt(zeros.size());
  z.next_out = reinterpret_cast<Bytef*>(block.data());
  z.avail_out = uInt(block.size());
  REQUIRE(deflate(&z, Z_FULL_FLUSH) == Z_OK);
  REQUIRE(z.avail_in == 0);
  block.resize(z.total_out);
  deflateEnd(&z);
  std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);  // gzip header, no name
  for (int k = 0; k < 1025; k++) gz += block;
  loader::Loaded l = loader::load_beam(gz);
  CHECK_FALSE(l.module);
  CHECK(l.error == "gzip chunk, offset 0: inflates to over 1 GiB");
}

TEST_CASE("deleting then purging an installed module takes its code from its exports and funs") {
  loader::Loaded l = loader::load_beam(lists_beam());
  REQUIRE(l.module);
  const Module* m = l.module.get();
  Term name = m->name;
  REQUIRE_FALSE(m->lambdas.empty());
  Export* e = m->exports.at(0);
  FunEntry* f = m->lambdas.at(0);
  module_install(std::move(l.module));
  CHECK(module_current(name) == m);
  CHECK(e->code.get() != nullptr);
  CHECK(f->code.get() != nullptr);
  CHECK_FALSE(module_purge(name));  // no old code yet
  CHECK(module_delete(name) == DeleteOutcome::deleted);
  CHECK(module_current(name) == nullptr);
  CHECK(e->code.get() == nullptr);
  CHECK(f->code.get() != nullptr);  // the old code still runs for whoever is in it
  CHECK(module_delete(name) == DeleteOutcome::not_purged);
  CHECK(module_purge(name));
  CHECK(f->code.get() == nullptr);
  CHECK_FALSE(module_purge(name));
}
