// Android tags heap pointers in their top byte (and, with MTE, checks the tag on every access):
// every term that holds a pointer must give back all 64 bits of it. x86-64 cannot dereference
// such pointers, so these tests only encode and decode them, or store them in real objects.
#include <catch2/catch.hpp>

#include <cstdint>

#include "vm/code/catch_table.h"
#include "vm/term/term.h"

using namespace ember;

namespace {

constexpr uintptr_t top_byte_tags[] = {0xB4, 0x0F, 0xF0, 0xFF};

template <typename T>
T* tagged(T* p, uintptr_t tag) {
  return reinterpret_cast<T*>((reinterpret_cast<uintptr_t>(p) & ~(uintptr_t(0xFF) << 56)) | tag << 56);
}

}  // namespace

TEST_CASE("list and boxed terms keep a pointer's top-byte tag") {
  alignas(16) Word cell[2] = {};
  for (uintptr_t tag : top_byte_tags) {
    Word* p = tagged(cell, tag);
    Term list = make_list(p);
    REQUIRE(is_list(list));
    REQUIRE(list_ptr(list) == p);
    Term box = make_boxed(p);
    REQUIRE(is_boxed(box));
    REQUIRE(boxed_ptr(box) == p);
  }
}

TEST_CASE("an external fun keeps its export entry's top-byte tag") {
  alignas(16) Word object[2] = {make_header(Subtag::export_, 1), 0};
  for (uintptr_t tag : top_byte_tags) {
    auto* e = tagged(reinterpret_cast<Export*>(uintptr_t(0x7f1234567890)), tag);
    object[1] = Word(uintptr_t(e));
    REQUIRE(export_fun_entry(make_boxed(object)) == e);
  }
}

TEST_CASE("catch markers give back a tagged handler address whole") {
  alignas(16) static const Word code[4] = {};
  CatchSlots slots;
  for (uintptr_t tag : top_byte_tags) {
    const Word* handler = tagged(&code[tag % 4], tag);
    Term marker = slots.add(handler);
    REQUIRE(is_catch(marker));
    REQUIRE(catch_handler(marker) == handler);
  }
}

TEST_CASE("catch slots are reused once their module's code is gone") {
  alignas(16) static const Word code[1] = {};
  Term first;
  {
    CatchSlots slots;
    first = slots.add(code);
  }
  CatchSlots again;
  REQUIRE(again.add(code) == first);
}
