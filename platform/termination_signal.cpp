#include "platform/termination_signal.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "platform/fd_reader.h"
#include "platform/target.h"

namespace ember::platform {
namespace {

// The handler may only make async-signal-safe calls: it writes a byte that a reader thread
// turns into the call.
int signal_pipe_in = -1;

void write_signal_byte(int) {
  int saved = errno;
  char byte = 1;
  ssize_t ignored = ::write(signal_pipe_in, &byte, 1);
  (void)ignored;
  errno = saved;
}

}  // namespace

void on_termination_signal(std::function<void()> on_signal) {
  int ends[2];
  if (pipe_cloexec(ends) != 0) return;
  signal_pipe_in = ends[1];
  start_fd_reader(ends[0], [on_signal = std::move(on_signal)](std::string_view bytes) {
    for (size_t k = 0; k < bytes.size(); k++) on_signal();
  });
  struct sigaction action = {};
  action.sa_handler = write_signal_byte;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace ember::platform
