// The DTrace/SystemTap tag BIFs. ember has no dynamic tracing probes, so these behave as in an
// erts built without them (as Debian's is): tags are not kept, and the arguments are still
// checked, since OTP's own callers rely on both.
#include "bif/bif.h"

namespace ember {

Term erlang_dt_put_tag_1(Process*, Term*) { return atoms::undefined; }
Term erlang_dt_get_tag_0(Process*, Term*) { return atoms::undefined; }
Term erlang_dt_get_tag_data_0(Process*, Term*) { return atoms::undefined; }
Term erlang_dt_prepend_vm_tag_data_1(Process*, Term* a) { return a[0]; }
Term erlang_dt_append_vm_tag_data_1(Process*, Term* a) { return a[0]; }

Term erlang_dt_spread_tag_1(Process* p, Term* a) {
  if (a[0] != atoms::true_ && a[0] != atoms::false_) return badarg(p);
  return atoms::true_;
}

Term erlang_dt_restore_tag_1(Process* p, Term* a) {
  if (a[0] != atoms::true_) return badarg(p);
  return atoms::true_;
}

}  // namespace ember
