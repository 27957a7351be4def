// A connection's packets as erts 13 frames them (erl_ext_dist's "distribution header"). Without
// DFLAG_DIST_HDR_ATOM_CACHE and DFLAG_FRAGMENTS a packet is "pass-through": 112, then the control
// message and the payload, each in the external format. With either flag every packet has a
// header, and erts takes no other: 131, 68, then the atoms the message names through the
// connection's atom cache, then the terms without their version bytes, atoms in them possibly
// ATOM_CACHE_REFs to that list. A large message may come in fragments (131, 69 for the first,
// with the header; 131, 70 for each further piece), interleaved with other messages.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember::dist {

// What a connection's input remembers from packet to packet: the atoms the peer put in its
// cache (8 segments of 256), and the messages whose fragments have not all come.
struct InputState {
  std::array<Term, 2048> cached_atoms{};  // 0 where the peer put none
  struct Sequence {
    std::vector<Term> atoms;  // the first fragment's header's
    std::string terms;        // the bytes so far
    uint64_t next;            // the fragment id expected next
  };
  std::map<uint64_t, Sequence> sequences;
};

// A whole message, decoded: its control term and payload (THE_NON_VALUE if none), in `heap`.
struct Packet {
  Term control, payload;
};
enum class Input { message, partial, malformed };
// Reads one packet of a connection with `flags`: a whole message, a fragment that leaves its
// message incomplete, or something no erts 13 node sends.
Input read_packet(Heap& heap, uint64_t flags, std::string_view bytes, InputState& state, Packet* out);

// The packet of a control message and payload (THE_NON_VALUE if none) for a connection with
// `flags`. It names no cached atoms, which the protocol allows.
std::string encode_packet(uint64_t flags, Term control, Term payload);

}  // namespace ember::dist
