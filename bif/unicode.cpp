// unicode:characters_to_binary/2, characters_to_list/2 and bin_is_7bit/1 as erts has them.
// The first two read chardata (code points, binaries and nested lists of them, where a binary
// may also end a list) in Latin-1 or UTF-8, and give the UTF-8 binary or the code points. Any
// other encoding goes to unicode.erl, as in erts. What they cannot convert comes back as
// {error | incomplete, Converted, Rest}, and the exact shape of Rest is part of the contract.
// Input too long for one time slice is converted over several, as erts traps: the conversion
// waits between slices in a magic reference, pointing into the input, and the process
// collects no garbage meanwhile.
#include <string>
#include <string_view>
#include <vector>

#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/code/call.h"
#include "vm/term/iolist.h"
#include "vm/term/magic_ref.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

// The encodings the BIFs decode themselves; false for the others.
bool native_encoding(Term enc, bool* latin1) {
  *latin1 = enc == atoms::latin1;
  return *latin1 || enc == atoms::unicode || enc == atoms::utf8;
}

// Where a walk over chardata stands: the term it reads, what follows each enclosing list
// (innermost last), and how far into the binary it reads it has decoded.
struct Walk {
  Term t;
  std::vector<Term> tails = {};
  size_t at = 0;
};

enum class Step { done, more, bad };

// Whether the BIFs take the input at all (`bad` if not), as far as *budget allows (`more`).
// Like erts, this looks at the input in order before converting any of it, so a bad element is
// badarg even after a code point that would be an error, but it stops at the first bignum:
// that is left for decode_some() to report as an error.
Step check_some(Walk& w, int64_t* budget) {
  for (Term& t = w.t;; --*budget) {
    if (*budget <= 0) return Step::more;
    if (t == NIL) {
      if (w.tails.empty()) return Step::done;
      t = w.tails.back();
      w.tails.pop_back();
    } else if (is_binary(t)) {
      t = NIL;
    } else if (!is_list(t)) {
      return Step::bad;
    } else if (Term h = head(t); is_list(h)) {
      w.tails.push_back(tail(t));
      t = h;
    } else if (is_big(h)) {
      return Step::done;
    } else if (is_small(h) || h == NIL || is_binary(h)) {
      t = tail(t);
    } else {
      return Step::bad;
    }
  }
}

// The bytes of a binary, copied into `copy` only when they do not start on a byte boundary.
std::string_view binary_bytes(Term bin, std::string& copy) {
  Bits bits = bitstring_bits(bin);
  if (bits.byte_aligned()) return bits.view();
  copy.clear();
  append_binary_bytes(copy, bin);
  return copy;
}

// Length of the UTF-8 sequence a byte starts, as erts reads it (the overlong leads C0 and C1
// and the too-large F5-F7 included), or 0 if no sequence starts with it.
size_t sequence_length(uint8_t lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

bool valid_sequence(std::string_view seq) {
  size_t i = 0;
  return utf8_decode(seq, i) >= 0;
}

// The input decoded so far, as UTF-8. A binary may end inside a UTF-8 sequence that the next
// binary completes, so the start of such a sequence is kept aside in `cut` meanwhile.
class Decoder {
 public:
  explicit Decoder(bool latin1) : latin1_(latin1) {}

  // False if the code point is out of range or arrives while a sequence is cut.
  bool code_point(int64_t cp) {
    bool in_range = latin1_ ? cp >= 0 && cp <= 0xFF : is_valid_code_point(cp);
    if (!in_range || !cut.empty()) return false;
    utf8_append(out, uint32_t(cp));
    return true;
  }

  // Decodes a binary, or with `last` false a piece of one that goes on after it: a sequence
  // such a piece cuts is left for the next one. Returns the offset of the first byte that
  // cannot be decoded, or npos with *used set to the bytes decoded.
  size_t binary(std::string_view bytes, bool last, size_t* used) {
    constexpr size_t npos = std::string_view::npos;
    *used = bytes.size();
    if (latin1_) {
      for (uint8_t b : bytes) utf8_append(out, b);
      return npos;
    }
    size_t i = 0;
    if (!cut.empty() && (i = complete_cut(bytes)) == npos) return 0;
    size_t run = i;  // valid UTF-8 is copied a run at a time
    while (i < bytes.size()) {
      size_t n = sequence_length(uint8_t(bytes[i]));
      if (n > bytes.size() - i) {
        if (last) cut = bytes.substr(i);
        else *used = i;
        break;
      }
      if (n == 0 || !valid_sequence(bytes.substr(i, n))) {
        out.append(bytes.substr(run, i - run));
        return i;
      }
      i += n;
    }
    out.append(bytes.substr(run, i - run));
    return npos;
  }

  std::string out;
  std::string cut;

 private:
  // Continues the cut sequence with the first bytes of a binary; returns how many it took, or
  // npos if they make it invalid. The cut then stays as it was, for the error's Rest.
  size_t complete_cut(std::string_view bytes) {
    size_t missing = sequence_length(uint8_t(cut[0])) - cut.size();
    if (bytes.size() < missing) {
      cut += bytes;
      return bytes.size();
    }
    std::string seq = cut + std::string(bytes.substr(0, missing));
    if (!valid_sequence(seq)) return std::string_view::npos;
    out += seq;
    cut.clear();
    return missing;
  }

  bool latin1_;
};

// n bytes of a binary from byte `from`, copied into `copy` only when they do not start on a
// byte boundary.
std::string_view piece_bytes(Term bin, size_t from, size_t n, std::string& copy) {
  Bits bits = bitstring_bits(bin);
  if (bits.byte_aligned()) return bits.view().substr(from, n);
  copy.assign(n, '\0');
  copy_bits(bits.bytes, bits.bit_offset + from * 8, reinterpret_cast<uint8_t*>(copy.data()), 0, n * 8);
  return copy;
}

// Decodes a binary of the input from byte *at, as far as *budget allows (8 bytes a unit): false
// to go on later from *at, true once it is done (*rest then is its undecodable tail, if any).
bool decode_binary(Heap& heap, Decoder& d, Term bin, size_t* at, int64_t* budget, Term* rest) {
  size_t size = bitstring_bit_size(bin) / 8;
  size_t n = std::min(size - *at, size_t(std::max<int64_t>(*budget, 1)) * 8);
  bool last = *at + n == size;
  *budget -= int64_t(n / 8);
  std::string copy;
  size_t used, bad = d.binary(piece_bytes(bin, *at, n, copy), last, &used);
  if (!last && bad == std::string_view::npos) {
    *at += used;
    return false;
  }
  if (bad != std::string_view::npos)
    *rest = make_sub_binary(heap, bin, (*at + bad) * 8, bitstring_bit_size(bin) - (*at + bad) * 8);
  *at = 0;
  return true;
}

// Decodes the input front to back without recursion, as far as *budget allows (`more`). On an
// error sets *rest to the unconverted rest as erts shapes it: the rest of the innermost list
// being read (with the failing binary's tail in front when a binary failed), then consed in
// front of each enclosing list's tail, innermost first.
Step decode_some(Heap& heap, Walk& w, Decoder& d, int64_t* budget, Term* rest) {
  for (Term& t = w.t; *rest == THE_NON_VALUE; --*budget) {
    if (*budget <= 0) return Step::more;
    if (t == NIL) {
      if (w.tails.empty()) return Step::done;
      t = w.tails.back();
      w.tails.pop_back();
    } else if (is_binary(t)) {  // the whole input, or the tail of a list
      if (!decode_binary(heap, d, t, &w.at, budget, rest)) return Step::more;
      t = NIL;
    } else if (Term h = head(t); is_list(h)) {
      w.tails.push_back(tail(t));
      t = h;
    } else if (is_binary(h)) {
      Term bin_rest = THE_NON_VALUE;
      if (!decode_binary(heap, d, h, &w.at, budget, &bin_rest)) return Step::more;
      if (bin_rest != THE_NON_VALUE) *rest = cons(heap, bin_rest, tail(t));
      t = tail(t);
    } else if (h == NIL || (is_small(h) && d.code_point(small_value(h)))) {
      t = tail(t);
    } else {  // a code point out of range, or a bignum
      *rest = t;
    }
  }
  for (; !w.tails.empty(); w.tails.pop_back()) *rest = cons(heap, *rest, w.tails.back());
  return Step::done;
}

// A conversion in progress: the check of the whole input, its decoding, then for
// characters_to_list the code points made a list, from the end.
struct Conversion {
  Conversion(Term data, bool latin1, bool as_list)
      : data(data), walk{data}, decoder(latin1), as_list(as_list) {}
  enum Phase { check, decode, list } phase = check;
  Term data;
  Walk walk;
  Decoder decoder;
  bool as_list;
  Term rest = THE_NON_VALUE;  // what could not be converted, once decoded
  Term listed = NIL;          // the list made so far, of the text after `unlisted` bytes
  size_t unlisted = 0;
};

// Makes the decoded text a list, as far as *budget allows (a unit a character); true when done.
// Text that fits in the budget is made a list at once, faster.
bool list_some(Heap& heap, Conversion& c, int64_t* budget) {
  std::string_view text = c.decoder.out;
  if (c.unlisted == text.size() && int64_t(text.size()) <= *budget) {
    *budget -= int64_t(text.size());
    c.listed = make_char_list(heap, text);
    c.unlisted = 0;
  }
  while (c.unlisted > 0) {
    if (--*budget < 0) return false;
    size_t start = c.unlisted - 1;
    while ((uint8_t(text[start]) & 0xC0) == 0x80) start--;  // back to the sequence's lead
    size_t i = start;
    c.listed = cons(heap, make_small(utf8_decode(text, i)), c.listed);
    c.unlisted = start;
  }
  return true;
}

// The BIF's result once the input is converted: the converted text alone, or in an error or
// incomplete tuple. A sequence still cut at the end is incomplete if more input could finish
// it; after an error it goes in front of the rest.
Term result(Heap& heap, const Conversion& c) {
  static const Term incomplete = atom_put("incomplete");
  const Decoder& d = c.decoder;
  Term converted = c.as_list ? c.listed : make_binary(heap, d.out);
  if (d.cut.empty()) return c.rest == THE_NON_VALUE ? converted : tuple(heap, atoms::error, converted, c.rest);
  Term cut = make_binary(heap, d.cut);
  if (c.rest != THE_NON_VALUE) return tuple(heap, atoms::error, converted, cons(heap, cut, cons(heap, c.rest, NIL)));
  return tuple(heap, utf8_prefix_valid(d.cut) ? incomplete : atoms::error, converted, cut);
}

Step convert_steps(Heap& heap, Conversion& c, int64_t* budget) {
  if (c.phase == Conversion::check) {
    Step step = check_some(c.walk, budget);
    if (step != Step::done) return step;
    c.phase = Conversion::decode;
    c.walk = Walk{c.data};
  }
  if (c.phase == Conversion::decode) {
    Step step = decode_some(heap, c.walk, c.decoder, budget, &c.rest);
    if (step != Step::done) return step;
    c.phase = Conversion::list;
    c.unlisted = c.as_list ? c.decoder.out.size() : 0;
    if (!c.as_list) *budget -= int64_t(c.decoder.out.size() / 8);  // the binary made of it
  }
  return list_some(heap, c, budget) ? Step::done : Step::more;
}

// Goes on with a conversion as far as the time slice allows: its result, or THE_NON_VALUE
// after raising or with *more set.
Term convert_some(Process* p, Conversion& c, bool* more) {
  ProcessHeap heap(p);
  int64_t allowed = budget(p), left = allowed;
  Step step = convert_steps(heap, c, &left);
  charge_work(p, uint64_t(allowed - std::max<int64_t>(left, 0)));
  *more = step == Step::more;
  if (step == Step::bad) return badarg(p);
  return *more ? THE_NON_VALUE : result(heap, c);
}

struct ConversionState final : MagicObject {
  explicit ConversionState(Conversion&& c) : conversion(std::move(c)) {}
  Conversion conversion;
  size_t size_bytes() const override {
    return sizeof(*this) + conversion.decoder.out.capacity() + conversion.walk.tails.capacity() * sizeof(Term);
  }
};

// Registers between slices: x0 and x1 the BIF's arguments (an error shows them, as erts'
// does), x2 the conversion (a magic reference).
Term resume(Process* p, Term* x);

Export* continuation(bool as_list) {
  static Export* e[] = {
      bif_continuation(atoms::unicode, atom_put("characters_to_binary"), 3, resume,
                       export_put(atoms::unicode, atom_put("characters_to_binary"), 2)),
      bif_continuation(atoms::unicode, atom_put("characters_to_list"), 3, resume,
                       export_put(atoms::unicode, atom_put("characters_to_list"), 2))};
  return e[as_list];
}

Term resume(Process* p, Term* x) {
  Conversion& c = magic_ref_get<ConversionState>(x[2])->conversion;
  bool more;
  Term r = convert_some(p, c, &more);
  if (more) return bif_yield(p, continuation(c.as_list));
  p->gc_held = false;
  return r;
}

// Input converted within the first slice (the common case) needs no state on the heap.
Term convert(Process* p, Term* x, Term data, bool latin1, bool as_list) {
  Conversion c(data, latin1, as_list);
  bool more;
  Term r = convert_some(p, c, &more);
  if (!more) return r;
  ProcessHeap heap(p);
  x[2] = make_magic_ref(heap, new ConversionState(std::move(c)));
  p->gc_held = true;
  return bif_yield(p, continuation(as_list));
}

// True if a binary is its own conversion to UTF-8 (erts then returns it as it is).
bool converts_to_itself(Term bin, bool latin1) {
  std::string copy;
  std::string_view bytes = binary_bytes(bin, copy);
  if (!latin1) return utf8_count(bytes) >= 0;
  for (uint8_t b : bytes)
    if (b >= 0x80) return false;
  return true;
}

Export* unicode_export(const char* function) {
  return export_put(atoms::unicode, atom_put(function), 2);
}

}  // namespace

Term unicode_characters_to_binary_2(Process* p, Term* a) {
  static Export* other_encodings = unicode_export("characters_to_binary_int");
  bool latin1;
  if (!native_encoding(a[1], &latin1)) return bif_trap(p, other_encodings);
  // A binary in a list of its own is converted as the binary, so errors leave no list around.
  Term data = is_list(a[0]) && is_binary(head(a[0])) && tail(a[0]) == NIL ? head(a[0]) : a[0];
  if (is_binary(data) && converts_to_itself(data, latin1)) {
    charge_work(p, bitstring_bit_size(data) / 64);
    return data;
  }
  return convert(p, a, data, latin1, false);
}

Term unicode_characters_to_list_2(Process* p, Term* a) {
  static Export* other_encodings = unicode_export("characters_to_list_int");
  bool latin1;
  if (!native_encoding(a[1], &latin1)) return bif_trap(p, other_encodings);
  return convert(p, a, a[0], latin1, true);
}

Term unicode_bin_is_7bit_1(Process*, Term* a) {
  return boolean(is_binary(a[0]) && converts_to_itself(a[0], true));
}

}  // namespace ember
