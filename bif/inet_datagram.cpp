// A datagram socket's data: each datagram goes to the recvfrom that waits for it, as
// {ok, [Family, Port:16, IP... | Data]}, or in active mode to the owner as
// {udp, S, IP, Port, Data}; a send carries its destination in front of its data.
#include <cerrno>

#include "bif/inet_socket.h"
#include "platform/file.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/big_endian.h"

namespace ember::inet {
namespace {

constexpr size_t max_datagram = 65536;

// The sender's address in a {udp, ...} message: an IP tuple, or {local, Path}.
Term ip_tuple(Heap& heap, const platform::SocketAddress& a) {
  if (a.family == platform::SocketFamily::local) return tuple(heap, atom_put("local"), make_binary(heap, a.path));
  if (a.family == platform::SocketFamily::inet6) {
    Term* parts;
    Term t = new_tuple(heap, 8, &parts);
    for (int i = 0; i < 8; ++i) parts[i] = make_small(a.ip[2 * i] << 8 | a.ip[2 * i + 1]);
    return t;
  }
  return tuple(heap, make_small(a.ip[0]), make_small(a.ip[1]), make_small(a.ip[2]), make_small(a.ip[3]));
}

// [Family, Port:16 | IP bytes], or [local, Length | Path], as prim_inet's get_addr reads it.
std::string address_prefix(const platform::SocketAddress& a) {
  if (a.family == platform::SocketFamily::local) return std::string{char(5), char(a.path.size())} + a.path;
  bool v6 = a.family == platform::SocketFamily::inet6;
  std::string out{char(v6 ? 2 : 1), char(a.port >> 8), char(a.port)};
  return out.append(reinterpret_cast<const char*>(a.ip), v6 ? 16 : 4);
}

}  // namespace

Socket::Reply Socket::recvfrom(Term caller, std::string_view d) {
  if (fd_ < 0) return '\0' + std::string("einval");
  if (options_.active != Active::passive || d.size() != 8) return '\0' + std::string("einval");
  if (recv_) return '\0' + std::string("ealready");
  uint32_t millis = get_be32(d);
  uint16_t ref = new_ref();
  recv_ = Async{ref, caller, int32_t(millis) < 0 ? -1 : platform::monotonic_nanos() + int64_t(millis) * 1'000'000, 0};
  std::string out = "\1";
  out += char(ref >> 8);
  out += char(ref);
  read_datagrams();
  if (recv_ && millis == 0) {
    Arena heap;
    reply_async(*recv_, tuple(heap, atoms::error, atom_put("timeout")));
    recv_.reset();
  }
  refresh();
  return out;
}

// Reads datagrams while someone wants them: at most read_packets of them in active mode.
void Socket::read_datagrams() {
  for (uint32_t n = 0; recv_ || (options_.active != Active::passive && n < std::max(options_.read_packets, 1u)); ++n) {
    std::string buffer(std::min<size_t>(std::max(options_.buffer, 1), max_datagram), '\0');
    size_t got;
    platform::SocketAddress from;
    int err = platform::socket_recvfrom(fd_, buffer.data(), buffer.size(), &got, &from);
    if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) return;
    Arena heap;
    if (err) {
      Term reason = atom_put(platform::errno_name(err));
      if (recv_) {
        reply_async(*recv_, tuple(heap, atoms::error, reason));
        recv_.reset();
      } else {
        port_send(port_, owner(), tuple(heap, atom_put("udp_error"), port_, reason));
      }
      continue;
    }
    stats_.received(got);
    stats_.recv_oct += got;
    std::string_view bytes(buffer.data(), got);
    if (!options_.deliver_term && !recv_) {
      // {deliver, port}: {S, {data, [Family, Port:16, IP... | Data]}} in one piece
      std::string whole = address_prefix(from) + std::string(bytes);
      port_send(port_, owner(), tuple(heap, port_, tuple(heap, atoms::data, make_data(heap, whole))));
      count_down_active();
      continue;
    }
    Term data = make_data(heap, bytes);
    if (recv_) {
      // The address in front of the data, which prim_inet takes apart.
      Term list = data;
      std::string prefix = address_prefix(from);
      for (size_t i = prefix.size(); i-- > 0;) list = cons(heap, make_small(uint8_t(prefix[i])), list);
      Async a = *recv_;
      recv_.reset();
      reply_async(a, tuple(heap, atoms::ok, list));
      continue;
    }
    port_send(port_, owner(), tuple(heap, atom_put("udp"), port_, ip_tuple(heap, from), make_small(from.port), data));
    count_down_active();
  }
}

// [Address, AncillaryLength:32, Ancillary, Data]: the address is ignored by a connected
// socket. Ancillary data (tos, ttl) is not among what ember sends: einval.
void Socket::send_datagram(Term caller, std::string_view bytes) {
  Arena heap;
  platform::SocketAddress to;
  size_t used;
  if (fd_ < 0) {
    reply_to(caller, tuple(heap, atoms::error, atom_put("einval")));
    return;
  }
  if (!decode_address(bytes, &to, &used) || bytes.size() < used + 4 || get_be32(bytes.substr(used)) != 0) {
    reply_to(caller, tuple(heap, atoms::error, atom_put("einval")));
    return;
  }
  std::string_view data = bytes.substr(used + 4);
  int err = platform::socket_sendto(fd_, status_ & status_active ? nullptr : &to, data);
  if (err) {
    reply_to(caller, tuple(heap, atoms::error, atom_put(platform::errno_name(err))));
    return;
  }
  stats_.sent(data.size());
  reply_to(caller, atoms::ok);
}

}  // namespace ember::inet
