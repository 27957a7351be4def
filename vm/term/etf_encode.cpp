// term_to_binary: the external term format exactly as OTP 25 writes it.
//
// One walk serves two purposes: with a Writer it produces the bytes, with a Counter it only
// measures them (erlang:external_size/1,2), so the two can never disagree. The walk keeps its
// own stack of pending work: a term may be nested a million levels deep, the C stack may not.
// That stack holds terms only, never pointers into them, so term_to_binary can stop when its
// time slice is spent and leave the stack on the heap as terms (etf_encode_some).
#include <algorithm>
#include <bit>
#include <cstdio>
#include <utility>
#include <vector>

#include <zlib.h>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/etf.h"
#include "vm/term/etf_tags.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/map.h"
#include "vm/term/node.h"

namespace ember {
namespace {

// Appends big-endian fields to a string.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void u8(uint8_t v) { out_.push_back(char(v)); }
  void u16(uint16_t v) {
    u8(uint8_t(v >> 8));
    u8(uint8_t(v));
  }
  void u32(uint32_t v) {
    u16(uint16_t(v >> 16));
    u16(uint16_t(v));
  }
  void u64(uint64_t v) {
    u32(uint32_t(v >> 32));
    u32(uint32_t(v));
  }
  void bytes(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }

  // A bitstring in whole bytes. The unused low bits of a partial last byte are zero, as in erts:
  // whatever the heap held there must not leak out.
  void bits(const Bits& b) {
    size_t n = (b.bit_size + 7) / 8;
    size_t at = out_.size();
    out_.resize(at + n);
    auto* dst = reinterpret_cast<uint8_t*>(out_.data() + at);
    if (n > 0) dst[n - 1] = 0;
    copy_bits(b.bytes, b.bit_offset, dst, 0, b.bit_size);
  }

  size_t position() const { return out_.size(); }
  void patch_u32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; i++) out_[at + i] = char(v >> (24 - 8 * i));
  }

 private:
  std::string& out_;
};

// Counts the bytes a Writer would append.
class Counter {
 public:
  void u8(uint8_t) { n_ += 1; }
  void u16(uint16_t) { n_ += 2; }
  void u32(uint32_t) { n_ += 4; }
  void u64(uint64_t) { n_ += 8; }
  void bytes(const void*, size_t n) { n_ += n; }
  void bits(const Bits& b) { n_ += (b.bit_size + 7) / 8; }
  size_t position() const { return n_; }
  void patch_u32(size_t, uint32_t) {}

 private:
  size_t n_ = 0;
};

// Valid UTF-8 whose code points are all below 256 has no byte of 0xC4 or above.
bool is_latin1(std::string_view utf8) {
  return std::none_of(utf8.begin(), utf8.end(), [](char c) { return uint8_t(c) >= 0xC4; });
}

// Converts UTF-8 known to be Latin-1 (see is_latin1); returns the number of characters.
size_t to_latin1(std::string_view utf8, uint8_t* out) {
  size_t n = 0;
  for (size_t i = 0; i < utf8.size(); i++) {
    uint8_t c = uint8_t(utf8[i]);
    out[n++] = c < 0x80 ? c : uint8_t(((c & 0x03) << 6) | (uint8_t(utf8[++i]) & 0x3F));
  }
  return n;
}

// The length of a proper list of at most 65535 integers 0..255 (a STRING_EXT), or -1.
long string_length(Term list) {
  long n = 0;
  for (; is_list(list); list = tail(list)) {
    Term h = head(list);
    if (!is_small(h) || uint64_t(small_value(h)) > 255 || ++n > 65535) return -1;
  }
  return is_nil(list) ? n : -1;
}

template <typename Sink>
class Encoder {
 public:
  Encoder(Sink& out, const EncodeOptions& options) : out_(out), options_(options) {}

  void run(Term t) {
    int64_t unlimited = INT64_MAX;
    push(t);
    run_some(&unlimited);
  }

  void push(Term t) { stack_.push_back(pending(t)); }

  // Works until the stack is empty or `budget` (charged per term, and per 8 bytes copied) is
  // used up; false in that case, the rest being on the stack.
  bool run_some(int64_t* budget) {
    size_t written = out_.position();
    while (!stack_.empty()) {
      if (*budget - int64_t((out_.position() - written) / 8) <= 0) break;
      --*budget;
      Frame f = stack_.back();
      stack_.pop_back();
      switch (f.kind) {
        case Work::term:
          encode(f.term);
          break;
        case Work::array:
          if (f.count + 1 < f.at) stack_.push_back(array(f.term, f.count + 1, f.at));
          encode(items(f)[f.count]);
          break;
        case Work::list_rest:
          continue_list(f);
          break;
        case Work::fun_size:
          out_.patch_u32(f.at, uint32_t(out_.position() - f.at));
          break;
      }
    }
    *budget -= int64_t((out_.position() - written) / 8);
    return stack_.empty();
  }

  // The stack as a list of {Kind, Term, Count, At} tuples in front of `below`, the top first.
  Term save(Heap& heap, Term below) const {
    for (const Frame& f : stack_)
      below = cons(heap, ember::tuple(heap, make_small(int64_t(f.kind)), f.term, make_small(int64_t(f.count)),
                               make_small(int64_t(f.at))), below);
    return below;
  }

  // Takes back the top frame of a saved stack; returns the rest.
  Term restore_one(Term saved) {
    Term f = head(saved);
    stack_.push_back({Work(small_value(tuple_element(f, 0))), tuple_element(f, 1),
                      size_t(small_value(tuple_element(f, 2))), size_t(small_value(tuple_element(f, 3)))});
    return tail(saved);
  }

 private:
  // Work still to do. `encode` writes a term's own bytes and leaves its elements here, so no
  // function below ever recurses into an element.
  enum class Work : uint8_t { term, array, list_rest, fun_size };
  struct Frame {
    Work kind;
    Term term;     // term; array: the tuple or fun; list_rest: the rest of the list
    size_t count;  // array: the next element; list_rest: elements written so far
    size_t at;     // array: the end; list_rest, fun_size: where the length field is patched in
  };
  static Frame pending(Term t) { return {Work::term, t, 0, 0}; }
  static Frame array(Term container, size_t from, size_t end) { return {Work::array, container, from, end}; }
  static const Term* items(const Frame& f) {
    return is_closure(f.term) ? closure_env(f.term) : tuple_elements(f.term);
  }

  void encode(Term t) {
    if (is_small(t)) return integer(small_value(t));
    if (is_atom(t)) return atom(t);
    if (is_nil(t)) return out_.u8(etf_tag::nil);
    if (is_list(t)) return list(t);
    if (is_local_pid(t)) return pid_term(t);
    if (is_local_port(t)) return port(local_node_name(), local_creation(), port_id(t));
    const Word* p = boxed_ptr(t);
    switch (header_subtag(p[0])) {
      case Subtag::tuple:
        return tuple(t);
      case Subtag::pos_big:
      case Subtag::neg_big:
        return big(big_digits(t), big_size(t), big_negative(t));
      case Subtag::float_:
        return float_(float_value(t));
      case Subtag::ref:
        return ref(local_node_name(), local_creation(), p + 1, ref_words - 1);
      case Subtag::fun:
        return closure(t);
      case Subtag::export_:
        return export_fun(export_fun_entry(t));
      case Subtag::heap_bin:
      case Subtag::refc_bin:
      case Subtag::sub_bin:
        return bitstring(bitstring_bits(t));
      case Subtag::flat_map:
      case Subtag::hash_map_head:
        return map(t);
      case Subtag::external_pid:
        return pid_term(t);
      case Subtag::external_port:
        return port(p[1], uint32_t(p[2]), p[3]);
      case Subtag::external_ref:
        return ref(p[1], uint32_t(p[2]), p + 4, p[3]);
      case Subtag::match_ctx:      // match states and trie nodes are never values
      case Subtag::hash_map_node:
        return;
    }
  }

  void integer(int64_t v) {
    if (v >= 0 && v <= 255) {
      out_.u8(etf_tag::small_integer);
      out_.u8(uint8_t(v));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      out_.u8(etf_tag::integer);
      out_.u32(uint32_t(int32_t(v)));
    } else {
      Word magnitude = v < 0 ? Word(0) - Word(v) : Word(v);
      big(&magnitude, 1, v < 0);
    }
  }

  // Digits are normalised: the most significant one is not zero.
  void big(const Word* digits, size_t n, bool negative) {
    size_t bytes = (n - 1) * 8 + size_t(71 - std::countl_zero(digits[n - 1])) / 8;
    if (bytes <= 255) {
      out_.u8(etf_tag::small_big);
      out_.u8(uint8_t(bytes));
    } else {
      out_.u8(etf_tag::large_big);
      out_.u32(uint32_t(bytes));
    }
    out_.u8(negative ? 1 : 0);
    for (size_t i = 0; i < bytes; i++) out_.u8(uint8_t(digits[i / 8] >> (8 * (i % 8))));
  }

  void float_(double d) {
    if (options_.minor_version == 0) {
      char text[etf_tag::float_text_size + 1] = {};
      std::snprintf(text, sizeof text, "%.20e", d);
      out_.u8(etf_tag::float_text);
      out_.bytes(text, etf_tag::float_text_size);
    } else {
      out_.u8(etf_tag::new_float);
      out_.u64(std::bit_cast<uint64_t>(d));
    }
  }

  // Below minor version 2, OTP 25 still writes Latin-1 atoms with the deprecated ATOM_EXT.
  void atom(Term a) {
    std::string_view text = atom_text(a);
    if (options_.minor_version < 2 && is_latin1(text)) {
      uint8_t latin1[max_atom_characters];
      size_t n = to_latin1(text, latin1);
      out_.u8(etf_tag::atom_latin1);
      out_.u16(uint16_t(n));
      out_.bytes(latin1, n);
    } else if (text.size() <= 255) {
      out_.u8(etf_tag::small_atom_utf8);
      out_.u8(uint8_t(text.size()));
      out_.bytes(text.data(), text.size());
    } else {
      out_.u8(etf_tag::atom_utf8);
      out_.u16(uint16_t(text.size()));
      out_.bytes(text.data(), text.size());
    }
  }

  void pid(Term node, uint32_t creation, uint32_t number, uint32_t serial) {
    out_.u8(etf_tag::new_pid);
    atom(node);
    out_.u32(number);
    out_.u32(serial);
    out_.u32(creation);
  }

  void pid_term(Term t) {
    if (is_local_pid(t)) {
      return pid(local_node_name(), local_creation(), pid_number(pid_id(t)), pid_serial(pid_id(t)));
    }
    const Word* p = boxed_ptr(t);
    pid(p[1], uint32_t(p[2]), uint32_t(p[3]), uint32_t(p[4]));
  }

  // V4_PORT_EXT only when the number needs more than 32 bits, as OTP 25 does.
  void port(Term node, uint32_t creation, uint64_t id) {
    bool v4 = id > UINT32_MAX;
    out_.u8(v4 ? etf_tag::v4_port : etf_tag::new_port);
    atom(node);
    if (v4) {
      out_.u64(id);
    } else {
      out_.u32(uint32_t(id));
    }
    out_.u32(creation);
  }

  void ref(Term node, uint32_t creation, const Word* numbers, size_t n) {
    out_.u8(etf_tag::newer_reference);
    out_.u16(uint16_t(n));
    atom(node);
    out_.u32(creation);
    for (size_t i = 0; i < n; i++) out_.u32(uint32_t(numbers[i]));
  }

  void bitstring(const Bits& b) {
    uint32_t bytes = uint32_t((b.bit_size + 7) / 8);
    if (b.whole_bytes()) {
      out_.u8(etf_tag::binary);
      out_.u32(bytes);
    } else {
      out_.u8(etf_tag::bit_binary);
      out_.u32(bytes);
      out_.u8(uint8_t(b.bit_size % 8));
    }
    out_.bits(b);
  }

  void tuple(Term t) {
    Word n = tuple_arity(t);
    if (n <= 255) {
      out_.u8(etf_tag::small_tuple);
      out_.u8(uint8_t(n));
    } else {
      out_.u8(etf_tag::large_tuple);
      out_.u32(uint32_t(n));
    }
    if (n > 0) stack_.push_back(array(t, 0, n));
  }

  // A list of bytes is a STRING_EXT; any other list is a LIST_EXT whose length is only known,
  // and patched in, when its tail is reached.
  void list(Term t) {
    if (long n = string_length(t); n >= 0) {
      out_.u8(etf_tag::string);
      out_.u16(uint16_t(n));
      for (; is_list(t); t = tail(t)) out_.u8(uint8_t(small_value(head(t))));
      return;
    }
    out_.u8(etf_tag::list);
    size_t at = out_.position();
    out_.u32(0);
    stack_.push_back({Work::list_rest, tail(t), 1, at});
    stack_.push_back(pending(head(t)));
  }

  void continue_list(const Frame& f) {
    if (is_list(f.term)) {
      stack_.push_back({Work::list_rest, tail(f.term), f.count + 1, f.at});
      encode(head(f.term));
    } else {
      out_.patch_u32(f.at, uint32_t(f.count));
      encode(f.term);
    }
  }

  // A small map goes out in its (map-key) order. erts walks a large map's trie with a stack,
  // meeting the pairs in the reverse of the iteration order (the order of maps:to_list/1).
  // With `deterministic` it sorts them in map-key order instead.
  void map(Term t) {
    out_.u8(etf_tag::map);
    out_.u32(uint32_t(map_size(t)));
    std::vector<std::pair<Term, Term>> pairs;
    map_for_each(t, [&](Term k, Term v) {
      pairs.emplace_back(k, v);
      return true;
    });
    if (is_hash_map(t) && options_.deterministic) {
      std::sort(pairs.begin(), pairs.end(),
                [](const auto& a, const auto& b) { return compare_exact(a.first, b.first) < 0; });
    } else if (is_hash_map(t)) {
      std::reverse(pairs.begin(), pairs.end());
    }
    for (size_t i = pairs.size(); i-- > 0;) {
      stack_.push_back(pending(pairs[i].second));
      stack_.push_back(pending(pairs[i].first));
    }
  }

  // NEW_FUN_EXT starts with its own size, counted from the size field to the end of the last
  // free variable; it is patched in once the free variables are written.
  void closure(Term t) {
    const FunEntry* e = closure_entry(t);
    Word num_free = closure_num_free(t);
    out_.u8(etf_tag::new_fun);
    size_t at = out_.position();
    out_.u32(0);
    out_.u8(uint8_t(e->arity));
    out_.bytes(e->md5, sizeof e->md5);
    out_.u32(e->index);
    out_.u32(uint32_t(num_free));
    atom(e->module);
    integer(e->index);
    integer(e->old_uniq);
    pid_term(closure_creator(t));
    stack_.push_back({Work::fun_size, 0, 0, at});
    if (num_free > 0) stack_.push_back(array(t, 0, num_free));
  }

  void export_fun(const Export* e) {
    out_.u8(etf_tag::export_);
    atom(e->module);
    atom(e->function);
    integer(e->arity);
  }

  Sink& out_;
  const EncodeOptions& options_;
  std::vector<Frame> stack_;
};

// erts compresses only when that does not make the result longer: zlib gets an output buffer
// of the uncompressed size less the 6 header bytes (131, 80, u32 size) and running out of room
// means the uncompressed form is kept. Encodings under 6 bytes are never compressed.
bool append_compressed(const std::string& plain, int level, std::string& out);

void append_plain(Term t, const EncodeOptions& options, std::string& out) {
  Writer w(out);
  w.u8(etf_tag::version);
  Encoder<Writer>(w, options).run(t);
}

bool append_compressed(const std::string& plain, int level, std::string& out) {
  if (plain.size() < 6) return false;
  uLongf length = plain.size() - 6;
  std::string deflated(length, '\0');
  if (compress2(reinterpret_cast<Bytef*>(deflated.data()), &length,
                reinterpret_cast<const Bytef*>(plain.data() + 1), plain.size() - 1,
                level) != Z_OK) {
    return false;
  }
  Writer w(out);
  w.u8(etf_tag::version);
  w.u8(etf_tag::compressed);
  w.u32(uint32_t(plain.size() - 1));
  w.bytes(deflated.data(), length);
  return true;
}

}  // namespace

void etf_encode(Term t, const EncodeOptions& options, std::string& out) {
  if (options.compression == 0) return append_plain(t, options, out);
  std::string plain;
  append_plain(t, options, plain);
  if (!append_compressed(plain, options.compression, out)) out += plain;
}

void etf_encode_unversioned(Term t, const EncodeOptions& options, std::string& out) {
  Writer w(out);
  Encoder<Writer>(w, options).run(t);
}

bool etf_encode_first(Heap& heap, Term t, Term* pending, const EncodeOptions& options, std::string& out,
                      int64_t* budget) {
  Writer w(out);
  w.u8(etf_tag::version);
  Encoder<Writer> e(w, options);
  e.push(t);
  bool done = e.run_some(budget);
  *pending = done ? NIL : e.save(heap, NIL);
  return done;
}

bool etf_encode_some(Heap& heap, Term* pending, const EncodeOptions& options, std::string& out, int64_t* budget) {
  Writer w(out);
  Encoder<Writer> e(w, options);
  Term saved = *pending;
  while (saved != NIL) {
    saved = e.restore_one(saved);
    if (!e.run_some(budget)) {
      *pending = e.save(heap, saved);
      return false;
    }
  }
  *pending = NIL;
  return true;
}

void etf_compress(std::string& plain, int level) {
  std::string out;
  if (level > 0 && append_compressed(plain, level, out)) plain.swap(out);
}

size_t etf_encoded_size(Term t, const EncodeOptions& options) {
  Counter c;
  c.u8(etf_tag::version);
  Encoder<Counter>(c, options).run(t);
  return c.position();
}

}  // namespace ember
