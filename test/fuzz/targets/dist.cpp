// Target `dist`: a distribution connection's input (dist/wire.h) as a peer could send it. The
// input is one byte choosing the connection's flags (pass-through, header, header and
// fragments), then packets, each after a 2-byte length, read in order with one InputState, as
// a connection reads them. A packet is a whole message, a fragment or refused, never a crash;
// a whole message re-encoded by encode_packet reads back equal.
#include <string>
#include <string_view>

#include "dist/flags.h"
#include "dist/wire.h"
#include "test/fuzz/fuzz.h"
#include "vm/term/atom.h"
#include "vm/term/big_endian.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"

using namespace ember;
using namespace ember::fuzz;

namespace {

#define CHECK(condition) FUZZ_CHECK("dist", condition)

constexpr uint64_t connection_flags[] = {0, dist::dflag_dist_hdr_atom_cache,
                                         dist::dflag_dist_hdr_atom_cache | dist::dflag_fragments};

void check_round_trip(uint64_t flags, const dist::Packet& p) {
  Arena heap;
  dist::InputState fresh;
  dist::Packet again;
  std::string bytes = dist::encode_packet(flags, p.control, p.payload);
  CHECK(dist::read_packet(heap, flags, bytes, fresh, &again) == dist::Input::message);
  CHECK(compare_terms(again.control, p.control) == 0 && (again.payload == THE_NON_VALUE) == (p.payload == THE_NON_VALUE));
  CHECK(p.payload == THE_NON_VALUE || compare_terms(again.payload, p.payload) == 0);
}

int fuzz_dist(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (in.empty()) return 0;
  uint64_t flags = connection_flags[uint8_t(in[0]) % 3];
  in.remove_prefix(1);
  dist::InputState state;
  while (in.size() >= 2) {
    size_t length = std::min<size_t>(get_be16(in), in.size() - 2);
    std::string_view packet = in.substr(2, length);
    in.remove_prefix(2 + length);
    Arena heap;
    dist::Packet p;
    dist::Input got = dist::read_packet(heap, flags, packet, state, &p);
    if (got == dist::Input::message) {
      note_accepted();
      check_round_trip(flags, p);
    }
  }
  return 0;
}

void add_packet(std::string& input, std::string_view packet) {
  put_be16(input, uint32_t(packet.size()));
  input += packet;
}

// Valid sequences: a cached atom put and then named, a message in fragments, pass-through.
Corpus dist_seeds() {
  Arena heap;
  Term control = tuple(heap, make_small(22), atom_put("undefined"), atom_put("name"));
  Term payload = tuple(heap, atom_put("hello"), make_small(42), NIL);
  std::string with_cache(1, char(1));
  std::string header = {char(131), char(68), 1, char(0x08), 5, 5};
  add_packet(with_cache, header + "hello" + std::string{char(104), 1, char(82), 0});
  add_packet(with_cache, std::string{char(131), char(68), 1, 0, 5, char(82), 0});
  add_packet(with_cache, dist::encode_packet(connection_flags[1], control, payload));

  std::string fragments(1, char(2));
  std::string body = dist::encode_packet(connection_flags[2], control, payload).substr(3);
  std::string first = {char(131), char(69)}, next = {char(131), char(70)};
  put_be64(first, 1), put_be64(first, 2), first += char(0);
  put_be64(next, 1), put_be64(next, 1);
  add_packet(fragments, first + body.substr(0, 5));
  add_packet(fragments, next + body.substr(5));

  std::string pass_through(1, char(0));
  add_packet(pass_through, dist::encode_packet(0, control, payload));
  return {with_cache, fragments, pass_through};
}

}  // namespace

EMBER_FUZZ_TARGET(dist, dist_seeds, nullptr, size_t(1) << 16);
