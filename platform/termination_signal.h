// SIGTERM taken as a request rather than death: erts, once running, hands the signal to OTP,
// which stops the system in order (init:stop/0) and exits with status 0.
#pragma once

#include <functional>

namespace ember::platform {

// From now on each SIGTERM calls `on_signal` on a thread of its own, outside the signal handler.
// Programs started later get the default action back when they exec.
void on_termination_signal(std::function<void()> on_signal);

}  // namespace ember::platform
