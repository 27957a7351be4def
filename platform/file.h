// Files and directories for prim_file: thin wrappers over the POSIX calls. Each returns 0 or
// the OS error number (errno), which errno_name() turns into erts' posix atom text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ember::platform {

// "enoent", "eacces"... as erl_posix_msg names them; "unknown" for numbers it does not name.
const char* errno_name(int err);

enum OpenMode : unsigned {
  open_read = 1,
  open_write = 2,
  open_append = 4,
  open_exclusive = 8,
  open_sync = 16,
  open_directory = 32,
  open_skip_type_check = 64,
  open_restricted = 128,  // a file created gets mode 0640 rather than 0666 (crash dumps)
};
int file_open(const std::string& path, unsigned modes, int* fd);
int file_close(int fd);
// Bytes moved (0 at end of file), or -errno.
int64_t file_read(int fd, void* data, size_t size);
int64_t file_write(int fd, const void* data, size_t size);
int64_t file_pread(int fd, int64_t offset, void* data, size_t size);
int64_t file_pwrite(int fd, int64_t offset, const void* data, size_t size);
enum class SeekFrom { bof, cur, eof };
int file_seek(int fd, SeekFrom from, int64_t offset, int64_t* position);
int file_sync(int fd, bool data_only);
enum class Advice { normal, random, sequential, will_need, dont_need, no_reuse };
int file_advise(int fd, int64_t offset, int64_t length, Advice advice);
int file_allocate(int fd, int64_t offset, int64_t length);
int file_truncate(int fd);  // at the current position

struct FileInfo {
  uint64_t size = 0;
  enum class Type { device, directory, regular, symlink, other } type = Type::other;
  bool readable = false, writable = false;
  int64_t atime = 0, mtime = 0, ctime = 0;  // POSIX seconds
  uint64_t mode = 0, links = 0, major_device = 0, minor_device = 0, inode = 0, uid = 0, gid = 0;
};
int file_info(const std::string& path, bool follow_links, FileInfo* info);
int file_handle_info(int fd, FileInfo* info);

int read_whole_file(const std::string& path, std::string& out);
int list_dir(const std::string& path, std::vector<std::string>& names);
int read_link(const std::string& path, std::string& target);
int make_hard_link(const std::string& existing, const std::string& link);
int make_soft_link(const std::string& existing, const std::string& link);
int rename_file(const std::string& from, const std::string& to);
int make_dir(const std::string& path);
int delete_file(const std::string& path);
int delete_dir(const std::string& path);
int get_cwd(std::string& out);
int set_cwd(const std::string& path);
int set_permissions(const std::string& path, uint64_t mode);
int set_owner(const std::string& path, int64_t uid, int64_t gid);
int set_times(const std::string& path, int64_t atime, int64_t mtime);
bool file_exists(const std::string& path);
bool fd_is_open(int fd);

}  // namespace ember::platform
