// Target `beam`: a .beam file through the whole load path (container, chunks, literals, code
// translation), then, if it loads, the module installed, looked up, deleted and purged.
// A refused file must say why; a loaded one must be consistent: exports and funs point into
// its code, its function and line tables are ordered, the module table finds it and its
// exports, and after delete and purge nothing refers to it (leaks show under LeakSanitizer).
#include <cstring>
#include <string>

#include "bif/bif.h"
#include "loader/code_path.h"
#include "loader/load.h"
#include "platform/os.h"
#include "test/fuzz/beam_mutate.h"
#include "test/fuzz/compress.h"
#include "test/fuzz/fuzz.h"
#include "vm/term/atom.h"
#include "vm/code/module.h"

using namespace ember;
using namespace ember::fuzz;

namespace {

#define CHECK(condition) FUZZ_CHECK("beam", condition)

void check_tables(const Module& m) {
  CHECK(is_atom(m.name));
  CHECK(m.exports.size() == m.export_entries.size());
  CHECK(m.lambdas.size() == m.lambda_entries.size());
  for (size_t k = 0; k < m.exports.size(); k++) {
    CHECK(m.exports[k]->module == m.name);
    CHECK(m.contains(m.export_entries[k]));
    m.function_at(m.export_entries[k]);
    m.line_at(m.export_entries[k]);
  }
  for (size_t k = 0; k < m.lambdas.size(); k++) {
    CHECK(m.lambdas[k]->module == m.name);
    CHECK(m.contains(m.lambda_entries[k]));
  }
  CHECK(!m.on_load || m.contains(m.on_load));
  for (size_t k = 0; k < m.functions.size(); k++) {
    CHECK(m.functions[k].start < m.code_size);
    CHECK(k == 0 || m.functions[k - 1].start < m.functions[k].start);
  }
  for (size_t k = 0; k < m.lines.size(); k++) {
    CHECK(m.lines[k].code_offset <= m.code_size);
    CHECK(m.lines[k].file == no_location || m.lines[k].file < m.files.size());
    CHECK(k == 0 || m.lines[k - 1].code_offset <= m.lines[k].code_offset);
  }
}

// The entry an export has once the module is installed: that of its last ExpT entry.
const Word* installed_entry(const Module& m, const Export* e) {
  const Word* entry = nullptr;
  for (size_t k = 0; k < m.exports.size(); k++)
    if (m.exports[k] == e) entry = m.export_entries[k];
  return entry;
}

void install_and_unload(std::unique_ptr<Module> owned) {
  const Module* m = owned.get();
  Term name = m->name;
  CHECK(!module_current(name) && !module_is_pending(name));
  bool on_load = m->on_load != nullptr;
  module_install(std::move(owned));
  if (on_load) {
    CHECK(module_is_pending(name) && !module_current(name));
    module_finish_on_load(name, true);
  }
  CHECK(module_current(name) == m);
  for (const Export* e : m->exports) {
    CHECK(export_find(name, e->function, e->arity) == e);
    CHECK(e->code.get() == installed_entry(*m, e));
  }
  for (size_t k = 0; k < m->export_entries.size(); k++) CHECK(module_containing(m->export_entries[k]) == m);
  std::vector<FunEntry*> lambdas = m->lambdas;
  std::vector<Export*> exports = m->exports;
  CHECK(module_delete(name) == DeleteOutcome::deleted);
  CHECK(!module_current(name));
  CHECK(module_purge(name));  // m is freed here
  for (const Export* e : exports) CHECK(e->code.get() == nullptr);
  for (const FunEntry* f : lambdas) CHECK(f->code.get() == nullptr);
  CHECK(!module_old(name) && !module_purge(name));
}

std::string read(const std::string& path) {
  std::string bytes;
  platform::read_file(path, bytes);
  return bytes;
}

bool is_beam(const std::string& name) {
  return name.size() > 5 && name.compare(name.size() - 5, 5, ".beam") == 0;
}

// A deterministic sample of the installed OTP: every 12th module of up to 64 KiB in path order,
// and a few chosen for what they hold (BIF calls, an on_load function, many literals).
Corpus otp_seeds() {
  Corpus seeds;
  std::string root = loader::find_otp_root("");
  std::vector<std::string> paths;
  for (const std::string& ebin : loader::otp_code_path(root)) {
    if (ebin.find("/erts-") != std::string::npos) continue;  // lib/*/ebin only
    for (const std::string& path : files_in(ebin))
      if (is_beam(path)) paths.push_back(path);
  }
  size_t small = 0;
  for (const std::string& path : paths) {
    std::string bytes = read(path);
    bool named = false;
    for (const char* chosen : {"/lists.beam", "/crypto.beam", "/unicode_util.beam", "/erl_parse.beam"})
      named |= path.size() > std::strlen(chosen) && path.compare(path.size() - std::strlen(chosen), std::string::npos, chosen) == 0;
    if (named || (bytes.size() <= 64 * 1024 && small++ % 12 == 0)) seeds.push_back(std::move(bytes));
  }
  return seeds;
}

Corpus beam_seeds() {
  static bool bifs = (register_bifs(), true);
  (void)bifs;
  Corpus seeds = otp_seeds();
  // ember's own modules, and the programs of the differential suite (compiled by the build).
  for (const char* dir : {"/lib/ember/ebin", "/fuzz/diff_beams"})
    for (const std::string& path : files_in(binary_dir() + dir))
      if (is_beam(path)) seeds.push_back(read(path));
  // The forms a file can also take: gzip-compressed, and a literal table stored uncompressed.
  size_t n = seeds.size();
  for (size_t k = 0; k < n; k += 16) seeds.push_back(compress(seeds[k], Wrapper::gzip, 6));
  for (size_t k = 5; k < n; k += 16) {
    std::vector<BeamChunk> chunks;
    if (!split_beam(seeds[k], chunks)) continue;
    for (BeamChunk& c : chunks) {
      std::string plain;
      if (c.id == "LitT" && c.data.size() > 4 &&
          inflate_bounded(std::string_view(c.data).substr(4), Wrapper::zlib, size_t(1) << 26, plain))
        c.data = std::string(4, '\0') + plain;
    }
    seeds.push_back(join_beam(chunks));
  }
  return seeds;
}

}  // namespace

int fuzz_beam(const uint8_t* data, size_t size) {
  static bool bifs = (register_bifs(), true);  // the loader checks BIF calls against the table
  (void)bifs;
  loader::Loaded l = loader::load_beam(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!l.module) {
    CHECK(!l.error.empty());
    return 0;
  }
  note_accepted();
  check_tables(*l.module);
  install_and_unload(std::move(l.module));
  return 0;
}

EMBER_FUZZ_TARGET(beam, beam_seeds, mutate_beam, size_t(1) << 20);
