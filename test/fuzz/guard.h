// Keeps the input being run where a dying process can still write it out. A crash (a fatal
// signal, a sanitizer report, abort from a broken invariant, the VM calling exit) or a run that
// takes longer than the timeout leaves the input in DIR/crash-HASH or DIR/timeout-HASH, and
// prints how to replay it.
#pragma once

#include <string>

namespace ember::fuzz {

// `save_dir` empty: nothing is written (replaying a file that is already saved).
void guard_install(const std::string& target, const std::string& save_dir, unsigned timeout_seconds);
// `label` names the input in messages; the input must stay alive until guard_end.
void guard_begin(const std::string& input, const std::string& label);
void guard_end();

}  // namespace ember::fuzz
