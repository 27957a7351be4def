// NIF resources: found by their reference while held, freed when released or when their
// owner exits, and a released one still told apart from a reference that never named one.
#include <catch2/catch.hpp>

#include "vm/heap.h"
#include "vm/ref.h"
#include "vm/resource.h"

using namespace ember;

namespace {

struct Counted final : Resource {
  int* alive;
  explicit Counted(int* a) : alive(a) { ++*alive; }
  ~Counted() override { --*alive; }
};

}  // namespace

TEST_CASE("a resource lives until it is released") {
  Arena heap;
  int alive = 0;
  Term ref = resource_make(heap, make_pid(901), std::make_shared<Counted>(&alive));
  CHECK(is_local_ref(ref));
  CHECK(alive == 1);
  CHECK(resource_get<Counted>(ref));
  CHECK_FALSE(resource_released(ref));
  {
    std::shared_ptr<Counted> in_use = resource_get<Counted>(ref);
    resource_release(ref);
    CHECK(alive == 1);  // a call still using it keeps it
  }
  CHECK(alive == 0);
  CHECK_FALSE(resource_find(ref));
  CHECK(resource_released(ref));
  CHECK_FALSE(resource_released(make_ref(heap)));
  CHECK_FALSE(resource_find(make_ref(heap)));
}

TEST_CASE("an owner's exit frees its resources, and only its own") {
  Arena heap;
  int alive = 0;
  Term a = resource_make(heap, make_pid(902), std::make_shared<Counted>(&alive));
  Term b = resource_make(heap, make_pid(902), std::make_shared<Counted>(&alive));
  Term c = resource_make(heap, make_pid(903), std::make_shared<Counted>(&alive));
  resource_set_owner(b, make_pid(903));
  CHECK(alive == 3);
  resource_release_owned_by(make_pid(902));
  CHECK(alive == 2);
  CHECK_FALSE(resource_find(a));
  CHECK(resource_find(b));
  resource_release_owned_by(make_pid(903));
  CHECK(alive == 0);
  CHECK_FALSE(resource_find(c));
}

TEST_CASE("a resource of one type is not another") {
  struct Other final : Resource {};
  Arena heap;
  Term ref = resource_make(heap, make_pid(904), std::make_shared<Other>());
  CHECK_FALSE(resource_get<Counted>(ref));
  CHECK(resource_get<Other>(ref));
  resource_release(ref);
}
