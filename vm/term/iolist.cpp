#include "vm/term/iolist.h"

#include <algorithm>
#include <cstring>

#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/small_stack.h"
#include "vm/term/unicode.h"

namespace ember {

void append_binary_bytes(std::string& out, Term bin) {
  Bits b = bitstring_bits(bin);
  size_t at = out.size();
  out.resize(at + b.bit_size / 8);
  copy_bits(b.bytes, b.bit_offset, reinterpret_cast<uint8_t*>(out.data() + at), 0, b.bit_size & ~uint64_t(7));
}

namespace {

void copy_bytes(const Bits& b, uint64_t from, uint64_t bytes, uint8_t* out) {
  if (b.byte_aligned()) std::memcpy(out, b.aligned_bytes() + from, bytes);
  else copy_bits(b.bytes, b.bit_offset + from * 8, out, 0, bytes * 8);
}

uint8_t* copy_binary_bytes(Term bin, uint8_t* out) {
  Bits b = bitstring_bits(bin);
  copy_bytes(b, 0, b.bit_size / 8, out);
  return out + b.bit_size / 8;
}

// The walk both resumable passes share. `sink.binary(heap, bin, budget)` takes a binary and
// returns what of it is left for later (NIL when nothing). A byte is checked here, so that the
// count, which runs first, refuses what the copy could not write.
// The budget and the sink's counters are kept in locals during the walk, out of memory.
template <typename Sink>
IolistStep walk_some(Heap& heap, IolistCursor* c, int64_t* budget_left, Sink& sink) {
  SmallStack<Term, 32> tails;  // of the lists walked into since this slice began
  Term t = c->current;
  int64_t budget = *budget_left;
  for (;;) {
    if (is_list(t)) {
      Term h = head(t);
      t = tail(t);
      if (is_list(h)) {
        tails.push(t);
        t = h;
      } else if (is_small(h)) {
        if (uint64_t(small_value(h)) > 255) return IolistStep::bad;
        sink.byte(uint8_t(small_value(h)));
      } else if (is_binary(h)) {
        Term left = sink.binary(heap, h, &budget);
        if (left != NIL) {
          tails.push(t);
          t = left;
        }
      } else if (h != NIL) {
        return IolistStep::bad;
      }
    } else {
      if (is_binary(t)) t = sink.binary(heap, t, &budget);
      else if (t != NIL) return IolistStep::bad;
      if (t == NIL) {
        if (!tails.empty()) {
          t = tails.pop();
        } else if (c->rest != NIL) {
          t = head(c->rest);
          c->rest = tail(c->rest);
        } else {
          *budget_left = budget;
          return IolistStep::done;
        }
      }
    }
    if (--budget <= 0) break;
  }
  *budget_left = budget;
  for (size_t k = 0; k < tails.size(); k++) c->rest = cons(heap, tails[k], c->rest);
  c->current = t;
  return IolistStep::more;
}

struct CountSink {
  uint64_t n;
  void byte(uint8_t) { ++n; }
  Term binary(Heap&, Term bin, int64_t*) {
    n += bitstring_bit_size(bin) / 8;
    return NIL;
  }
};

struct CopySink {
  uint8_t* out;
  uint64_t at;
  void byte(uint8_t b) { out[at++] = b; }
  Term binary(Heap& heap, Term bin, int64_t* budget) {
    Bits b = bitstring_bits(bin);
    uint64_t bytes = b.bit_size / 8, allowed = uint64_t(std::max<int64_t>(*budget, 1)) * 8;
    uint64_t now = std::min(bytes, allowed);
    copy_bytes(b, 0, now, out + at);
    at += now;
    *budget -= int64_t(now / 8);
    if (now == bytes) return NIL;
    *budget = 0;
    return make_sub_binary(heap, bin, now * 8, (bytes - now) * 8);
  }
};

}  // namespace

bool iolist_bytes(Term t, std::string& out) {
  uint64_t n;
  if (!iolist_byte_count(t, &n)) return false;
  size_t at = out.size();
  out.resize(at + n);
  iolist_copy(t, reinterpret_cast<uint8_t*>(out.data() + at));
  return true;
}

uint8_t* iolist_copy(Term t, uint8_t* out) {
  SmallStack<Term, 32> rest;  // the tails still to copy of the lists walked into
  for (;;) {
    while (is_list(t)) {
      Term h = head(t);
      if (is_list(h)) {
        rest.push(tail(t));
        t = h;
        continue;
      }
      if (is_small(h)) *out++ = uint8_t(small_value(h));
      else if (h != NIL) out = copy_binary_bytes(h, out);
      t = tail(t);
    }
    if (t != NIL) out = copy_binary_bytes(t, out);
    if (rest.empty()) return out;
    t = rest.pop();
  }
}

IolistStep iolist_count_some(Heap& heap, IolistCursor* c, uint64_t* n, int64_t* budget) {
  CountSink sink{*n};
  IolistStep step = walk_some(heap, c, budget, sink);
  *n = sink.n;
  return step;
}

IolistStep iolist_copy_some(Heap& heap, IolistCursor* c, uint8_t* out, uint64_t* at, int64_t* budget) {
  CopySink sink{out, *at};
  IolistStep step = walk_some(heap, c, budget, sink);
  *at = sink.at;
  return step;
}

bool iolist_byte_count(Term t, uint64_t* out) {
  uint64_t n = 0;
  SmallStack<Term, 32> todo;
  todo.push(t);
  while (!todo.empty()) {
    Term u = todo.pop();
    for (; is_list(u); u = tail(u)) {
      Term h = head(u);
      if (is_small(h)) {
        if (small_value(h) < 0 || small_value(h) > 255) return false;
        n++;
      } else if (is_binary(h)) {
        n += bitstring_bit_size(h) / 8;
      } else if (is_list(h)) {
        todo.push(h);
      } else if (h != NIL) {
        return false;
      }
    }
    if (is_binary(u)) n += bitstring_bit_size(u) / 8;
    else if (u != NIL) return false;
  }
  *out = n;
  return true;
}

bool char_list_utf8(Term t, std::string& out) {
  for (; is_list(t); t = tail(t)) {
    Term c = head(t);
    if (!is_small(c) || !is_valid_code_point(small_value(c))) return false;
    utf8_append(out, uint32_t(small_value(c)));
  }
  return t == NIL;
}

CharListRead char_list_utf8_bounded(Term t, size_t max_chars, std::string& out) {
  for (size_t n = 0; is_list(t); t = tail(t), n++) {
    if (n == max_chars) return CharListRead::too_long;
    Term c = head(t);
    if (!is_small(c) || !is_valid_code_point(small_value(c))) return CharListRead::invalid;
    utf8_append(out, uint32_t(small_value(c)));
  }
  return t == NIL ? CharListRead::ok : CharListRead::invalid;
}

}  // namespace ember
