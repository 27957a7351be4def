// prim_file's four BIFs converting file names between Erlang and the OS. ember's native file
// name encoding is UTF-8 (as erts' on Linux, `+fnu`): a name in a binary passes as raw bytes,
// a character list is encoded; names from the OS that are not UTF-8 are reported so that
// prim_file can warn and skip them.
#include <string>

#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/iolist.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

// A possibly deep list of code points (no binaries), encoded as UTF-8; false on anything else
// or a NUL, which no OS name can hold.
bool name_chars(Term t, std::string& out, int depth = 0) {
  if (depth > 10000) return false;
  for (; is_list(t); t = tail(t)) {
    Term c = head(t);
    if (is_list(c) || c == NIL) {
      if (!name_chars(c, out, depth + 1)) return false;
    } else if (is_small(c) && small_value(c) != 0 && is_valid_code_point(small_value(c))) {
      utf8_append(out, uint32_t(small_value(c)));
    } else {
      return false;
    }
  }
  return t == NIL;
}

bool binary_text(Term t, std::string& out) {
  if (!is_binary(t)) return false;
  append_binary_bytes(out, t);
  return true;
}

}  // namespace

Term prim_file_internal_name2native_1(Process* p, Term* a) {
  std::string bytes;
  if (is_binary(a[0])) {
    append_binary_bytes(bytes, a[0]);
    if (bytes.find('\0') != std::string::npos) return badarg(p);
  } else if (!name_chars(a[0], bytes)) {
    return badarg(p);
  }
  bytes.push_back('\0');
  ProcessHeap heap(p);
  return make_binary(heap, bytes);
}

Term prim_file_internal_native2name_1(Process* p, Term* a) {
  std::string bytes;
  if (!binary_text(a[0], bytes)) return badarg(p);
  ProcessHeap heap(p);
  if (utf8_count(bytes) < 0) return tuple(heap, atoms::error, atom_put("warning"));
  return make_char_list(heap, bytes);
}

Term prim_file_internal_normalize_utf8_1(Process* p, Term* a) {
  std::string bytes;
  if (!binary_text(a[0], bytes) || utf8_count(bytes) < 0) return badarg(p);
  ProcessHeap heap(p);
  return make_char_list(heap, bytes);
}

Term prim_file_is_translatable_1(Process* p, Term* a) {
  std::string bytes;
  if (!binary_text(a[0], bytes)) return badarg(p);
  return boolean(utf8_count(bytes) >= 0);
}

}  // namespace ember
