#include "dist/wire.h"

#include "dist/flags.h"
#include "vm/term/atom.h"
#include "vm/term/big_endian.h"
#include "vm/term/etf.h"

namespace ember::dist {
namespace {

enum : uint8_t { version = 131, pass_through = 112, header = 68, fragment_header = 69, fragment_continued = 70 };

bool has_header(uint64_t flags) { return flags & (dflag_dist_hdr_atom_cache | dflag_fragments); }

// Big-endian fields from the front of `rest`, never past its end.
struct Reader {
  std::string_view rest;

  bool bytes(size_t n, std::string_view* out) {
    if (rest.size() < n) return false;
    *out = rest.substr(0, n);
    rest.remove_prefix(n);
    return true;
  }
  bool u8(uint8_t* v) {
    std::string_view b;
    if (!bytes(1, &b)) return false;
    *v = uint8_t(b[0]);
    return true;
  }
  bool u16(uint16_t* v) {
    std::string_view b;
    if (!bytes(2, &b)) return false;
    *v = get_be16(b);
    return true;
  }
  bool u64(uint64_t* v) {
    std::string_view b;
    if (!bytes(8, &b)) return false;
    *v = get_be64(b);
    return true;
  }
};

// The atoms a header names, from its NumberOfAtomCacheRefs on. Each has a nibble of flags (the
// first reference's in the low half of the first byte): the cache segment, and whether the
// atom's text follows, to be put in the cache, or only its index in the segment. One more nibble
// says whether those texts have 2-byte lengths.
bool read_atom_refs(Reader& r, InputState& state, std::vector<Term>* atoms) {
  uint8_t count;
  std::string_view flags;
  if (!r.u8(&count)) return false;
  if (count == 0) return true;
  if (!r.bytes(count / 2 + 1, &flags)) return false;
  auto nibble = [&](size_t i) { return (uint8_t(flags[i / 2]) >> (4 * (i % 2))) & 0xF; };
  bool long_atoms = nibble(count) & 1;
  for (size_t i = 0; i < count; i++) {
    uint8_t index;
    if (!r.u8(&index)) return false;
    size_t slot = size_t(nibble(i) & 7) << 8 | index;
    if (nibble(i) & 8) {
      uint16_t length;
      uint8_t short_length;
      std::string_view text;
      if (long_atoms ? !r.u16(&length) : !r.u8(&short_length)) return false;
      if (!r.bytes(long_atoms ? length : short_length, &text)) return false;
      state.cached_atoms[slot] = atom_put(text);
    }
    if (state.cached_atoms[slot] == THE_NON_VALUE) return false;
    atoms->push_back(state.cached_atoms[slot]);
  }
  return true;
}

// The control term and the payload, if any, that end a packet.
Input decode_terms(Heap& heap, std::string_view bytes, std::span<const Term> atoms, bool versioned, Packet* out) {
  DecodeOptions options;
  options.atom_refs = atoms;
  auto decode = [&](size_t* used) {
    return versioned ? etf_decode(heap, bytes, options, used) : etf_decode_unversioned(heap, bytes, options, used);
  };
  size_t used;
  out->control = decode(&used);
  if (out->control == THE_NON_VALUE) return Input::malformed;
  bytes.remove_prefix(used);
  out->payload = THE_NON_VALUE;
  if (bytes.empty()) return Input::message;
  out->payload = decode(&used);
  return out->payload != THE_NON_VALUE && used == bytes.size() ? Input::message : Input::malformed;
}

// The first fragment of a message of `count`: its header, and the bytes that begin the terms.
Input first_fragment(Heap& heap, Reader& r, InputState& state, Packet* out) {
  uint64_t sequence, count;
  std::vector<Term> atoms;
  if (!r.u64(&sequence) || !r.u64(&count) || count == 0 || !read_atom_refs(r, state, &atoms)) return Input::malformed;
  if (count == 1) return decode_terms(heap, r.rest, atoms, false, out);
  auto [it, added] = state.sequences.try_emplace(sequence);
  if (!added) return Input::malformed;
  it->second = {std::move(atoms), std::string(r.rest), count - 1};
  return Input::partial;
}

// A further fragment: it must be the one its message expects next; the last completes it.
Input next_fragment(Heap& heap, Reader& r, InputState& state, Packet* out) {
  uint64_t sequence, id;
  if (!r.u64(&sequence) || !r.u64(&id)) return Input::malformed;
  auto it = state.sequences.find(sequence);
  if (it == state.sequences.end() || it->second.next != id) return Input::malformed;
  InputState::Sequence& s = it->second;
  s.terms.append(r.rest);
  if (--s.next > 0) return Input::partial;
  Input result = decode_terms(heap, s.terms, s.atoms, false, out);
  state.sequences.erase(it);
  return result;
}

void append_header(std::string& out) {
  out.push_back(char(version));
  out.push_back(char(header));
  out.push_back(0);  // no atom cache references
}

}  // namespace

Input read_packet(Heap& heap, uint64_t flags, std::string_view bytes, InputState& state, Packet* out) {
  Reader r{bytes};
  uint8_t first, kind;
  if (!r.u8(&first)) return Input::malformed;
  if (!has_header(flags)) return first == pass_through ? decode_terms(heap, r.rest, {}, true, out) : Input::malformed;
  if (first != version || !r.u8(&kind)) return Input::malformed;
  if (kind == header) {
    std::vector<Term> atoms;
    if (!read_atom_refs(r, state, &atoms)) return Input::malformed;
    return decode_terms(heap, r.rest, atoms, false, out);
  }
  if (!(flags & dflag_fragments)) return Input::malformed;
  if (kind == fragment_header) return first_fragment(heap, r, state, out);
  if (kind == fragment_continued) return next_fragment(heap, r, state, out);
  return Input::malformed;
}

std::string encode_packet(uint64_t flags, Term control, Term payload) {
  EncodeOptions options;
  std::string packet;
  if (has_header(flags)) {
    append_header(packet);
    etf_encode_unversioned(control, options, packet);
    if (payload != THE_NON_VALUE) etf_encode_unversioned(payload, options, packet);
  } else {
    packet.push_back(char(pass_through));
    etf_encode(control, options, packet);
    if (payload != THE_NON_VALUE) etf_encode(payload, options, packet);
  }
  return packet;
}

}  // namespace ember::dist
