// NIF resources: found by their reference while held, freed when released or when their
// owner exits, and a reference of one kind told apart from others and from plain ones even
// when it names nothing.
#include <catch2/catch.hpp>

#include "vm/process/heap.h"
#include "vm/term/ref.h"
#include "vm/term/resource.h"

using namespace ember;

namespace {

constexpr uint32_t kind = 7, other_kind = 8;

struct Counted final : Resource {
  int* alive;
  explicit Counted(int* a) : alive(a) { ++*alive; }
  ~Counted() override { --*alive; }
};

}  // namespace

TEST_CASE("a resource lives until it is released") {
  Arena heap;
  int alive = 0;
  Term ref = resource_make(heap, kind, make_pid(901), std::make_shared<Counted>(&alive));
  CHECK(is_local_ref(ref));
  CHECK(alive == 1);
  CHECK(resource_get<Counted>(ref));
  {
    std::shared_ptr<Counted> in_use = resource_get<Counted>(ref);
    resource_release(ref);
    CHECK(alive == 1);  // a call still using it keeps it
  }
  CHECK(alive == 0);
  CHECK_FALSE(resource_find(ref));
  CHECK(resource_is(ref, kind));
  CHECK_FALSE(resource_is(ref, other_kind));
  CHECK_FALSE(resource_is(make_ref(heap), kind));
  CHECK_FALSE(resource_find(make_ref(heap)));
}

TEST_CASE("a reference made alone names an object once attached, and keeps the first one") {
  Arena heap;
  int alive = 0;
  Term ref = resource_ref(heap, kind);
  CHECK(resource_is(ref, kind));
  CHECK_FALSE(resource_find(ref));
  auto first = std::make_shared<Counted>(&alive);
  CHECK(resource_attach(ref, make_pid(905), first) == first);
  CHECK(resource_attach(ref, make_pid(905), std::make_shared<Counted>(&alive)) == first);
  CHECK(alive == 1);
  CHECK_FALSE(resource_attach(make_ref(heap), make_pid(905), first));
  first.reset();
  resource_release_owned_by(make_pid(905));
  CHECK(alive == 0);
}

TEST_CASE("an owner's exit frees its resources, and only its own") {
  Arena heap;
  int alive = 0;
  Term a = resource_make(heap, kind, make_pid(902), std::make_shared<Counted>(&alive));
  Term b = resource_make(heap, kind, make_pid(902), std::make_shared<Counted>(&alive));
  Term c = resource_make(heap, kind, make_pid(903), std::make_shared<Counted>(&alive));
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
  Term ref = resource_make(heap, kind, make_pid(904), std::make_shared<Other>());
  CHECK_FALSE(resource_get<Counted>(ref));
  CHECK(resource_get<Other>(ref));
  resource_release(ref);
}
