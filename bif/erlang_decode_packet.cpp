// erlang:decode_packet/3: the first packet of a binary, cut (bif/packet_framing.cpp) and, for
// the HTTP and SSL/TLS types, read (bif/packet_http.cpp) into erts' terms.
#include <climits>
#include <string>

#include "bif/bif.h"
#include "bif/packet.h"
#include "bif/packet_terms.h"
#include "vm/term/binary.h"

namespace ember {
namespace {

using packet::Type;

bool packet_type(Term t, Type* out) {
  static const std::pair<const char*, Type> named[] = {
      {"raw", Type::raw},       {"asn1", Type::asn1},     {"sunrm", Type::sunrm},
      {"cdr", Type::cdr},       {"fcgi", Type::fcgi},     {"line", Type::line},
      {"tpkt", Type::tpkt},     {"http", Type::http},     {"httph", Type::httph},
      {"http_bin", Type::http_bin}, {"httph_bin", Type::httph_bin}, {"ssl_tls", Type::ssl_tls}};
  if (t == make_small(0)) *out = Type::raw;
  else if (t == make_small(1)) *out = Type::u1;
  else if (t == make_small(2)) *out = Type::u2;
  else if (t == make_small(4)) *out = Type::u4;
  else if (!is_atom(t)) return false;
  else {
    auto it = std::find_if(std::begin(named), std::end(named), [t](auto& e) { return atom_put(e.first) == t; });
    if (it == std::end(named)) return false;
    *out = it->second;
  }
  return true;
}

// {packet_size, N}, {line_length, N} (N up to 2^32-1), and for line {line_delimiter, Byte}.
bool parse_options(Term options, Type type, packet::Limits* limits) {
  for (; is_list(options); options = tail(options)) {
    Term o = head(options);
    if (!is_tuple(o) || tuple_arity(o) != 2) return false;
    Term key = tuple_element(o, 0), value = tuple_element(o, 1);
    if (!is_small(value) || small_value(value) < 0 || small_value(value) > int64_t(UINT_MAX)) return false;
    uint32_t v = uint32_t(small_value(value));
    if (key == atom_put("packet_size")) limits->packet_size = v;
    else if (key == atom_put("line_length")) limits->line_length = v;
    else if (key == atom_put("line_delimiter") && type == Type::line && v <= 255) limits->delimiter = char(v);
    else return false;
  }
  return options == NIL;
}

}  // namespace

Term erlang_decode_packet_3(Process* p, Term* a) {
  Type type;
  if (!packet_type(a[0], &type)) return badarg_because(p, atoms::badopt);
  packet::Limits limits;
  if (!is_bitstring(a[1]) || !parse_options(a[2], type, &limits)) return badarg(p);

  // Whole bytes only: bits beyond the last byte stay in the rest.
  Bits bits = bitstring_bits(a[1]);
  size_t size = size_t(bits.bit_size / 8);
  std::string copy;
  std::string_view bytes;
  if (bits.byte_aligned()) {
    bytes = {reinterpret_cast<const char*>(bits.aligned_bytes()), size};
  } else {
    copy.resize(size);
    copy_bits(bits.bytes, bits.bit_offset, reinterpret_cast<uint8_t*>(copy.data()), 0, size * 8);
    bytes = copy;
  }

  ProcessHeap heap(p);
  int64_t length = packet::frame_length(type, bytes, limits);
  if (length < 0) return tuple(heap, atoms::error, atom_put("invalid"));
  if (length == 0) return tuple(heap, atom_put("more"), atoms::undefined);
  if (uint64_t(length) > size) return tuple(heap, atom_put("more"), make_small(length));

  std::string_view whole = bytes.substr(0, size_t(length));
  Term result;
  if (packet::is_http(type)) {
    result = packet::http_term(heap, type == Type::http_bin || type == Type::httph_bin,
                               packet::parse_http_line(whole, packet::starts_in_headers(type)), whole);
  } else if (type == Type::ssl_tls) {
    packet::TlsRecord r = packet::parse_tls_record(whole);
    uint8_t* data;
    Term bin = new_binary(heap, r.prefix.size() + r.data.size(), &data);
    std::copy(r.prefix.begin(), r.prefix.end(), data);
    std::copy(r.data.begin(), r.data.end(), data + r.prefix.size());
    result = tuple(heap, atom_put("ssl_tls"), NIL, make_small(r.content_type),
                   tuple(heap, make_small(r.major), make_small(r.minor)), bin);
  } else {
    std::string_view body = packet::frame_body(type, whole);
    result = make_sub_binary(heap, a[1], uint64_t(body.data() - bytes.data()) * 8, body.size() * 8);
  }
  Term rest = make_sub_binary(heap, a[1], uint64_t(length) * 8, bits.bit_size - uint64_t(length) * 8);
  return tuple(heap, atoms::ok, result, rest);
}

}  // namespace ember
