// The `+X` emulator flags of erl's command line: which ember takes, which it steps over with a
// warning, and how many arguments each one uses up.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/emulator_flags.h"

using namespace ember;

namespace {

struct Parsed {
  FlagOutcome outcome;
  int last;  // index of the flag's last argument
  EmulatorFlags flags;
  std::string error;
};

Parsed parse(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  Parsed p{};
  p.last = 0;
  p.outcome = parse_emulator_flag(int(argv.size()), argv.data(), p.last, p.flags, &p.error);
  return p;
}

std::string skip(std::vector<std::string> args, int* last) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  *last = 0;
  return skip_emulator_flag(int(argv.size()), argv.data(), *last);
}

}  // namespace

TEST_CASE("+P sets the process limit, in one argument or two") {
  auto joined = parse({"+P1024", "-noshell"});
  CHECK(joined.outcome == FlagOutcome::parsed);
  CHECK(joined.last == 0);
  CHECK(joined.flags.process_limit == 1024);
  auto split = parse({"+P", "5000", "-noshell"});
  CHECK(split.outcome == FlagOutcome::parsed);
  CHECK(split.last == 1);
  CHECK(split.flags.process_limit == 5000);
}

TEST_CASE("+P with a bad or missing number is an error with erts' message") {
  auto bad = parse({"+P", "1"});
  CHECK(bad.outcome == FlagOutcome::bad);
  CHECK(bad.error == "bad number of processes 1");
  auto missing = parse({"+P"});
  CHECK(missing.outcome == FlagOutcome::bad);
  CHECK(missing.error == "Missing argument(s) for '+P'.");
}

TEST_CASE("+B and +Bd are taken, since ember has no break handler to turn off") {
  CHECK(parse({"+B", "-noshell"}).outcome == FlagOutcome::parsed);
  CHECK(parse({"+Bd"}).outcome == FlagOutcome::parsed);
  auto split = parse({"+B", "d", "-noshell"});
  CHECK(split.outcome == FlagOutcome::parsed);
  CHECK(split.last == 1);
}

TEST_CASE("+Bc and +Bi, which ask for a break handler, are not taken") {
  CHECK(parse({"+Bi"}).outcome == FlagOutcome::not_emulator_flag);
  CHECK(parse({"+B", "c"}).outcome == FlagOutcome::not_emulator_flag);
  int last;
  CHECK(skip({"+B", "c", "-noshell"}, &last) == "+B c");
  CHECK(last == 1);
}

TEST_CASE("+Mea min is taken, since ember allocates through malloc alone; other +Mea values are not") {
  auto min = parse({"+Mea", "min", "-noshell"});
  CHECK(min.outcome == FlagOutcome::parsed);
  CHECK(min.last == 1);
  CHECK(parse({"+Mea", "max"}).outcome == FlagOutcome::not_emulator_flag);
}

TEST_CASE("+pc sets the printable range to latin1 or unicode") {
  CHECK(parse({"+pc", "unicode"}).flags.printable_range == PrintableRange::unicode);
  CHECK(parse({"+pc", "latin1"}).flags.printable_range == PrintableRange::latin1);
  CHECK(parse({"+pcunicode"}).flags.printable_range == PrintableRange::unicode);
  CHECK(parse({"+pcunnnicode"}).error == "bad range of printable characters: unnnicode");
  auto bad = parse({"+pc", "utf8"});
  CHECK(bad.outcome == FlagOutcome::bad);
  CHECK(bad.error == "bad range of printable characters: utf8");
}

TEST_CASE("+SDcpu sets the dirty CPU schedulers and those online; +SDio the dirty I/O ones") {
  auto both = parse({"+SDcpu", "3:2"});
  CHECK(both.outcome == FlagOutcome::parsed);
  CHECK(both.last == 1);
  CHECK(both.flags.dirty_cpu == 3);
  CHECK(both.flags.dirty_cpu_online == 2);
  auto total = parse({"+SDcpu1"});
  CHECK(total.outcome == FlagOutcome::parsed);
  CHECK(total.flags.dirty_cpu == 1);
  CHECK(total.flags.dirty_cpu_online == 1);
  auto io = parse({"+SDio", "7"});
  CHECK(io.outcome == FlagOutcome::parsed);
  CHECK(io.flags.dirty_io == 7);
}

TEST_CASE("+SDPcpu takes percentages as erts reads them") {
  auto both = parse({"+SDPcpu", "50:25"});
  CHECK(both.outcome == FlagOutcome::parsed);
  CHECK(both.last == 1);
  CHECK(both.flags.dirty_cpu_percent == 50);
  CHECK(both.flags.dirty_cpu_online_percent == 25);
  auto total = parse({"+SDPcpu200"});  // online: the same, but at most 100
  CHECK(total.flags.dirty_cpu_percent == 200);
  CHECK(total.flags.dirty_cpu_online_percent == 100);
  auto online = parse({"+SDPcpu", ":30"});
  CHECK(online.flags.dirty_cpu_percent == 100);
  CHECK(online.flags.dirty_cpu_online_percent == 30);
  CHECK(parse({"+SDPcpu", "40:"}).flags.dirty_cpu_online_percent == 40);
  CHECK(parse({"+SDPcpu", "0"}).outcome == FlagOutcome::parsed);  // erts makes that one scheduler
  CHECK(parse({"+SDPcpu", "x"}).error == "bad dirty CPU schedulers percentage specifier x");
  CHECK(parse({"+SDPcpu", "-1"}).outcome == FlagOutcome::bad);
  CHECK(parse({"+SDPcpu", "50:-1"}).outcome == FlagOutcome::bad);
  CHECK(parse({"+SDPcpu"}).error == "Missing argument(s) for '+SDPcpu'.");
}

TEST_CASE("+ec compresses every table") {
  auto ec = parse({"+ec"});
  CHECK(ec.outcome == FlagOutcome::parsed);
  CHECK(ec.flags.ets_always_compress);
  CHECK_FALSE(parse({"+P", "5000"}).flags.ets_always_compress);
}

TEST_CASE("+SP takes percentages of the schedulers as +SDPcpu does") {
  auto both = parse({"+SP", "50:25"});
  CHECK(both.outcome == FlagOutcome::parsed);
  CHECK(both.last == 1);
  CHECK(both.flags.schedulers_percent == 50);
  CHECK(both.flags.schedulers_online_percent == 25);
  auto joined = parse({"+SP300"});
  CHECK(joined.flags.schedulers_percent == 300);
  CHECK(joined.flags.schedulers_online_percent == 100);
  CHECK(parse({"+SP", ":10"}).flags.schedulers_percent == 100);
  CHECK(parse({"+SP", "x"}).error == "bad schedulers percentage specifier x");
  CHECK(parse({"+SP", "-5"}).outcome == FlagOutcome::bad);
  CHECK(parse({"+SP"}).error == "Missing argument(s) for '+SP'.");
}

TEST_CASE("+SDcpu and +SDio out of range are errors with erts' messages") {
  CHECK(parse({"+SDcpu", "2:3"}).error ==
        "bad amount of dirty CPU schedulers online 3 (total amount of dirty CPU schedulers 2)");
  CHECK(parse({"+SDcpu", "2000"}).error == "bad amount of dirty CPU schedulers 2000");
  CHECK(parse({"+SDio", "0"}).error == "bad number of dirty I/O schedulers 0");
  CHECK(parse({"+SDio", "1025"}).outcome == FlagOutcome::bad);
  CHECK(parse({"+SDio"}).error == "Missing argument(s) for '+SDio'.");
}

TEST_CASE("an unknown flag is stepped over with the value erl's launcher gives it") {
  int last;
  CHECK(skip({"+S", "2", "-noshell"}, &last) == "+S 2");
  CHECK(last == 1);
  CHECK(skip({"+sbt", "db", "-noshell"}, &last) == "+sbt db");
  CHECK(last == 1);
  CHECK(skip({"+pad", "x"}, &last) == "+pad");
  CHECK(last == 0);
  CHECK(parse({"-noshell"}).outcome == FlagOutcome::not_emulator_flag);
}
