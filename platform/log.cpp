#include "platform/log.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace ember::platform {

static void vlog(const char* format, va_list args) {
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
