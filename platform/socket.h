// Sockets, non-blocking, as the inet drivers use them. Every call returns 0 or an errno value
// (which platform::errno_name names); the poller (platform/poller.h) says when to call again
// after EAGAIN or EINPROGRESS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ember::platform {

enum class SocketFamily { inet, inet6, local };
enum class SocketType { stream, dgram, seqpacket };

struct SocketAddress {
  SocketFamily family = SocketFamily::inet;
  uint8_t ip[16] = {};  // 4 bytes for inet, 16 for inet6, network order
  uint16_t port = 0;
  std::string path;     // local
};

int socket_open(SocketFamily family, SocketType type, int* fd);
int socket_bind(int fd, const SocketAddress& address);
int socket_listen(int fd, int backlog);
int socket_accept(int fd, int* accepted);
// EINPROGRESS: the connection goes on; the socket becomes writable when it has an outcome,
// which socket_connect_result gives.
int socket_connect(int fd, const SocketAddress& address);
int socket_connect_result(int fd);
int socket_name(int fd, SocketAddress* address);
int socket_peer(int fd, SocketAddress* address);
// *done: the bytes sent, or read (0 from a stream: the peer has closed).
int socket_send(int fd, std::string_view bytes, size_t* done);
int socket_recv(int fd, char* buffer, size_t size, size_t* done);
int socket_sendto(int fd, const SocketAddress* to, std::string_view bytes);
int socket_recvfrom(int fd, char* buffer, size_t size, size_t* done, SocketAddress* from);
int socket_shutdown(int fd, bool read, bool write);
void socket_close(int fd);
// Blocks the calling thread until the socket is writable (write) or readable, or timeout_ms
// have passed (ETIMEDOUT); for the few callers that may block, such as a command's client.
int socket_wait(int fd, bool write, int timeout_ms);
// Bytes that the kernel holds in its receive buffer, waiting to be read.
int socket_readable_bytes(int fd, size_t* bytes);

// The socket options the inet drivers pass to the kernel, with integer values (booleans 0/1).
enum class SocketOption {
  reuseaddr, keepalive, dontroute, broadcast, sndbuf, rcvbuf, priority, tos, tclass,
  nodelay, ipv6_v6only, ttl, recvtos, recvtclass, recvttl, multicast_ttl, multicast_loop,
};
int socket_set_option(int fd, SocketOption option, int value);
int socket_get_option(int fd, SocketOption option, int* value);
int socket_set_linger(int fd, bool on, int seconds);
int socket_get_linger(int fd, bool* on, int* seconds);

// The host's name (gethostname).
int host_name(std::string* name);

// One entry of the host's interface list (getifaddrs): an interface with an IP address, with
// a hardware address, or with neither, in the order the OS lists them.
struct InterfaceAddress {
  std::string name;
  bool up = false, broadcast = false, loopback = false, point_to_point = false, multicast = false;
  enum class Kind { none, ip, link } kind = Kind::none;
  SocketAddress address;                   // ip
  std::optional<SocketAddress> netmask;    // ip
  std::optional<SocketAddress> peer;       // ip: the point-to-point peer, or the broadcast address
  std::string hardware;                    // link: the hardware address's bytes
};
int interface_addresses(std::vector<InterfaceAddress>* out);

}  // namespace ember::platform
