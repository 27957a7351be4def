// The preloaded modules: erts links the modules of its own ebin (erl_init, init, erlang,
// prim_file...) into the emulator; ember reads them from the OTP tree before the first process
// starts, since a booting system cannot load anything until init and erl_prim_loader run.
#pragma once

#include <string>
#include <vector>

#include "vm/term/term.h"

namespace ember::loader {

// The OTP tree's lib/erts-*/ebin, else (in a release) its erts-*/bin/preloaded, or "" if it has
// neither.
std::string preloaded_directory(const std::string& otp_root);
// The OTP tree's erts-*/bin, where erl's launcher says the runtime's programs are.
std::string erts_bin_directory(const std::string& otp_root);

// The modules of `dir` in the order erts links them (the order erlang:pre_loaded/0 shows).
std::vector<std::string> preloaded_module_names(const std::string& dir);

// Loads and installs every module of `dir` as current code without running their on_load
// functions (erl_init calls those itself), and makes them the VM's preloaded modules. False,
// with *error set, if one fails to load.
bool preload_modules(const std::string& dir, std::string* error);

}  // namespace ember::loader
