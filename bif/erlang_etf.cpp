// term_to_binary, binary_to_term and external_size, over vm/term/etf.
#include <algorithm>

#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/etf.h"
#include "vm/term/magic_ref.h"

namespace ember {
namespace {

// term_to_binary's options; later ones override earlier ones, as in erts.
bool encode_options(Term list, EncodeOptions& o, bool sizes_only) {
  for (; is_list(list); list = tail(list)) {
    Term opt = head(list);
    if (opt == atoms::compressed && !sizes_only) {
      o.compression = 6;
    } else if (opt == atoms::deterministic && !sizes_only) {
      o.deterministic = true;
    } else if (is_tuple(opt) && tuple_arity(opt) == 2 && is_small(tuple_element(opt, 1))) {
      Term key = tuple_element(opt, 0);
      int64_t n = small_value(tuple_element(opt, 1));
      if (key == atoms::compressed && !sizes_only && n >= 0 && n <= 9) o.compression = int(n);
      else if (key == atoms::minor_version && n >= 0 && n <= (sizes_only ? 1 : 2)) o.minor_version = int(n);
      else return false;
    } else {
      return false;
    }
  }
  return list == NIL;
}

// The bytes of a term_to_binary that takes more than one time slice.
struct EncodeBuffer final : MagicObject {
  std::string bytes;
  size_t size_bytes() const override { return bytes.capacity(); }
};

// Registers between slices: x0 the term, x1 the options (checked at the start), x2 the buffer
// (a magic reference) and x3 the work left (etf_encode_some). Once the work is done, x3 is the
// result and x0 how many bytes of the buffer it has: the copy takes slices too.
Term encode_continue(Process* p, Term* x);

Export* encode_continuation() {
  static Export* e = bif_continuation(atoms::erlang, atom_put("term_to_binary_trap"), 4, encode_continue);
  return e;
}

// Registers: x0 the EncodeBuffer (a magic reference) with the plain encoding, x1 the level.
Term compress_continue(Process* p, Term* x) {
  std::string& bytes = magic_ref_get<EncodeBuffer>(x[0])->bytes;
  etf_compress(bytes, int(small_value(x[1])));
  ProcessHeap heap(p);
  return make_binary(heap, bytes);
}

// Compression runs at once at the end: zlib's state cannot live on the heap between slices. One
// longer than the slice allows runs on a dirty CPU scheduler (where erts deflates a slice's
// share at a time), so that it holds no normal scheduler.
Export* compress_continuation() {
  static Export* e = [] {
    Export* c = bif_continuation(atoms::erlang, atom_put("term_to_binary_compress"), 2, compress_continue);
    c->dirty = DirtyKind::cpu;
    return c;
  }();
  return e;
}

Term encoded(Process* p, Term* x, std::string& bytes, int compression) {
  ProcessHeap heap(p);
  if (compression > 0 && int64_t(bytes.size() / 8) > budget(p)) {
    auto* buffer = new EncodeBuffer;
    buffer->bytes = std::move(bytes);
    x[0] = make_magic_ref(heap, buffer);
    x[1] = make_small(compression);
    return bif_trap(p, compress_continuation());
  }
  if (compression > 0) charge_work(p, bytes.size() / 8);
  etf_compress(bytes, compression);
  return make_binary(heap, bytes);
}

Term copy_out(Process* p, Term* x, const std::string& bytes) {
  auto* data = const_cast<uint8_t*>(bitstring_bits(x[3]).bytes);
  size_t done = size_t(small_value(x[0]));
  size_t n = std::min(bytes.size() - done, size_t(budget(p)) * 8);
  std::copy_n(bytes.data() + done, n, data + done);
  charge_work(p, n / 8);
  if (done + n == bytes.size()) return x[3];
  x[0] = make_small(int64_t(done + n));
  return bif_yield(p, encode_continuation());
}

Term encode_continue(Process* p, Term* x) {
  std::string& bytes = magic_ref_get<EncodeBuffer>(x[2])->bytes;
  if (is_binary(x[3])) return copy_out(p, x, bytes);
  EncodeOptions o;
  encode_options(x[1], o, false);
  ProcessHeap heap(p);
  int64_t allowed = budget(p), left = allowed;
  bool done = etf_encode_some(heap, &x[3], o, bytes, &left);
  charge_work(p, uint64_t(allowed - left));
  if (!done) return bif_yield(p, encode_continuation());
  if (o.compression > 0) return encoded(p, x, bytes, o.compression);
  uint8_t* data;
  x[3] = new_binary(heap, bytes.size(), &data);
  x[0] = make_small(0);
  return copy_out(p, x, bytes);
}

Term encode(Process* p, Term* x, Term options) {
  EncodeOptions o;
  if (!encode_options(options, o, false)) return badarg(p);
  ProcessHeap heap(p);
  std::string bytes;
  Term pending;
  int64_t allowed = budget(p), left = allowed;
  bool done = etf_encode_first(heap, x[0], &pending, o, bytes, &left);
  charge_work(p, uint64_t(allowed - left));
  if (done) return encoded(p, x, bytes, o.compression);
  auto* buffer = new EncodeBuffer;
  buffer->bytes = std::move(bytes);
  x[1] = options;
  x[2] = make_magic_ref(heap, buffer);
  x[3] = pending;
  return bif_yield(p, encode_continuation());
}

// binary_to_term's options.
bool decode_options(Term list, DecodeOptions& o, bool* used) {
  for (; is_list(list); list = tail(list)) {
    if (head(list) == atoms::safe) o.safe = true;
    else if (head(list) == atoms::used) *used = true;
    else return false;
  }
  return list == NIL;
}

// A binary_to_term that takes more than one time slice keeps here what is not a term: the
// decode's position and inflated input, and an input not aligned on a byte, copied.
struct DecodeState final : MagicObject {
  EtfDecoding decoding;
  std::string copy;
  DecodeOptions options;
  bool used = false;
  Export* continuation = nullptr;
  size_t size_bytes() const override { return copy.capacity() + decoding.buffer_bytes(); }
};

// Registers between slices: x0 the binary and x1 the options (as given: an error shows them, as
// erts' does; [] for binary_to_term/1), x2 the DecodeState (a magic reference), x3..x5 the
// DecodeProgress.
Term decode_continue(Process* p, Term* x);

Export* decode_continuation(uint32_t arity) {
  static Export* e[] = {
      bif_continuation(atoms::erlang, atom_put("binary_to_term_trap"), 6, decode_continue,
                       export_put(atoms::erlang, atom_put("binary_to_term"), 1)),
      bif_continuation(atoms::erlang, atom_put("binary_to_term_trap"), 6, decode_continue,
                       export_put(atoms::erlang, atom_put("binary_to_term"), 2))};
  return e[arity - 1];
}

// The binary's bytes, found again each slice: a collection may move a heap binary. Those of a
// binary not aligned on a byte were copied into `copy` at the start.
std::string_view decode_input(Term bin, const std::string& copy) {
  Bits b = bitstring_bits(bin);
  return b.byte_aligned() ? b.view() : std::string_view(copy);
}

Term decoded(Process* p, const EtfDecoding& d, Term t, bool used) {
  if (!used) return t;
  ProcessHeap heap(p);
  return tuple(heap, t, make_small(int64_t(d.used())));
}

// Ends a slice with the decode unfinished. The next slice writes into terms this one made (see
// Process::building_in_place).
Term decode_yield(Process* p, Term* x, const DecodeState& s, const DecodeProgress& progress) {
  x[3] = progress.result;
  x[4] = progress.work;
  x[5] = progress.maps;
  p->building_in_place = true;
  return bif_yield(p, s.continuation);
}

Term decode_continue(Process* p, Term* x) {
  auto* s = magic_ref_get<DecodeState>(x[2]);
  DecodeProgress progress{x[3], x[4], x[5]};
  ProcessHeap heap(p);
  int64_t allowed = budget(p), left = allowed;
  DecodeStep step = s->decoding.step(heap, decode_input(x[0], s->copy), s->options, progress, &left);
  charge_work(p, uint64_t(allowed - left));
  if (step == DecodeStep::more) return decode_yield(p, x, *s, progress);
  p->building_in_place = false;
  if (step == DecodeStep::malformed) return badarg(p);
  return decoded(p, s->decoding, progress.result, s->used);
}

// A term small enough for the first slice (the common case) is decoded at once and needs no
// DecodeState: only a decode that must go on makes one.
Term decode(Process* p, Term* x, uint32_t arity) {
  Term options = arity == 2 ? x[1] : NIL;
  DecodeOptions o;
  bool used = false;
  if (!decode_options(options, o, &used)) return badarg_because(p, atoms::badopt);
  if (!is_binary(x[0])) return badarg(p);
  std::string copy;
  if (Bits b = bitstring_bits(x[0]); !b.byte_aligned()) {
    copy.resize(b.bit_size / 8);
    copy_bits(b.bytes, b.bit_offset, reinterpret_cast<uint8_t*>(copy.data()), 0, b.bit_size);
  }
  std::string_view bytes = decode_input(x[0], copy);
  EtfDecoding d;
  DecodeProgress progress;
  ProcessHeap heap(p);
  int64_t allowed = budget(p), left = allowed - int64_t(copy.size() / 8);
  DecodeStep step = DecodeStep::malformed;
  if (d.start(bytes, &left)) step = d.step(heap, bytes, o, progress, &left);
  charge_work(p, uint64_t(allowed - left));
  if (step == DecodeStep::malformed) return badarg(p);
  if (step == DecodeStep::done) return decoded(p, d, progress.result, used);
  auto* s = new DecodeState;
  s->decoding = std::move(d);
  s->copy = std::move(copy);
  s->options = o;
  s->used = used;
  s->continuation = decode_continuation(arity);
  x[1] = options;
  x[2] = make_magic_ref(heap, s);
  return decode_yield(p, x, *s, progress);
}

}  // namespace

Term erlang_term_to_binary_1(Process* p, Term* a) { return encode(p, a, NIL); }
Term erlang_term_to_binary_2(Process* p, Term* a) { return encode(p, a, a[1]); }

Term erlang_binary_to_term_1(Process* p, Term* a) { return decode(p, a, 1); }
Term erlang_binary_to_term_2(Process* p, Term* a) { return decode(p, a, 2); }

Term erlang_external_size_1(Process* p, Term* a) {
  return make_small(int64_t(etf_encoded_size(a[0], EncodeOptions{})));
}

Term erlang_external_size_2(Process* p, Term* a) {
  EncodeOptions o;
  if (!encode_options(a[1], o, true)) return badarg(p);
  return make_small(int64_t(etf_encoded_size(a[0], o)));
}

}  // namespace ember

namespace ember {

// term_to_iovec: the encoding as an iolist of binaries (one binary here), made at once and
// charged in proportion.
static Term iovec(Process* p, Term t, Term options) {
  EncodeOptions o;
  if (!encode_options(options, o, false)) return badarg(p);
  std::string bytes;
  etf_encode(t, o, bytes);
  charge_work(p, bytes.size() / 8);
  ProcessHeap heap(p);
  return cons(heap, make_binary(heap, bytes), NIL);
}

Term erlang_term_to_iovec_1(Process* p, Term* a) { return iovec(p, a[0], NIL); }
Term erlang_term_to_iovec_2(Process* p, Term* a) { return iovec(p, a[0], a[1]); }

}  // namespace ember
