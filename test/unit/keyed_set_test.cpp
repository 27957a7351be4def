// The set behind a process's links and monitors: it must agree with a plain std::map through
// growth from the small form into the indexed one, removals in any order (the backward shift
// must leave every remaining entry findable), compaction and shrinking back, and it must
// visit its entries in insertion order throughout.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "vm/process/keyed_set.h"

using namespace ember;

namespace {

struct Entry {
  uint64_t k = 0;
  int value = 0;

  using Key = uint64_t;
  Key key() const { return k; }
  static bool same(uint64_t a, uint64_t b) { return a == b; }
  // A poor hash on purpose: many keys share a home slot, so probe runs are long and wrap.
  static uint64_t hash(uint64_t k) { return k & 7; }
  static bool is_empty_key(uint64_t k) { return k == 0; }
};

// `order` is the model's keys in insertion order.
void check_same(KeyedSet<Entry>& set, const std::map<uint64_t, int>& model, const std::vector<uint64_t>& order) {
  REQUIRE(set.size() == model.size());
  for (auto& [k, v] : model) {
    Entry* e = set.find(k);
    REQUIRE(e);
    CHECK(e->value == v);
  }
  std::vector<uint64_t> visited;
  set.for_each([&](const Entry& e) { visited.push_back(e.k); });
  CHECK(visited == order);
}

void erase_from(std::vector<uint64_t>& order, uint64_t k) { order.erase(std::find(order.begin(), order.end(), k)); }

}  // namespace

TEST_CASE("a small keyed set keeps insertion order and refuses duplicates") {
  KeyedSet<Entry> set;
  CHECK(set.empty());
  for (uint64_t k : {5, 3, 9, 1}) CHECK(set.insert(Entry{k, int(k)}));
  CHECK_FALSE(set.insert(Entry{3, 0}));
  CHECK(set.find(3)->value == 3);
  CHECK(set.erase(9));
  CHECK_FALSE(set.erase(9));
  CHECK_FALSE(set.find(0));
  std::vector<uint64_t> order;
  set.for_each([&](const Entry& e) { order.push_back(e.k); });
  CHECK(order == std::vector<uint64_t>{5, 3, 1});
  Entry out;
  CHECK(set.erase(5, &out));
  CHECK(out.value == 5);
  CHECK(set.size() == 2);
}

TEST_CASE("a keyed set agrees with a map through growth, random removals and shrinking") {
  std::mt19937_64 random(7);
  KeyedSet<Entry> set;
  std::map<uint64_t, int> model;
  std::vector<uint64_t> order;
  for (int round = 0; round < 4; round++) {
    size_t target = size_t(10) << (3 * round);  // 10, 80, 640, 5120 entries
    while (model.size() < target) {
      uint64_t k = 1 + random() % (target * 4);
      int v = int(random() % 1000);
      bool added = set.insert(Entry{k, v});
      REQUIRE(added == model.emplace(k, v).second);
      if (added) order.push_back(k);
    }
    check_same(set, model, order);
    // Remove most of them in random order, with lookups of absent keys in between.
    std::vector<uint64_t> keys;
    for (auto& [k, v] : model) keys.push_back(k);
    std::shuffle(keys.begin(), keys.end(), random);
    for (size_t i = 0; i < keys.size() * 9 / 10; i++) {
      REQUIRE(set.erase(keys[i]));
      model.erase(keys[i]);
      erase_from(order, keys[i]);
      CHECK_FALSE(set.find(keys[i]));
      if (i % 64 == 0) check_same(set, model, order);
    }
    check_same(set, model, order);
  }
  while (!order.empty()) {  // oldest first, as a hub's links go when they were made in order
    CHECK(set.erase(order.front()));
    model.erase(order.front());
    order.erase(order.begin());
  }
  CHECK(set.empty());
  check_same(set, model, order);
}
