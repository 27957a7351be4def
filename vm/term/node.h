// This node's identity, as pids, ports and references show it to the outside.
//
// Remote identifiers are boxed:
//   external_pid   header | node atom | creation | id | serial
//   external_port  header | node atom | creation | id
//   external_ref   header | node atom | creation | n | n 32-bit numbers, one per word (n <= 5)
// Local pids and ports are immediates whose 60-bit value is split as erts prints it:
// number = value & 0x7FFF, serial = value >> 15  (<0.number.serial>).
#pragma once

#include <cstdint>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

Term local_node_name();       // 'nonode@nohost' until distribution starts
uint32_t local_creation();    // 0 until distribution starts
// Called by distribution when the node gets (or loses) its name.
void set_local_node(Term name, uint32_t creation);

inline constexpr Word external_pid_words = 5;
inline constexpr Word external_port_words = 4;
inline Word external_ref_words(Word n) { return 4 + n; }
inline Term external_node(Term t) { return boxed_ptr(t)[1]; }
inline uint32_t external_creation(Term t) { return uint32_t(boxed_ptr(t)[2]); }

// A pid, port or reference of another node. ember connects to no other node yet, so signals to
// one meet erts' "not connected" handling (noconnection). One with this node's name but
// another creation is an old incarnation of this node: dead, as erts treats it.
inline bool is_remote_id(Term t) {
  return (is_external_pid(t) || is_external_port(t) || is_external_ref(t)) && external_node(t) != local_node_name();
}

Term make_external_pid(Heap& heap, Term node, uint32_t creation, uint32_t number, uint32_t serial);
Term make_external_port(Heap& heap, Term node, uint32_t creation, uint64_t id);
Term make_external_ref(Heap& heap, Term node, uint32_t creation, const uint32_t* numbers, size_t n);

inline uint32_t pid_number(uint64_t id) { return uint32_t(id & 0x7FFF); }
inline uint32_t pid_serial(uint64_t id) { return uint32_t(id >> 15); }
inline uint64_t pid_id_from(uint32_t number, uint32_t serial) {
  return uint64_t(number & 0x7FFF) | (uint64_t(serial) << 15);
}

// Local references are three 32-bit numbers; ref_number(t, i) reads the i-th (0..2).
inline uint32_t ref_number(Term t, int i) { return uint32_t(boxed_ptr(t)[1 + i]); }

}  // namespace ember
