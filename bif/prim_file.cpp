// The prim_file NIF library: the file operations under OTP's `file` module. Paths arrive as
// prim_file:internal_name2native/1 made them (a binary ending in NUL); errors are
// {error, PosixAtom}. An open file is a resource (vm/term/resource.h) owned by the process that
// opened it: closing it, or that process exiting, closes the descriptor.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "platform/file.h"
#include "vm/term/binary.h"
#include "vm/term/iolist.h"
#include "vm/term/resource.h"

namespace ember {
namespace {

namespace pf = platform;

struct FileHandle final : Resource {
  std::mutex lock;
  int fd = -1;
  ~FileHandle() override {
    if (fd >= 0) pf::file_close(fd);
  }
};

Term posix_error(Process* p, int err) {
  ProcessHeap heap(p);
  return tuple(heap, atoms::error, atom_put(pf::errno_name(err)));
}

// A path binary: its bytes up to a NUL that only more NULs may follow. Else einval.
int path_of(Term t, std::string& out) {
  if (!is_binary(t)) return EINVAL;
  std::string bytes;
  append_binary_bytes(bytes, t);
  size_t nul = bytes.find('\0');
  if (nul == std::string::npos || bytes.find_first_not_of('\0', nul) != std::string::npos) return EINVAL;
  out = bytes.substr(0, nul);
  return 0;
}

bool get_int(Term t, int64_t* out) {
  if (is_small(t)) {
    *out = small_value(t);
    return true;
  }
  if (is_big(t) && big_size(t) == 1 && big_digits(t)[0] <= uint64_t(INT64_MAX)) {
    *out = big_negative(t) ? -int64_t(big_digits(t)[0]) : int64_t(big_digits(t)[0]);
    return true;
  }
  return false;
}

// An iovec: a proper list of binaries, appended to `out`.
bool iovec_bytes(Term list, std::string& out) {
  for (; is_list(list); list = tail(list)) {
    if (!is_binary(head(list))) return false;
    append_binary_bytes(out, head(list));
  }
  return list == NIL;
}

// The open file a handle names; on failure the NIF's answer is in *fail (badarg for a term that
// is no file, einval for a closed one), as erts' file handle wrapper gives.
std::shared_ptr<FileHandle> handle_of(Process* p, Term t, Term* fail) {
  auto h = resource_get<FileHandle>(t);
  if (h && h->fd >= 0) return h;
  *fail = resource_is(t, resource_file) ? posix_error(p, EINVAL) : badarg(p);
  return nullptr;
}

Term binary_result(Process* p, const std::string& bytes) {
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, make_binary(heap, bytes));
}

// Reads up to `size` bytes with read(buffer) -> bytes or -errno: {ok, Data}, eof, or
// {error, Posix}; a size memory cannot hold is enomem, as in erts.
template <class Read>
Term read_binary(Process* p, int64_t size, Read read) {
  std::unique_ptr<char, decltype(&std::free)> buffer(static_cast<char*>(std::malloc(size_t(std::max<int64_t>(size, 1)))), &std::free);
  if (!buffer) return posix_error(p, ENOMEM);
  int64_t n = read(buffer.get());
  if (n < 0) return posix_error(p, int(-n));
  if (n == 0) return atom_put("eof");
  charge_work(p, uint64_t(n) / 8);
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, make_binary(heap, std::string_view(buffer.get(), size_t(n))));
}

Term file_info_term(Process* p, const pf::FileInfo& info) {
  using T = pf::FileInfo::Type;
  static const char* const types[] = {"device", "directory", "regular", "symlink", "other"};
  const char* access = info.readable && info.writable ? "read_write" : info.readable ? "read" : info.writable ? "write" : "none";
  ProcessHeap heap(p);
  Term* e;
  Term record = new_tuple(heap, 14, &e);
  e[0] = atom_put("file_info");
  e[1] = make_unsigned(heap, info.size);
  e[2] = atom_put(types[int(info.type == T::device ? 0 : info.type == T::directory ? 1 : info.type == T::regular ? 2 : info.type == T::symlink ? 3 : 4)]);
  e[3] = atom_put(access);
  // erts clamps times below its earliest representable file time (-(1 << 62)); no OS gives those.
  e[4] = make_integer(heap, info.atime);
  e[5] = make_integer(heap, info.mtime);
  e[6] = make_integer(heap, info.ctime);
  e[7] = make_unsigned(heap, uint32_t(info.mode));
  e[8] = make_unsigned(heap, uint32_t(info.links));
  e[9] = make_unsigned(heap, uint32_t(info.major_device));
  e[10] = make_unsigned(heap, uint32_t(info.minor_device));
  e[11] = make_unsigned(heap, uint32_t(info.inode));
  e[12] = make_unsigned(heap, uint32_t(info.uid));
  e[13] = make_unsigned(heap, uint32_t(info.gid));
  return record;
}

// A NIF on one path: fn(path) -> errno.
template <class Fn>
Term on_path(Process* p, Term path_term, Fn fn) {
  std::string path;
  if (int err = path_of(path_term, path)) return posix_error(p, err);
  if (int err = fn(path)) return posix_error(p, err);
  return atoms::ok;
}

template <class Fn>
Term on_two_paths(Process* p, Term a, Term b, Fn fn) {
  std::string first, second;
  if (int err = path_of(a, first)) return posix_error(p, err);
  if (int err = path_of(b, second)) return posix_error(p, err);
  if (int err = fn(first, second)) return posix_error(p, err);
  return atoms::ok;
}

Term new_handle(Process* p, int fd) {
  auto h = std::make_shared<FileHandle>();
  h->fd = fd;
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, resource_make(heap, resource_file, p->pid, std::move(h)));
}

}  // namespace

// ---- file handles --------------------------------------------------------------------------

Term prim_file_open_nif_2(Process* p, Term* a) {
  if (a[1] != NIL && !is_list(a[1])) return badarg(p);
  unsigned modes = 0;
  for (Term l = a[1]; is_list(l); l = tail(l)) {
    std::string_view m = is_atom(head(l)) ? atom_text(head(l)) : std::string_view();
    if (m == "read") modes |= pf::open_read;
    else if (m == "write") modes |= pf::open_write;
    else if (m == "exclusive") modes |= pf::open_exclusive;
    else if (m == "append") modes |= pf::open_append;
    else if (m == "sync") modes |= pf::open_sync;
    else if (m == "skip_type_check") modes |= pf::open_skip_type_check;
    else if (m == "directory") modes |= pf::open_directory;
  }
  // append and exclusive open for writing; with neither read nor write, a file opens for reading.
  if (modes & (pf::open_append | pf::open_exclusive)) modes |= pf::open_write;
  else if (!(modes & (pf::open_read | pf::open_write))) modes |= pf::open_read;
  std::string path;
  if (int err = path_of(a[0], path)) return posix_error(p, err);
  int fd;
  if (int err = pf::file_open(path, modes, &fd)) return posix_error(p, err);
  return new_handle(p, fd);
}

Term prim_file_file_desc_to_ref_nif_1(Process* p, Term* a) {
  int64_t fd;
  if (!get_int(a[0], &fd) || fd < INT32_MIN || fd > INT32_MAX) return badarg(p);
  if (!pf::fd_is_open(int(fd))) return posix_error(p, EBADF);
  return new_handle(p, int(fd));
}

Term prim_file_close_nif_1(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  std::lock_guard guard(h->lock);
  int err = pf::file_close(h->fd);
  h->fd = -1;
  resource_release(a[0]);
  return err ? posix_error(p, err) : atoms::ok;
}

Term prim_file_delayed_close_nif_1(Process* p, Term* a) {
  auto h = resource_get<FileHandle>(a[0]);
  if (!h) return badarg(p);
  std::lock_guard guard(h->lock);
  if (h->fd >= 0) pf::file_close(h->fd);
  h->fd = -1;
  resource_release(a[0]);
  return atoms::ok;
}

Term prim_file_read_nif_2(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  if (!is_number(a[1])) return badarg(p);
  int64_t size;
  if (!get_int(a[1], &size) || size < 0) return posix_error(p, EINVAL);
  std::lock_guard guard(h->lock);
  return read_binary(p, size, [&](char* buffer) { return pf::file_read(h->fd, buffer, size_t(size)); });
}

Term prim_file_pread_nif_3(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  if (!is_number(a[1]) || !is_number(a[2])) return badarg(p);
  int64_t offset, size;
  if (!get_int(a[1], &offset) || !get_int(a[2], &size) || offset < 0 || size < 0) return posix_error(p, EINVAL);
  std::lock_guard guard(h->lock);
  return read_binary(p, size, [&](char* buffer) { return pf::file_pread(h->fd, offset, buffer, size_t(size)); });
}

Term prim_file_write_nif_2(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  std::string bytes;
  if (!iovec_bytes(a[1], bytes)) return badarg(p);
  std::lock_guard guard(h->lock);
  int64_t n = pf::file_write(h->fd, bytes.data(), bytes.size());
  charge_work(p, bytes.size() / 8);
  if (n < 0) return posix_error(p, int(-n));
  return atoms::ok;
}

Term prim_file_pwrite_nif_3(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  std::string bytes;
  if (!is_number(a[1]) || !iovec_bytes(a[2], bytes)) return badarg(p);
  int64_t offset;
  if (!get_int(a[1], &offset) || offset < 0) return posix_error(p, EINVAL);
  std::lock_guard guard(h->lock);
  int64_t n = pf::file_pwrite(h->fd, offset, bytes.data(), bytes.size());
  charge_work(p, bytes.size() / 8);
  if (n < 0) return posix_error(p, int(-n));
  return atoms::ok;
}

Term prim_file_seek_nif_3(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  int64_t offset;
  if (!get_int(a[2], &offset)) return badarg(p);
  pf::SeekFrom from;
  if (a[1] == atom_put("bof")) from = pf::SeekFrom::bof;
  else if (a[1] == atom_put("cur")) from = pf::SeekFrom::cur;
  else if (a[1] == atom_put("eof")) from = pf::SeekFrom::eof;
  else return badarg(p);
  std::lock_guard guard(h->lock);
  int64_t position;
  if (int err = pf::file_seek(h->fd, from, offset, &position)) return posix_error(p, err);
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, make_integer(heap, position));
}

Term prim_file_sync_nif_2(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  int64_t data_only;
  if (!get_int(a[1], &data_only) || data_only < INT32_MIN || data_only > INT32_MAX) return badarg(p);
  std::lock_guard guard(h->lock);
  if (int err = pf::file_sync(h->fd, data_only != 0)) return posix_error(p, err);
  return atoms::ok;
}

Term prim_file_advise_nif_4(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  if (!is_number(a[1]) || !is_number(a[2])) return badarg(p);
  int64_t offset, length;
  if (!get_int(a[1], &offset) || !get_int(a[2], &length) || offset < 0 || length < 0) return posix_error(p, EINVAL);
  std::string_view name = is_atom(a[3]) ? atom_text(a[3]) : std::string_view();
  pf::Advice advice;
  if (name == "normal") advice = pf::Advice::normal;
  else if (name == "random") advice = pf::Advice::random;
  else if (name == "sequential") advice = pf::Advice::sequential;
  else if (name == "will_need") advice = pf::Advice::will_need;
  else if (name == "dont_need") advice = pf::Advice::dont_need;
  else if (name == "no_reuse") advice = pf::Advice::no_reuse;
  else return posix_error(p, EINVAL);
  std::lock_guard guard(h->lock);
  if (int err = pf::file_advise(h->fd, offset, length, advice)) return posix_error(p, err);
  return atoms::ok;
}

Term prim_file_allocate_nif_3(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  if (!is_number(a[1]) || !is_number(a[2])) return badarg(p);
  int64_t offset, length;
  if (!get_int(a[1], &offset) || !get_int(a[2], &length) || offset < 0 || length < 0) return posix_error(p, EINVAL);
  std::lock_guard guard(h->lock);
  if (int err = pf::file_allocate(h->fd, offset, length)) return posix_error(p, err);
  return atoms::ok;
}

Term prim_file_truncate_nif_1(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  std::lock_guard guard(h->lock);
  if (int err = pf::file_truncate(h->fd)) return posix_error(p, err);
  return atoms::ok;
}

Term prim_file_get_handle_nif_1(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  int fd = h->fd;
  ProcessHeap heap(p);
  return make_binary(heap, std::string_view(reinterpret_cast<const char*>(&fd), sizeof fd));
}

Term prim_file_read_handle_info_nif_1(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  std::lock_guard guard(h->lock);
  pf::FileInfo info;
  if (int err = pf::file_handle_info(h->fd, &info)) return posix_error(p, err);
  return file_info_term(p, info);
}

// Reads a 32-bit size and a 32-bit position (both big-endian) at an offset, then that many
// bytes from that position: dets' indirect read in one call.
Term prim_file_ipread_s32bu_p32bu_nif_3(Process* p, Term* a) {
  Term fail;
  auto h = handle_of(p, a[0], &fail);
  if (!h) return fail;
  if (!is_number(a[1]) || !is_number(a[2])) return badarg(p);
  int64_t at, max_size;
  if (!get_int(a[1], &at) || !get_int(a[2], &max_size) || at < 0 || max_size >= (int64_t(1) << 31))
    return posix_error(p, EINVAL);
  std::lock_guard guard(h->lock);
  uint8_t pointer[8];
  int64_t n = pf::file_pread(h->fd, at, pointer, sizeof pointer);
  if (n < 0) return posix_error(p, int(-n));
  if (n < int64_t(sizeof pointer)) return atom_put("eof");
  auto u32 = [](const uint8_t* b) { return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3]; };
  uint32_t size = u32(pointer), position = u32(pointer + 4);
  if (int64_t(size) > max_size) return atom_put("eof");
  std::unique_ptr<char, decltype(&std::free)> buffer(static_cast<char*>(std::malloc(std::max<size_t>(size, 1))), &std::free);
  if (!buffer) return posix_error(p, ENOMEM);
  n = pf::file_pread(h->fd, position, buffer.get(), size);
  if (n < 0) return posix_error(p, int(-n));
  ProcessHeap heap(p);
  Term data = n == 0 ? atom_put("eof") : make_binary(heap, std::string_view(buffer.get(), size_t(n)));
  return tuple(heap, atoms::ok, tuple(heap, make_small(size), make_small(position), data));
}

// ---- whole files and the file system -----------------------------------------------------

Term prim_file_read_file_nif_1(Process* p, Term* a) {
  std::string path, bytes;
  if (int err = path_of(a[0], path)) return posix_error(p, err);
  if (int err = pf::read_whole_file(path, bytes)) return posix_error(p, err);
  charge_work(p, bytes.size() / 8);
  return binary_result(p, bytes);
}

Term prim_file_read_info_nif_2(Process* p, Term* a) {
  int64_t follow;
  if (!get_int(a[1], &follow) || follow < INT32_MIN || follow > INT32_MAX) return badarg(p);
  std::string path;
  if (int err = path_of(a[0], path)) return posix_error(p, err);
  pf::FileInfo info;
  if (int err = pf::file_info(path, follow != 0, &info)) return posix_error(p, err);
  return file_info_term(p, info);
}

Term prim_file_list_dir_nif_1(Process* p, Term* a) {
  std::string path;
  if (int err = path_of(a[0], path)) return posix_error(p, err);
  std::vector<std::string> names;
  if (int err = pf::list_dir(path, names)) return posix_error(p, err);
  ProcessHeap heap(p);
  Term list = NIL;
  for (const std::string& name : names) list = cons(heap, make_binary(heap, name), list);
  return tuple(heap, atoms::ok, list);
}

Term prim_file_read_link_nif_1(Process* p, Term* a) {
  std::string path, target;
  if (int err = path_of(a[0], path)) return posix_error(p, err);
  if (int err = pf::read_link(path, target)) return posix_error(p, err);
  return binary_result(p, target);
}

Term prim_file_make_hard_link_nif_2(Process* p, Term* a) { return on_two_paths(p, a[0], a[1], pf::make_hard_link); }
Term prim_file_make_soft_link_nif_2(Process* p, Term* a) { return on_two_paths(p, a[0], a[1], pf::make_soft_link); }
Term prim_file_rename_nif_2(Process* p, Term* a) { return on_two_paths(p, a[0], a[1], pf::rename_file); }
Term prim_file_make_dir_nif_1(Process* p, Term* a) { return on_path(p, a[0], pf::make_dir); }
Term prim_file_del_file_nif_1(Process* p, Term* a) { return on_path(p, a[0], pf::delete_file); }
Term prim_file_del_dir_nif_1(Process* p, Term* a) { return on_path(p, a[0], pf::delete_dir); }
Term prim_file_set_cwd_nif_1(Process* p, Term* a) { return on_path(p, a[0], pf::set_cwd); }

Term prim_file_get_cwd_nif_0(Process* p, Term*) {
  std::string cwd;
  if (int err = pf::get_cwd(cwd)) return posix_error(p, err);
  return binary_result(p, cwd);
}

// Drive letters and short names are Windows' alone; elsewhere erts says enotsup.
Term prim_file_get_device_cwd_nif_1(Process* p, Term* a) {
  int64_t device;
  if (!get_int(a[0], &device) || device < INT32_MIN || device > INT32_MAX) return badarg(p);
  return posix_error(p, ENOTSUP);
}

Term prim_file_altname_nif_1(Process* p, Term* a) {
  std::string path;
  if (int err = path_of(a[0], path)) return posix_error(p, err);
  return posix_error(p, ENOTSUP);
}

Term prim_file_set_permissions_nif_2(Process* p, Term* a) {
  int64_t mode;
  if (!get_int(a[1], &mode) || mode < 0 || mode > UINT32_MAX) return badarg(p);
  return on_path(p, a[0], [&](const std::string& path) { return pf::set_permissions(path, uint64_t(mode)); });
}

Term prim_file_set_owner_nif_3(Process* p, Term* a) {
  int64_t uid, gid;
  if (!get_int(a[1], &uid) || !get_int(a[2], &gid) || uid < INT32_MIN || uid > INT32_MAX || gid < INT32_MIN || gid > INT32_MAX)
    return badarg(p);
  return on_path(p, a[0], [&](const std::string& path) { return pf::set_owner(path, uid, gid); });
}

Term prim_file_set_time_nif_4(Process* p, Term* a) {
  int64_t atime, mtime, ctime;
  if (!get_int(a[1], &atime) || !get_int(a[2], &mtime) || !get_int(a[3], &ctime)) return badarg(p);
  return on_path(p, a[0], [&](const std::string& path) { return pf::set_times(path, atime, mtime); });
}

}  // namespace ember
