// setopts and getopts of the inet drivers: prim_inet's encoding, one option after the other
// as [Code | Value], values as 32-bit big-endian integers (linger two of them, {active, N} a
// 16-bit count behind multi). The driver's own options are kept here; the socket's are the
// kernel's, set and read through platform/socket.h. An option ember does not have is einval.
#include <algorithm>
#include <cerrno>

#include "bif/inet_socket.h"
#include "platform/file.h"
#include "vm/term/big_endian.h"

namespace ember::inet {
namespace {

// Option codes (kernel's inet_int.hrl).
enum Code : uint8_t {
  opt_reuseaddr = 0, opt_keepalive = 1, opt_dontroute = 2, opt_linger = 3, opt_broadcast = 4,
  opt_sndbuf = 6, opt_rcvbuf = 7, opt_priority = 8, opt_tos = 9, opt_nodelay = 10,
  opt_multicast_ttl = 12, opt_multicast_loop = 13, opt_ipv6_v6only = 16,
  lopt_buffer = 20, lopt_header = 21, lopt_active = 22, lopt_packet = 23, lopt_mode = 24,
  lopt_deliver = 25, lopt_exit_on_close = 26, lopt_high_watermark = 27, lopt_low_watermark = 28,
  lopt_send_timeout = 30, lopt_delay_send = 31, lopt_packet_size = 32, lopt_read_packets = 33,
  lopt_send_timeout_close = 35, lopt_high_msgq_watermark = 36, lopt_low_msgq_watermark = 37,
  lopt_show_econnreset = 39, lopt_line_delimiter = 40, opt_tclass = 41, opt_recvtos = 43,
  opt_recvtclass = 44, opt_ttl = 46, opt_recvttl = 47,
};

// {packet, _} as prim_inet numbers it (TCP_PB_*), in packet::Type's order.
constexpr packet::Type packet_types[] = {
    packet::Type::raw,  packet::Type::u1,   packet::Type::u2,    packet::Type::u4,       packet::Type::asn1,
    packet::Type::sunrm, packet::Type::cdr, packet::Type::fcgi,  packet::Type::line,     packet::Type::tpkt,
    packet::Type::http, packet::Type::httph, packet::Type::ssl_tls, packet::Type::http_bin, packet::Type::httph_bin};

int packet_code(packet::Type t) {
  for (size_t i = 0; i < std::size(packet_types); ++i)
    if (packet_types[i] == t) return int(i);
  return 0;
}

std::optional<platform::SocketOption> kernel_option(uint8_t code) {
  using O = platform::SocketOption;
  switch (code) {
    case opt_reuseaddr: return O::reuseaddr;
    case opt_keepalive: return O::keepalive;
    case opt_dontroute: return O::dontroute;
    case opt_broadcast: return O::broadcast;
    case opt_sndbuf: return O::sndbuf;
    case opt_rcvbuf: return O::rcvbuf;
    case opt_priority: return O::priority;
    case opt_tos: return O::tos;
    case opt_tclass: return O::tclass;
    case opt_nodelay: return O::nodelay;
    case opt_multicast_ttl: return O::multicast_ttl;
    case opt_multicast_loop: return O::multicast_loop;
    case opt_ipv6_v6only: return O::ipv6_v6only;
    case opt_ttl: return O::ttl;
    case opt_recvtos: return O::recvtos;
    case opt_recvtclass: return O::recvtclass;
    case opt_recvttl: return O::recvttl;
    default: return std::nullopt;
  }
}

bool reports_failure(uint8_t code) {
  switch (code) {
    case opt_priority: case opt_tos: case opt_tclass: case opt_ttl: case opt_recvtos: case opt_recvtclass:
    case opt_recvttl: case opt_ipv6_v6only:
      return true;
    default:
      return false;
  }
}

std::string error(int err) { return '\0' + std::string(platform::errno_name(err)); }

}  // namespace

Socket::Reply Socket::setopts(std::string_view d) {
  while (!d.empty()) {
    uint8_t code = uint8_t(d[0]);
    if (d.size() < 5) return error(EINVAL);
    int32_t v = int32_t(get_be32(d.substr(1)));
    d.remove_prefix(5);
    Options& o = options_;
    switch (code) {
      case lopt_active:
        o.active = Active(v);
        if (o.active == Active::multi) {
          if (d.size() < 2) return error(EINVAL);
          int count = o.active_count + int16_t(uint16_t(uint8_t(d[0])) << 8 | uint8_t(d[1]));
          d.remove_prefix(2);
          if (count > INT16_MAX) return error(EINVAL);
          o.active_count = count < 0 ? 0 : count;
          if (o.active_count == 0) became_passive();
        } else {
          o.active_count = 0;
        }
        break;
      case lopt_packet:
        // ssl_tls, which only OTP's old ssl used, is not among ember's packet types
        if (v < 0 || size_t(v) >= std::size(packet_types) || packet_types[v] == packet::Type::ssl_tls)
          return error(EINVAL);
        o.packet = packet_types[v];
        http_state_ = 0;
        break;
      case lopt_buffer:
        if (v < 0) return error(EINVAL);
        o.buffer = v == 0 ? 1 : v;
        o.buffer_set = true;
        break;
      case lopt_header: o.header = uint32_t(v); break;
      case lopt_mode: o.binary = v == 1; break;
      case lopt_deliver: o.deliver_term = v == 1; break;
      case lopt_exit_on_close: o.exit_on_close = v != 0; break;
      case lopt_high_watermark: o.high_watermark = v; break;
      case lopt_low_watermark: o.low_watermark = v; break;
      case lopt_high_msgq_watermark: o.high_msgq_watermark = v; break;
      case lopt_low_msgq_watermark: o.low_msgq_watermark = v; break;
      case lopt_send_timeout: o.send_timeout = v; break;
      case lopt_send_timeout_close: o.send_timeout_close = v != 0; break;
      case lopt_delay_send: o.delay_send = v != 0; break;
      case lopt_packet_size: o.packet_size = uint32_t(v); break;
      case lopt_read_packets: o.read_packets = uint32_t(v); break;
      case lopt_show_econnreset: o.show_econnreset = v != 0; break;
      case lopt_line_delimiter: o.delimiter = char(v); break;
      case opt_linger: {
        if (d.size() < 4) return error(EINVAL);
        int32_t seconds = int32_t(get_be32(d));
        d.remove_prefix(4);
        if (fd_ < 0) return error(EINVAL);
        if (int err = platform::socket_set_linger(fd_, v != 0, seconds)) return error(err);
        break;
      }
      default: {
        std::optional<platform::SocketOption> option = kernel_option(code);
        if (!option || fd_ < 0) return error(EINVAL);
        // As erts, a failure is an error for the IP-level options only; the others (TCP's
        // nodelay on a local socket, say) are let go.
        if (int err = platform::socket_set_option(fd_, *option, v); err && reports_failure(code)) return error(err);
        // As erts: the driver's buffer grows with the receive buffer, unless set itself (and a
        // datagram's stays within the largest datagram).
        if (code == opt_rcvbuf && !o.buffer_set) o.buffer = std::max(o.buffer, stream_ ? v : std::min(v, 1 << 16));
      }
    }
  }
  refresh();
  if (stream_) deliver_stream();
  return '\1' + std::string();
}

Socket::Reply Socket::getopts(std::string_view d) {
  std::string out = "\1";
  const Options& o = options_;
  for (char c : d) {
    uint8_t code = uint8_t(c);
    out += c;
    switch (code) {
      case lopt_active:
        put_be32(out, int32_t(o.active));
        if (o.active == Active::multi) {
          out += char(o.active_count >> 8);
          out += char(o.active_count);
        }
        break;
      case lopt_packet: put_be32(out, packet_code(o.packet)); break;
      case lopt_buffer: put_be32(out, o.buffer); break;
      case lopt_header: put_be32(out, int32_t(o.header)); break;
      case lopt_mode: put_be32(out, o.binary); break;
      case lopt_deliver: put_be32(out, o.deliver_term); break;
      case lopt_exit_on_close: put_be32(out, o.exit_on_close); break;
      case lopt_high_watermark: put_be32(out, o.high_watermark); break;
      case lopt_low_watermark: put_be32(out, o.low_watermark); break;
      case lopt_high_msgq_watermark: put_be32(out, o.high_msgq_watermark); break;
      case lopt_low_msgq_watermark: put_be32(out, o.low_msgq_watermark); break;
      case lopt_send_timeout: put_be32(out, o.send_timeout); break;
      case lopt_send_timeout_close: put_be32(out, o.send_timeout_close); break;
      case lopt_delay_send: put_be32(out, o.delay_send); break;
      case lopt_packet_size: put_be32(out, int32_t(o.packet_size)); break;
      case lopt_read_packets: put_be32(out, int32_t(o.read_packets)); break;
      case lopt_show_econnreset: put_be32(out, o.show_econnreset); break;
      case lopt_line_delimiter: put_be32(out, uint8_t(o.delimiter)); break;
      case opt_linger: {
        bool on;
        int seconds;
        if (fd_ < 0) return error(EINVAL);
        if (int err = platform::socket_get_linger(fd_, &on, &seconds)) return error(err);
        put_be32(out, on);
        put_be32(out, seconds);
        break;
      }
      default: {
        std::optional<platform::SocketOption> option = kernel_option(code);
        int value;
        if (!option || fd_ < 0) return error(EINVAL);
        // An option the socket does not have is left out of the reply, as erts does.
        if (platform::socket_get_option(fd_, *option, &value) != 0) {
          out.pop_back();
          break;
        }
        put_be32(out, value);
      }
    }
  }
  return out;
}

}  // namespace ember::inet
