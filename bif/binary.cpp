// The BIFs of the binary module. stdlib's binary.erl implements the rest in Erlang
// (replace/3,4, bin_to_list/1,2,3, encode_hex/1, decode_hex/1). erlang:binary_part/2,3 live
// here too: erts implements them and binary:part/2,3 with the same code.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "bif/binary_search.h"
#include "vm/term/binary.h"
#include "vm/term/iolist.h"

namespace ember {
namespace {

// The whole bytes of a bitstring; an unaligned one is copied into `scratch`.
std::string_view bytes_of(Term bits, std::string& scratch) {
  Bits b = bitstring_bits(bits);
  if (!b.byte_aligned()) {
    append_binary_bytes(scratch, bits);
    return scratch;
  }
  return {reinterpret_cast<const char*>(b.aligned_bytes()), size_t(b.bit_size / 8)};
}

// A part of a binary, made as erts makes it: parts of up to 64 bytes are copied, longer ones
// share the bytes of `bin` (binary:referenced_byte_size/1 tells the two apart).
Term extract(Heap& heap, Term bin, std::string_view bytes, size_t pos, size_t len) {
  if (len <= heap_bin_limit) return make_binary(heap, bytes.substr(pos, len));
  return make_sub_binary(heap, bin, uint64_t(pos) * 8, uint64_t(len) * 8);
}

// A non-negative integer that fits in 64 bits, the only counts and indexes erts accepts.
bool get_uint(Term t, uint64_t* out) {
  if (is_small(t)) {
    if (small_value(t) < 0) return false;
    *out = uint64_t(small_value(t));
    return true;
  }
  if (!is_big(t) || big_negative(t) || big_size(t) != 1) return false;
  *out = big_digits(t)[0];
  return true;
}

// The bytes [*start, *end) that {Pos, Len} names in `size` bytes; a negative Len counts back
// from Pos. Bignums never name a range inside a binary, so only smalls are looked at.
bool get_range(Term pos, Term len, size_t size, size_t* start, size_t* end) {
  if (!is_small(pos) || !is_small(len) || small_value(pos) < 0) return false;
  int64_t from = small_value(pos), n = small_value(len);
  if (n < 0) {
    from += n;
    n = -n;
  }
  if (from < 0 || uint64_t(from) > size || uint64_t(n) > size - uint64_t(from)) return false;
  *start = size_t(from);
  *end = size_t(from + n);
  return true;
}

bool get_pair(Term t, Term* first, Term* second) {
  if (!is_tuple(t) || tuple_arity(t) != 2) return false;
  *first = tuple_element(t, 0);
  *second = tuple_element(t, 1);
  return true;
}

bool get_endianness(Term t, bool* big) {
  if (t != atoms::big && t != atoms::little) return false;
  *big = t == atoms::big;
  return true;
}

// ---- options and patterns of match, matches and split ---------------------------------------

enum SplitFlags : unsigned { split_global = 1, split_trim = 2, split_trim_all = 4 };

struct Options {
  size_t start = 0;  // the scope: bytes [start, end) of the subject
  size_t end = 0;
  unsigned flags = 0;
};

// match/3 and matches/3 take only {scope, {Pos, Len}}; split/3 also global, trim and
// trim_all. Like erts, an improper tail after the last option is ignored.
bool get_options(Term list, size_t size, bool split, Options* o) {
  o->end = size;
  if (!is_list(list) && list != NIL) return false;
  for (; is_list(list); list = tail(list)) {
    Term opt = head(list), key, range, pos, len;
    if (split && opt == atoms::global) {
      o->flags |= split_global;
    } else if (split && opt == atoms::trim) {
      o->flags |= split_trim;
    } else if (split && opt == atoms::trim_all) {
      o->flags |= split_trim_all;
    } else if (!get_pair(opt, &key, &range) || key != atoms::scope ||
               !get_pair(range, &pos, &len) || !get_range(pos, len, size, &o->start, &o->end)) {
      return false;
    }
  }
  return true;
}

bool add_pattern(Term bin, std::vector<std::string>& out) {
  if (!is_binary(bin) || bitstring_bit_size(bin) == 0) return false;
  out.emplace_back();
  append_binary_bytes(out.back(), bin);
  return true;
}

// The strings of a pattern: a non-empty binary or a non-empty list of them.
bool get_patterns(Term pattern, std::vector<std::string>& out) {
  if (is_binary(pattern)) return add_pattern(pattern, out);
  if (!is_list(pattern)) return false;
  for (; is_list(pattern); pattern = tail(pattern))
    if (!add_pattern(head(pattern), out)) return false;
  return pattern == NIL;
}

// compile_pattern/1 returns {bm, Binary} for one string and {ac, [Binary]} for several, named
// after erts' Boyer-Moore and Aho-Corasick searches. erts keeps its search tables behind a
// reference instead; the strings are all ember needs to build its own.
Term compiled_source(Term pattern) {
  Term tag, source;
  if (get_pair(pattern, &tag, &source) && (tag == atoms::bm || tag == atoms::ac)) return source;
  return pattern;
}

// ---- match, matches, split ---------------------------------------------------------------

Term found_tuple(Heap& heap, const Found& f) {
  return tuple(heap, make_small(int64_t(f.pos)), make_small(int64_t(f.len)));
}

// The parts between the matches: trim drops the empty parts at the end, trim_all all of
// them. Without a match the subject itself is the only part.
Term split_parts(Heap& heap, Term subject, std::string_view bytes, const std::vector<Found>& found,
                 unsigned flags) {
  bool trimming = flags & (split_trim | split_trim_all);
  if (found.empty()) return trimming && bytes.empty() ? NIL : cons(heap, subject, NIL);
  Term list = NIL;
  size_t end = bytes.size();
  for (size_t k = found.size(); k-- > 0;) {
    size_t from = found[k].pos + found[k].len;
    if (from < end || !trimming) {
      list = cons(heap, extract(heap, subject, bytes, from, end - from), list);
      trimming = flags & split_trim_all;
    }
    end = found[k].pos;
  }
  if (end > 0 || !trimming) list = cons(heap, extract(heap, subject, bytes, 0, end), list);
  return list;
}

// match/2,3, matches/2,3 and split/2,3 search what the slice allows and go on in a
// continuation, as erts' do. Registers: x0..x2 the subject, pattern and options (checked at
// the start), x3 where the search goes on, x4 the matches found so far as {Pos, Len}, newest
// first, and x5 which of the three BIFs it is.
enum class Search : int64_t { match, matches, split };

Term search_continue(Process* p, Term* x);

Export* search_continuation() {
  static Export* e = bif_continuation(atom_put("binary"), atom_put("search"), 6, search_continue);
  return e;
}

// The answer, from the matches of earlier slices (x[4]) and of this one.
Term search_result(Process* p, Term* x, Search kind, std::string_view hay, unsigned flags,
                   std::vector<Found>& found) {
  ProcessHeap heap(p);
  if (x[4] != NIL) {  // the search took more than one slice
    std::vector<Found> all;
    for (Term l = x[4]; l != NIL; l = tail(l))
      all.push_back({size_t(small_value(tuple_element(head(l), 0))), size_t(small_value(tuple_element(head(l), 1)))});
    std::reverse(all.begin(), all.end());
    all.insert(all.end(), found.begin(), found.end());
    found = std::move(all);
  }
  if (kind == Search::split) return split_parts(heap, x[0], hay, found, flags);
  if (kind == Search::match) return found.empty() ? atoms::nomatch : found_tuple(heap, found[0]);
  Term list = NIL;
  for (size_t k = found.size(); k-- > 0;) list = cons(heap, found_tuple(heap, found[k]), list);
  return list;
}

// Searches from x[3] in what the slice allows, then answers or yields.
Term search_some(Process* p, Term* x, std::string_view hay, const Options& o, const BinarySearch& search) {
  auto kind = Search(small_value(x[5]));
  bool all = kind == Search::matches || (kind == Search::split && (o.flags & split_global));
  size_t start = size_t(small_value(x[3])), from = start;
  std::vector<Found> found;
  bool done = search.find_some(hay, &from, o.end, size_t(budget(p)) * 8, all ? SIZE_MAX : 1, found);
  charge_work(p, (from - start) / 8);
  if (done) return search_result(p, x, kind, hay, o.flags, found);
  ProcessHeap heap(p);
  for (const Found& f : found) x[4] = cons(heap, found_tuple(heap, f), x[4]);
  x[3] = make_small(int64_t(from));
  return bif_yield(p, search_continuation());
}

// The arguments were checked at the start; the subject is byte-aligned.
Term search_continue(Process* p, Term* x) {
  std::string_view hay = bitstring_bits(x[0]).view();
  Options o;
  get_options(x[2], hay.size(), Search(small_value(x[5])) == Search::split, &o);
  std::vector<std::string> patterns;
  get_patterns(compiled_source(x[1]), patterns);
  return search_some(p, x, hay, o, BinarySearch(std::move(patterns)));
}

// Checks the arguments as erts does, then searches.
Term search_start(Process* p, Term* x, Search kind) {
  if (!is_binary(x[0])) return badarg(p);
  std::string scratch;
  std::string_view hay = bytes_of(x[0], scratch);
  Options o;
  if (!get_options(x[2], hay.size(), kind == Search::split, &o)) return badarg(p);
  if (o.end == 0) {  // erts answers an empty search before it looks at the pattern
    if (kind != Search::split) return kind == Search::matches ? NIL : atoms::nomatch;
    ProcessHeap heap(p);
    return split_parts(heap, x[0], hay, {}, o.flags);
  }
  std::vector<std::string> patterns;
  if (!get_patterns(compiled_source(x[1]), patterns)) return badarg(p);
  if (!scratch.empty()) {  // an unaligned subject is made aligned once, not at every slice
    ProcessHeap heap(p);
    x[0] = make_binary(heap, scratch);
  }
  x[3] = make_small(int64_t(o.start));
  x[4] = NIL;
  x[5] = make_small(int64_t(kind));
  return search_some(p, x, hay, o, BinarySearch(std::move(patterns)));
}

Term search_bif(Process* p, Term* a, uint32_t arity, Search kind) {
  if (arity == 2) a[2] = NIL;
  return search_start(p, a, kind);
}

// ---- parts and bytes ---------------------------------------------------------------------

// erts takes any bitstring here and looks only at its whole bytes.
Term part(Process* p, Term bin, Term pos, Term len) {
  if (!is_bitstring(bin)) return badarg(p);
  std::string scratch;
  std::string_view bytes = bytes_of(bin, scratch);
  size_t start, end;
  if (!get_range(pos, len, bytes.size(), &start, &end)) return badarg(p);
  ProcessHeap heap(p);
  return extract(heap, bin, bytes, start, end - start);
}

Term part_of_pair(Process* p, Term bin, Term pos_len) {
  Term pos, len;
  if (!get_pair(pos_len, &pos, &len)) return badarg(p);
  return part(p, bin, pos, len);
}

// The byte at `index` of a non-empty binary.
Term byte_at(Process* p, Term bin, uint64_t index, bool from_end) {
  if (!is_binary(bin)) return badarg(p);
  std::string scratch;
  std::string_view bytes = bytes_of(bin, scratch);
  if (index >= bytes.size()) return badarg(p);
  return make_small(uint8_t(bytes[from_end ? bytes.size() - 1 - index : index]));
}

// A copy longer than a slice allows goes on over several slices, as erts' does. Registers:
// x0 the binary repeated (made byte-aligned first), x2 the result, x3 how many of its bytes
// are written.
Term copy_continue(Process* p, Term* x);

Export* copy_continuation() {
  static Export* e = bif_continuation(atom_put("binary"), atom_put("copy"), 4, copy_continue);
  return e;
}

Term copy_continue(Process* p, Term* x) {
  std::string_view unit = bitstring_bits(x[0]).view();
  Bits result = bitstring_bits(x[2]);
  auto* data = const_cast<uint8_t*>(result.aligned_bytes());
  size_t total = size_t(result.bit_size / 8), at = size_t(small_value(x[3]));
  size_t end = std::min(total, at + size_t(budget(p)) * 8);
  charge_work(p, (end - at) / 8);
  // Once the unit is written whole, what is written is the source of the rest, doubling.
  while (at < end) {
    size_t n;
    if (at < unit.size()) {
      n = std::min(end - at, unit.size() - at);
      std::memcpy(data + at, unit.data() + at, n);
    } else {
      n = std::min(end - at, at - at % unit.size());
      std::memcpy(data + at, data + at % unit.size(), n);
    }
    at += n;
  }
  if (at == total) return x[2];
  x[3] = make_small(int64_t(at));
  return bif_yield(p, copy_continuation());
}

Term copy(Process* p, Term* x, Term count) {
  Term bin = x[0];
  uint64_t n;
  if (!is_bitstring(bin) || !get_uint(count, &n)) return badarg(p);
  ProcessHeap heap(p);
  if (n == 0) return make_binary(heap, {});  // erts makes it even of a bitstring
  if (!is_binary(bin)) return badarg(p);
  std::string scratch;
  std::string_view bytes = bytes_of(bin, scratch);
  if (bytes.empty()) return make_binary(heap, {});
  if (n > SIZE_MAX / bytes.size()) return system_limit(p);
  uint8_t* data;
  x[2] = new_binary(heap, bytes.size() * size_t(n), &data);
  if (!scratch.empty()) x[0] = make_binary(heap, scratch);
  x[3] = make_small(0);
  return copy_continue(p, x);
}

// Whether all strings have the same byte k places from their start (or from their end).
bool all_agree(const std::vector<std::string_view>& all, size_t k, bool from_end) {
  auto at = [&](std::string_view s) { return from_end ? s[s.size() - 1 - k] : s[k]; };
  for (std::string_view s : all)
    if (at(s) != at(all[0])) return false;
  return true;
}

Term longest_common(Process* p, Term list, bool suffix) {
  int64_t n = list_length(list);
  if (n <= 0) return badarg(p);
  std::vector<std::string> scratch(static_cast<size_t>(n));
  std::vector<std::string_view> all;
  size_t shortest = SIZE_MAX;
  for (Term l = list; l != NIL; l = tail(l)) {
    if (!is_binary(head(l))) return badarg(p);
    all.push_back(bytes_of(head(l), scratch[all.size()]));
    shortest = std::min(shortest, all.back().size());
  }
  size_t k = 0;
  while (k < shortest && all_agree(all, k, suffix)) k++;
  return make_small(int64_t(k));
}

// ---- unsigned integers as bytes ----------------------------------------------------------

Term encode_unsigned(Process* p, Term n, Term endianness) {
  bool big;
  if (!is_integer(n) || !get_endianness(endianness, &big)) return badarg(p);
  if (is_small(n) ? small_value(n) < 0 : big_negative(n)) return badarg(p);
  // Little-endian bytes with the high zero bytes dropped, but at least one byte.
  std::string bytes;
  size_t digits = is_small(n) ? 1 : big_size(n);
  for (size_t d = 0; d < digits; d++) {
    Word w = is_small(n) ? Word(small_value(n)) : big_digits(n)[d];
    for (int b = 0; b < 8; b++) bytes += char(uint8_t(w >> (8 * b)));
  }
  while (bytes.size() > 1 && bytes.back() == 0) bytes.pop_back();
  if (big) std::reverse(bytes.begin(), bytes.end());
  ProcessHeap heap(p);
  return make_binary(heap, bytes);
}

Term decode_unsigned(Process* p, Term bin, Term endianness) {
  bool big;
  if (!is_binary(bin) || !get_endianness(endianness, &big)) return badarg(p);
  std::string scratch;
  std::string_view bytes = bytes_of(bin, scratch);
  std::vector<Word> digits(bytes.size() / 8 + 1, 0);
  for (size_t k = 0; k < bytes.size(); k++) {
    uint8_t b = uint8_t(big ? bytes[bytes.size() - 1 - k] : bytes[k]);
    digits[k / 8] |= Word(b) << (8 * (k % 8));
  }
  ProcessHeap heap(p);
  return make_big(heap, digits.data(), digits.size(), false);
}

}  // namespace

Term binary_compile_pattern_1(Process* p, Term* a) {
  std::vector<std::string> patterns;
  if (!get_patterns(a[0], patterns)) return badarg(p);
  ProcessHeap heap(p);
  if (patterns.size() > 1) return tuple(heap, atoms::ac, a[0]);
  return tuple(heap, atoms::bm, is_list(a[0]) ? head(a[0]) : a[0]);
}

Term binary_match_2(Process* p, Term* a) { return search_bif(p, a, 2, Search::match); }
Term binary_match_3(Process* p, Term* a) { return search_bif(p, a, 3, Search::match); }
Term binary_matches_2(Process* p, Term* a) { return search_bif(p, a, 2, Search::matches); }
Term binary_matches_3(Process* p, Term* a) { return search_bif(p, a, 3, Search::matches); }
Term binary_split_2(Process* p, Term* a) { return search_bif(p, a, 2, Search::split); }
Term binary_split_3(Process* p, Term* a) { return search_bif(p, a, 3, Search::split); }

Term binary_part_3(Process* p, Term* a) { return part(p, a[0], a[1], a[2]); }
Term binary_part_2(Process* p, Term* a) { return part_of_pair(p, a[0], a[1]); }
Term erlang_binary_part_3(Process* p, Term* a) { return part(p, a[0], a[1], a[2]); }
Term erlang_binary_part_2(Process* p, Term* a) { return part_of_pair(p, a[0], a[1]); }

Term binary_at_2(Process* p, Term* a) {
  uint64_t index;
  if (!get_uint(a[1], &index)) return badarg(p);
  return byte_at(p, a[0], index, false);
}
Term binary_first_1(Process* p, Term* a) { return byte_at(p, a[0], 0, false); }
Term binary_last_1(Process* p, Term* a) { return byte_at(p, a[0], 0, true); }

Term binary_copy_1(Process* p, Term* a) { return copy(p, a, make_small(1)); }
Term binary_copy_2(Process* p, Term* a) { return copy(p, a, a[1]); }

Term binary_longest_common_prefix_1(Process* p, Term* a) { return longest_common(p, a[0], false); }
Term binary_longest_common_suffix_1(Process* p, Term* a) { return longest_common(p, a[0], true); }

Term binary_encode_unsigned_1(Process* p, Term* a) { return encode_unsigned(p, a[0], atoms::big); }
Term binary_encode_unsigned_2(Process* p, Term* a) { return encode_unsigned(p, a[0], a[1]); }
Term binary_decode_unsigned_1(Process* p, Term* a) { return decode_unsigned(p, a[0], atoms::big); }
Term binary_decode_unsigned_2(Process* p, Term* a) { return decode_unsigned(p, a[0], a[1]); }

// erts reports the size of the whole shared binary, which includes room kept for appends.
Term binary_referenced_byte_size_1(Process* p, Term* a) {
  Term bin = a[0];
  if (!is_bitstring(bin)) return badarg(p);
  if (is_sub_bin(bin)) bin = boxed_ptr(bin)[3];
  if (is_refc_bin(bin)) return make_small(int64_t(refc_bin_shared(bin)->capacity));
  return make_small(int64_t(boxed_ptr(bin)[1]));
}

}  // namespace ember
