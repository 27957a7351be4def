// The os module's BIFs: the environment, the OS process id, time.
#include "bif/bif.h"
#include "platform/os.h"
#include "vm/term/binary.h"
#include "vm/term/unicode.h"
#include "vm/term/iolist.h"

namespace ember {
namespace {

// Environment names and values are character lists (or binaries, as erts also accepts).
bool env_text(Term t, std::string& out) {
  if (is_binary(t)) {
    append_binary_bytes(out, t);
    return true;
  }
  return char_list_utf8(t, out);
}

}  // namespace

Term os_getenv_1(Process* p, Term* a) {
  std::string name, value;
  if (!env_text(a[0], name)) return badarg(p);
  if (!platform::get_env(name, value)) return atoms::false_;
  ProcessHeap heap(p);
  return utf8_count(value) >= 0 ? make_char_list(heap, value) : make_byte_list(heap, value);
}

Term os_getenv_0(Process* p, Term*) {
  ProcessHeap heap(p);
  Term list = NIL;
  for (auto& [name, value] : platform::environment())
    list = cons(heap, make_char_list(heap, name + "=" + value), list);
  return list;
}

Term os_putenv_2(Process* p, Term* a) {
  std::string name, value;
  if (!env_text(a[0], name) || !env_text(a[1], value) || name.empty() ||
      name.find('=') != std::string::npos || !platform::set_env(name, value))
    return badarg(p);
  return atoms::true_;
}

Term os_unsetenv_1(Process* p, Term* a) {
  std::string name;
  if (!env_text(a[0], name) || !platform::unset_env(name)) return badarg(p);
  return atoms::true_;
}

Term os_getpid_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_byte_list(heap, std::to_string(platform::process_id()));
}

Term os_timestamp_0(Process* p, Term*) {
  int64_t us = platform::system_nanos() / 1000;
  ProcessHeap heap(p);
  return tuple(heap, make_small(us / 1000000000000), make_small(us / 1000000 % 1000000), make_small(us % 1000000));
}

}  // namespace ember
