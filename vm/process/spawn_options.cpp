// Options of spawn_opt and spawn_request, for the BIFs and for requests from other nodes.
#include "vm/process/gc_settings.h"
#include "vm/process/scheduler.h"
#include "vm/process/spawn.h"
#include "vm/term/atom.h"

namespace ember {

// {scheduler, N}: binds a process to scheduler N (from 1), or with 0 unbinds it.
bool scheduler_binding(Term value, uint16_t* out) {
  if (!is_small(value) || small_value(value) < 0 || small_value(value) > int64_t(scheduler_count())) return false;
  *out = uint16_t(small_value(value));
  return true;
}

bool parse_spawn_option(Term o, SpawnOptions& out) {
  if (o == atoms::link) out.link = true;
  else if (o == atoms::monitor) out.monitor = true;
  else if (is_tuple(o) && tuple_arity(o) == 2) {
    Term key = tuple_element(o, 0), value = tuple_element(o, 1);
    if (key == atom_put("scheduler")) return scheduler_binding(value, &out.bound_scheduler);
    if (key != atoms::priority) return set_gc_option(out.gc, key, value);
    if (value == atoms::low) out.priority = Priority::low;
    else if (value == atoms::normal) out.priority = Priority::normal;
    else if (value == atoms::high) out.priority = Priority::high;
    else if (value == atoms::max) out.priority = Priority::max;
    else return false;
  } else {
    return false;
  }
  return true;
}

bool parse_spawn_options(Term options, SpawnOptions& out) {
  for (; is_list(options); options = tail(options))
    if (!parse_spawn_option(head(options), out)) return false;
  return options == NIL;
}

}  // namespace ember
