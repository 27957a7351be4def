#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#if defined(__linux__)
#include <netpacket/packet.h>
#else
#include <net/if_dl.h>
#endif

#include <cerrno>
#include <cstring>

#include "platform/socket.h"

namespace ember::platform {
namespace {

int result(int r) { return r < 0 ? errno : 0; }

int domain_of(SocketFamily f) {
  switch (f) {
    case SocketFamily::inet: return AF_INET;
    case SocketFamily::inet6: return AF_INET6;
    case SocketFamily::local: return AF_UNIX;
  }
  return AF_INET;
}

socklen_t to_native(const SocketAddress& a, sockaddr_storage* s) {
  std::memset(s, 0, sizeof *s);
  switch (a.family) {
    case SocketFamily::inet: {
      auto* in = reinterpret_cast<sockaddr_in*>(s);
      in->sin_family = AF_INET;
      in->sin_port = htons(a.port);
      std::memcpy(&in->sin_addr, a.ip, 4);
      return sizeof *in;
    }
    case SocketFamily::inet6: {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(s);
      in6->sin6_family = AF_INET6;
      in6->sin6_port = htons(a.port);
      std::memcpy(&in6->sin6_addr, a.ip, 16);
      return sizeof *in6;
    }
    case SocketFamily::local: {
      auto* un = reinterpret_cast<sockaddr_un*>(s);
      un->sun_family = AF_UNIX;
      size_t n = std::min(a.path.size(), sizeof un->sun_path - 1);
      std::memcpy(un->sun_path, a.path.data(), n);
      return socklen_t(offsetof(sockaddr_un, sun_path) + n);
    }
  }
  return 0;
}

void from_native(const sockaddr_storage& s, socklen_t length, SocketAddress* a) {
  *a = SocketAddress{};
  if (s.ss_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(&s);
    a->family = SocketFamily::inet;
    a->port = ntohs(in->sin_port);
    std::memcpy(a->ip, &in->sin_addr, 4);
  } else if (s.ss_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(&s);
    a->family = SocketFamily::inet6;
    a->port = ntohs(in6->sin6_port);
    std::memcpy(a->ip, &in6->sin6_addr, 16);
  } else if (s.ss_family == AF_UNIX) {
    auto* un = reinterpret_cast<const sockaddr_un*>(&s);
    a->family = SocketFamily::local;
    size_t offset = offsetof(sockaddr_un, sun_path);
    if (length > offset) a->path.assign(un->sun_path, strnlen(un->sun_path, length - offset));
  }
}

struct Native {
  int level, name;
};

Native native(SocketOption o) {
  switch (o) {
    case SocketOption::reuseaddr: return {SOL_SOCKET, SO_REUSEADDR};
    case SocketOption::keepalive: return {SOL_SOCKET, SO_KEEPALIVE};
    case SocketOption::dontroute: return {SOL_SOCKET, SO_DONTROUTE};
    case SocketOption::broadcast: return {SOL_SOCKET, SO_BROADCAST};
    case SocketOption::sndbuf: return {SOL_SOCKET, SO_SNDBUF};
    case SocketOption::rcvbuf: return {SOL_SOCKET, SO_RCVBUF};
#ifdef SO_PRIORITY
    case SocketOption::priority: return {SOL_SOCKET, SO_PRIORITY};
#else
    case SocketOption::priority: return {-1, -1};
#endif
    case SocketOption::tos: return {IPPROTO_IP, IP_TOS};
    case SocketOption::tclass: return {IPPROTO_IPV6, IPV6_TCLASS};
    case SocketOption::nodelay: return {IPPROTO_TCP, TCP_NODELAY};
    case SocketOption::ipv6_v6only: return {IPPROTO_IPV6, IPV6_V6ONLY};
    case SocketOption::ttl: return {IPPROTO_IP, IP_TTL};
    case SocketOption::recvtos: return {IPPROTO_IP, IP_RECVTOS};
    case SocketOption::recvtclass: return {IPPROTO_IPV6, IPV6_RECVTCLASS};
    case SocketOption::recvttl: return {IPPROTO_IP, IP_RECVTTL};
    case SocketOption::multicast_ttl: return {IPPROTO_IP, IP_MULTICAST_TTL};
    case SocketOption::multicast_loop: return {IPPROTO_IP, IP_MULTICAST_LOOP};
  }
  return {-1, -1};
}

}  // namespace

int socket_open(SocketFamily family, SocketType type, int* fd) {
  int t = type == SocketType::stream ? SOCK_STREAM : type == SocketType::dgram ? SOCK_DGRAM : SOCK_SEQPACKET;
  *fd = ::socket(domain_of(family), t | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  return *fd < 0 ? errno : 0;
}

int socket_bind(int fd, const SocketAddress& address) {
  sockaddr_storage s;
  socklen_t n = to_native(address, &s);
  return result(::bind(fd, reinterpret_cast<sockaddr*>(&s), n));
}

int socket_listen(int fd, int backlog) { return result(::listen(fd, backlog)); }

int socket_accept(int fd, int* accepted) {
  *accepted = ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  return *accepted < 0 ? errno : 0;
}

int socket_connect(int fd, const SocketAddress& address) {
  sockaddr_storage s;
  socklen_t n = to_native(address, &s);
  return result(::connect(fd, reinterpret_cast<sockaddr*>(&s), n));
}

int socket_connect_result(int fd) {
  int error = 0;
  socklen_t n = sizeof error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &n) < 0) return errno;
  return error;
}

int socket_name(int fd, SocketAddress* address) {
  sockaddr_storage s;
  socklen_t n = sizeof s;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&s), &n) < 0) return errno;
  from_native(s, n, address);
  return 0;
}

int socket_peer(int fd, SocketAddress* address) {
  sockaddr_storage s;
  socklen_t n = sizeof s;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&s), &n) < 0) return errno;
  from_native(s, n, address);
  return 0;
}

int socket_send(int fd, std::string_view bytes, size_t* done) {
  ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  *done = n < 0 ? 0 : size_t(n);
  return n < 0 ? errno : 0;
}

int socket_recv(int fd, char* buffer, size_t size, size_t* done) {
  ssize_t n = ::recv(fd, buffer, size, 0);
  *done = n < 0 ? 0 : size_t(n);
  return n < 0 ? errno : 0;
}

int socket_sendto(int fd, const SocketAddress* to, std::string_view bytes) {
  sockaddr_storage s;
  socklen_t n = to ? to_native(*to, &s) : 0;
  ssize_t r = ::sendto(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL, to ? reinterpret_cast<sockaddr*>(&s) : nullptr, n);
  return r < 0 ? errno : 0;
}

int socket_recvfrom(int fd, char* buffer, size_t size, size_t* done, SocketAddress* from) {
  sockaddr_storage s;
  socklen_t n = sizeof s;
  ssize_t r = ::recvfrom(fd, buffer, size, 0, reinterpret_cast<sockaddr*>(&s), &n);
  *done = r < 0 ? 0 : size_t(r);
  if (r < 0) return errno;
  from_native(s, n, from);
  return 0;
}

int socket_shutdown(int fd, bool read, bool write) {
  return result(::shutdown(fd, read && write ? SHUT_RDWR : read ? SHUT_RD : SHUT_WR));
}

void socket_close(int fd) { ::close(fd); }

int socket_wait(int fd, bool write, int timeout_ms) {
  pollfd p{fd, short(write ? POLLOUT : POLLIN), 0};
  for (;;) {
    int n = ::poll(&p, 1, timeout_ms);
    if (n > 0) return 0;
    if (n == 0) return ETIMEDOUT;
    if (errno != EINTR) return errno;
  }
}

int socket_readable_bytes(int fd, size_t* bytes) {
  int n = 0;
  if (::ioctl(fd, FIONREAD, &n) < 0) return errno;
  *bytes = size_t(n);
  return 0;
}

int socket_set_option(int fd, SocketOption option, int value) {
  Native o = native(option);
  if (o.level < 0) return ENOPROTOOPT;
  return result(::setsockopt(fd, o.level, o.name, &value, sizeof value));
}

int socket_get_option(int fd, SocketOption option, int* value) {
  Native o = native(option);
  if (o.level < 0) return ENOPROTOOPT;
  socklen_t n = sizeof *value;
  *value = 0;
  return result(::getsockopt(fd, o.level, o.name, value, &n));
}

int socket_set_linger(int fd, bool on, int seconds) {
  linger l{on ? 1 : 0, seconds};
  return result(::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l));
}

int socket_get_linger(int fd, bool* on, int* seconds) {
  linger l{};
  socklen_t n = sizeof l;
  if (::getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &n) < 0) return errno;
  *on = l.l_onoff != 0;
  *seconds = l.l_linger;
  return 0;
}

int host_name(std::string* name) {
  char buffer[256];
  if (::gethostname(buffer, sizeof buffer) < 0) return errno;
  buffer[sizeof buffer - 1] = 0;
  *name = buffer;
  return 0;
}

int interface_addresses(std::vector<InterfaceAddress>* out) {
  ifaddrs* list;
  if (::getifaddrs(&list) != 0) return errno;
  auto ip = [](const sockaddr* sa) {
    SocketAddress a;
    sockaddr_storage s{};
    std::memcpy(&s, sa, sa->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in));
    from_native(s, sizeof s, &a);
    return a;
  };
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    InterfaceAddress e;
    e.name = i->ifa_name;
    e.up = i->ifa_flags & IFF_UP;
    e.broadcast = i->ifa_flags & IFF_BROADCAST;
    e.loopback = i->ifa_flags & IFF_LOOPBACK;
    e.point_to_point = i->ifa_flags & IFF_POINTOPOINT;
    e.multicast = i->ifa_flags & IFF_MULTICAST;
    int family = i->ifa_addr ? i->ifa_addr->sa_family : AF_UNSPEC;
    if (family == AF_INET || family == AF_INET6) {
      e.kind = InterfaceAddress::Kind::ip;
      e.address = ip(i->ifa_addr);
      if (i->ifa_netmask) e.netmask = ip(i->ifa_netmask);
      if (e.point_to_point && i->ifa_dstaddr) e.peer = ip(i->ifa_dstaddr);
      else if (e.broadcast && i->ifa_broadaddr) e.peer = ip(i->ifa_broadaddr);
#if defined(__linux__)
    } else if (family == AF_PACKET) {
      auto* ll = reinterpret_cast<const sockaddr_ll*>(i->ifa_addr);
      e.kind = InterfaceAddress::Kind::link;
      e.hardware.assign(reinterpret_cast<const char*>(ll->sll_addr), ll->sll_halen);
#else
    } else if (family == AF_LINK) {
      auto* dl = reinterpret_cast<const sockaddr_dl*>(i->ifa_addr);
      e.kind = InterfaceAddress::Kind::link;
      e.hardware.assign(LLADDR(dl), dl->sdl_alen);
#endif
    }
    out->push_back(std::move(e));
  }
  ::freeifaddrs(list);
  return 0;
}

}  // namespace ember::platform
