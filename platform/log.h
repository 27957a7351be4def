// Diagnostics to the platform's log (stderr here; logcat on Android).
#pragma once

namespace ember::platform {

// A broken invariant of ember's own: logged, then abort() for a core dump.
[[noreturn]] void fatal(const char* format, ...) __attribute__((format(printf, 1, 2)));
// A problem with what ember was given (its command line, the OTP installation): logged, then
// exit status 1, as erl's launcher ends.
[[noreturn]] void fail(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace ember::platform
