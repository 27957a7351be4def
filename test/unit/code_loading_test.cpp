// What a call that finds no code does in each code loading mode: the error_handler mode (a VM
// booted with init) hands it to error_handler:undefined_function/3 or undefined_lambda/3, as
// erts does; the on_demand mode (-bare) loads the module itself or raises undef.
#include <catch2/catch.hpp>

#include "bif/bif.h"
#include "loader/code_path.h"
#include "loader/load.h"
#include "platform/os.h"
#include "vm/code/call.h"
#include "vm/code/fun.h"
#include "vm/process/gc.h"
#include "vm/code/interp.h"
#include "vm/code/module.h"

using namespace ember;

namespace {

// OTP's own error_handler module, installed once.
const Word* error_handler_entry(const char* function) {
  static bool installed = [] {
    register_bifs();
    if (module_current(atoms::error_handler)) return true;
    for (const std::string& dir : loader::otp_code_path(loader::find_otp_root(""))) {
      std::string bytes;
      if (!platform::read_file(dir + "/error_handler.beam", bytes)) continue;
      loader::Loaded l = loader::load_beam(bytes);
      REQUIRE(l.module);
      return module_install(std::move(l.module)) == atoms::ok;
    }
    return false;
  }();
  REQUIRE(installed);
  Export* e = export_find(atoms::error_handler, atom_put(function), 3);
  REQUIRE(e);
  return e->code.get();
}

// A closure of a lambda whose module was never loaded.
Term unloaded_closure(Heap& heap, Term module) {
  uint8_t md5[16] = {1};
  FunEntry* fe = fun_entry_put(module, 0, md5, 0, 1, 0, atom_put("-f/1-fun-0-"));
  Word* w = heap.alloc(fun_fixed_words);
  w[0] = make_header(Subtag::fun, fun_fixed_words - 1);
  w[1] = Word(uintptr_t(fe));
  w[2] = NIL;
  return make_boxed(w);
}

struct TestProcess {
  std::unique_ptr<Process> p = process_new();
  ~TestProcess() { gc_free_all(p.get()); }
  Process* get() const { return p.get(); }
  Process* operator->() const { return p.get(); }
};

struct ModeGuard {
  explicit ModeGuard(CodeLoadingMode m) { set_code_loading_mode(m); }
  ~ModeGuard() { set_code_loading_mode(CodeLoadingMode::on_demand); }
};

}  // namespace

TEST_CASE("in the error_handler mode an undefined function goes to error_handler:undefined_function/3") {
  const Word* handler = error_handler_entry("undefined_function");
  REQUIRE(handler);
  ModeGuard mode(CodeLoadingMode::error_handler);
  TestProcess p;
  Term x[max_x_registers];
  Term absent = atom_put("code_loading_test_absent");
  Export* e = export_put(absent, atom_put("f"), 2);
  x[0] = make_small(1), x[1] = make_small(2);
  unsigned arity = 2;
  CHECK(resolve_undefined(p.get(), e, x, &arity) == handler);
  CHECK(arity == 3);
  CHECK(x[0] == absent);
  CHECK(x[1] == atom_put("f"));
  REQUIRE(is_list(x[2]));
  CHECK(head(x[2]) == make_small(1));
  CHECK(head(tail(x[2])) == make_small(2));
  CHECK(tail(tail(x[2])) == NIL);
}

TEST_CASE("in the error_handler mode a fun without code goes to error_handler:undefined_lambda/3") {
  const Word* handler = error_handler_entry("undefined_lambda");
  REQUIRE(handler);
  ModeGuard mode(CodeLoadingMode::error_handler);
  TestProcess p;
  ProcessHeap heap(p.get());
  Term x[max_x_registers];
  Term absent = atom_put("code_loading_test_absent_funs");
  Term fun = unloaded_closure(heap, absent);
  x[0] = atoms::ok;
  unsigned arity = 1;
  CHECK(prepare_fun_call(p.get(), fun, x, &arity) == handler);
  CHECK(arity == 3);
  CHECK(x[0] == absent);
  CHECK(x[1] == fun);
  REQUIRE(is_list(x[2]));
  CHECK(head(x[2]) == atoms::ok);
}

TEST_CASE("in the on_demand mode with no loader an undefined function raises undef") {
  error_handler_entry("undefined_function");
  TestProcess p;
  Term x[max_x_registers];
  Export* e = export_put(atom_put("code_loading_test_absent"), atom_put("g"), 0);
  unsigned arity = 0;
  CHECK(resolve_undefined(p.get(), e, x, &arity) == nullptr);
  CHECK(p->exception.reason == atoms::undef);
}
