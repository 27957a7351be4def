// A distribution connection's packets (dist/wire.h): the header's atom cache as erts fills it,
// messages in fragments, interleaved, and refusal of what no erts 13 node sends, down to every
// truncation of a valid packet.
#include <catch2/catch.hpp>

#include <string>

#include "dist/flags.h"
#include "dist/wire.h"
#include "term_parse.h"
#include "vm/term/atom.h"
#include "vm/term/big_endian.h"
#include "vm/term/compare.h"

using namespace ember;
using namespace ember::dist;
using ember::test::parse_term;

namespace {

constexpr uint64_t with_header = dflag_dist_hdr_atom_cache | dflag_fragments;

// The header of a message naming atoms through the cache. Each entry is {segment, index, text}:
// with text the atom is put in the cache, without it the cached one is named.
struct Ref {
  unsigned segment, index;
  std::string text;
};
std::string header(const std::vector<Ref>& refs) {
  std::string out = {char(131), char(68), char(refs.size())};
  if (refs.empty()) return out;
  std::string flags(refs.size() / 2 + 1, '\0');
  for (size_t i = 0; i < refs.size(); i++) {
    unsigned nibble = refs[i].segment | (refs[i].text.empty() ? 0 : 8);
    flags[i / 2] = char(uint8_t(flags[i / 2]) | nibble << (4 * (i % 2)));
  }
  out += flags;
  for (const Ref& r : refs) {
    out += char(r.index);
    if (r.text.empty()) continue;
    out += char(r.text.size());
    out += r.text;
  }
  return out;
}

// {22, ATOM_CACHE_REF 0, ATOM_CACHE_REF 1}, then the payload ATOM_CACHE_REF 1, unversioned.
const std::string cached_terms = {char(104), 3, char(97), 22, char(82), 0, char(82), 1, char(82), 1};

Input read(Heap& heap, std::string_view bytes, InputState& state, Packet* p, uint64_t flags = with_header) {
  return read_packet(heap, flags, bytes, state, p);
}

}  // namespace

TEST_CASE("packets round-trip through encode_packet, with and without a header") {
  Arena heap;
  Term control = parse_term(heap, "{22,undefined,name}");
  Term payload = parse_term(heap, "[{a,1},<<\"bytes\">>,3.5]");
  for (uint64_t flags : {uint64_t(0), with_header, uint64_t(dflag_fragments)}) {
    InputState state;
    Packet p;
    std::string packet = encode_packet(flags, control, payload);
    CHECK(packet[0] == char(flags ? 131 : 112));
    REQUIRE(read(heap, packet, state, &p, flags) == Input::message);
    CHECK(eq(p.control, control));
    CHECK(eq(p.payload, payload));
    REQUIRE(read(heap, encode_packet(flags, control, THE_NON_VALUE), state, &p, flags) == Input::message);
    CHECK(p.payload == THE_NON_VALUE);
  }
}

TEST_CASE("the header's atom cache: new entries are remembered, old ones named by index") {
  Arena heap;
  InputState state;
  Packet p;
  std::string first = header({{0, 5, "hello"}, {3, 7, "world"}}) + cached_terms;
  REQUIRE(read(heap, first, state, &p) == Input::message);
  CHECK(eq(p.control, parse_term(heap, "{22,hello,world}")));
  CHECK(eq(p.payload, parse_term(heap, "world")));
  // The same atoms by their cache slots only, in the other order.
  std::string second = header({{3, 7, ""}, {0, 5, ""}}) + cached_terms;
  REQUIRE(read(heap, second, state, &p) == Input::message);
  CHECK(eq(p.control, parse_term(heap, "{22,world,hello}")));
  // A slot the peer never filled, and a reference past the header's list.
  CHECK(read(heap, header({{1, 1, ""}, {0, 5, ""}}) + cached_terms, state, &p) == Input::malformed);
  CHECK(read(heap, header({{0, 5, ""}}) + cached_terms, state, &p) == Input::malformed);
}

TEST_CASE("long atom texts have 2-byte lengths when the header says so") {
  Arena heap;
  InputState state;
  Packet p;
  std::string text(200, 'x');
  // One reference: its nibble and the long-atoms nibble share the flags byte.
  std::string packet = {char(131), char(68), 1, char(0x08 | 0x10), 9, 0, char(text.size())};
  packet += text;
  packet += {char(82), 0};
  REQUIRE(read(heap, packet, state, &p) == Input::message);
  CHECK(eq(p.control, atom_put(text)));
}

TEST_CASE("fragments: a message in pieces, interleaved with another and a whole message") {
  Arena heap;
  InputState state;
  Packet p;
  Term payload = parse_term(heap, "[<<\"a fairly long binary that is cut into pieces\">>,{1,2,3},\"text\"]");
  std::string body = encode_packet(with_header, parse_term(heap, "{22,undefined,sink}"), payload).substr(3);
  auto fragment = [](uint8_t kind, uint64_t sequence, uint64_t id, std::string_view part) {
    std::string out = {char(131), char(kind)};
    put_be64(out, sequence);
    put_be64(out, id);
    if (kind == 69) out += char(0);  // the first fragment's header: no atom cache references
    return out + std::string(part);
  };
  size_t third = body.size() / 3;
  CHECK(read(heap, fragment(69, 7, 3, body.substr(0, third)), state, &p) == Input::partial);
  CHECK(read(heap, fragment(69, 8, 2, body.substr(0, third)), state, &p) == Input::partial);
  CHECK(read(heap, fragment(70, 7, 2, body.substr(third, third)), state, &p) == Input::partial);
  REQUIRE(read(heap, encode_packet(with_header, parse_term(heap, "{22,undefined,other}"), NIL), state, &p) ==
          Input::message);
  CHECK(eq(p.payload, NIL));
  REQUIRE(read(heap, fragment(70, 7, 1, body.substr(2 * third)), state, &p) == Input::message);
  CHECK(eq(p.payload, payload));
  REQUIRE(read(heap, fragment(70, 8, 1, body.substr(third)), state, &p) == Input::message);
  CHECK(eq(p.payload, payload));
  CHECK(state.sequences.empty());
  // A message of one fragment is whole at once.
  REQUIRE(read(heap, fragment(69, 9, 1, body), state, &p) == Input::message);
  CHECK(eq(p.payload, payload));

  SECTION("out of order, unknown or repeated sequences are refused") {
    CHECK(read(heap, fragment(69, 1, 3, body.substr(0, third)), state, &p) == Input::partial);
    CHECK(read(heap, fragment(70, 1, 1, body.substr(third)), state, &p) == Input::malformed);
    CHECK(read(heap, fragment(70, 2, 1, body), state, &p) == Input::malformed);
    CHECK(read(heap, fragment(69, 1, 2, body), state, &p) == Input::malformed);
    CHECK(read(heap, fragment(69, 3, 0, body), state, &p) == Input::malformed);
  }
  SECTION("without DFLAG_FRAGMENTS, fragments are refused") {
    CHECK(read(heap, fragment(69, 4, 1, body), state, &p, dflag_dist_hdr_atom_cache) == Input::malformed);
  }
}

TEST_CASE("what erts 13 does not send is refused, and no truncation reads out of bounds") {
  Arena heap;
  InputState state;
  Packet p;
  Term control = parse_term(heap, "{22,undefined,name}");
  // A header connection takes no pass-through packet, and the other way round.
  CHECK(read(heap, encode_packet(0, control, NIL), state, &p) == Input::malformed);
  CHECK(read(heap, encode_packet(with_header, control, NIL), state, &p, 0) == Input::malformed);
  CHECK(read(heap, std::string{char(131), char(99)}, state, &p) == Input::malformed);
  CHECK(read(heap, "", state, &p) == Input::malformed);
  // Trailing bytes after the payload.
  CHECK(read(heap, encode_packet(with_header, control, NIL) + "x", state, &p) == Input::malformed);
  std::string whole = header({{0, 5, "hello"}, {3, 7, "world"}}) + cached_terms;
  for (size_t n = 0; n < whole.size(); n++) {
    InputState fresh;
    // Cut just before the payload, it is a message without one.
    Input expected = n == whole.size() - 2 ? Input::message : Input::malformed;
    CHECK(read(heap, std::string_view(whole).substr(0, n), fresh, &p) == expected);
  }
}
