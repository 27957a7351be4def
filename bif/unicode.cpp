// unicode:characters_to_binary/2, characters_to_list/2 and bin_is_7bit/1 as erts has them.
// The first two read chardata (code points, binaries and nested lists of them, where a binary
// may also end a list) in Latin-1 or UTF-8, and give the UTF-8 binary or the code points. Any
// other encoding goes to unicode.erl, as in erts. What they cannot convert comes back as
// {error | incomplete, Converted, Rest}, and the exact shape of Rest is part of the contract.
#include <string>
#include <string_view>
#include <vector>

#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/code/call.h"
#include "vm/term/iolist.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

// The encodings the BIFs decode themselves; false for the others.
bool native_encoding(Term enc, bool* latin1) {
  *latin1 = enc == atoms::latin1;
  return *latin1 || enc == atoms::unicode || enc == atoms::utf8;
}

// Whether the BIFs take `data` at all. Like erts, this looks at the input in order before
// converting any of it, so a bad element is badarg even after a code point that would be an
// error, but it stops at the first bignum: that is left for decode() to report as an error.
bool is_chardata(Term data) {
  std::vector<Term> tails;  // what follows each enclosing list, innermost last
  Term t = data;
  for (;;) {
    if (t == NIL) {
      if (tails.empty()) return true;
      t = tails.back();
      tails.pop_back();
    } else if (is_binary(t)) {
      t = NIL;
    } else if (!is_list(t)) {
      return false;
    } else if (Term h = head(t); is_list(h)) {
      tails.push_back(tail(t));
      t = h;
    } else if (is_big(h)) {
      return true;
    } else if (is_small(h) || h == NIL || is_binary(h)) {
      t = tail(t);
    } else {
      return false;
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

  // Decodes a binary; returns the offset of the first byte that cannot be, or npos.
  size_t binary(std::string_view bytes) {
    constexpr size_t npos = std::string_view::npos;
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
        cut = bytes.substr(i);
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

// Decodes one binary of the input; returns its undecodable tail, or THE_NON_VALUE.
Term decode_binary(Heap& heap, Decoder& d, Term bin) {
  std::string copy;
  size_t at = d.binary(binary_bytes(bin, copy));
  if (at == std::string_view::npos) return THE_NON_VALUE;
  return make_sub_binary(heap, bin, at * 8, bitstring_bit_size(bin) - at * 8);
}

// Decodes `data` front to back without recursion. On an error returns the unconverted rest as
// erts shapes it: the rest of the innermost list being read (with the failing binary's tail in
// front when a binary failed), then consed in front of each enclosing list's tail, innermost
// first. Returns THE_NON_VALUE when everything converted.
Term decode(Process* p, Term data, Decoder& d) {
  ProcessHeap heap(p);
  std::vector<Term> tails;  // what follows each enclosing list, innermost last
  Term t = data;
  Term rest = THE_NON_VALUE;
  while (rest == THE_NON_VALUE) {
    if (t == NIL) {
      if (tails.empty()) return THE_NON_VALUE;
      t = tails.back();
      tails.pop_back();
    } else if (is_binary(t)) {  // the whole input, or the tail of a list
      rest = decode_binary(heap, d, t);
      t = NIL;
    } else if (Term h = head(t); is_list(h)) {
      tails.push_back(tail(t));
      t = h;
    } else if (is_binary(h)) {
      Term bin_rest = decode_binary(heap, d, h);
      if (bin_rest != THE_NON_VALUE) rest = cons(heap, bin_rest, tail(t));
      t = tail(t);
    } else if (h == NIL || (is_small(h) && d.code_point(small_value(h)))) {
      t = tail(t);
    } else {  // a code point out of range, or a bignum
      rest = t;
    }
  }
  for (; !tails.empty(); tails.pop_back()) rest = cons(heap, rest, tails.back());
  return rest;
}

// The BIF's result once `data` is decoded: the converted text alone, or in an error or
// incomplete tuple. A sequence still cut at the end is incomplete if more input could finish
// it; after an error it goes in front of the rest.
Term convert(Process* p, Term data, bool latin1, bool as_list) {
  static const Term incomplete = atom_put("incomplete");
  Decoder d(latin1);
  Term rest = decode(p, data, d);
  // Paid for as what was read: a list cell a character, or 8 bytes of a binary.
  charge_work(p, is_binary(data) ? d.out.size() / 8 : d.out.size());
  ProcessHeap heap(p);
  Term converted = as_list ? make_char_list(heap, d.out) : make_binary(heap, d.out);
  if (d.cut.empty()) return rest == THE_NON_VALUE ? converted : tuple(heap, atoms::error, converted, rest);
  Term cut = make_binary(heap, d.cut);
  if (rest != THE_NON_VALUE) return tuple(heap, atoms::error, converted, cons(heap, cut, cons(heap, rest, NIL)));
  return tuple(heap, utf8_prefix_valid(d.cut) ? incomplete : atoms::error, converted, cut);
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
  if (!is_chardata(data)) return badarg(p);
  if (is_binary(data) && converts_to_itself(data, latin1)) return data;
  return convert(p, data, latin1, false);
}

Term unicode_characters_to_list_2(Process* p, Term* a) {
  static Export* other_encodings = unicode_export("characters_to_list_int");
  bool latin1;
  if (!native_encoding(a[1], &latin1)) return bif_trap(p, other_encodings);
  if (!is_chardata(a[0])) return badarg(p);
  return convert(p, a[0], latin1, true);
}

Term unicode_bin_is_7bit_1(Process*, Term* a) {
  return boolean(is_binary(a[0]) && converts_to_itself(a[0], true));
}

}  // namespace ember
