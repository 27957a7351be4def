#include "cli/embedding.h"

#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "bif/ember_host.h"
#include "cli/boot.h"
#include "cli/erl_command_line.h"
#include "dist/epmd.h"
#include "loader/code_path.h"
#include "loader/preload.h"
#include "platform/os.h"
#include "platform/thread.h"
#include "vm/process/thread_progress.h"
#include "vm/code/coverage.h"
#include "vm/term/etf.h"
#include "vm/process/heap.h"
#include "vm/process/process_table.h"
#include "vm/process/scheduler.h"
#include "vm/process/signal_server.h"
#include "vm/process/signals.h"
#include "vm/process/vm_exit.h"

struct ember_vm {
  ember::platform::Thread thread;
  std::atomic<int> status{0};
};

namespace ember {
namespace {

// The VM's tables are the program's, as erts' are: one VM per program, started once.
std::atomic<bool> started{false};

// As much stack as a program's main thread gets from glibc.
constexpr size_t vm_stack_bytes = size_t(8) << 20;

void report(char* error, size_t size, const std::string& text) {
  if (size > 0) std::snprintf(error, size, "%s", text.c_str());
}

// erl's launcher tells the programs it starts where they are.
void set_launcher_environment(const std::string& root, const std::string& bindir) {
  platform::set_env("ROOTDIR", root);
  platform::set_env("BINDIR", bindir);
  platform::set_env("EMU", "beam");
  std::string progname;
  if (!platform::get_env("PROGNAME", progname)) platform::set_env("PROGNAME", "erl");
}

std::string ember_ebin(const ember_config& config) {
  return config.ember_ebin ? config.ember_ebin : default_ember_ebin();
}

// erl's command line as the host gives it; with a receiver, ember_host's process is started
// first, from ember's own modules.
std::vector<std::string> command_line(const ember_config& config) {
  std::vector<std::string> words = {"ember"};
  if (config.schedulers) words.insert(words.end(), {"+S", std::to_string(config.schedulers)});
  if (config.receive) words.insert(words.end(), {"-pa", ember_ebin(config), "-s", "ember_host", "start"});
  for (size_t k = 0; k < config.argument_count; k++) words.push_back(config.arguments[k]);
  return words;
}

}  // namespace

// Beside the executable in the build directory; in an install or a bundle, the executable is in
// bin/ and the modules in lib/ember/ebin.
std::string default_ember_ebin() {
  std::string exe = platform::executable_path();
  std::string dir = exe.substr(0, exe.find_last_of('/'));
  std::string built = dir + "/lib/ember/ebin";
  return platform::is_directory(built) ? built : dir + "/../lib/ember/ebin";
}

ember_vm* start_vm(const ember_config& config, bool own_program, char* error, size_t error_size) {
  if (started.exchange(true, std::memory_order_acq_rel)) {
    report(error, error_size, "ember: a VM has already been started in this program");
    return nullptr;
  }
  mark_vm_start();
  std::vector<std::string> words = command_line(config);
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  ErlCommandLine line;
  std::string why;
  if (!parse_erl_command_line(int(words.size()), argv.data(), line, &why)) {
    report(error, error_size, why);
    return nullptr;
  }
  if (line.detached && !own_program) {
    report(error, error_size, "ember: -detached would fork the host program");
    return nullptr;
  }
  for (const std::string& flag : line.unimplemented)
    std::fprintf(stderr, "ember: emulator flag %s is not supported and has no effect\n", flag.c_str());
  std::string root = loader::find_otp_root(config.otp_root ? config.otp_root : line.otp_root);
  if (root.empty()) {
    report(error, error_size, "ember: cannot find the OTP installation (put erl on PATH or give --otp-root)");
    return nullptr;
  }
  if (line.detached) platform::detach_from_terminal();
  // Where erl's launcher starts `epmd -daemon`, ember serves epmd itself, unless one already
  // serves the port (EADDRINUSE: that one goes on serving).
  if (line.distributed && line.start_epmd) dist::epmd_serve({dist::epmd_port(), false});
  std::string bindir = loader::erts_bin_directory(root);
  set_launcher_environment(root, bindir);
  std::string flags_error;
  if (!apply_emulator_flags(line.emulator, &flags_error)) {
    report(error, error_size, flags_error);
    return nullptr;
  }
  register_bifs();
  std::string coverage = platform::getenv_or("EMBER_COVERAGE_DIR", "");
  if (!coverage.empty()) coverage_enable(coverage);
  if (!own_program) set_vm_embedded();
  set_host_receiver(config.receive, config.receive_context);
  if (!boot_otp(root, boot_arguments(root, bindir, line.arguments), &why)) {
    report(error, error_size, why);
    return nullptr;
  }
  if (own_program) forward_sigterm_to_signal_server();
  auto* vm = new ember_vm;
  if (!vm->thread.start([vm] { vm->status.store(run_schedulers(), std::memory_order_relaxed); }, vm_stack_bytes)) {
    report(error, error_size, "ember: cannot start the VM's thread");
    delete vm;
    return nullptr;
  }
  return vm;
}

}  // namespace ember

using namespace ember;

extern "C" ember_vm* ember_start(const ember_config* config, char* error, size_t error_size) {
  return start_vm(*config, false, error, error_size);
}

// The host's thread delivers as the standard-input reader's does (vm/process/port.cpp), holding
// the process it finds as other threads do (vm/process/thread_progress.h).
extern "C" int ember_send(ember_vm*, const char* name, const void* term, size_t size) {
  ProgressGuard guard;
  Arena storage;
  size_t used = 0;
  Term message = etf_decode(storage, std::string_view(static_cast<const char*>(term), size), DecodeOptions{}, &used);
  if (message == THE_NON_VALUE || used != size) return -1;
  Process* target = whereis_name(atom_put(name));
  if (!target) return -2;
  deliver_message(target, NIL, message);
  return 0;
}

// What init:stop/0 sends.
extern "C" void ember_stop(ember_vm*) {
  ProgressGuard guard;
  if (Process* init = whereis_name(atom_put("init"))) {
    Arena storage;
    deliver_message(init, NIL, tuple(storage, atom_put("stop"), atom_put("stop")));
  }
}

extern "C" int ember_wait(ember_vm* vm) {
  vm->thread.join();  // which orders the VM thread's store before this load
  return vm->status.load(std::memory_order_relaxed);
}

extern "C" void ember_release(ember_vm* vm) { delete vm; }
