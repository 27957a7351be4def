#include "platform/log.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "platform/target.h"
#if EMBER_ANDROID
#include <android/log.h>
#endif

namespace ember::platform {

// An Android app's standard error goes nowhere: its messages go to logcat as well.
static void vlog(const char* format, va_list args) {
#if EMBER_ANDROID
  va_list copy;
  va_copy(copy, args);
  __android_log_vprint(ANDROID_LOG_ERROR, "ember", format, copy);
  va_end(copy);
#endif
  std::vfprintf(stderr, format, args);
  std::fputc('\n', stderr);
}

void fatal(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vlog(format, args);
  va_end(args);
  std::abort();
}

void fail(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vlog(format, args);
  va_end(args);
  std::exit(1);
}

void log_error(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vlog(format, args);
  va_end(args);
}

}  // namespace ember::platform
