#include "platform/file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <new>

namespace ember::platform {
namespace {

int error_of(int result) { return result < 0 ? errno : 0; }

void fill_info(const struct stat& st, FileInfo* info) {
  using T = FileInfo::Type;
  info->type = S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? T::device
               : S_ISDIR(st.st_mode)                      ? T::directory
               : S_ISREG(st.st_mode)                      ? T::regular
               : S_ISLNK(st.st_mode)                      ? T::symlink
                                                          : T::other;
  info->size = uint64_t(st.st_size);
  info->atime = int64_t(st.st_atime);
  info->mtime = int64_t(st.st_mtime);
  info->ctime = int64_t(st.st_ctime);
  info->mode = st.st_mode;
  info->links = st.st_nlink;
  info->major_device = st.st_dev;
  info->minor_device = st.st_rdev;
  info->inode = st.st_ino;
  info->uid = st.st_uid;
  info->gid = st.st_gid;
}

}  // namespace

const char* errno_name(int err) {
  // The same names erts gives: the errno macro's name in lower case; EOPNOTSUPP is ENOTSUP.
  if (err == ENOTSUP) return "enotsup";
#ifdef __GLIBC__
  const char* name = strerrorname_np(err);
  if (!name) return "unknown";
  static thread_local char lower[32];
  size_t k = 0;
  for (; name[k] && k + 1 < sizeof lower; k++) lower[k] = char(std::tolower(static_cast<unsigned char>(name[k])));
  lower[k] = 0;
  return lower;
#else
  switch (err) {
    case ENOENT: return "enoent";
    case EACCES: return "eacces";
    case EEXIST: return "eexist";
    case EISDIR: return "eisdir";
    case ENOTDIR: return "enotdir";
    case ENOTEMPTY: return "enotempty";
    case EINVAL: return "einval";
    case EBADF: return "ebadf";
    case EPERM: return "eperm";
    case ENOSPC: return "enospc";
    case EXDEV: return "exdev";
    case ELOOP: return "eloop";
    case ENAMETOOLONG: return "enametoolong";
    case EROFS: return "erofs";
    case ENOMEM: return "enomem";
    case EIO: return "eio";
    default: return "unknown";
  }
#endif
}

int file_open(const std::string& path, unsigned modes, int* fd) {
  bool read = modes & open_read, write = modes & open_write;
  int flags = O_CLOEXEC | (read && write ? O_RDWR | O_CREAT : write ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY);
  if (modes & open_append) flags = (flags & ~O_TRUNC) | O_APPEND;
  if (modes & open_exclusive) flags |= O_EXCL;
  if (modes & open_sync) flags |= O_SYNC;
  if (modes & open_directory) flags |= O_DIRECTORY;
  int result;
  mode_t mode = (modes & open_directory) ? 0777 : (modes & open_restricted) ? 0640 : 0666;
  do result = ::open(path.c_str(), flags, mode);
  while (result < 0 && errno == EINTR);
  if (result < 0) return errno;
  // Directories open only in directory mode (erts' rule, the same on every OS).
  struct stat st;
  if (!(modes & (open_skip_type_check | open_directory)) && ::fstat(result, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(result);
    return EISDIR;
  }
  *fd = result;
  return 0;
}

int file_close(int fd) { return error_of(::close(fd)); }

int64_t file_read(int fd, void* data, size_t size) {
  ssize_t n;
  do n = ::read(fd, data, size);
  while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : n;
}

int64_t file_write(int fd, const void* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::write(fd, static_cast<const char*>(data) + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    done += size_t(n);
  }
  return int64_t(done);
}

int64_t file_pread(int fd, int64_t offset, void* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, static_cast<char*>(data) + done, size - done, off_t(offset + int64_t(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return done ? int64_t(done) : -errno;
    if (n == 0) break;
    done += size_t(n);
  }
  return int64_t(done);
}

int64_t file_pwrite(int fd, int64_t offset, const void* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pwrite(fd, static_cast<const char*>(data) + done, size - done, off_t(offset + int64_t(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    done += size_t(n);
  }
  return int64_t(done);
}

int file_seek(int fd, SeekFrom from, int64_t offset, int64_t* position) {
  int whence = from == SeekFrom::bof ? SEEK_SET : from == SeekFrom::cur ? SEEK_CUR : SEEK_END;
  if (from == SeekFrom::bof && offset < 0) return EINVAL;
  off_t result = ::lseek(fd, off_t(offset), whence);
  if (result < 0) return errno;
  *position = int64_t(result);
  return 0;
}

int file_sync(int fd, bool data_only) {
#if defined(__linux__)
  if (data_only) return error_of(::fdatasync(fd));
#endif
  (void)data_only;
  return error_of(::fsync(fd));
}

int file_advise(int fd, int64_t offset, int64_t length, Advice advice) {
#if defined(POSIX_FADV_NORMAL)
  int a = advice == Advice::normal       ? POSIX_FADV_NORMAL
          : advice == Advice::random     ? POSIX_FADV_RANDOM
          : advice == Advice::sequential ? POSIX_FADV_SEQUENTIAL
          : advice == Advice::will_need  ? POSIX_FADV_WILLNEED
          : advice == Advice::dont_need  ? POSIX_FADV_DONTNEED
                                         : POSIX_FADV_NOREUSE;
  return ::posix_fadvise(fd, off_t(offset), off_t(length), a);
#else
  (void)fd, (void)offset, (void)length, (void)advice;
  return 0;
#endif
}

int file_allocate(int fd, int64_t offset, int64_t length) {
#if defined(__linux__)
  int r;
  do r = ::fallocate(fd, 0, off_t(offset), off_t(length));
  while (r < 0 && errno == EINTR);
  if (r == 0) return 0;
  if (errno != EOPNOTSUPP && errno != ENOSYS) return errno;
  return ::posix_fallocate(fd, off_t(offset), off_t(length));
#else
  (void)fd, (void)offset, (void)length;
  return ENOTSUP;
#endif
}

int file_truncate(int fd) {
  off_t at = ::lseek(fd, 0, SEEK_CUR);
  if (at < 0) return errno;
  return error_of(::ftruncate(fd, at));
}

int file_info(const std::string& path, bool follow_links, FileInfo* info) {
  struct stat st;
  if ((follow_links ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) < 0) return errno;
  fill_info(st, info);
  info->readable = ::access(path.c_str(), R_OK) == 0;
  info->writable = ::access(path.c_str(), W_OK) == 0;
  return 0;
}

int file_handle_info(int fd, FileInfo* info) {
  struct stat st;
  if (::fstat(fd, &st) < 0) return errno;
  fill_info(st, info);
  // The mode bits of the class (owner, group, other) the process belongs to.
  unsigned bits = st.st_uid == ::geteuid() ? (st.st_mode >> 6) : st.st_gid == ::getegid() ? (st.st_mode >> 3) : st.st_mode;
  info->readable = bits & 4;
  info->writable = bits & 2;
  return 0;
}

int read_whole_file(const std::string& path, std::string& out) {
  int fd;
  if (int err = file_open(path, open_read, &fd)) return err;
  int err = 0;
  try {
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out.reserve(size_t(st.st_size));
    char buffer[65536];
    for (;;) {
      int64_t n = file_read(fd, buffer, sizeof buffer);
      if (n <= 0) {
        err = int(-n);
        break;
      }
      out.append(buffer, size_t(n));
    }
  } catch (const std::bad_alloc&) {
    err = ENOMEM;  // a file larger than memory
  }
  ::close(fd);
  return err;
}

int list_dir(const std::string& path, std::vector<std::string>& names) {
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return errno;
  errno = 0;
  while (struct dirent* e = ::readdir(dir)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    names.emplace_back(e->d_name);
  }
  int err = errno;
  ::closedir(dir);
  return err;
}

int read_link(const std::string& path, std::string& target) {
  std::string buffer(256, '\0');
  for (;;) {
    ssize_t n = ::readlink(path.c_str(), buffer.data(), buffer.size());
    if (n < 0) return errno;
    if (size_t(n) < buffer.size()) {
      target.assign(buffer.data(), size_t(n));
      return 0;
    }
    buffer.resize(buffer.size() * 2);
  }
}

int make_hard_link(const std::string& existing, const std::string& link) { return error_of(::link(existing.c_str(), link.c_str())); }
int make_soft_link(const std::string& existing, const std::string& link) { return error_of(::symlink(existing.c_str(), link.c_str())); }
int rename_file(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) == 0) return 0;
  if (errno == ENOTEMPTY) return EEXIST;
  return from == "/" ? EINVAL : errno;  // OSes disagree on renaming the root; erts says einval
}
int make_dir(const std::string& path) { return error_of(::mkdir(path.c_str(), 0777)); }
int delete_file(const std::string& path) {
  int err = error_of(::unlink(path.c_str()));
  return err == EISDIR ? EPERM : err;  // Linux's answer for a directory; POSIX says eperm
}

int delete_dir(const std::string& path) {
  int err = error_of(::rmdir(path.c_str()));
  // A directory with entries is eexist, whichever of the two the OS says; deleting the
  // current directory is einval.
  if (err == ENOTEMPTY) err = EEXIST;
  struct stat target, cwd;
  if (err == EEXIST && ::stat(path.c_str(), &target) == 0 && ::stat(".", &cwd) == 0 &&
      target.st_ino == cwd.st_ino && target.st_dev == cwd.st_dev)
    return EINVAL;
  return err;
}

int get_cwd(std::string& out) {
  std::string buffer(4096, '\0');
  for (;;) {
    if (::getcwd(buffer.data(), buffer.size())) {
      out.assign(buffer.c_str());
      return 0;
    }
    if (errno != ERANGE) return errno;
    buffer.resize(buffer.size() * 2);
  }
}

int set_cwd(const std::string& path) { return error_of(::chdir(path.c_str())); }
int set_permissions(const std::string& path, uint64_t mode) { return error_of(::chmod(path.c_str(), mode_t(mode))); }
int set_owner(const std::string& path, int64_t uid, int64_t gid) {
  return error_of(::chown(path.c_str(), uid_t(uid), gid_t(gid)));
}

int set_times(const std::string& path, int64_t atime, int64_t mtime) {
  struct timespec times[2] = {{time_t(atime), 0}, {time_t(mtime), 0}};
  return error_of(::utimensat(AT_FDCWD, path.c_str(), times, 0));
}

bool file_exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

bool fd_is_open(int fd) { return ::fcntl(fd, F_GETFL) != -1 || errno != EBADF; }

}  // namespace ember::platform
