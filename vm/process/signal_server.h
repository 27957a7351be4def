// OS signals for OTP: erts sends {notify, sigterm} to the process registered as
// erl_signal_server, where kernel's erl_signal_handler logs it and calls init:stop/0. Before
// kernel registers that name (and in -mode minimal, where it never does) the signal is dropped.
#pragma once

namespace ember {

// Called once at boot, on the main thread.
void forward_sigterm_to_signal_server();

}  // namespace ember
