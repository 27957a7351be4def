// binary_to_term: decodes every tag OTP 25 decodes, and refuses what it refuses.
//
// The input is untrusted. Every read is bounds-checked. A container is allocated only once the
// input is seen to be long enough for its elements (each takes at least one byte), so a claimed
// length never makes us allocate more than the input justifies. Elements are decoded from an
// explicit stack of work, never by recursion. Every allocated word is initialised before the
// next read, so a decode that fails halfway leaves only well-formed garbage on the heap.
//
// A decode may stop when its time slice is spent and go on after a garbage collection has moved
// everything on the heap (binary_to_term does), so what it keeps between slices holds no pointer
// into the heap. A container is built with [] in each place still to decode (a long list a
// slice's worth of cells at a time): the term built so far is always a valid term, which a
// collection copies as any other. A place is named
// by terms, its container and an index (Place), and the work left is a stack of such places.
// The part of the stack made during a slice lives in the decoder; when the slice ends it goes
// onto the heap, as a list of tuples above what earlier slices left there, and is taken back
// one frame at a time, so that a deeply nested term costs a slice only the frames it touches.
// (erts links unfinished places through the places themselves with raw pointers, which a moving
// collector would break.) Writing into terms made in an earlier slice is what no Erlang code
// does, and a minor collection would have promoted them to the old heap, which it never scans
// for pointers to young terms: so a collection between slices must be major. Building
// bottom-up instead, each container once its elements are decoded, would need no such care but
// would make every list and tuple twice, the common one-slice decode included.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
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
         tag == etf_tag::atom_utf8 || tag == etf_tag::small_atom_utf8 || tag == etf_tag::atom_cache_ref;
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

// A place a term is decoded into: word `index` of a boxed container (a tuple, a fun's free
// variables, a map's keys and values), the head (0) or tail (1) of a cons cell, or, when the
// holder is [], the result itself.
struct Place {
  Term holder;
  Word index;
};

// Work left: `count` terms to decode into consecutive places, from word `index` of `holder` on
// for a boxed container, or, for a list (index 0), into the heads of the cells from `holder` on,
// and then into the last one's tail. A refc binary as holder is bytes still to copy into it:
// `count` of them, the next at `index` in the input.
struct Work {
  Term holder;
  Word index;
  Word count;
};

// A map whose keys and values are decoded, interleaved, into the tuple `pairs`, to be built into
// its place once the whole term is decoded.
struct PendingMap {
  Term pairs;
  Place at;
};

// A stack whose first entries live in place: most terms need only a few, and the allocation
// of a vector for them cost a small decode a tenth of its time.
template <typename T>
class InPlaceStack {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return i < in_place_ ? first_[i] : more_[i - in_place_]; }
  T& back() { return (*this)[size_ - 1]; }
  // Built from its fields where it goes, and small enough to be inlined: an entry made on the
  // stack and copied cost a store forwarding stall each time.
  template <typename... Fields>
  void emplace_back(Fields... fields) {
    if (size_ >= in_place_) return push_more(T{fields...});
    first_[size_++] = T{fields...};
  }
  void pop_back() {
    if (size_ > in_place_) more_.pop_back();
    size_--;
  }
  void clear() {
    more_.clear();
    size_ = 0;
  }

 private:
  void push_more(const T& v) {
    more_.push_back(v);
    size_++;
  }

  static constexpr size_t in_place_ = 16;
  T first_[in_place_];
  std::vector<T> more_;
  size_t size_ = 0;
};

class Decoder {
 public:
  Decoder(Heap& heap, std::string_view input, size_t position, const DecodeOptions& options,
          const DecodeProgress& progress)
      : heap_(heap),
        begin_(reinterpret_cast<const uint8_t*>(input.data())),
        p_(begin_ + position),
        end_(begin_ + input.size()),
        safe_(options.safe),
        atom_refs_(options.atom_refs),
        result_(progress.result),
        saved_(progress.work),
        saved_maps_(progress.maps) {}

  // The first slice's work: the result itself.
  void begin() { work_.emplace_back(NIL, Word(0), Word(1)); }

  // Decodes until the term is whole, the budget (charge_work's elements: one per term, and one
  // per 8 bytes copied) is spent or the input is found malformed.
  DecodeStep run(int64_t* budget) {
    left_ = *budget;
    DecodeStep step = decode_all();
    if (step == DecodeStep::more) save();
    *budget = left_;
    return step;
  }

  DecodeProgress progress() const { return {result_, saved_, saved_maps_}; }
  size_t position() const { return size_t(p_ - begin_); }

 private:
  DecodeStep decode_all() {
    while (!work_.empty() || saved_ != NIL) {
      if (left_ <= 0) return DecodeStep::more;
      if (work_.empty()) restore_one();
      if (!step()) return DecodeStep::malformed;
    }
    while (!maps_.empty() || saved_maps_ != NIL) {
      if (left_ <= 0) return DecodeStep::more;
      if (maps_.empty()) restore_map();
      if (!build_map()) return DecodeStep::malformed;
    }
    return DecodeStep::done;
  }

  // One term from the top of the work, or one slice's share of a binary's bytes.
  bool step() {
    left_--;
    Work& w = work_.back();
    if (is_refc_bin(w.holder)) {
      copy_some(w);
      return true;
    }
    Place at{w.holder, w.index};
    advance(w);
    return decode(at);
  }

  // Past the place just taken from the top of the work. A list's cells are made a few slices'
  // worth at a time (a list of ten million would otherwise take one slice to make), so the next
  // head may need new cells; once the last head is taken, the list's tail is the work left.
  void advance(Work& w) {
    bool heads = is_list(w.holder) && w.index == 0;
    if (--w.count > 0 && heads) {
      if (tail(w.holder) == NIL) tail(w.holder) = cells(w.count);
      w.holder = tail(w.holder);
    } else if (w.count > 0) {
      w.index++;
    } else if (heads) {
      w = {w.holder, 1, 1};
    } else {
      work_.pop_back();
    }
  }

  // Up to n linked cells, [] in their heads and the last tail: eight times what the slice still
  // allows, quick to make, and few pieces for a collection to search when they land in heap
  // fragments.
  Term cells(size_t n) {
    n = std::min(n, 8 * size_t(std::clamp<int64_t>(left_, 1, INT32_MAX)));
    Word* c = heap_.alloc(2 * n);
    for (size_t i = 0; i < n; i++) {
      c[2 * i] = NIL;
      c[2 * i + 1] = i + 1 < n ? make_list(c + 2 * i + 2) : NIL;
    }
    return make_list(c);
  }

  Term* slot(Place at) {
    if (at.holder == NIL) return &result_;
    return (is_list(at.holder) ? list_ptr(at.holder) : boxed_ptr(at.holder)) + at.index;
  }

  // The slice's work and maps go onto the heap above what earlier slices left there, the last
  // first.
  void save() {
    for (size_t i = 0; i < work_.size(); i++) {
      const Work& w = work_[i];
      Term index = make_small(int64_t(w.index)), count = make_small(int64_t(w.count));
      saved_ = cons(heap_, ember::tuple(heap_, w.holder, index, count), saved_);
    }
    work_.clear();
    for (size_t i = 0; i < maps_.size(); i++) {
      const PendingMap& m = maps_[i];
      Term pending = ember::tuple(heap_, m.pairs, m.at.holder, make_small(int64_t(m.at.index)));
      saved_maps_ = cons(heap_, pending, saved_maps_);
    }
    maps_.clear();
  }

  void restore_one() {
    Term frame = head(saved_);
    saved_ = tail(saved_);
    work_.emplace_back(tuple_element(frame, 0), Word(small_value(tuple_element(frame, 1))),
                       Word(small_value(tuple_element(frame, 2))));
  }

  void restore_map() {
    Term pending = head(saved_maps_);
    saved_maps_ = tail(saved_maps_);
    Place at{tuple_element(pending, 1), Word(small_value(tuple_element(pending, 2)))};
    maps_.emplace_back(tuple_element(pending, 0), at);
  }

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

  // ---- one term: its own bytes; its elements become work ----

  bool decode(Place place) {
    uint8_t tag;
    do {
      if (!has(1)) return false;
      tag = u8();
    } while (tag == etf_tag::list && empty_list());
    if (tag == etf_tag::list) return list(place);
    if (tag == etf_tag::map) return map(place);
    return decode_at(tag, slot(place));
  }

  // After a LIST_EXT tag: whether it has no elements, in which case erts reads it as its tail
  // alone, the term that follows.
  bool empty_list() {
    if (!has(4) || p_[0] != 0 || p_[1] != 0 || p_[2] != 0 || p_[3] != 0) return false;
    take(4);
    return true;
  }

  // A term of any tag but those of lists and maps, which need to know their place itself.
  bool decode_at(uint8_t tag, Term* at) {
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
      case etf_tag::atom_cache_ref:
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
      case etf_tag::binary:
      case etf_tag::bit_binary:
        return binary(tag, at);
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
    if (!has(1) || !is_integer_tag(peek()) || !decode_at(u8(), &t) || !is_small(t)) return false;
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
    left_ -= int64_t(n / 8);
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
    if (tag == etf_tag::atom_cache_ref) return cached_atom(at);
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

  // ATOM_CACHE_REF: the index of one of the atoms a distribution header names.
  bool cached_atom(Term* at) {
    if (!has(1)) return false;
    uint8_t index = u8();
    if (index >= atom_refs_.size()) return false;
    *at = atom_refs_[index];
    return true;
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
    if (n > 0) work_.emplace_back(*at, Word(1), Word(n));
    return true;
  }

  bool string(Term* at) {
    if (!has(2)) return false;
    size_t n = u16();
    if (!has(n)) return false;
    *at = make_byte_list(heap_, {reinterpret_cast<const char*>(take(n)), n});
    left_ -= int64_t(n / 8);
    return true;
  }

  // n elements (n > 0: decode took the empty lists) then the tail.
  bool list(Place place) {
    if (!has(4)) return false;
    size_t n = u32();
    if (!has(n + 1)) return false;
    Term first = cells(n);
    *slot(place) = first;
    work_.emplace_back(first, Word(0), Word(n));
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
    fill(bin, data, n);
    *at = (n == 0 || last_bits == 8) ? bin : make_sub_binary(heap_, bin, 0, 8 * n - (8 - last_bits));
    return true;
  }

  // The bytes of a new binary: at once if the slice allows, else as work, a slice's share at a
  // time (a binary of a hundred megabytes would hold the scheduler too long).
  void fill(Term bin, uint8_t* data, size_t n) {
    if (is_refc_bin(bin) && int64_t(n / 8) > left_) {
      work_.emplace_back(bin, Word(position()), Word(n));
      take(n);
      return;
    }
    std::memcpy(data, take(n), n);
    left_ -= int64_t(n / 8);
  }

  void copy_some(Work& w) {
    size_t n = std::min<size_t>(w.count, 8 * size_t(std::clamp<int64_t>(left_, 1, INT32_MAX)));
    Bits b = bitstring_bits(w.holder);
    uint8_t* to = const_cast<uint8_t*>(b.bytes) + b.bit_size / 8 - w.count;
    std::memcpy(to, begin_ + w.index, n);
    w.index += n;
    w.count -= n;
    left_ -= int64_t(n / 8);
    if (w.count == 0) work_.pop_back();
  }

  // Keys and values are decoded, interleaved, into a tuple; the map is built from it once the
  // whole term is decoded (build_map), as erts builds its maps last.
  bool map(Place place) {
    if (!has(4)) return false;
    size_t n = u32();
    if (!has(2 * n)) return false;
    Term* elements;
    Term pairs = new_tuple(heap_, 2 * n, &elements);
    std::fill_n(elements, 2 * n, NIL);
    maps_.emplace_back(pairs, place);
    if (n > 0) work_.emplace_back(pairs, Word(1), Word(2 * n));
    return true;
  }

  // Maps nested in a map were found after it, and the last found is built first: each map's
  // keys and values are built before the map. erts refuses duplicate keys.
  bool build_map() {
    PendingMap m = maps_.back();
    maps_.pop_back();
    Term pairs = m.pairs;
    size_t n = tuple_arity(pairs) / 2;
    keys_.resize(n);
    values_.resize(n);
    for (size_t k = 0; k < n; k++) {
      keys_[k] = tuple_element(pairs, 2 * k);
      values_[k] = tuple_element(pairs, 2 * k + 1);
    }
    Term built = map_from_pairs(heap_, keys_.data(), values_.data(), n);
    if (map_size(built) != n) return false;
    *slot(m.at) = built;
    left_ -= int64_t(n);
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
    if (num_free > 0) work_.emplace_back(*at, fun_fixed_words, Word(num_free));
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
    if (!e || (safe_ && !e->code.get() && !e->bif)) return false;  // only null or not
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
  std::span<const Term> atom_refs_;
  int64_t left_ = 0;
  Term result_;
  Term saved_;  // the work earlier slices left, the top first
  Term saved_maps_;  // {Pairs, Holder, Index} of each map earlier slices left, the last first
  InPlaceStack<Work> work_;
  InPlaceStack<PendingMap> maps_;
  std::vector<Term> keys_, values_;  // of the map being built, kept for the next one
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

}  // namespace

bool EtfDecoding::start(std::string_view bytes, int64_t* budget) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  if (bytes.size() < 2 || p[0] != etf_tag::version) return false;
  position_ = 1;
  if (p[1] != etf_tag::compressed) return true;
  // 131, 80, u32 size, zlib stream. What follows the stream is the caller's, as is what follows
  // the term inside it.
  if (bytes.size() < 6) return false;
  size_t expected = size_t(p[2]) << 24 | size_t(p[3]) << 16 | size_t(p[4]) << 8 | p[5];
  compressed_ = true;
  position_ = 0;
  size_t consumed;
  bool inflated = inflate_exact(p + 6, bytes.size() - 6, expected, &inflated_, &consumed);
  *budget -= int64_t(inflated_.size() / 8);
  used_ = 6 + consumed;
  return inflated;
}

DecodeStep EtfDecoding::step(Heap& heap, std::string_view bytes, const DecodeOptions& options,
                             DecodeProgress& progress, int64_t* budget) {
  std::string_view input = compressed_ ? std::string_view(inflated_) : bytes;
  Decoder d(heap, input, position_, options, progress);
  if (!begun_) d.begin();
  begun_ = true;
  DecodeStep step = d.run(budget);
  progress = d.progress();
  position_ = d.position();
  return step;
}

Term etf_decode(Heap& heap, std::string_view bytes, const DecodeOptions& options, size_t* used) {
  int64_t unlimited = INT64_MAX;
  EtfDecoding decoding;
  DecodeProgress progress;
  if (!decoding.start(bytes, &unlimited) ||
      decoding.step(heap, bytes, options, progress, &unlimited) != DecodeStep::done) {
    return THE_NON_VALUE;
  }
  if (used) *used = decoding.used();
  return progress.result;
}

Term etf_decode_unversioned(Heap& heap, std::string_view bytes, const DecodeOptions& options, size_t* used) {
  int64_t unlimited = INT64_MAX;
  Decoder d(heap, bytes, 0, options, DecodeProgress{});
  d.begin();
  if (d.run(&unlimited) != DecodeStep::done) return THE_NON_VALUE;
  if (used) *used = d.position();
  return d.progress().result;
}

}  // namespace ember
