// term_to_binary, binary_to_term and external_size, over vm/etf.
#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/etf.h"

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

Term encode(Process* p, Term t, const EncodeOptions& o) {
  std::string bytes;
  etf_encode(t, o, bytes);
  charge_work(p, bytes.size() / 8);
  ProcessHeap heap(p);
  return make_binary(heap, bytes);
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

Term erlang_term_to_binary_1(Process* p, Term* a) { return encode(p, a[0], EncodeOptions{}); }

Term erlang_term_to_binary_2(Process* p, Term* a) {
  EncodeOptions o;
  if (!encode_options(a[1], o, false)) return badarg(p);
  return encode(p, a[0], o);
}

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

// term_to_iovec: the encoding as an iolist of binaries (one binary here).
Term erlang_term_to_iovec_1(Process* p, Term* a) {
  Term bin = erlang_term_to_binary_1(p, a);
  ProcessHeap heap(p);
  return cons(heap, bin, NIL);
}

Term erlang_term_to_iovec_2(Process* p, Term* a) {
  Term bin = erlang_term_to_binary_2(p, a);
  if (bin == THE_NON_VALUE) return bin;
  ProcessHeap heap(p);
  return cons(heap, bin, NIL);
}

}  // namespace ember

namespace ember {

Term erlang_iolist_to_binary_1(Process* p, Term* a);

Term erlang_iolist_to_iovec_1(Process* p, Term* a) {
  Term bin = erlang_iolist_to_binary_1(p, a);
  if (bin == THE_NON_VALUE) return bin;
  ProcessHeap heap(p);
  return bitstring_bit_size(bin) == 0 ? NIL : cons(heap, bin, NIL);
}

}  // namespace ember
