// Which operating system the platform layer is built for, named once. The phones differ from
// Linux where an app's sandbox does: iOS lets an app start no other program (no fork or exec)
// and has no /proc; Android's apps log to logcat, where their standard error goes nowhere.
#pragma once

#if defined(__APPLE__)
#include <TargetConditionals.h>
#endif

#if defined(__APPLE__) && TARGET_OS_IPHONE
#define EMBER_IOS 1
#else
#define EMBER_IOS 0
#endif

#if defined(__ANDROID__)
#define EMBER_ANDROID 1
#else
#define EMBER_ANDROID 0
#endif

#include <fcntl.h>
#include <unistd.h>

namespace ember::platform {

// A pipe whose ends are closed on exec. Apple's systems have no pipe2.
inline int pipe_cloexec(int ends[2]) {
#if defined(__APPLE__)
  if (pipe(ends) != 0) return -1;
  fcntl(ends[0], F_SETFD, FD_CLOEXEC);
  fcntl(ends[1], F_SETFD, FD_CLOEXEC);
  return 0;
#else
  return pipe2(ends, O_CLOEXEC);
#endif
}

}  // namespace ember::platform
