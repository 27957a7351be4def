// The code index (vm/code/code_index.h): what one update stages appears at once to a reader on
// another thread, and a reader never sees an address undefined while it is being replaced.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "vm/code/code_index.h"

using namespace ember;

namespace {

// Distinct non-null "code" addresses standing for versions 1, 2, ...
const Word* version(Word* base, size_t v) { return base + v; }

}  // namespace

TEST_CASE("an update's addresses appear together, and only when it ends", "[code_index]") {
  static Word code[4];
  CodeAddress a, b;
  {
    CodeUpdate update;
    update.set(a, code + 1);
    update.set(b, code + 1);
    CHECK(update.get(a) == code + 1);
    CHECK(a.get() == nullptr);  // not yet: the update has not ended
  }
  CHECK(a.get() == code + 1);
  CHECK(b.get() == code + 1);
  {
    CodeUpdate update;
    CHECK(update.get(b) == code + 1);  // an update starts from what the last one left
    update.set(a, code + 2);
    CHECK(b.get() == code + 1);
  }
  CHECK(a.get() == code + 2);
  CHECK(b.get() == code + 1);
  {
    CodeUpdate update;
    update.set(b, code + 3);
  }
  CHECK(a.get() == code + 2);  // an address the last update left alone keeps its value
  CHECK(b.get() == code + 3);
}

TEST_CASE("a reader on another thread never sees half an update", "[code_index]") {
  constexpr size_t versions = 20000;
  static Word code[versions + 1];
  CodeAddress a, b;
  {
    CodeUpdate update;
    update.set(a, version(code, 1));
    update.set(b, version(code, 1));
  }
  std::atomic<bool> done{false};
  std::atomic<size_t> mixed{0}, undefined{0}, reads{0};
  auto reader = [&] {
    while (!done.load(std::memory_order_relaxed)) {
      const Word* first = a.get();
      const Word* second = b.get();
      if (!first || !second) undefined++;
      else if (second < first) mixed++;  // b from an older update than the a read before it
      reads++;
    }
  };
  std::thread r1(reader), r2(reader);
  // On a loaded machine the writer could otherwise be done before a reader first runs.
  while (reads.load() < 2) std::this_thread::yield();
  for (size_t v = 2; v <= versions; v++) {
    CodeUpdate update;
    update.set(a, nullptr);  // as a module's old exports go before its new ones come
    update.set(b, nullptr);
    update.set(a, version(code, v));
    update.set(b, version(code, v));
  }
  done = true;
  r1.join();
  r2.join();
  CHECK(reads.load() > 0);
  CHECK(mixed.load() == 0);
  CHECK(undefined.load() == 0);
  CHECK(a.get() == version(code, versions));
  CHECK(b.get() == version(code, versions));
}
