// Booting OTP as erts does: the preloaded modules are installed, the system processes and
// `erl_init:start(init, BootArgs)` are spawned, and init runs the boot script. From then on
// modules are loaded by OTP's own code_server and error_handler.
#pragma once

#include <string>
#include <vector>

namespace ember {

// Installs the preloaded modules and spawns the first processes; the schedulers then run the
// boot. False, with *error set, when the OTP tree has no preloaded modules or one fails to load.
bool boot_otp(const std::string& otp_root, const std::vector<std::string>& boot_args, std::string* error);

}  // namespace ember
