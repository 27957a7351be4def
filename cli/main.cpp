// The `ember` executable. It takes erl's command line and boots OTP as erts does; with -bare
// it runs in ember's own small mode instead: no `init`, modules load on demand from the code
// path, `-s M F [Arg...]` runs in a new process and the VM exits when it returns. `ember epmd`
// and `ember push` are commands of their own (cli/epmd_command.h, cli/push_command.h).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "cli/embedding.h"
#include "cli/epmd_command.h"
#include "cli/push_command.h"
#include "cli/emulator_flags.h"
#include "loader/code_path.h"
#include "loader/preload.h"
#include "platform/log.h"
#include "platform/memory.h"
#include "platform/os.h"
#include "vm/process/vm_exit.h"
#include "vm/code/coverage.h"
#include "vm/process/crash_dump.h"
#include "vm/code/interp.h"
#include "vm/code/literal_areas.h"
#include "vm/code/module.h"
#include "vm/process/scheduler.h"
#include "vm/process/signals.h"
#include "vm/process/spawn.h"
#include "vm/term/term_print.h"

using namespace ember;

namespace {

struct Options {
  bool bare = false;
  std::vector<std::string> pa;
  std::string otp_root;
  std::string module, function;
  std::vector<std::string> args;
  EmulatorFlags emulator;
};

const char* usage =
    "usage: ember [erl's flags and arguments] [--otp-root DIR]\n"
    "       ember -bare [+P Processes] [-pa DIR]... [--otp-root DIR] -s Module [Function [Arg...]]\n"
    "       ember epmd [FLAGS]\n"
    "       ember push [options] NODE BEAM...\n";

// As on erl's command line, a flag's arguments run until the next `-flag` or `+flag`.
bool is_flag(const char* arg) { return arg[0] == '-' || arg[0] == '+'; }

// False on a command line that is wrong; a bad emulator flag value ends the program as erts
// does, with its message and status 1.
bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    std::string error;
    FlagOutcome emulator = parse_emulator_flag(argc, argv, i, o.emulator, &error);
    if (emulator == FlagOutcome::bad) {
      std::fprintf(stderr, "%s\n%s", error.c_str(), usage);
      std::exit(1);
    }
    if (emulator == FlagOutcome::parsed) continue;
    if (a == "-bare") {
      o.bare = true;
    } else if (a == "-pa") {
      while (i + 1 < argc && !is_flag(argv[i + 1])) o.pa.push_back(argv[++i]);
    } else if (a == "--otp-root" && i + 1 < argc) {
      o.otp_root = argv[++i];
    } else if (a == "-s" && i + 1 < argc) {
      o.module = argv[++i];
      o.function = "start";
      if (i + 1 < argc && !is_flag(argv[i + 1])) o.function = argv[++i];
      while (i + 1 < argc && !is_flag(argv[i + 1])) o.args.push_back(argv[++i]);
    } else if (a == "-noshell" || a == "-noinput") {
      continue;  // -bare never has a shell
    } else {
      return false;
    }
  }
  return o.bare && !o.module.empty();
}

Term main_pid = NIL;

void watch_main(Process* p) {
  if (p->pid != main_pid) return;
  if (p->exit_reason == atoms::normal) return request_halt(0);
  std::string text;
  print_term_display(text, p->exit_reason);
  // erts' slogan for a failed boot, and its crash dump
  std::string slogan = "init terminating in do_boot (" + text + ")";
  std::fprintf(stderr, "%s\r\n", slogan.c_str());
  write_crash_dump(slogan);
  request_halt(1);
}

// A list of atoms, built in `heap`.
Term atom_list(Heap& heap, const std::vector<std::string>& words) {
  Term list = NIL;
  for (size_t k = words.size(); k-- > 0;) list = cons(heap, atom_put(words[k]), list);
  return list;
}

// The flags `init:get_arguments/0` reports, as erl's own launcher passes them.
Term init_flags(Heap& heap, const std::string& root) {
  auto flag = [&](const char* name, std::string value) {
    return tuple(heap, atom_put(name), cons(heap, make_char_list(heap, value), NIL));
  };
  Term flags = cons(heap, flag("home", platform::getenv_or("HOME", "/")), NIL);
  flags = cons(heap, flag("progname", "erl"), flags);
  flags = cons(heap, flag("root", root), flags);
  return flags;
}

bool wants_bare(int argc, char** argv) {
  for (int i = 1; i < argc; i++)
    if (std::string(argv[i]) == "-bare") return true;
  return false;
}

std::string otp_root_or_exit(const std::string& override_root) {
  std::string root = loader::find_otp_root(override_root);
  if (root.empty()) platform::fail("ember: cannot find the OTP installation (put erl on PATH or give --otp-root)");
  return root;
}

// erl's command line goes through the embedding API as a host's would; the VM is the program.
[[noreturn]] void run_erl(int argc, char** argv) {
  std::vector<const char*> arguments(argv + 1, argv + argc);
  ember_config config = {};
  config.arguments = arguments.data();
  config.argument_count = arguments.size();
  char error[1024];
  ember_vm* vm = start_vm(config, true, error, sizeof error);
  if (!vm) {
    std::fprintf(stderr, "%s\n", error);
    std::exit(1);
  }
  vm_exit(ember_wait(vm));
}

}  // namespace

int main(int argc, char** argv) {
  platform::ignore_broken_pipes();
  platform::set_out_of_memory_hook([](const char* message) { write_crash_dump(message); });
  if (argc > 1 && std::string(argv[1]) == "epmd") return run_epmd_command(argc - 1, argv + 1);
  if (argc > 1 && std::string(argv[1]) == "push") return run_push_command(argc - 1, argv + 1);
  if (!wants_bare(argc, argv)) run_erl(argc, argv);
  mark_vm_start();
  Options o;
  if (!parse(argc, argv, o)) {
    std::fputs(usage, stderr);
    return 2;
  }
  std::string root = otp_root_or_exit(o.otp_root);
  std::vector<std::string> path = o.pa;
  path.push_back(default_ember_ebin());
  for (std::string& dir : loader::otp_code_path(root)) path.push_back(std::move(dir));
  loader::set_code_path(std::move(path));
  std::vector<Term> preloaded;
  for (const std::string& name : loader::preloaded_module_names(loader::preloaded_directory(root)))
    preloaded.push_back(atom_put(name));
  set_preloaded_modules(std::move(preloaded));
  std::string flags_error;
  if (!apply_emulator_flags(o.emulator, &flags_error)) {
    std::fprintf(stderr, "%s\n%s", flags_error.c_str(), usage);
    return 1;
  }
  register_bifs();
  std::string coverage = platform::getenv_or("EMBER_COVERAGE_DIR", "");
  if (!coverage.empty()) coverage_enable(coverage);
  set_module_loader(loader::load_from_code_path);
  set_exit_observer(watch_main);

  // As erts, a process of its own kills the processes that still run code being purged, and
  // another frees the purged code's literals once no process refers to them.
  SpawnOptions system;
  system.priority = Priority::high;
  spawn_process(nullptr, atom_put("erts_code_purger"), atoms::start, NIL, system);
  set_literal_area_collector(spawn_process(nullptr, atom_put("erts_literal_area_collector"), atoms::start, NIL, system)->pid);

  Arena arguments;
  Term flags = init_flags(arguments, root);
  Term args = cons(arguments, atom_put(o.module),
                   cons(arguments, atom_put(o.function),
                        cons(arguments, atom_list(arguments, o.args), cons(arguments, flags, NIL))));
  Process* main = spawn_process(nullptr, atom_put("ember_bare"), atom_put("run"), args, SpawnOptions{});
  main_pid = main->pid;
  vm_exit(run_schedulers());
}
