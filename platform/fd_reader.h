// Reading a file descriptor in the background (the fd port driver's input side): each chunk
// read, and finally end of file, is handed to a callback on the reader's own thread.
#pragma once

#include <functional>
#include <string_view>

namespace ember::platform {

// on_data receives each chunk; an empty view means end of file (or a read error).
void start_fd_reader(int fd, std::function<void(std::string_view)> on_data);

}  // namespace ember::platform
