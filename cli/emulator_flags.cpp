#include "cli/emulator_flags.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cctype>
#include <cstring>
#include <string_view>
#include <utility>

#include "platform/os.h"
#include "vm/process/dirty.h"
#include "vm/process/ets_registry.h"
#include "vm/process/scheduler.h"

namespace ember {

namespace {

// A flag's value is the rest of its argument (`+P1024`) or else the next argument.
const char* flag_value(int argc, char** argv, int& i, size_t name_length) {
  const char* rest = argv[i] + 1 + name_length;
  if (*rest) return rest;
  if (i + 1 >= argc) return nullptr;
  return argv[++i];
}

// erts reads numbers with strtol: leading blanks and a sign are accepted, anything after the
// digits is ignored, and an out-of-range or missing number is an error by the range check.
bool parse_count(const char* text, int64_t min, int64_t max, int64_t* out) {
  errno = 0;
  long long n = std::strtoll(text, nullptr, 10);
  if (errno != 0 || n < min || n > max) return false;
  *out = n;
  return true;
}

// `+B` and `+Bd` (or `+B d`) turn erts' break handler off, so that SIGINT ends the VM as the
// signal's default action: ember has no break handler, so that is already what it does.
// `+Bc` and `+Bi` ask for something else and stay unknown flags.
bool is_break_handler_off(int argc, char** argv, int& i) {
  if (std::strcmp(argv[i], "+Bd") == 0) return true;
  if (std::strcmp(argv[i], "+B") != 0) return false;
  if (i + 1 < argc && std::strlen(argv[i + 1]) == 1 && std::strchr("ci", argv[i + 1][0])) return false;
  if (i + 1 < argc && std::strcmp(argv[i + 1], "d") == 0) ++i;
  return true;
}

// `+Mea min` disables erts' own allocators, leaving malloc() alone: ember's one configuration.
bool is_malloc_only(int argc, char** argv, int& i) {
  if (std::strcmp(argv[i], "+Mea") != 0 || i + 1 >= argc || std::strcmp(argv[i + 1], "min") != 0) return false;
  ++i;
  return true;
}

// erts' most schedulers of a kind (ERTS_MAX_NO_OF_SCHEDULERS).
constexpr unsigned max_schedulers = 1024;

// One half of `+S Total:Online`: empty or 0 means the processors online, a negative number
// that many fewer; false if the result is not a count of 1 to max_schedulers.
bool scheduler_count(std::string_view text, unsigned cpus, unsigned* out) {
  if (text.empty()) return *out = cpus, true;
  std::string digits(text);
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(digits.c_str(), &end, 10);
  if (errno != 0 || *end != 0) return false;
  if (n <= 0) n += long(cpus);
  if (n < 1 || n > long(max_schedulers)) return false;
  *out = unsigned(n);
  return true;
}

// `Total[:Online]` of +S (what: "schedulers") and +SDcpu ("dirty CPU schedulers"), with
// erts' defaults: online is the processors online, at most Total.
bool parse_total_online(const char* value, const std::string& what, unsigned* total_out, unsigned* online_out,
                        std::string* error) {
  unsigned cpus = platform::cpu_count();
  std::string_view text = value;
  size_t colon = text.find(':');
  std::string_view total = text.substr(0, colon);
  std::string_view online = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  if (!scheduler_count(total, cpus, total_out)) {
    *error = "bad amount of " + what + " " + std::string(total);
    return false;
  }
  if (!scheduler_count(online, std::min(cpus, *total_out), online_out) || *online_out > *total_out) {
    *error = "bad amount of " + what + " online " + std::string(online) + " (total amount of " + what + " " +
             std::to_string(*total_out) + ")";
    return false;
  }
  return true;
}

FlagOutcome parse_schedulers(const char* value, EmulatorFlags& flags, std::string* error) {
  bool ok = parse_total_online(value, "schedulers", &flags.schedulers, &flags.schedulers_online, error);
  return ok ? FlagOutcome::parsed : FlagOutcome::bad;
}

// The dirty CPU schedulers are capped by the normal schedulers when the VM starts, as erts
// caps them.
FlagOutcome parse_dirty_cpu(const char* value, EmulatorFlags& flags, std::string* error) {
  bool ok = parse_total_online(value, "dirty CPU schedulers", &flags.dirty_cpu, &flags.dirty_cpu_online, error);
  return ok ? FlagOutcome::parsed : FlagOutcome::bad;
}

// +SP and +SDPcpu `P[:Q]` or `:Q`, read as erts reads them (sscanf's "%d:%d", then ":%d"):
// without Q, Q is P but at most 100; without P, P is 100. Neither may be negative.
bool parse_percentages(const char* value, unsigned* total_out, unsigned* online_out) {
  auto number = [](const char* at, const char** end, long* out) {  // as %d: false if no digits
    char* stop = nullptr;
    errno = 0;
    *out = std::strtol(at, &stop, 10);
    *end = stop;
    return stop != at && errno == 0 && *out >= INT32_MIN && *out <= INT32_MAX;
  };
  const char* at = value;
  long total, online = 0;
  bool ok;
  if (number(value, &at, &total)) {
    if (!(*at == ':' && number(at + 1, &at, &online))) online = std::min(total, 100L);
    ok = total >= 0 && online >= 0;
  } else {
    total = 100;
    ok = *value == ':' && number(value + 1, &at, &online) && online >= 0;
  }
  if (!ok) return false;
  *total_out = unsigned(total);
  *online_out = unsigned(online);
  return true;
}

FlagOutcome parse_schedulers_percent(const char* value, EmulatorFlags& flags, std::string* error) {
  if (parse_percentages(value, &flags.schedulers_percent, &flags.schedulers_online_percent)) return FlagOutcome::parsed;
  *error = std::string("bad schedulers percentage specifier ") + value;
  return FlagOutcome::bad;
}

FlagOutcome parse_dirty_cpu_percent(const char* value, EmulatorFlags& flags, std::string* error) {
  if (parse_percentages(value, &flags.dirty_cpu_percent, &flags.dirty_cpu_online_percent)) return FlagOutcome::parsed;
  *error = std::string("bad dirty CPU schedulers percentage specifier ") + value;
  return FlagOutcome::bad;
}

FlagOutcome parse_dirty_io(const char* value, EmulatorFlags& flags, std::string* error) {
  int64_t n;
  if (!parse_count(value, 1, max_schedulers, &n)) {
    *error = std::string("bad number of dirty I/O schedulers ") + value;
    return FlagOutcome::bad;
  }
  flags.dirty_io = unsigned(n);
  return FlagOutcome::parsed;
}

}  // namespace

FlagOutcome parse_emulator_flag(int argc, char** argv, int& i, EmulatorFlags& flags, std::string* error) {
  const char* arg = argv[i];
  if (arg[0] != '+') return FlagOutcome::not_emulator_flag;
  if (arg[1] == 'P') {
    const char* value = flag_value(argc, argv, i, 1);
    if (!value) {
      *error = "Missing argument(s) for '+P'.";
      return FlagOutcome::bad;
    }
    int64_t n;
    if (std::strcmp(value, "legacy") == 0) {
      // erts' older way of allocating pids; the table's size stays as it was
    } else if (parse_count(value, int64_t(min_process_limit), int64_t(max_process_limit), &n)) {
      flags.process_limit = uint64_t(n);
    } else {
      *error = std::string("bad number of processes ") + value;
      return FlagOutcome::bad;
    }
    return FlagOutcome::parsed;
  }
  using Parser = FlagOutcome (*)(const char*, EmulatorFlags&, std::string*);
  static const std::pair<const char*, Parser> named_flags[] = {{"+SDcpu", parse_dirty_cpu},
                                                                {"+SDPcpu", parse_dirty_cpu_percent},
                                                                {"+SDio", parse_dirty_io},
                                                                {"+SP", parse_schedulers_percent}};
  for (auto [name, parse] : named_flags) {
    size_t length = std::strlen(name);
    if (std::strncmp(arg, name, length) != 0) continue;
    const char* value = flag_value(argc, argv, i, length - 1);
    if (!value) {
      *error = std::string("Missing argument(s) for '") + name + "'.";
      return FlagOutcome::bad;
    }
    return parse(value, flags, error);
  }
  if (arg[1] == 'S' && (arg[2] == 0 || arg[2] == ':' || arg[2] == '-' || std::isdigit(static_cast<unsigned char>(arg[2])))) {
    const char* value = flag_value(argc, argv, i, 1);
    if (!value) {
      *error = "Missing argument(s) for '+S'.";
      return FlagOutcome::bad;
    }
    return parse_schedulers(value, flags, error);
  }
  if (std::strncmp(arg, "+pc", 3) == 0) {
    const char* value = flag_value(argc, argv, i, 2);
    if (value && std::strcmp(value, "latin1") == 0) {
      flags.printable_range = PrintableRange::latin1;
    } else if (value && std::strcmp(value, "unicode") == 0) {
      flags.printable_range = PrintableRange::unicode;
    } else {
      *error = std::string("bad range of printable characters: ") + (value ? value : "");
      return FlagOutcome::bad;
    }
    return FlagOutcome::parsed;
  }
  if (std::strcmp(arg, "+ec") == 0) {
    flags.ets_always_compress = true;
    return FlagOutcome::parsed;
  }
  if (is_break_handler_off(argc, argv, i) || is_malloc_only(argc, argv, i)) return FlagOutcome::parsed;
  return FlagOutcome::not_emulator_flag;
}

std::string skip_emulator_flag(int argc, char** argv, int& i) {
  std::string flag = argv[i];
  std::string name = flag.substr(1);
  // Which flags take the next argument as their value: erl's launcher decides by name.
  static const char* const two_word[] = {"a", "A", "C", "e", "i", "n", "P", "Q", "t", "T", "R",
                                         "W", "K", "S", "SP", "SDcpu", "SDPcpu", "SDio", "pc",
                                         "rg", "zdbbl", "zdntgc", "zosrl", "IOt", "IOp", "IOPt",
                                         "IOPp", "IOs"};
  bool takes_value = std::any_of(std::begin(two_word), std::end(two_word),
                                 [&](const char* n) { return name == n; }) ||
                     (name.size() > 1 && std::strchr("MhsJ", name[0]));
  if (name == "B" && i + 1 < argc && std::strlen(argv[i + 1]) == 1 && std::strchr("icd", argv[i + 1][0]))
    takes_value = true;
  if (name == "c" && i + 1 < argc && (std::strcmp(argv[i + 1], "true") == 0 || std::strcmp(argv[i + 1], "false") == 0))
    takes_value = true;
  if (takes_value && i + 1 < argc) flag += std::string(" ") + argv[++i];
  return flag;
}

bool apply_emulator_flags(const EmulatorFlags& flags, std::string* error) {
  // As erts: +SP takes its percentages of what +S gives (by default the processors), once all
  // flags are read, and at least one scheduler of each.
  unsigned cpus = platform::cpu_count();
  unsigned total = flags.schedulers ? flags.schedulers : cpus, online = flags.schedulers ? flags.schedulers_online : cpus;
  if (flags.schedulers_percent != 100 || flags.schedulers_online_percent != 100) {
    total = unsigned(std::max<uint64_t>(uint64_t(total) * flags.schedulers_percent / 100, 1));
    online = unsigned(std::max<uint64_t>(uint64_t(online) * flags.schedulers_online_percent / 100, 1));
    if (total > max_schedulers) {
      *error = "bad schedulers percentage " + std::to_string(flags.schedulers_percent) +
               " (total amount of schedulers " + std::to_string(total) + ")";
      return false;
    }
    if (online > total) {
      *error = "bad schedulers online percentage " + std::to_string(flags.schedulers_online_percent) +
               " (total amount of schedulers " + std::to_string(total) + ", online " + std::to_string(online) + ")";
      return false;
    }
  }
  set_process_limit(flags.process_limit);
  set_printable_range(flags.printable_range);
  ets_set_always_compress(flags.ets_always_compress);
  configure_schedulers(total, online);
  // As erts: the dirty CPU schedulers default to the processors (not to +S), the percentages
  // apply to what that or +SDcpu gives, and the schedulers cap the result (dirty.h).
  unsigned dirty = flags.dirty_cpu ? flags.dirty_cpu : cpus;
  unsigned dirty_online = flags.dirty_cpu ? flags.dirty_cpu_online : cpus;
  auto share = [](unsigned n, unsigned percent) {
    return unsigned(std::clamp<uint64_t>(uint64_t(n) * percent / 100, 1, max_schedulers));
  };
  configure_dirty_schedulers(share(dirty, flags.dirty_cpu_percent), share(dirty_online, flags.dirty_cpu_online_percent),
                             flags.dirty_io);
  return true;
}

}  // namespace ember
