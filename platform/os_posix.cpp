#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif

#include <cctype>
#include <climits>
#include <csignal>
#include <ctime>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "platform/os.h"
#include "platform/target.h"

namespace ember::platform {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return !in.bad();
}

bool write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  return bool(out);
}

bool is_directory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> list_directory(const std::string& path) {
  std::vector<std::string> names;
  DIR* dir = opendir(path.c_str());
  if (!dir) return names;
  while (dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(dir);
  return names;
}

bool write_fd(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(size_t(n));
  }
  return true;
}

void exit_process(int status) {
  std::fflush(stdout);
  std::fflush(stderr);
#if defined(__SANITIZE_ADDRESS__)
  // _Exit skips the leak check LeakSanitizer runs at exit: run it here (it exits on a leak).
  __lsan_do_leak_check();
#endif
  std::_Exit(status);
}

std::string command_output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

std::string getenv_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : fallback;
}

}  // namespace ember::platform

namespace ember::platform {

std::string resolve_command(const std::string& name) {
  std::string path = getenv_or("PATH", "/usr/bin:/bin");
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string candidate = path.substr(start, end - start) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) {
      char resolved[PATH_MAX];
      if (realpath(candidate.c_str(), resolved)) return resolved;
    }
    start = end + 1;
  }
  return {};
}

}  // namespace ember::platform

namespace ember::platform {

std::string executable_path() {
#if defined(__APPLE__)
  char buffer[PATH_MAX], resolved[PATH_MAX];
  uint32_t size = sizeof buffer;
  if (_NSGetExecutablePath(buffer, &size) != 0) return {};
  return realpath(buffer, resolved) ? resolved : buffer;
#else
  char buffer[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  return n > 0 ? std::string(buffer, size_t(n)) : std::string();
#endif
}

}  // namespace ember::platform

extern char** environ;

namespace ember::platform {

bool get_env(const std::string& name, std::string& value) {
  const char* v = std::getenv(name.c_str());
  if (!v) return false;
  value = v;
  return true;
}

bool set_env(const std::string& name, const std::string& value) {
  return setenv(name.c_str(), value.c_str(), 1) == 0;
}

bool unset_env(const std::string& name) { return unsetenv(name.c_str()) == 0; }

std::vector<std::pair<std::string, std::string>> environment() {
  std::vector<std::pair<std::string, std::string>> vars;
  for (char** e = environ; *e; e++) {
    std::string entry = *e;
    size_t eq = entry.find('=');
    if (eq != std::string::npos) vars.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return vars;
}

long process_id() { return long(getpid()); }


static int64_t clock_nanos(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int64_t system_nanos() { return clock_nanos(CLOCK_REALTIME); }
int64_t monotonic_nanos() { return clock_nanos(CLOCK_MONOTONIC); }

void sleep_millis(int64_t ms) {
  timespec left{time_t(ms / 1000), long(ms % 1000) * 1000000};
  while (nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}
int64_t cpu_time_nanos() { return clock_nanos(CLOCK_PROCESS_CPUTIME_ID); }

unsigned cpu_count() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? unsigned(n) : 1;
}

OsIdentity os_identity() {
  utsname u{};
  OsIdentity id{"unknown", {0, 0, 0}};
  if (uname(&u) != 0) return id;
  id.name = u.sysname;
  for (char& c : id.name) c = char(std::tolower(static_cast<unsigned char>(c)));
  const char* s = u.release;
  for (int& part : id.release) {
    if (!std::isdigit(static_cast<unsigned char>(*s))) break;
    char* end;
    part = int(std::strtol(s, &end, 10));
    if (*end != '.') break;
    s = end + 1;
  }
  return id;
}

MallocIdentity malloc_identity() {
#ifdef __GLIBC__
  return {"glibc", {__GLIBC__, __GLIBC_MINOR__}};
#else
  return {"undefined", {}};
#endif
}

CivilTime local_from_posix(int64_t seconds) {
  time_t t = time_t(seconds);
  tm local{};
  localtime_r(&t, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec};
}

std::string ctime_text(int64_t seconds) {
  time_t t = time_t(seconds);
  char text[64];
  return ctime_r(&t, text) ? text : "";
}

bool posix_from_local(const CivilTime& c, int64_t* seconds) {
  tm local{};
  local.tm_year = int(c.year - 1900);
  local.tm_mon = c.month - 1;
  local.tm_mday = c.day;
  local.tm_hour = c.hour;
  local.tm_min = c.minute;
  local.tm_sec = c.second;
  local.tm_isdst = -1;
  time_t t = mktime(&local);
  if (t == time_t(-1) && !(c.year == 1969 && c.month == 12 && c.day == 31)) return false;
  *seconds = int64_t(t);
  return true;
}

}  // namespace ember::platform

namespace ember::platform {

void ignore_broken_pipes() { std::signal(SIGPIPE, SIG_IGN); }

void detach_from_terminal() {
#if EMBER_IOS
  // No fork on iOS, where nothing runs in a terminal anyway.
#else
  pid_t child = fork();
  if (child < 0) return;  // cannot detach: stay in the foreground
  if (child > 0) _exit(0);
  setsid();
  int null = open("/dev/null", O_RDWR);
  if (null < 0) return;
  for (int fd = 0; fd < 3; fd++) dup2(null, fd);
  if (null > 2) close(null);
#endif
}

}  // namespace ember::platform
