// Binding built-in NIFs over the stubs of real preloaded modules: the code right after each
// stub's func_info becomes a call_nif of the NIF's own entry, and nothing else changes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bif/bif.h"
#include "loader/code_path.h"
#include "loader/load.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/code/instr.h"
#include "vm/code/interp.h"
#include "vm/code/module.h"
#include "vm/code/nif.h"

using namespace ember;

namespace {

std::unique_ptr<Module> preloaded(const char* name) {
  static bool registered = (register_bifs(), true);
  (void)registered;
  for (const std::string& dir : loader::otp_code_path(loader::find_otp_root(""))) {
    std::string bytes;
    if (dir.find("/erts-") == std::string::npos || !platform::read_file(dir + "/" + name + ".beam", bytes)) continue;
    loader::Loaded l = loader::load_beam(bytes);
    REQUIRE(l.module);
    return std::move(l.module);
  }
  FAIL("no " << name << ".beam in the OTP tree");
  return nullptr;
}

const Word* after_func_info(const Module& m, const char* function, uint32_t arity) {
  for (const FunctionInfo& f : m.functions)
    if (f.name == atom_put(function) && f.arity == arity) return m.code.get() + f.start + 4;
  return nullptr;
}

Word handler(Op op) { return Word(uintptr_t(instruction_handlers()[unsigned(op)])); }

}  // namespace

TEST_CASE("prim_file's NIFs are bound over its stubs and its other functions stay as loaded") {
  std::unique_ptr<Module> m = preloaded("prim_file");
  std::vector<Word> before(m->code.get(), m->code.get() + m->code_size);
  REQUIRE(nif_builtin_module(m->name));
  std::string error;
  REQUIRE(nif_bind(*m, &error));
  const Word* open_nif = after_func_info(*m, "open_nif", 2);
  REQUIRE(open_nif);
  CHECK(open_nif[0] == handler(Op::call_nif));
  const Export* e = reinterpret_cast<const Export*>(open_nif[1]);
  CHECK(e->module == atom_put("prim_file"));
  CHECK(e->function == atom_put("open_nif"));
  CHECK(e->arity == 2);
  CHECK(e->bif != nullptr);
  // Exactly two words per NIF changed: the handler and the NIF's entry.
  size_t changed = 0;
  for (size_t w = 0; w < m->code_size; w++) changed += m->code[w] != before[w];
  CHECK(changed == 2 * 33);
}

TEST_CASE("a module lacking a NIF's stub is refused with erts' text, unchanged") {
  std::unique_ptr<Module> m = preloaded("erl_tracer");
  m->name = atom_put("prim_buffer");
  std::vector<Word> before(m->code.get(), m->code.get() + m->code_size);
  std::string error;
  CHECK_FALSE(nif_bind(*m, &error));
  CHECK(error == "Function not found prim_buffer:new/0");
  CHECK(std::vector<Word>(m->code.get(), m->code.get() + m->code_size) == before);
}

TEST_CASE("only the libraries ember has are built in") {
  preloaded("erl_tracer");
  CHECK(nif_builtin_module(atom_put("zlib")));
  CHECK(nif_builtin_module(atom_put("erl_tracer")));
  CHECK_FALSE(nif_builtin_module(atom_put("lists")));
  CHECK_FALSE(nif_builtin_module(atom_put("crypto")));
}
