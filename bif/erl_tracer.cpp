// The erl_tracer NIF library: OTP's default tracer module, used by erlang:trace/3 with
// {tracer, erl_tracer, State}. Its two functions only decide and deliver: enabled/3 says
// whether the tracer (a pid or port in State) still lives, trace/5 sends it the trace
// message. They work on their own; trace events reach them only once ember traces.
#include "bif/bif.h"
#include "platform/os.h"
#include "vm/term/etf.h"
#include "vm/term/map.h"
#include "vm/process/port.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"

namespace ember {

Term erlang_now_0(Process* p, Term* a);
Term erlang_unique_integer_1(Process* p, Term* a);

Term erl_tracer_enabled_3(Process*, Term* a) {
  // A dead tracer removes the trace point when asked about trace_status; else the event goes.
  Term dead = a[0] == atom_put("trace_status") ? atom_put("remove") : atom_put("discard");
  Term tracer = a[1];
  if (is_local_pid(tracer)) {
    if (!process_find(tracer)) return dead;
  } else if (is_local_port(tracer)) {
    if (!port_exists(tracer)) return dead;
  } else {
    return dead;
  }
  return tracer == a[2] ? atom_put("discard") : atom_put("trace");
}

// trace(Tag, Tracer, Tracee, Message, Options): {trace, Tracee, Tag, Message[, Extra]
// [, MatchSpecResult][, SchedulerId][, Timestamp]} (trace_ts when timestamped; seq_trace
// events are {seq_trace, Label, Info}), sent to the tracer, or term_to_binary'd to a port.
Term erl_tracer_trace_5(Process* p, Term* a) {
  Term tracer = a[1];
  if (!is_local_pid(tracer) && !is_local_port(tracer)) return atoms::ok;
  Term options = is_map(a[4]) ? a[4] : THE_NON_VALUE;
  auto option = [&](const char* key) { return options == THE_NON_VALUE ? THE_NON_VALUE : map_get(options, atom_put(key)); };
  Term items[8];
  size_t n = 0;
  Term extra = option("extra");
  if (extra != THE_NON_VALUE) {
    for (Term t : {atom_put("trace"), a[2], a[0], a[3], extra}) items[n++] = t;
  } else if (a[0] == atom_put("seq_trace")) {
    for (Term t : {atom_put("seq_trace"), a[2], a[3]}) items[n++] = t;
  } else {
    for (Term t : {atom_put("trace"), a[2], a[0], a[3]}) items[n++] = t;
  }
  if (Term ms = option("match_spec_result"); ms != THE_NON_VALUE) items[n++] = ms;
  if (Term id = option("scheduler_id"); id != THE_NON_VALUE) items[n++] = id;
  if (Term kind = option("timestamp"); kind != THE_NON_VALUE) {
    ProcessHeap heap(p);
    Term ts;
    if (kind == atom_put("monotonic")) {
      ts = make_integer(heap, platform::monotonic_nanos());
    } else if (kind == atom_put("strict_monotonic")) {
      Term monotonic = cons(heap, atom_put("monotonic"), NIL);
      ts = tuple(heap, make_integer(heap, platform::monotonic_nanos()), erlang_unique_integer_1(p, &monotonic));
    } else if (kind == atom_put("timestamp")) {
      ts = erlang_now_0(p, nullptr);
    } else if (kind == atom_put("cpu_timestamp")) {
      int64_t us = platform::cpu_time_nanos() / 1000;
      ts = tuple(heap, make_small(us / 1000000000000), make_small(us / 1000000 % 1000000), make_small(us % 1000000));
    } else {
      return atoms::ok;
    }
    items[n++] = ts;
    if (items[0] == atom_put("trace")) items[0] = atom_put("trace_ts");
  }
  ProcessHeap heap(p);
  Term* e;
  Term message = new_tuple(heap, n, &e);
  for (size_t k = 0; k < n; k++) e[k] = items[k];
  if (is_local_port(tracer)) {
    std::string bytes;
    etf_encode(message, EncodeOptions{}, bytes);
    port_write(tracer, bytes);  // a port that died meanwhile is found out by enabled/3
  } else {
    send_message(p, tracer, message);
  }
  return atoms::ok;
}

}  // namespace ember
