// The mailbox: messages in arrival order, a receive position that a scan moves and a removal
// rewinds, holes left by removals from the middle and closed by compaction without moving the
// receive position or the receive markers off their messages.
#include <catch2/catch.hpp>

#include <vector>

#include "vm/process/signal_queue.h"

using namespace ember;

namespace {

Term msg(int64_t i) { return make_small(i); }

std::vector<int64_t> contents(Mailbox& box) {
  std::vector<int64_t> out;
  box.for_each([&](Term& t) { out.push_back(small_value(t)); });
  return out;
}

// Scans from the start for message i, as a selective receive does, and takes it out.
bool take(Mailbox& box, int64_t i) {
  box.rewind();
  for (Term t; (t = box.current()) != THE_NON_VALUE; box.skip_current())
    if (t == msg(i)) {
      box.remove_current();
      return true;
    }
  box.rewind();
  return false;
}

}  // namespace

TEST_CASE("a mailbox scans in arrival order and rewinds after a removal") {
  Mailbox box;
  CHECK(box.current() == THE_NON_VALUE);
  for (int i = 1; i <= 5; i++) box.append(msg(i));
  CHECK(box.length == 5);
  CHECK(box.current() == msg(1));
  box.skip_current();
  box.skip_current();
  CHECK(box.current() == msg(3));
  box.remove_current();
  CHECK(box.current() == msg(1));  // a removal starts the next receive at the oldest message
  CHECK(contents(box) == std::vector<int64_t>{1, 2, 4, 5});
  CHECK(box.length == 4);
  for (int i : {1, 2, 4, 5}) CHECK(take(box, i));
  CHECK(box.length == 0);
  CHECK(box.current() == THE_NON_VALUE);
  box.append(msg(6));
  CHECK(box.current() == msg(6));
}

TEST_CASE("a mailbox stays correct through removals in any order and compaction") {
  Mailbox box;
  std::vector<int64_t> model;
  int64_t next = 1;
  for (int round = 0; round < 20; round++) {
    for (int k = 0; k < 300; k++) {
      box.append(msg(next));
      model.push_back(next++);
    }
    // Take out every third from the newest end, then the oldest few, as selective receives do.
    for (size_t k = model.size(); k-- > 0;)
      if (k % 3 == 0) {
        REQUIRE(take(box, model[k]));
        model.erase(model.begin() + long(k));
      }
    for (int k = 0; k < 50 && !model.empty(); k++) {
      REQUIRE(take(box, model.front()));
      model.erase(model.begin());
    }
    REQUIRE(contents(box) == model);
    REQUIRE(box.length == model.size());
  }
}

TEST_CASE("appending keeps the receive position and markers on their messages when it compacts") {
  Mailbox box;
  const uint32_t ref[3] = {1, 2, 3};
  for (int i = 1; i <= 24; i++) box.append(msg(i));
  int64_t id = box.reserve_marker();
  box.bind_marker(id, ref);
  for (int i = 25; i <= 32; i++) box.append(msg(i));
  for (int i = 2; i <= 18; i++) REQUIRE(take(box, i));  // holes in the middle of a short queue
  // Mid-scan, the position is on 27 when a message arrives and the full array is compacted.
  box.rewind();
  while (box.current() != msg(27)) box.skip_current();
  box.append(msg(33));
  CHECK(box.current() == msg(27));
  box.skip_current();
  CHECK(box.current() == msg(28));
  box.use_marker(ref);
  CHECK(box.current() == msg(25));
  CHECK(contents(box) == std::vector<int64_t>{1, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33});
}

TEST_CASE("a receive marker stays where the queue ended when it was made") {
  Mailbox box;
  const uint32_t ref[3] = {7, 8, 9};
  for (int i = 1; i <= 40; i++) box.append(msg(i));
  int64_t id = box.reserve_marker();
  box.bind_marker(id, ref);
  for (int i = 41; i <= 50; i++) box.append(msg(i));
  // Older messages go, enough to compact the queue; the marker must still precede 41.
  for (int i = 1; i <= 39; i++) REQUIRE(take(box, i));
  for (int i = 51; i <= 120; i++) box.append(msg(i));
  box.use_marker(ref);
  CHECK(box.current() == msg(41));
  box.clear_marker(ref);
  box.use_marker(ref);  // cleared: no effect
  CHECK(box.current() == msg(41));
  // A marker made on an empty queue comes before everything that arrives after it.
  Mailbox empty;
  id = empty.reserve_marker();
  empty.bind_marker(id, ref);
  empty.append(msg(1));
  empty.append(msg(2));
  empty.skip_current();
  empty.use_marker(ref);
  CHECK(empty.current() == msg(1));
}

TEST_CASE("nested receive markers each keep their place through compaction") {
  Mailbox box;
  const uint32_t refs[3][3] = {{1, 0, 0}, {2, 0, 0}, {3, 0, 0}};
  for (int k = 0; k < 3; k++) {
    for (int i = 1; i <= 20; i++) box.append(msg(k * 100 + i));
    box.bind_marker(box.reserve_marker(), refs[k]);
  }
  for (int i = 1; i <= 20; i++) box.append(msg(300 + i));
  for (int k = 0; k < 3; k++)
    for (int i = 1; i <= 15; i++) REQUIRE(take(box, k * 100 + i));  // compacts on the way
  // Marker k stands before batch k + 1, whose first fifteen are gone but for the last batch's.
  const int64_t expected[3] = {116, 216, 301};
  for (int k = 0; k < 3; k++) {
    box.use_marker(refs[k]);
    CHECK(box.current() == msg(expected[k]));
  }
}
