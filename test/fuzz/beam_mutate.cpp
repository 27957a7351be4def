#include "test/fuzz/beam_mutate.h"

#include <algorithm>
#include <utility>

#include "loader/compact.h"
#include "test/fuzz/compress.h"
#include "test/fuzz/etf_mutate.h"
#include "vm/code/instr.h"

namespace ember::fuzz {
namespace {

constexpr size_t max_inflated = size_t(4) << 20;  // bigger payloads get byte mutations

// ---- the Code chunk, instruction by instruction ----

// Compact term tags (loader/compact.cpp); extended tag 7 carries a kind.
enum : unsigned { tag_u, tag_i, tag_a, tag_x, tag_y, tag_f, tag_h, tag_z };
enum : uint64_t { z_list = 1, z_fr = 2, z_alloc = 3, z_literal = 4 };

void encode_compact(std::string& out, unsigned tag, uint64_t v) {
  if (v < 16) {
    out += char((v << 4) | tag);
  } else if (v < 2048) {
    out += char(((v >> 3) & 0xE0) | 0x08 | tag);
    out += char(v & 0xFF);
  } else {
    std::string bytes;
    for (uint64_t x = v; x != 0; x >>= 8) bytes.insert(bytes.begin(), char(x & 0xFF));
    if (tag == tag_i && (uint8_t(bytes[0]) & 0x80)) bytes.insert(bytes.begin(), '\0');
    if (bytes.size() < 2) bytes.insert(bytes.begin(), '\0');
    if (bytes.size() <= 8) {
      out += char(((bytes.size() - 2) << 5) | 0x18 | tag);
    } else {
      out += char((7 << 5) | 0x18 | tag);
      encode_compact(out, tag_u, bytes.size() - 9);
    }
    out += bytes;
  }
}

struct CodeLayout {
  size_t code_start = 0;             // after the Code header
  std::vector<size_t> starts;        // of each instruction read, then the end of the last one
};

// Reads the instructions of a Code chunk as far as they parse.
CodeLayout layout_of(const std::string& code) {
  CodeLayout l;
  if (code.size() < 4) return l;
  l.code_start = std::min<size_t>(code.size(), 4 + size_t(get_u32(code, 0)));
  Arena scratch;
  const auto* begin = reinterpret_cast<const uint8_t*>(code.data()) + l.code_start;
  loader::CompactReader r(begin, begin + (code.size() - l.code_start), scratch);
  for (;;) {
    size_t at = l.code_start + r.offset();
    l.starts.push_back(at);
    uint8_t opcode;
    if (!r.read_byte(opcode) || op_info(opcode).status == 0) break;
    for (unsigned k = 0; k < op_info(opcode).arity; k++) {
      loader::Operand o;
      if (!r.read(o)) return l;
      for (uint64_t item = 0; o.tag == loader::OperandTag::list && item < o.value; item++) {
        loader::Operand element;
        if (!r.read(element)) return l;
      }
    }
  }
  return l;
}

// Offsets of the operands of the instruction at `at` (relative to the chunk), then its end.
std::vector<size_t> operand_starts(const std::string& code, size_t at, size_t end) {
  std::vector<size_t> starts;
  Arena scratch;
  const auto* begin = reinterpret_cast<const uint8_t*>(code.data()) + at + 1;
  loader::CompactReader r(begin, reinterpret_cast<const uint8_t*>(code.data()) + end, scratch);
  while (!r.at_end()) {
    starts.push_back(at + 1 + r.offset());
    loader::Operand o;
    if (!r.read(o)) break;
  }
  starts.push_back(end);
  return starts;
}

uint64_t interesting_operand(Rng& rng) {
  const uint64_t values[] = {0,     1,     2,          3,          15,         16,
                             255,   256,   1023,       1024,       2047,       2048,
                             65535, 65536, 0x7FFFFFFF, 0xFFFFFFFF, 0x100000000, UINT64_MAX >> 1,
                             UINT64_MAX};
  return rng.one_in(4) ? rng.below(64) : values[rng.below(std::size(values))];
}

std::string fresh_operand(Rng& rng) {
  std::string out;
  unsigned kind = unsigned(rng.below(10));
  if (kind < 6) {
    encode_compact(out, kind, interesting_operand(rng));
  } else {
    uint64_t which = kind == 6 ? z_list : kind == 7 ? z_fr : kind == 8 ? z_alloc : z_literal;
    encode_compact(out, tag_z, which);
    encode_compact(out, tag_u, interesting_operand(rng));
  }
  return out;
}

unsigned opcode_of_same_arity(unsigned opcode, Rng& rng) {
  std::vector<unsigned> same;
  for (unsigned op = 1; op <= max_generic_op + 8; op++)
    if (op_info(op).status != 0 && op_info(op).arity == op_info(opcode).arity) same.push_back(op);
  return same.empty() ? opcode : same[rng.below(same.size())];
}

const BeamChunk* chunk_named(const std::vector<BeamChunk>& chunks, std::string_view id) {
  for (const BeamChunk& c : chunks)
    if (c.id == id) return &c;
  return nullptr;
}

// An instruction of another file's Code chunk, for splicing.
std::string foreign_instruction(Rng& rng, const Corpus& others) {
  if (others.empty()) return {};
  std::vector<BeamChunk> chunks;
  if (!split_beam(others[rng.below(others.size())], chunks)) return {};
  const BeamChunk* code = chunk_named(chunks, "Code");
  if (!code) return {};
  CodeLayout l = layout_of(code->data);
  if (l.starts.size() < 2) return {};
  size_t i = rng.below(l.starts.size() - 1);
  return code->data.substr(l.starts[i], l.starts[i + 1] - l.starts[i]);
}

void mutate_code(std::string& code, Rng& rng, const Corpus& others) {
  CodeLayout l = layout_of(code);
  size_t n = l.starts.empty() ? 0 : l.starts.size() - 1;  // whole instructions
  if (n == 0 || rng.one_in(10)) {   // the header: opcode_max, label and function counts
    size_t at = 4 + 4 * rng.below(5);
    if (code.size() < at + 4) return mutate_bytes(code, rng, others);
    put_u32(code, at, uint32_t(interesting_count(rng, get_u32(code, at), code.size())));
    return;
  }
  size_t i = rng.below(n), j = rng.below(n);
  auto text = [&](size_t k) { return code.substr(l.starts[k], l.starts[k + 1] - l.starts[k]); };
  auto span = [&](size_t k) { return l.starts[k + 1] - l.starts[k]; };
  switch (rng.below(9)) {
    case 0:
      code.erase(l.starts[i], span(i));
      break;
    case 1:
      code.insert(l.starts[j], text(i));
      break;
    case 2: {
      if (i > j) std::swap(i, j);
      if (i == j) return;
      std::string a = text(i), b = text(j);
      code.replace(l.starts[j], b.size(), a);
      code.replace(l.starts[i], a.size(), b);
      break;
    }
    case 3:
      code.insert(l.starts[j], foreign_instruction(rng, others));
      break;
    case 4:
      code[l.starts[i]] = char(opcode_of_same_arity(uint8_t(code[l.starts[i]]), rng));
      break;
    case 5:
    case 6: {  // one operand replaced by another kind or value
      std::vector<size_t> ops = operand_starts(code, l.starts[i], l.starts[i + 1]);
      if (ops.size() < 2) return;
      size_t k = rng.below(ops.size() - 1);
      code.replace(ops[k], ops[k + 1] - ops[k], fresh_operand(rng));
      break;
    }
    case 7: {
      std::string inside = text(i);
      mutate_bytes(inside, rng, others);
      code.replace(l.starts[i], span(i), inside);
      break;
    }
    case 8:  // the code ends early
      code.erase(l.starts[i], l.starts[n] - l.starts[i]);
      break;
  }
}

// ---- the literal table: count, then (length, external term) entries, usually compressed ----

void mutate_literals(std::string& chunk, Rng& rng, const Corpus& others) {
  if (chunk.size() < 4) return mutate_bytes(chunk, rng, others);
  std::string plain;
  if (get_u32(chunk, 0) == 0) plain = chunk.substr(4);
  else if (!inflate_bounded(std::string_view(chunk).substr(4), Wrapper::zlib, max_inflated, plain))
    return mutate_bytes(chunk, rng, others);
  std::vector<size_t> entries;  // offsets of each length field
  for (size_t at = 4; at + 4 <= plain.size() && entries.size() < 100000; at += 4 + get_u32(plain, at))
    entries.push_back(at);
  if (entries.empty() || plain.size() < 4 || rng.one_in(8)) {
    mutate_bytes(plain, rng, others);
  } else {
    size_t at = entries[rng.below(entries.size())];
    size_t length = std::min<size_t>(get_u32(plain, at), plain.size() - at - 4);
    switch (rng.below(6)) {
      case 0:
      case 1:
      case 2: {  // one literal, with its length fixed up (mostly)
        std::string term = plain.substr(at + 4, length);
        mutate_etf(term, rng, {});
        plain.replace(at + 4, length, term);
        put_u32(plain, at, uint32_t(rng.one_in(8) ? length : term.size()));
        break;
      }
      case 3:
        put_u32(plain, 0, uint32_t(interesting_count(rng, get_u32(plain, 0), entries.size())));
        break;
      case 4:
        put_u32(plain, at, uint32_t(interesting_count(rng, length, plain.size() - at - 4)));
        break;
      case 5: {  // a literal duplicated, the count told or not
        plain.insert(at, plain.substr(at, 4 + length));
        if (rng.one_in(2)) put_u32(plain, 0, get_u32(plain, 0) + 1);
        break;
      }
    }
  }
  chunk.resize(0);
  if (rng.one_in(8)) {  // stored uncompressed, as OTP 28 can
    append_u32(chunk, 0);
    chunk += plain;
    return;
  }
  uint32_t claimed = uint32_t(plain.size());
  if (rng.one_in(16)) claimed = uint32_t(interesting_count(rng, claimed, plain.size()));
  append_u32(chunk, claimed);
  chunk += compress(plain, Wrapper::zlib, int(1 + rng.below(9)));
}

// ---- the tables of fixed-size entries, and the atom table ----

uint32_t count_field(const std::vector<BeamChunk>& chunks, const char* id, size_t at) {
  const BeamChunk* c = chunk_named(chunks, id);
  return c && c->data.size() >= at + 4 ? get_u32(c->data, at) : 0;
}

void mutate_table(std::vector<BeamChunk>& chunks, BeamChunk& c, Rng& rng, const Corpus& others) {
  size_t entry_size = c.id == "FunT" ? 24 : 12;
  uint32_t atoms = count_field(chunks, "AtU8", 0);
  uint32_t labels = count_field(chunks, "Code", 12);
  if (c.data.size() < 4 + entry_size || rng.one_in(6)) {
    if (c.data.size() < 4) return mutate_bytes(c.data, rng, others);
    put_u32(c.data, 0, uint32_t(interesting_count(rng, get_u32(c.data, 0), (c.data.size() - 4) / entry_size)));
    return;
  }
  size_t entry = rng.below((c.data.size() - 4) / entry_size);
  size_t field = rng.below(entry_size / 4);
  size_t at = 4 + entry * entry_size + 4 * field;
  // What the field indexes: atoms (names), labels, or nothing in particular.
  bool is_label = (c.id != "ImpT" && field == 2);
  bool is_atom = field == 0 || (c.id == "ImpT" && field == 1);
  uint64_t bound = is_label ? labels : is_atom ? atoms : 256;
  put_u32(c.data, at, uint32_t(interesting_count(rng, get_u32(c.data, at), bound)));
}

// The atom table as OTP 28 writes it: the count negated, each length a compact `u` operand.
bool to_long_atoms(std::string& data) {
  if (data.size() < 4 || int32_t(get_u32(data, 0)) < 0) return false;
  std::string out;
  append_u32(out, uint32_t(-int32_t(get_u32(data, 0))));
  for (size_t at = 4; at < data.size();) {
    size_t length = uint8_t(data[at]);
    if (length > data.size() - at - 1) return false;
    encode_compact(out, tag_u, length);
    out += data.substr(at + 1, length);
    at += 1 + length;
  }
  data = out;
  return true;
}

void mutate_atoms(BeamChunk& c, Rng& rng, const Corpus& others) {
  std::string& d = c.data;
  if (d.size() < 5 || rng.one_in(6)) return mutate_bytes(d, rng, others);
  if (rng.one_in(8) && to_long_atoms(d)) return;
  std::vector<size_t> lengths;
  for (size_t at = 4; at < d.size(); at += 1 + uint8_t(d[at])) lengths.push_back(at);
  size_t at = lengths[rng.below(lengths.size())];
  size_t length = std::min<size_t>(uint8_t(d[at]), d.size() - at - 1);
  switch (rng.below(4)) {
    case 0:
      put_u32(d, 0, uint32_t(interesting_count(rng, get_u32(d, 0), lengths.size())));
      break;
    case 1:
      d[at] = char(interesting_count(rng, length, d.size() - at - 1));
      break;
    case 2: {  // an atom's text, its length told
      std::string text = d.substr(at + 1, length);
      mutate_bytes(text, rng, others);
      text.resize(std::min<size_t>(text.size(), 255));
      d.replace(at, 1 + length, char(text.size()) + text);
      break;
    }
    case 3:  // an atom named twice
      d.insert(at, d.substr(at, 1 + length));
      put_u32(d, 0, get_u32(d, 0) + 1);
      break;
  }
}

// ---- whole chunks ----

void mutate_chunks(std::vector<BeamChunk>& chunks, Rng& rng, const Corpus& others) {
  size_t i = rng.below(chunks.size()), j = rng.below(chunks.size());
  switch (rng.below(5)) {
    case 0:
      chunks.erase(chunks.begin() + long(i));
      break;
    case 1:
      chunks.insert(chunks.begin() + long(j), chunks[i]);
      break;
    case 2:
      std::swap(chunks[i], chunks[j]);
      break;
    case 3: {  // the same chunk of another module
      std::vector<BeamChunk> theirs;
      if (others.empty() || !split_beam(others[rng.below(others.size())], theirs)) return;
      if (const BeamChunk* c = chunk_named(theirs, chunks[i].id)) chunks[i].data = c->data;
      break;
    }
    case 4: {  // renamed: a legacy or unknown id
      const char* ids[] = {"Atom", "LitT", "Line", "FunT", "LocT", "Abst", "Dbgi", "Zzzz"};
      chunks[i].id = ids[rng.below(std::size(ids))];
      break;
    }
  }
}

BeamChunk& pick_chunk(std::vector<BeamChunk>& chunks, Rng& rng) {
  return chunks[rng.below(chunks.size())];
}

void mutate_plain(std::string& file, Rng& rng, const Corpus& others) {
  std::vector<BeamChunk> chunks;
  if (!split_beam(file, chunks) || chunks.empty() || rng.one_in(16)) {
    mutate_bytes(file, rng, others);  // the container itself
    return;
  }
  auto named = [&](const char* id) {
    for (BeamChunk& c : chunks)
      if (c.id == id) return &c;
    return static_cast<BeamChunk*>(nullptr);
  };
  uint64_t choice = rng.below(16);
  if (choice < 6) {
    if (BeamChunk* c = named("Code")) mutate_code(c->data, rng, others);
  } else if (choice < 8) {
    if (BeamChunk* c = named("LitT")) mutate_literals(c->data, rng, others);
  } else if (choice < 11) {
    const char* tables[] = {"ImpT", "ExpT", "LocT", "FunT"};
    if (BeamChunk* c = named(tables[rng.below(4)])) mutate_table(chunks, *c, rng, others);
  } else if (choice < 12) {
    if (BeamChunk* c = named("AtU8")) mutate_atoms(*c, rng, others);
  } else if (choice < 13) {
    mutate_chunks(chunks, rng, others);
  } else {
    BeamChunk* c = rng.one_in(2) ? named("Line") : nullptr;
    mutate_bytes((c ? *c : pick_chunk(chunks, rng)).data, rng, others);
  }
  file = join_beam(chunks);
}

}  // namespace

bool split_beam(std::string_view file, std::vector<BeamChunk>& chunks) {
  if (file.size() < 12 || file.substr(0, 4) != "FOR1" || file.substr(8, 4) != "BEAM") return false;
  for (size_t at = 12; at + 8 <= file.size();) {
    size_t size = get_u32(file, at + 4);
    if (size > file.size() - at - 8) return false;
    chunks.push_back({std::string(file.substr(at, 4)), std::string(file.substr(at + 8, size))});
    at += 8 + size + (4 - size % 4) % 4;
  }
  return true;
}

std::string join_beam(const std::vector<BeamChunk>& chunks) {
  std::string file = "FOR1";
  append_u32(file, 0);
  file += "BEAM";
  for (const BeamChunk& c : chunks) {
    file += c.id;
    append_u32(file, uint32_t(c.data.size()));
    file += c.data;
    file.append((4 - c.data.size() % 4) % 4, '\0');
  }
  put_u32(file, 4, uint32_t(file.size() - 8));
  return file;
}

void mutate_beam(std::string& file, Rng& rng, const Corpus& others) {
  bool gzipped = file.size() >= 2 && uint8_t(file[0]) == 0x1f && uint8_t(file[1]) == 0x8b;
  if (!gzipped) {
    mutate_plain(file, rng, others);
    if (rng.one_in(32)) file = compress(file, Wrapper::gzip, 6);
    return;
  }
  std::string plain;
  if (rng.one_in(8) || !inflate_bounded(file, Wrapper::gzip, max_inflated, plain))
    return mutate_bytes(file, rng, others);
  mutate_plain(plain, rng, others);
  file = rng.one_in(4) ? plain : compress(plain, Wrapper::gzip, 6);
}

}  // namespace ember::fuzz
