// Where a packet ends, for each packet type, with erts' rules: its limits, what counts as
// invalid, and when the length is not known yet.
#include <cstring>

#include "bif/packet.h"

namespace ember::packet {
namespace {

uint32_t be(const char* p, int bytes) {
  uint32_t v = 0;
  for (int k = 0; k < bytes; k++) v = v << 8 | uint8_t(p[k]);
  return v;
}

uint32_t le32(const char* p) {
  return uint32_t(uint8_t(p[0])) | uint32_t(uint8_t(p[1])) << 8 | uint32_t(uint8_t(p[2])) << 16 |
         uint32_t(uint8_t(p[3])) << 24;
}

// A packet of `header` bytes and a body of `body` bytes. erts keeps lengths in a C int, so a
// total beyond its range is invalid, as is a body over packet_size.
int64_t with_header(uint64_t header, uint64_t body, const Limits& limits) {
  if (limits.packet_size != 0 && body > limits.packet_size) return -1;
  uint64_t total = header + body;
  return total > uint64_t(INT32_MAX) ? -1 : int64_t(total);
}

int64_t line_length(std::string_view b, const Limits& limits) {
  const void* end = std::memchr(b.data(), limits.delimiter, b.size());
  uint64_t max = limits.packet_size, cut = limits.line_length;
  if (end == nullptr) {
    if (max != 0 && b.size() > max) return -1;
    if (cut != 0 && b.size() >= cut) return int64_t(cut);
    return 0;
  }
  uint64_t n = static_cast<const char*>(end) - b.data() + 1;
  if (max != 0 && n > max) return -1;
  if (cut != 0 && n > cut) return int64_t(cut);
  return int64_t(n);
}

// An HTTP line ends at LF; a header line goes on while the next line starts with a space or
// tab, so a header that ends where the bytes do needs more to be known.
int64_t http_length(std::string_view b, bool in_headers, const Limits& limits) {
  size_t n = b.size();
  if ((n == 1 && b[0] == '\n') || (n == 2 && b[0] == '\r' && b[1] == '\n')) return int64_t(n);
  // line_length was the limit before packet_size applied to HTTP, and still is without it.
  uint64_t max = limits.packet_size != 0 ? limits.packet_size : limits.line_length;
  size_t from = 0;
  for (;;) {
    size_t lf = b.find('\n', from);
    if (lf == std::string_view::npos) return max != 0 && n >= max ? -1 : 0;
    size_t len = lf + 1;
    if (!in_headers || len < n) {
      bool continued = in_headers && (b[len] == ' ' || b[len] == '\t') && len > 2;
      if (!continued) return max != 0 && len > max ? -1 : int64_t(len);
      from = len;
      continue;
    }
    return max != 0 && len > max ? -1 : 0;
  }
}

// BER: an identifier (one byte, or with tag number 31 continued while the high bit is set), a
// length (short form, or long form of up to 4 bytes; the indefinite form counts as 0).
int64_t asn1_length(std::string_view b, const Limits& limits) {
  if (b.size() < 2) return 0;
  size_t at = 1, left = b.size() - 1;
  if ((uint8_t(b[0]) & 0x1f) == 0x1f) {
    while (left != 0 && (uint8_t(b[at]) & 0x80) != 0) at++, left--;
    if (left < 2) return 0;
    at++, left--;
  }
  uint8_t first = uint8_t(b[at]);
  uint32_t length = first & 0x7f;
  uint32_t body;
  if ((first & 0x80) == 0) {
    at++;
    body = length;
  } else {
    at++, left--;
    if (left < length) return 0;
    if (length > 4) return -1;
    body = length == 0 ? 0 : be(b.data() + at, int(length));
    at += length;
  }
  return with_header(at, body, limits);
}

}  // namespace

int64_t frame_length(Type type, std::string_view b, const Limits& limits) {
  const char* p = b.data();
  size_t n = b.size();
  switch (type) {
    case Type::raw:
      return int64_t(n);
    case Type::u1:
      return n < 1 ? 0 : with_header(1, be(p, 1), limits);
    case Type::u2:
      return n < 2 ? 0 : with_header(2, be(p, 2), limits);
    case Type::u4:
      return n < 4 ? 0 : with_header(4, be(p, 4), limits);
    case Type::sunrm:  // the top bit marks a record's last fragment
      return n < 4 ? 0 : with_header(4, be(p, 4) & 0x7fffffff, limits);
    case Type::line:
      return line_length(b, limits);
    case Type::asn1:
      return asn1_length(b, limits);
    case Type::cdr:  // GIOP: magic, version, flags (bit 0: little-endian), type, size
      if (n < 12) return 0;
      if (std::memcmp(p, "GIOP", 4) != 0) return -1;
      return with_header(12, (p[6] & 1) ? le32(p + 8) : be(p + 8, 4), limits);
    case Type::fcgi:  // version 1, type, request id, content length, padding length, reserved
      if (n < 8) return 0;
      if (p[0] != 1) return -1;
      return with_header(8, be(p + 4, 2) + uint8_t(p[6]), limits);
    case Type::tpkt: {  // version 3, reserved, length of the whole packet
      if (n < 4) return 0;
      if (p[0] != 3) return -1;
      uint32_t total = be(p + 2, 2);
      if (total < 4) return -1;
      return with_header(4, total - 4, limits);
    }
    case Type::ssl_tls: {
      if (n < 5) return 0;
      // An SSLv2 client hello: <<1:1, Length:15, 1:8, ...>>, Length counting from byte 2.
      if ((uint8_t(p[0]) & 0x80) != 0 && p[2] == 1) {
        uint32_t length = be(p, 2) & 0x7fff;
        if (length < 3) return -1;
        return with_header(5, length - 3, limits);
      }
      return with_header(5, be(p + 3, 2), limits);  // type, version, length
    }
    case Type::http:
    case Type::httph:
    case Type::http_bin:
    case Type::httph_bin:
      return http_length(b, starts_in_headers(type), limits);
  }
  return -1;
}

std::string_view frame_body(Type type, std::string_view packet) {
  switch (type) {
    case Type::u1:
      return packet.substr(1);
    case Type::u2:
      return packet.substr(2);
    case Type::u4:
      return packet.substr(4);
    case Type::fcgi:
      return packet.substr(0, packet.size() - uint8_t(packet[6]));
    default:
      return packet;
  }
}

TlsRecord parse_tls_record(std::string_view packet) {
  if ((uint8_t(packet[0]) & 0x80) != 0 && packet[2] == 1) {
    uint32_t length = uint32_t(packet.size() - 3);
    std::string prefix{char(1), char(length >> 16), char(length >> 8), char(length)};
    return {22, uint8_t(packet[3]), uint8_t(packet[4]), std::move(prefix), packet.substr(3)};
  }
  return {uint8_t(packet[0]), uint8_t(packet[1]), uint8_t(packet[2]), {}, packet.substr(5)};
}

}  // namespace ember::packet
