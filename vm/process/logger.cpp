#include "vm/process/logger.h"

#include <atomic>

#include "platform/log.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/map.h"
#include "vm/process/process_table.h"
#include "vm/process/signals.h"
#include "vm/term/term_print.h"

namespace ember {
namespace {

std::atomic<Term> logger_setting{atoms::logger};

}  // namespace

Term set_system_logger(Term logger) {
  if (logger != atoms::logger && logger != atoms::undefined && !is_local_pid(logger)) return THE_NON_VALUE;
  return logger_setting.exchange(logger, std::memory_order_relaxed);
}

// Relaxed: the setting is an immediate term, which carries no other data with it.
Term system_logger() { return logger_setting.load(std::memory_order_relaxed); }

void log_emulator(Process* p, Term level, std::string_view format, Term args) {
  Arena storage;
  Term error_logger_keys[] = {atoms::emulator, atoms::tag};
  Term error_logger_values[] = {atoms::true_, level == atoms::error ? atoms::error : atom_put("warning_msg")};
  Term error_logger = map_from_pairs(storage, error_logger_keys, error_logger_values, 2);
  Term time = make_integer(storage, platform::system_nanos() / 1000);
  // With no group leader (a process spawned by the VM itself), erts leaves gl out.
  Term keys[] = {atoms::error_logger, atoms::pid, atoms::time, atoms::gl};
  Term values[] = {error_logger, p->pid, time, p->group_leader};
  Term metadata = map_from_pairs(storage, keys, values, p->group_leader != NIL ? 4 : 3);
  Term event = tuple(storage, atoms::log, level, make_byte_list(storage, format), args, metadata);
  Term setting = system_logger();
  if (setting == atoms::undefined) return;
  Process* logger = setting == atoms::logger ? whereis_name(setting) : process_find(setting);
  if (logger) return deliver_message(logger, p->pid, event);
  std::string text;
  print_term_display(text, event);
  platform::log_error("(no logger present) unexpected logger message: %s", text.c_str());
}

}  // namespace ember
