// The packet types of erlang:decode_packet/3, which are also those of the inet drivers'
// {packet, Type} option: where the first packet of a byte stream ends (packet_framing.cpp) and
// what an HTTP line says (packet_http.cpp). Plain C++ on bytes, as erts' packet_parser.c is;
// erlang_decode_packet.cpp makes terms of the results.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ember::packet {

enum class Type { raw, u1, u2, u4, asn1, sunrm, cdr, fcgi, line, tpkt, http, httph, http_bin, httph_bin, ssl_tls };

inline bool is_http(Type t) { return t == Type::http || t == Type::httph || t == Type::http_bin || t == Type::httph_bin; }
// httph and httph_bin start in the header lines; http and http_bin with the request or status line.
inline bool starts_in_headers(Type t) { return t == Type::httph || t == Type::httph_bin; }

struct Limits {
  uint32_t packet_size = 0;  // the longest packet (without its header); 0 for no limit
  uint32_t line_length = 0;  // where a line is cut (line), or the longest HTTP line when
                             // packet_size is 0; 0 for no limit
  char delimiter = '\n';     // what ends a line (line)
};

// The bytes the first packet of `bytes` takes, header included: > 0 when its length is known
// (more than bytes.size() when the rest has not come yet), 0 when more bytes are needed to
// know it, -1 when the bytes are no packet of the type or the packet is over the limits.
int64_t frame_length(Type type, std::string_view bytes, const Limits& limits);

// What is returned of a whole packet: 1, 2 and 4 drop their length header, fcgi its padding;
// the other types return the packet as it is (asn1, cdr, sunrm and tpkt with their headers).
std::string_view frame_body(Type type, std::string_view packet);

// An SSL/TLS record (ssl_tls): its content type, version and data. An SSLv2 client hello is
// given as the handshake (22) it carries, its data behind a 4-byte handshake header (prefix).
struct TlsRecord {
  unsigned content_type, major, minor;
  std::string prefix;
  std::string_view data;
};
TlsRecord parse_tls_record(std::string_view packet);

// The request URI of an HTTP request line.
struct HttpUri {
  enum class Kind { star, string, abs_path, scheme, http, https } kind = Kind::star;
  std::string_view first;   // string, abs_path: the URI; scheme: the scheme; http(s): the host
  std::string_view second;  // scheme: what follows the colon; http(s): the path ("/" if none)
  int port = 0;             // http(s): the port, 0 when none is given
};

// One line of an HTTP message (a packet of an http type, with its CRLF or LF).
struct HttpLine {
  enum class Kind { request, response, header, end_of_headers, error } kind = Kind::error;
  int major = 0, minor = 0;  // request, response
  // request: a known method (index into http_methods()) or -1 and its text
  int method = -1;
  std::string_view method_text;
  HttpUri uri;
  // response
  int status = 0;
  std::string_view phrase;
  // header: a known field (index into http_fields()) or -1; the name with erts' capitals
  // (Word-Word), or as written when longer than 50 bytes; the name as written; the value
  int field = -1;
  std::string name;
  std::string_view original_name, value;
};
HttpLine parse_http_line(std::string_view packet, bool in_headers);

// The methods and header fields that HTTP results name by atom, in erts' order (a header's
// position here, plus one, is the integer of its http_header tuple).
std::span<const std::string_view> http_methods();
std::span<const std::string_view> http_fields();

}  // namespace ember::packet
