#include "platform/fd_reader.h"

#include <unistd.h>

#include <cerrno>
#include <thread>

namespace ember::platform {

void start_fd_reader(int fd, std::function<void(std::string_view)> on_data) {
  std::thread([fd, on_data = std::move(on_data)] {
    char buffer[4096];
    for (;;) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        on_data({});
        return;
      }
      on_data(std::string_view(buffer, size_t(n)));
    }
  }).detach();
}

}  // namespace ember::platform
