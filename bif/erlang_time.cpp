// Calendar time and time units: date/0, time/0, localtime/0, universaltime/0, the conversions
// between them and POSIX seconds, timestamp/0, now/0, convert_time_unit/3, and the os module's
// system_time/0,1 and perf_counter/0.
#include "bif/bif.h"

#include <algorithm>
#include <atomic>

#include "platform/os.h"
#include "vm/process/timer.h"

namespace ember {
namespace {

using platform::CivilTime;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime civil_from_seconds(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int64_t rest = seconds - days * 86400;
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = int(doy - (153 * mp + 2) / 5 + 1);
  int m = int(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d, int(rest / 3600), int(rest / 60 % 60), int(rest % 60)};
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// {{Y, M, D}, {H, Mi, S}} with a valid date and time, as erts checks it.
bool civil_of(Term t, CivilTime& c) {
  if (!is_tuple(t) || tuple_arity(t) != 2) return false;
  Term date = tuple_element(t, 0), time = tuple_element(t, 1);
  if (!is_tuple(date) || tuple_arity(date) != 3 || !is_tuple(time) || tuple_arity(time) != 3) return false;
  for (Term part : {date, time})
    for (Word k = 0; k < 3; k++)
      if (!is_small(tuple_element(part, k))) return false;
  c = {small_value(tuple_element(date, 0)), int(small_value(tuple_element(date, 1))),
       int(small_value(tuple_element(date, 2))), int(small_value(tuple_element(time, 0))),
       int(small_value(tuple_element(time, 1))), int(small_value(tuple_element(time, 2)))};
  static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (c.month < 1 || c.month > 12 || c.day < 1) return false;
  int max_day = days_in[c.month - 1] + (c.month == 2 && leap(c.year));
  return c.day <= max_day && c.hour >= 0 && c.hour < 24 && c.minute >= 0 && c.minute < 60 &&
         c.second >= 0 && c.second < 60;
}

Term civil_term(Heap& heap, const CivilTime& c) {
  return tuple(heap, tuple(heap, make_integer(heap, c.year), make_small(c.month), make_small(c.day)),
               tuple(heap, make_small(c.hour), make_small(c.minute), make_small(c.second)));
}

int64_t now_seconds() { return (platform::system_nanos() / 1000) / 1000000; }

// Parts per second of a time unit, or 0 for an invalid one.
int64_t unit_rate(Term unit) {
  if (is_small(unit) && small_value(unit) > 0) return small_value(unit);
  if (unit == atom_put("second") || unit == atom_put("seconds")) return 1;
  if (unit == atom_put("millisecond") || unit == atom_put("milli_seconds")) return 1000;
  if (unit == atom_put("microsecond") || unit == atom_put("micro_seconds")) return 1000000;
  if (unit == atom_put("nanosecond") || unit == atom_put("nano_seconds") || unit == atom_put("native") ||
      unit == atom_put("perf_counter"))
    return 1000000000;
  return 0;
}

}  // namespace

bool native_to_unit(int64_t native, Term unit, int64_t* out) {
  int64_t rate = unit_rate(unit);
  if (rate == 0) return false;
  __int128 scaled = __int128(native) * rate;
  __int128 q = scaled / 1000000000;
  if (scaled % 1000000000 < 0) q--;  // floor, as erts rounds negative times
  *out = int64_t(q);
  return true;
}

Term erlang_localtime_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return civil_term(heap, platform::local_from_posix(now_seconds()));
}

Term erlang_universaltime_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return civil_term(heap, civil_from_seconds(now_seconds()));
}

Term erlang_date_0(Process* p, Term* a) { return tuple_element(erlang_localtime_0(p, a), 0); }
Term erlang_time_0(Process* p, Term* a) { return tuple_element(erlang_localtime_0(p, a), 1); }

Term erlang_universaltime_to_posixtime_1(Process* p, Term* a) {
  CivilTime c;
  if (!civil_of(a[0], c)) return badarg(p);
  ProcessHeap heap(p);
  return make_integer(heap, days_from_civil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second);
}

Term erlang_posixtime_to_universaltime_1(Process* p, Term* a) {
  if (!is_small(a[0])) return badarg(p);
  ProcessHeap heap(p);
  return civil_term(heap, civil_from_seconds(small_value(a[0])));
}

Term erlang_universaltime_to_localtime_1(Process* p, Term* a) {
  CivilTime c;
  if (!civil_of(a[0], c)) return badarg(p);
  int64_t seconds = days_from_civil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
  ProcessHeap heap(p);
  return civil_term(heap, platform::local_from_posix(seconds));
}

Term erlang_localtime_to_universaltime_2(Process* p, Term* a) {
  CivilTime c;
  int64_t seconds;
  if (!civil_of(a[0], c) || !platform::posix_from_local(c, &seconds)) return badarg(p);
  ProcessHeap heap(p);
  return civil_term(heap, civil_from_seconds(seconds));
}

Term erlang_timestamp_0(Process* p, Term*) {
  int64_t us = (platform::system_nanos() / 1000);
  ProcessHeap heap(p);
  return tuple(heap, make_small(us / 1000000000000), make_small(us / 1000000 % 1000000), make_small(us % 1000000));
}

// erlang:now/0 must never return the same value twice, whichever scheduler calls it: each
// call moves one shared microsecond count strictly forward. Relaxed: the count's own
// modification order is all the guarantee needs, and it agrees with any order between calls.
Term erlang_now_0(Process* p, Term* a) {
  static std::atomic<int64_t> last{0};
  int64_t clock = platform::system_nanos() / 1000;
  int64_t previous = last.load(std::memory_order_relaxed), us;
  do {
    us = std::max(clock, previous + 1);
  } while (!last.compare_exchange_weak(previous, us, std::memory_order_relaxed, std::memory_order_relaxed));
  ProcessHeap heap(p);
  return tuple(heap, make_small(us / 1000000000000), make_small(us / 1000000 % 1000000), make_small(us % 1000000));
}

// The operating system's time, which ember never corrects: the same clock as erlang:system_time.
Term os_system_time_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_integer(heap, platform::system_nanos());
}

Term os_system_time_1(Process* p, Term* a) {
  int64_t t;
  if (!native_to_unit(platform::system_nanos(), a[0], &t)) return badarg(p);
  ProcessHeap heap(p);
  return make_integer(heap, t);
}

// In native units, as erts_internal:perf_counter_unit/0 says.
Term os_perf_counter_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_integer(heap, platform::monotonic_nanos());
}

// Parts per second of native time and of the performance counter; erlang:convert_time_unit/3
// (Erlang code in erlang.erl) asks for them.
Term erts_internal_time_unit_0(Process*, Term*) { return make_small(1000000000); }
Term erts_internal_perf_counter_unit_0(Process*, Term*) { return make_small(1000000000); }

// The offset between system time and monotonic time, in native units (time_offset/0,1).
static int64_t time_offset_ns() {
  int64_t monotonic_ns = monotonic_millis() * 1000000;
  return (platform::system_nanos() / 1000) * 1000 - monotonic_ns;
}

Term erlang_time_offset_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_integer(heap, time_offset_ns());
}

Term erlang_time_offset_1(Process* p, Term* a) {
  int64_t t;
  if (!native_to_unit(time_offset_ns(), a[0], &t)) return badarg(p);
  ProcessHeap heap(p);
  return make_integer(heap, t);
}

// Erlang system time in native units, at the microsecond resolution erts has on Linux.
static int64_t system_time_native() { return (platform::system_nanos() / 1000) * 1000; }

Term erlang_system_time_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return make_integer(heap, system_time_native());
}

Term erlang_system_time_1(Process* p, Term* a) {
  int64_t t;
  if (!native_to_unit(system_time_native(), a[0], &t)) return badarg(p);
  ProcessHeap heap(p);
  return make_integer(heap, t);
}

}  // namespace ember
