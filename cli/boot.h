// Booting OTP as erts does: the preloaded modules are installed, the system processes and
// `erl_init:start(init, BootArgs)` are spawned, and init runs the boot script. From then on
// modules are loaded by OTP's own code_server and error_handler.
#pragma once

#include <string>
#include <vector>

namespace ember {

// Runs the booted VM until it halts; never returns.
[[noreturn]] void boot_otp(const std::string& otp_root, const std::vector<std::string>& boot_args);

}  // namespace ember
