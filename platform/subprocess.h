// Child programs for spawn ports: started with pipes for their standard input and output, and
// waited for, as erts' spawn driver does it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ember::platform {

struct ChildSpec {
  // {spawn, Command} runs `sh -c "exec Command"`; {spawn_executable, File} runs File itself
  // with `argv` (argv[0] first).
  std::string program;
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::optional<std::string>>> env;  // nullopt: unset it
  std::string cd;           // empty: the VM's working directory
  bool use_stdio = true;    // else the child gets descriptors 3 and 4
  bool stderr_to_stdout = false;
  bool in = true, out = true;  // the VM reads the child's output, writes its input
};

struct Child {
  long pid = -1;
  int from_child = -1;  // read end of the child's output, or -1
  int to_child = -1;    // write end of the child's input, or -1
};

// Starts the child. On failure returns false with *error an errno value (ENOENT, EACCES...):
// a program that cannot be run is found out before the call returns.
bool spawn_child(const ChildSpec& spec, Child* child, int* error);

// Waits for the child to end; returns its exit status as erts reports it (a signal N gives
// 128 + N).
int wait_child(long pid);

void close_fd(int fd);

}  // namespace ember::platform
