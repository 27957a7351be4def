#include "platform/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "platform/target.h"

extern char** environ;

namespace ember::platform {

#if EMBER_IOS
// An iOS app may start no other program.
bool spawn_child(const ChildSpec&, Child*, int* error) {
  *error = ENOTSUP;
  return false;
}
#else
namespace {

// The child's environment: the VM's, with the spec's changes.
std::vector<std::string> child_environment(const ChildSpec& spec) {
  std::vector<std::string> env;
  for (char** e = environ; *e; e++) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    bool changed = false;
    for (auto& [n, v] : spec.env) changed = changed || n == name;
    if (!changed) env.push_back(entry);
  }
  for (auto& [name, value] : spec.env)
    if (value) env.push_back(name + "=" + *value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// In the child, between fork and exec: only async-signal-safe calls. A failure is reported
// through `report` (close-on-exec, so a successful exec closes it without a word).
[[noreturn]] void run_child(const ChildSpec& spec, int child_in, int child_out, int report,
                            char** argv, char** envp) {
  int in_slot = spec.use_stdio ? 0 : 3, out_slot = spec.use_stdio ? 1 : 4;
  if (child_in >= 0 && child_in != in_slot) dup2(child_in, in_slot);
  if (child_out >= 0 && child_out != out_slot) dup2(child_out, out_slot);
  if (spec.stderr_to_stdout && child_out >= 0) dup2(out_slot, 2);
  signal(SIGPIPE, SIG_DFL);
  int error = 0;
  if (!spec.cd.empty() && chdir(spec.cd.c_str()) != 0) error = errno;
  if (!error) {
    execve(spec.program.c_str(), argv, envp);
    error = errno;
  }
  ssize_t ignored = write(report, &error, sizeof error);
  (void)ignored;
  _exit(127);
}

}  // namespace

bool spawn_child(const ChildSpec& spec, Child* child, int* error) {
  int to[2] = {-1, -1}, from[2] = {-1, -1}, report[2];
  if ((spec.out && pipe(to) != 0) || (spec.in && pipe(from) != 0) || pipe_cloexec(report) != 0) {
    *error = errno;
    for (int fd : {to[0], to[1], from[0], from[1]}) close_fd(fd);
    return false;
  }
  // Our ends must not leak into other children.
  for (int fd : {to[1], from[0]})
    if (fd >= 0) fcntl(fd, F_SETFD, FD_CLOEXEC);
  std::vector<std::string> args = spec.argv, env = child_environment(spec);
  std::vector<char*> argv = pointers(args), envp = pointers(env);
  pid_t pid = fork();
  if (pid == 0) run_child(spec, to[0], from[1], report[1], argv.data(), envp.data());
  int fork_error = errno;
  close_fd(to[0]);
  close_fd(from[1]);
  close_fd(report[1]);
  int exec_error = 0;
  bool exec_failed = pid > 0 && read(report[0], &exec_error, sizeof exec_error) == sizeof exec_error;
  close_fd(report[0]);
  if (pid < 0 || exec_failed) {
    *error = pid < 0 ? fork_error : exec_error;
    if (exec_failed) waitpid(pid, nullptr, 0);
    close_fd(to[1]);
    close_fd(from[0]);
    return false;
  }
  *child = Child{long(pid), from[0], to[1]};
  return true;
}
#endif

int wait_child(long pid) {
  int status = 0;
  while (waitpid(pid_t(pid), &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

void close_fd(int fd) {
  if (fd >= 0) ::close(fd);
}

}  // namespace ember::platform
