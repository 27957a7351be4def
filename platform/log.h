// Diagnostics to the platform's log (stderr here; logcat on Android).
#pragma once

namespace ember::platform {

[[noreturn]] void fatal(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char* format, ...) __attribute__((format(printf, 1, 2)));


}  // namespace ember::platform
