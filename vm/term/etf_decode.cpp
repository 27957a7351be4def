// binary_to_term: decodes every tag OTP 25 decodes, and refuses what it refuses.
//
// The input is untrusted. Every read is bounds-checked. A container is allocated only once the
// input is seen to be long enough for its elements (each takes at least one byte), so a claimed
// length never makes us allocate more than the input justifies. Elements are decoded from an
// explicit stack of slots, never by recursion. Every allocated word is initialised before the
// next read, so a decode that fails halfway leaves only well-formed garbage on the heap.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include <zlib.h>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/etf.h"
#include "vm/term/etf_tags.h"
#include "vm/term/float_format.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/map.h"
#include "vm/term/node.h"
#include "vm/term/ref.h"

namespace ember {
namespace {

// The limits of erts that decide what binary_to_term accepts.
constexpr size_t max_atom_utf8_bytes = 4 * max_atom_characters;
constexpr size_t max_big_bytes = ((size_t(1) << 19) - 1) * 8;  // BIG_ARITY_MAX 64-bit digits
constexpr uint32_t max_fun_free = 255;                          // MAX_ARG
constexpr uint32_t max_old_creation = 3;                        // legacy tags: 2-bit creation
constexpr size_t max_ref_numbers = 5;
constexpr uint32_t max_ref_first_number = (1 << 18) - 1;        // MAX_REFERENCE - 1
// erts refuses identifiers of its own node with more bits than it gives them.
constexpr uint32_t max_local_pid_number = 0x7FFF;
constexpr uint32_t max_local_pid_serial = 0x1FFF;
constexpr uint64_t max_local_port_number = 0x0FFFFFFF;
constexpr size_t local_ref_numbers = 3;

bool is_atom_tag(uint8_t tag) {
  return tag == etf_tag::atom_latin1 || tag == etf_tag::small_atom_latin1 ||
         tag == etf_tag::atom_utf8 || tag == etf_tag::small_atom_utf8;
}

bool is_integer_tag(uint8_t tag) {
  return tag == etf_tag::small_integer || tag == etf_tag::integer ||
         tag == etf_tag::small_big || tag == etf_tag::large_big;
}

bool is_local(Term node, uint32_t creation) {
  return node == local_node_name() && creation == local_creation();
}

size_t latin1_to_utf8(const uint8_t* latin1, size_t n, char* out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (latin1[i] < 0x80) {
      out[k++] = char(latin1[i]);
    } else {
      out[k++] = char(0xC0 | (latin1[i] >> 6));
      out[k++] = char(0x80 | (latin1[i] & 0x3F));
    }
  }
  return k;
}

// FLOAT_EXT: erts reads the text as list_to_float/1 does (sys_chars_to_double), up to a NUL
// inside the field.
bool parse_float_text(const uint8_t* field, double* out) {
  const char* text = reinterpret_cast<const char*>(field);
  size_t size = strnlen(text, etf_tag::float_text_size);
  if (size == etf_tag::float_text_size) return false;
  std::optional<double> value = float_format::parse(std::string_view(text, size));
  if (value) *out = *value;
  return value.has_value();
}

class Decoder {
 public:
  Decoder(Heap& heap, const uint8_t* begin, const uint8_t* end, bool safe)
      : heap_(heap), begin_(begin), p_(begin), end_(end), safe_(safe) {}

  Term run() {
    Term result = NIL;
    slots_.push_back({&result, 1, 1});
    while (!slots_.empty()) {
      Slots& s = slots_.back();
      Term* at = s.at;
      if (--s.count == 0) {
        slots_.pop_back();
      } else {
        s.at += s.stride;
      }
      if (!decode(at)) return THE_NON_VALUE;
    }
    return build_maps() ? result : THE_NON_VALUE;
  }

  size_t consumed() const { return size_t(p_ - begin_); }

 private:
  // `count` terms still to decode into at[0], at[stride], ...
  struct Slots {
    Term* at;
    size_t count;
    size_t stride;
  };
  // A MAP_EXT whose keys and values (interleaved) are decoded before the map is built.
  struct PendingMap {
    Term* at;
    std::unique_ptr<Term[]> pairs;
    size_t n;
  };

  // ---- reading: has(n) must be checked before the fixed-size reads ----

  bool has(size_t n) const { return size_t(end_ - p_) >= n; }
  uint8_t peek() const { return *p_; }
  uint8_t u8() { return *p_++; }
  // Each read is its own statement: the operands of | are evaluated in no fixed order.
  uint16_t u16() {
    uint16_t high = u8();
    return uint16_t(high << 8 | u8());
  }
  uint32_t u32() {
    uint32_t high = u16();
    return high << 16 | u16();
  }
  uint64_t u64() {
    uint64_t high = u32();
    return high << 32 | u32();
  }
  const uint8_t* take(size_t n) {
    const uint8_t* at = p_;
    p_ += n;
    return at;
  }

  // ---- one term: its own bytes; its elements become slots ----

  bool decode(Term* at) {
    if (!has(1)) return false;
    uint8_t tag = u8();
    switch (tag) {
      case etf_tag::small_integer:
        if (!has(1)) return false;
        *at = make_small(u8());
        return true;
      case etf_tag::integer:
        if (!has(4)) return false;
        *at = make_small(int32_t(u32()));
        return true;
      case etf_tag::small_big:
      case etf_tag::large_big:
        return big(tag, at);
      case etf_tag::new_float:
        return new_float(at);
      case etf_tag::float_text:
        return float_text(at);
      case etf_tag::atom_latin1:
      case etf_tag::small_atom_latin1:
      case etf_tag::atom_utf8:
      case etf_tag::small_atom_utf8:
        return atom(tag, at);
      case etf_tag::pid:
      case etf_tag::new_pid:
        return pid(tag, at);
      case etf_tag::port:
      case etf_tag::new_port:
      case etf_tag::v4_port:
        return port(tag, at);
      case etf_tag::reference:
      case etf_tag::new_reference:
      case etf_tag::newer_reference:
        return ref(tag, at);
      case etf_tag::small_tuple:
      case etf_tag::large_tuple:
        return tuple(tag, at);
      case etf_tag::nil:
        *at = NIL;
        return true;
      case etf_tag::string:
        return string(at);
      case etf_tag::list:
        return list(at);
      case etf_tag::binary:
      case etf_tag::bit_binary:
        return binary(tag, at);
      case etf_tag::map:
        return map(at);
      case etf_tag::new_fun:
        return fun(at);
      case etf_tag::export_:
        return export_fun(at);
      default:
        return false;
    }
  }

  // Fields inside pids, funs and exports that must be of one kind.
  bool atom_field(Term* at) { return has(1) && is_atom_tag(peek()) && atom(u8(), at); }
  bool pid_field(Term* at) {
    return has(1) && (peek() == etf_tag::pid || peek() == etf_tag::new_pid) && pid(u8(), at);
  }
  bool small_field(int64_t* v) {
    Term t = NIL;
    if (!has(1) || !is_integer_tag(peek()) || !decode(&t) || !is_small(t)) return false;
    *v = small_value(t);
    return true;
  }

  bool big(uint8_t tag, Term* at) {
    bool small = tag == etf_tag::small_big;
    if (!has(small ? 1 : 4)) return false;
    size_t n = small ? u8() : u32();
    if (n > max_big_bytes || !has(n + 1)) return false;
    bool negative = u8() != 0;
    const uint8_t* bytes = take(n);
    while (n > 0 && bytes[n - 1] == 0) n--;
    std::vector<Word> digits((n + 7) / 8);
    for (size_t i = 0; i < n; i++) digits[i / 8] |= Word(bytes[i]) << (8 * (i % 8));
    *at = make_big(heap_, digits.data(), digits.size(), negative);
    return true;
  }

  bool new_float(Term* at) {
    if (!has(8)) return false;
    double d = std::bit_cast<double>(u64());
    if (!std::isfinite(d)) return false;
    *at = make_float(heap_, d);
    return true;
  }

  bool float_text(Term* at) {
    double d;
    if (!has(etf_tag::float_text_size) || !parse_float_text(take(etf_tag::float_text_size), &d)) {
      return false;
    }
    *at = make_float(heap_, d);
    return true;
  }

  bool atom(uint8_t tag, Term* at) {
    bool latin1 = tag == etf_tag::atom_latin1 || tag == etf_tag::small_atom_latin1;
    bool small = tag == etf_tag::small_atom_latin1 || tag == etf_tag::small_atom_utf8;
    if (!has(small ? 1 : 2)) return false;
    size_t n = small ? u8() : u16();
    if (n > (latin1 ? max_atom_characters : max_atom_utf8_bytes) || !has(n)) return false;
    const uint8_t* text = take(n);
    char utf8[2 * max_atom_characters];
    std::string_view name = latin1 ? std::string_view(utf8, latin1_to_utf8(text, n, utf8))
                                   : std::string_view(reinterpret_cast<const char*>(text), n);
    *at = safe_ ? atom_find(name) : atom_put(name);
    return *at != THE_NON_VALUE;
  }

  // Legacy tags carry an 8-bit creation of which erts accepts only 0..3.
  bool creation(bool legacy, uint32_t* c) {
    *c = legacy ? u8() : u32();
    return !legacy || *c <= max_old_creation;
  }

  bool pid(uint8_t tag, Term* at) {
    Term node;
    bool legacy = tag == etf_tag::pid;
    if (!atom_field(&node) || !has(legacy ? 9 : 12)) return false;
    uint32_t number = u32();
    uint32_t serial = u32();
    uint32_t cre;
    if (!creation(legacy, &cre)) return false;
    if (is_local(node, cre)) {
      if (number > max_local_pid_number || serial > max_local_pid_serial) return false;
      *at = make_pid(pid_id_from(number, serial));
      return true;
    }
    *at = make_external_pid(heap_, node, cre, number, serial);
    return true;
  }

  bool port(uint8_t tag, Term* at) {
    Term node;
    bool v4 = tag == etf_tag::v4_port;
    bool legacy = tag == etf_tag::port;
    if (!atom_field(&node) || !has((v4 ? 8 : 4) + (legacy ? 1 : 4))) return false;
    uint64_t id = v4 ? u64() : u32();
    uint32_t cre;
    if (!creation(legacy, &cre)) return false;
    if (is_local(node, cre)) {
      if (id > max_local_port_number) return false;
      *at = make_port(id);
      return true;
    }
    *at = make_external_port(heap_, node, cre, id);
    return true;
  }

  // REFERENCE_EXT: Node, one number, creation. The newer tags: count, Node, creation, numbers.
  bool ref(uint8_t tag, Term* at) {
    size_t n = 1;
    if (tag != etf_tag::reference) {
      if (!has(2)) return false;
      n = u16();
    }
    Term node;
    bool legacy = tag != etf_tag::newer_reference;
    if (n > max_ref_numbers || !atom_field(&node) || !has((legacy ? 1 : 4) + 4 * n)) return false;
    uint32_t numbers[max_ref_numbers] = {};
    uint32_t cre;
    if (tag == etf_tag::reference) numbers[0] = u32();
    if (!creation(legacy, &cre)) return false;
    if (tag != etf_tag::reference) {
      for (size_t i = 0; i < n; i++) numbers[i] = u32();
    }
    bool local = is_local(node, cre);
    // erts keeps 18 bits in the first number of its own references, and of legacy ones.
    if ((legacy || local) && n > 0 && numbers[0] > max_ref_first_number) return false;
    if (local) {
      if (n == 0 || n > local_ref_numbers) return false;
      *at = make_local_ref(heap_, numbers[0], numbers[1], numbers[2]);
      return true;
    }
    *at = make_external_ref(heap_, node, cre, numbers, n);
    return true;
  }

  bool tuple(uint8_t tag, Term* at) {
    bool small = tag == etf_tag::small_tuple;
    if (!has(small ? 1 : 4)) return false;
    size_t n = small ? u8() : u32();
    if (!has(n)) return false;
    Term* elements;
    *at = new_tuple(heap_, n, &elements);
    std::fill_n(elements, n, NIL);
    if (n > 0) slots_.push_back({elements, n, 1});
    return true;
  }

  bool string(Term* at) {
    if (!has(2)) return false;
    size_t n = u16();
    if (!has(n)) return false;
    *at = make_byte_list(heap_, {reinterpret_cast<const char*>(take(n)), n});
    return true;
  }

  // n elements then the tail. erts reads a LIST_EXT of no elements as its tail alone.
  bool list(Term* at) {
    if (!has(4)) return false;
    size_t n = u32();
    if (n == 0) {
      slots_.push_back({at, 1, 1});
      return true;
    }
    if (!has(n + 1)) return false;
    Word* cells = heap_.alloc(2 * n);
    for (size_t i = 0; i < n; i++) {
      cells[2 * i] = NIL;
      cells[2 * i + 1] = i + 1 < n ? make_list(cells + 2 * i + 2) : NIL;
    }
    *at = make_list(cells);
    slots_.push_back({cells + 2 * n - 1, 1, 1});
    slots_.push_back({cells, n, 2});
    return true;
  }

  // BIT_BINARY_EXT gives the number of bits used in the last byte: 1..8, or 0 when empty.
  bool binary(uint8_t tag, Term* at) {
    bool bits = tag == etf_tag::bit_binary;
    if (!has(bits ? 5 : 4)) return false;
    size_t n = u32();
    unsigned last_bits = bits ? u8() : 8;
    if (bits && ((last_bits == 0) != (n == 0) || last_bits > 8)) return false;
    if (!has(n)) return false;
    uint8_t* data;
    Term bin = new_binary(heap_, n, &data);
    std::memcpy(data, take(n), n);
    *at = (n == 0 || last_bits == 8) ? bin : make_sub_binary(heap_, bin, 0, 8 * n - (8 - last_bits));
    return true;
  }

  // The map itself is built by build_maps once its keys and values are decoded.
  bool map(Term* at) {
    if (!has(4)) return false;
    size_t n = u32();
    if (!has(2 * n)) return false;
    auto pairs = std::make_unique<Term[]>(2 * n);
    std::fill_n(pairs.get(), 2 * n, NIL);
    *at = NIL;
    if (n > 0) slots_.push_back({pairs.get(), 2 * n, 1});
    maps_.push_back({at, std::move(pairs), n});
    return true;
  }

  // Maps nested in a map were found after it, so building from last to first builds every map's
  // keys and values before the map. erts refuses duplicate keys.
  bool build_maps() {
    for (size_t i = maps_.size(); i-- > 0;) {
      const PendingMap& m = maps_[i];
      std::vector<Term> keys(m.n), values(m.n);
      for (size_t k = 0; k < m.n; k++) {
        keys[k] = m.pairs[2 * k];
        values[k] = m.pairs[2 * k + 1];
      }
      Term map = map_from_pairs(heap_, keys.data(), values.data(), m.n);
      if (map_size(map) != m.n) return false;
      *m.at = map;
    }
    return true;
  }

  // Size (ignored, as erts does: some releases wrote it wrong), arity, module MD5, index, number
  // of free variables, module, old index, old uniq, creator pid, free variables.
  bool fun(Term* at) {
    if (!has(4 + 1 + 16 + 4 + 4)) return false;
    take(4);
    uint32_t arity = u8();
    const uint8_t* md5 = take(16);
    uint32_t index = u32();
    uint32_t num_free = u32();
    Term module, creator;
    int64_t old_index, old_uniq;
    if (num_free > max_fun_free || !atom_field(&module) || !small_field(&old_index) ||
        !small_field(&old_uniq) || !pid_field(&creator) || !has(num_free)) {
      return false;
    }
    FunEntry* entry =
        fun_entry_put(module, index, md5, uint32_t(old_uniq), arity, num_free, THE_NON_VALUE);
    Word* p = heap_.alloc(fun_fixed_words + num_free);
    p[0] = make_header(Subtag::fun, fun_fixed_words - 1 + num_free);
    p[1] = Word(uintptr_t(entry));
    p[2] = creator;
    std::fill_n(p + fun_fixed_words, num_free, NIL);
    *at = make_boxed(p);
    if (num_free > 0) slots_.push_back({p + fun_fixed_words, num_free, 1});
    return true;
  }

  // With `safe`, erts accepts only functions that exist right now.
  bool export_fun(Term* at) {
    Term module, function;
    int64_t arity;
    if (!atom_field(&module) || !atom_field(&function) || !small_field(&arity) || arity < 0 ||
        arity > int64_t(UINT32_MAX)) {
      return false;
    }
    Export* e = safe_ ? export_find(module, function, uint32_t(arity))
                      : export_put(module, function, uint32_t(arity));
    if (!e || (safe_ && !e->code.load(std::memory_order_relaxed) && !e->bif)) return false;  // only null or not
    Word* p = heap_.alloc(2);
    p[0] = make_header(Subtag::export_, 1);
    p[1] = Word(uintptr_t(e));
    *at = make_boxed(p);
    return true;
  }

  Heap& heap_;
  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  bool safe_;
  std::vector<Slots> slots_;
  std::vector<PendingMap> maps_;
};

// Inflates a zlib stream that must produce exactly `expected` bytes. Memory grows with the
// output actually produced, never with the size claimed.
bool inflate_exact(const uint8_t* in, size_t size, size_t expected, std::string* out,
                   size_t* consumed) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return false;
  z.next_in = const_cast<Bytef*>(in);
  z.avail_in = uInt(std::min<size_t>(size, UINT32_MAX));
  uint8_t chunk[16384];
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = chunk;
    z.avail_out = sizeof chunk;
    status = inflate(&z, Z_NO_FLUSH);
    size_t produced = sizeof chunk - z.avail_out;
    if (out->size() + produced > expected) break;
    out->append(reinterpret_cast<const char*>(chunk), produced);
  }
  *consumed = z.total_in;
  inflateEnd(&z);
  return status == Z_STREAM_END && out->size() == expected;
}

Term decode_at(Heap& heap, const uint8_t* begin, const uint8_t* end, bool safe, size_t header,
               size_t* used) {
  Decoder d(heap, begin, end, safe);
  Term t = d.run();
  if (t != THE_NON_VALUE && used) *used = header + d.consumed();
  return t;
}

// 131, 80, u32 size, zlib stream. What follows the stream is the caller's, as is what follows
// the term inside it.
Term decode_compressed(Heap& heap, const uint8_t* p, size_t size, bool safe, size_t* used) {
  if (size < 6) return THE_NON_VALUE;
  size_t expected = size_t(p[2]) << 24 | size_t(p[3]) << 16 | size_t(p[4]) << 8 | p[5];
  std::string plain;
  size_t consumed;
  if (!inflate_exact(p + 6, size - 6, expected, &plain, &consumed)) return THE_NON_VALUE;
  const auto* inner = reinterpret_cast<const uint8_t*>(plain.data());
  Term t = decode_at(heap, inner, inner + plain.size(), safe, 0, nullptr);
  if (t != THE_NON_VALUE && used) *used = 6 + consumed;
  return t;
}

}  // namespace

Term etf_decode(Heap& heap, std::string_view bytes, const DecodeOptions& options, size_t* used) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  if (bytes.size() < 2 || p[0] != etf_tag::version) return THE_NON_VALUE;
  if (p[1] == etf_tag::compressed) return decode_compressed(heap, p, bytes.size(), options.safe, used);
  return decode_at(heap, p + 1, p + bytes.size(), options.safe, 1, used);
}

}  // namespace ember
