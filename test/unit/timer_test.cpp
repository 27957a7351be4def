// A scheduler's timer wheel against a plain model: timers started at any distance (due already,
// within a millisecond, across every level, beyond 2^40 ms), dropped in any order, and the
// clock moved in steps and in jumps that pass many levels at once. Every expiry must give
// exactly the model's due timers, in order of expiry and then of start, and the next expiry
// must be the model's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "vm/process/timer.h"

using namespace ember;

namespace {

// The model: id by (expiry, start order).
using Model = std::map<std::pair<Millis, uint64_t>, uint64_t>;

Millis distance(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0: return -Millis(rng() % 100);              // due already
    case 1: return Millis(rng() % 4);
    case 2: return Millis(rng() % 300);
    case 3: return Millis(rng() % 100000);
    case 4: return Millis(rng() % (Millis(1) << 32));
    default: return Millis(rng() % (Millis(1) << 44));
  }
}

Millis step(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0: return 0;
    case 1: return Millis(rng() % 1000000);
    case 2: return Millis(rng() % (Millis(1) << 36));
    default: return Millis(rng() % 70);
  }
}

void check_next(Timers& timers, const Model& model, Millis now) {
  Millis expected = model.empty() ? -1 : std::max(model.begin()->first.first, now);
  CHECK(timers.next_expiry() == expected);
}

}  // namespace

TEST_CASE("timer wheel fires what a model says, in its order") {
  for (uint64_t seed = 1; seed <= 20; seed++) {
    std::mt19937_64 rng(seed);
    Timers timers(3);
    Model model;
    uint64_t started = 0;
    Millis now = Millis(rng() % (Millis(1) << 30));
    timers.expire(now);
    for (int op = 0; op < 20000; op++) {
      unsigned what = unsigned(rng() % 10);
      if (what < 5) {
        TimerEntry t{};
        t.id = timers.new_id();
        CHECK(t.id % (1u << timer_owner_bits) == 3);
        t.expiry = now + distance(rng);
        model.emplace(std::pair(t.expiry, started++), t.id);
        timers.start(std::move(t));
      } else if (what < 7 && !model.empty()) {
        auto it = std::next(model.begin(), long(rng() % model.size()));
        timers.drop(it->second);
        model.erase(it);
      } else {
        now += step(rng);
        std::vector<uint64_t> expected;
        while (!model.empty() && model.begin()->first.first <= now) {
          expected.push_back(model.begin()->second);
          model.erase(model.begin());
        }
        std::vector<uint64_t> fired;
        for (auto& t : timers.expire(now)) {
          CHECK(t->expiry <= now);
          fired.push_back(t->id);
        }
        REQUIRE(fired == expected);
      }
      if (op % 7 == 0) check_next(timers, model, now);
      REQUIRE(timers.empty() == model.empty());
    }
  }
}

TEST_CASE("timer wheel: a jump over every level fires each timer once") {
  Timers timers;
  std::vector<uint64_t> ids;
  for (Millis e : {Millis(1), Millis(63), Millis(64), Millis(4095), Millis(4096), Millis(1) << 30,
                   (Millis(1) << 44) + 5, Millis(1) << 58}) {
    TimerEntry t{};
    t.id = timers.new_id();
    t.expiry = e;
    ids.push_back(t.id);
    timers.start(std::move(t));
  }
  CHECK(timers.next_expiry() == 1);
  auto first = timers.expire(Millis(1) << 44);
  CHECK(first.size() == 6);
  CHECK(timers.next_expiry() == (Millis(1) << 44) + 5);
  auto rest = timers.expire(Millis(1) << 59);
  REQUIRE(rest.size() == 2);
  CHECK(rest[0]->id == ids[6]);
  CHECK(rest[1]->id == ids[7]);
  CHECK(timers.empty());
  CHECK(timers.next_expiry() == -1);
}
