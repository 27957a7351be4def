// The operating system, as the rest of ember sees it: files, standard streams, the clock,
// process exit. Everything that differs between Linux, Android and iOS is behind this door.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ember::platform {

// Reads a whole file; false if it cannot be read.
bool read_file(const std::string& path, std::string& out);
// Creates or replaces a file with `bytes`; false on failure.
bool write_file(const std::string& path, std::string_view bytes);
bool is_directory(const std::string& path);
// Entry names of a directory (not "." or ".."); empty if it cannot be read.
std::vector<std::string> list_directory(const std::string& path);

// Writes all of `bytes` to a file descriptor (1 = stdout, 2 = stderr), retrying short writes.
bool write_fd(int fd, std::string_view bytes);

// Ends the whole program now with `status`, after flushing what ember buffered.
[[noreturn]] void exit_process(int status);

// Runs a command and returns its standard output (used once at start-up to ask `erl` where
// OTP lives); empty on failure.
std::string command_output(const std::string& command);

std::string getenv_or(const char* name, const std::string& fallback);

}  // namespace ember::platform

namespace ember::platform {

// The absolute, symlink-free path of a command found on PATH, or empty.
std::string resolve_command(const std::string& name);

}  // namespace ember::platform

namespace ember::platform {

// The running executable's absolute path.
std::string executable_path();

// A write to a pipe whose reader is gone fails with EPIPE instead of ending the VM, as in erts.
void ignore_broken_pipes();

// erl -detached: the program goes on in a new session, in the background, with its standard
// input and output on /dev/null, while the command returns at once with status 0.
void detach_from_terminal();

}  // namespace ember::platform

namespace ember::platform {

// The environment, as os:getenv/putenv see it.
bool get_env(const std::string& name, std::string& value);
bool set_env(const std::string& name, const std::string& value);
bool unset_env(const std::string& name);
std::vector<std::pair<std::string, std::string>> environment();
long process_id();

}  // namespace ember::platform

namespace ember::platform {

// Calendar time of day, as Erlang's {{Y, M, D}, {H, Mi, S}}.
struct CivilTime {
  int64_t year;
  int month, day, hour, minute, second;
};

int64_t system_nanos();     // nanoseconds since 1970-01-01 UTC
int64_t monotonic_nanos();  // nanoseconds since an arbitrary fixed point; never goes back
int64_t cpu_time_nanos();   // CPU time used by the whole program, all threads
void sleep_millis(int64_t ms);  // blocks the calling thread
unsigned cpu_count();       // logical processors online, at least 1

// The operating system as uname(2) names it: its name in lower case ("linux", "darwin") and
// the leading numbers of its release ("6.1.0-13-amd64" gives 6, 1, 0; missing ones are 0).
struct OsIdentity {
  std::string name;
  int release[3];
};
OsIdentity os_identity();

// The malloc() implementation ember allocates through: "glibc" and its version, or "undefined"
// with no version where it cannot be told.
struct MallocIdentity {
  std::string name;
  std::vector<int> version;
};
MallocIdentity malloc_identity();
// The local civil time of a POSIX second, in the system's time zone.
CivilTime local_from_posix(int64_t seconds);
// The local time of a POSIX second as C's ctime() writes it: "Fri Dec  4 07:55:50 2026\n".
std::string ctime_text(int64_t seconds);
// The POSIX second of a local civil time; false if it does not exist there.
bool posix_from_local(const CivilTime& local, int64_t* seconds);

}  // namespace ember::platform
