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

// Compression runs at once at the end, charged in proportion: zlib's state cannot live on
// the heap between slices.
Term encoded(Process* p, std::string& bytes, int compression) {
  if (compression > 0) charge_work(p, bytes.size() / 8);
  etf_compress(bytes, compression);
  ProcessHeap heap(p);
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
  if (o.compression > 0) return encoded(p, bytes, o.compression);
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
  if (done) return encoded(p, bytes, o.compression);
  auto* buffer = new EncodeBuffer;
  buffer->bytes = std::move(bytes);
  x[1] = options;
  x[2] = make_magic_ref(heap, buffer);
  x[3] = pending;
  return bif_yield(p, encode_continuation());
}

Term decode(Process* p, Term bin, Term options) {
  DecodeOptions o;
  bool used = false;
  for (Term l = options; l != NIL; l = tail(l)) {
    if (!is_list(l)) return badarg(p);
    if (head(l) == atoms::safe) o.safe = true;
    else if (head(l) == atoms::used) used = true;
    else return badarg(p);
  }
  if (!is_binary(bin)) return badarg(p);
  std::string bytes;
  Bits b = bitstring_bits(bin);
  std::string_view view;
  if (b.byte_aligned()) {
    view = b.view();
  } else {
    bytes.resize(b.bit_size / 8);
    copy_bits(b.bytes, b.bit_offset, reinterpret_cast<uint8_t*>(bytes.data()), 0, b.bit_size);
    view = bytes;
  }
  ProcessHeap heap(p);
  size_t consumed = 0;
  Term t = etf_decode(heap, view, o, &consumed);
  charge_work(p, view.size() / 8);
  if (t == THE_NON_VALUE) return badarg(p);
  return used ? tuple(heap, t, make_small(int64_t(consumed))) : t;
}

}  // namespace

Term erlang_term_to_binary_1(Process* p, Term* a) { return encode(p, a, NIL); }
Term erlang_term_to_binary_2(Process* p, Term* a) { return encode(p, a, a[1]); }

Term erlang_binary_to_term_1(Process* p, Term* a) { return decode(p, a[0], NIL); }
Term erlang_binary_to_term_2(Process* p, Term* a) { return decode(p, a[0], a[1]); }

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
