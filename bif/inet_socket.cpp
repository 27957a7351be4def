#include "bif/inet_socket.h"

#include <cerrno>
#include <cstring>

#include "platform/file.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/big_endian.h"

namespace ember::inet {
namespace {

// prim_inet's address families (INET_AF_*).
enum Family : uint8_t { af_inet = 1, af_inet6 = 2, af_any = 3, af_loopback = 4, af_local = 5 };

std::string ok(std::string_view data = {}) { return '\1' + std::string(data); }
std::string error_text(std::string_view name) { return '\0' + std::string(name); }
std::string error(int err) { return error_text(platform::errno_name(err)); }

// A timeout of prim_inet (milliseconds, -1 for infinity) as a deadline.
int64_t deadline_of(uint32_t millis) {
  if (int32_t(millis) < 0) return -1;
  return platform::monotonic_nanos() + int64_t(millis) * 1'000'000;
}

std::string encode_address(const platform::SocketAddress& a) {
  std::string out;
  if (a.family == platform::SocketFamily::local) {
    out += char(af_local);
    out += char(a.path.size());
    return out + a.path;
  }
  bool v6 = a.family == platform::SocketFamily::inet6;
  out += char(v6 ? af_inet6 : af_inet);
  put_be16(out, a.port);
  out.append(reinterpret_cast<const char*>(a.ip), v6 ? 16 : 4);
  return out;
}

}  // namespace

Term Socket::open(Term owner, bool stream) {
  auto socket = std::make_shared<Socket>(stream);
  std::lock_guard guard(socket->lock_);
  socket->port_ = port_open_driver(owner, stream ? "tcp_inet" : "udp_inet", socket);
  return socket->port_;
}

Term Socket::owner() const { return port_owner(port_); }

// prim_inet's address (enc_value(set, addr, _)): [Family, Port:16, IP] or [local, Len, Path];
// any and loopback take the socket's own family.
bool Socket::decode_address(std::string_view d, platform::SocketAddress* out, size_t* used) {
  if (d.empty()) return false;
  *out = platform::SocketAddress{};
  uint8_t f = uint8_t(d[0]);
  if (f == af_local) {
    if (d.size() < 2 || d.size() < 2 + size_t(uint8_t(d[1]))) return false;
    out->family = platform::SocketFamily::local;
    out->path = std::string(d.substr(2, uint8_t(d[1])));
    *used = 2 + out->path.size();
    return true;
  }
  if (d.size() < 3) return false;
  out->port = uint16_t(get_be16(d.substr(1)));
  if (f == af_any || f == af_loopback) {
    out->family = family_;
    if (f == af_loopback) {
      if (family_ == platform::SocketFamily::inet6) out->ip[15] = 1;
      else out->ip[0] = 127, out->ip[3] = 1;
    }
    *used = 3;
    return true;
  }
  size_t n = f == af_inet ? 4 : f == af_inet6 ? 16 : 0;
  if (n == 0 || d.size() < 3 + n) return false;
  out->family = f == af_inet ? platform::SocketFamily::inet : platform::SocketFamily::inet6;
  std::memcpy(out->ip, d.data() + 3, n);
  *used = 3 + n + (f == af_inet6 && d.size() >= 3 + n + 8 ? 8 : 0);  // flowinfo, scope id
  return true;
}

std::optional<std::string> Socket::control(Term caller, unsigned operation, std::string_view data) {
  std::lock_guard guard(lock_);
  if (operation < control_magic) return error(EINVAL);
  switch (operation - control_magic) {
    case req_open: return open_socket(data);
    case req_bind: return bind(data);
    case req_listen: return listen(data);
    case req_connect: return connect(caller, data);
    case req_accept: return accept(caller, data);
    case req_peer: return address_of(true);
    case req_name: return address_of(false);
    case req_setopts: return setopts(data);
    case req_getopts: return getopts(data);
    case req_getstat: return getstat(data);
    case req_gettype: return gettype();
    case req_getstatus: {
      std::string out;
      put_be32(out, status_);
      return ok(out);
    }
    case req_getfd: {
      if (fd_ < 0) return error_text("einval");
      std::string out;
      put_be32(out, uint32_t(fd_));
      return ok(out);
    }
    case req_gethostname: {
      std::string name;
      int err = platform::host_name(&name);
      return err ? error(err) : ok(name);
    }
    case req_subscribe: return subscribe(caller, data);
    case req_getifaddrs: return getifaddrs();
    case tcp_req_recv: return stream_ ? recv(caller, data) : error(EINVAL);
    case tcp_req_shutdown: return stream_ ? shutdown(data) : error(EINVAL);
    case packet_req_recv: return stream_ ? error(EINVAL) : recvfrom(caller, data);
    default: return error(EINVAL);
  }
}

Socket::Reply Socket::open_socket(std::string_view d) {
  if (d.size() < 2 || fd_ >= 0) return error(EINVAL);
  switch (uint8_t(d[0])) {
    case af_inet: family_ = platform::SocketFamily::inet; break;
    case af_inet6: family_ = platform::SocketFamily::inet6; break;
    case af_local: family_ = platform::SocketFamily::local; break;
    default: return error_text("eafnosupport");
  }
  switch (uint8_t(d[1])) {
    case 1: type_ = platform::SocketType::stream; break;
    case 2: type_ = platform::SocketType::dgram; break;
    default: return error_text("eprotonosupport");
  }
  if ((type_ == platform::SocketType::stream) != stream_) return error_text("eprotonosupport");
  int err = platform::socket_open(family_, type_, &fd_);
  if (err) return error(err);
  status_ = status_open;
  std::weak_ptr<Socket> self = shared_from_this();
  poll_ = platform::poller_add(fd_, 0, [self](unsigned events) {
    if (auto s = self.lock()) s->on_ready(events);
  });
  return ok();
}

Socket::Reply Socket::bind(std::string_view d) {
  platform::SocketAddress a;
  size_t used;
  if (fd_ < 0) return error_text("einval");
  if (!decode_address(d, &a, &used)) return error(EINVAL);
  if (int err = platform::socket_bind(fd_, a)) return error(err);
  platform::SocketAddress bound;
  if (int err = platform::socket_name(fd_, &bound)) return error(err);
  std::string out;
  put_be16(out, bound.port);
  return ok(out);
}

Socket::Reply Socket::listen(std::string_view d) {
  if (!stream_ || fd_ < 0 || d.size() < 2) return error(EINVAL);
  int backlog = int16_t(get_be16(d));
  if (int err = platform::socket_listen(fd_, backlog)) return error(err);
  status_ |= status_listen;
  return ok();
}

Socket::Reply Socket::connect(Term caller, std::string_view d) {
  platform::SocketAddress a;
  size_t used;
  if (fd_ < 0) return error_text("einval");
  if (d.size() < 4 || !decode_address(d.substr(4), &a, &used)) return error(EINVAL);
  std::string out;
  uint16_t ref = new_ref();
  put_be16(out, ref);
  if (!stream_) {  // a datagram socket's peer is only set, at once
    if (int err = platform::socket_connect(fd_, a)) return error(err);
    status_ |= status_active;
    reply_async(Async{ref, caller, -1, 0}, atoms::ok);
    return ok(out);
  }
  if (connecting_ || (status_ & (status_active | status_listen))) return error(EINVAL);
  int err = platform::socket_connect(fd_, a);
  if (err != 0 && err != EINPROGRESS) return error(err);
  connecting_ = Async{ref, caller, deadline_of(get_be32(d)), 0};
  status_ |= status_connecting;
  if (err == 0) finish_connect();
  else refresh();
  return ok(out);
}

void Socket::finish_connect() {
  Async a = *connecting_;
  connecting_.reset();
  status_ &= ~status_connecting;
  int err = platform::socket_connect_result(fd_);
  Arena heap;
  if (err) {
    reply_async(a, tuple(heap, atoms::error, atom_put(platform::errno_name(err))));
  } else {
    status_ |= status_active;
    reply_async(a, atoms::ok);
  }
  refresh();
}

Socket::Reply Socket::accept(Term caller, std::string_view d) {
  if (!stream_ || !(status_ & status_listen) || d.size() < 4) return error(EINVAL);
  std::string out;
  uint16_t ref = new_ref();
  put_be16(out, ref);
  accepts_.push_back(Async{ref, caller, deadline_of(get_be32(d)), 0});
  status_ |= status_accepting;
  accept_ready();
  return ok(out);
}

// Takes the connections waiting in the kernel, one for each accept waiting here. Each becomes
// a port of its own, connected to its acceptor and with the listening socket's options.
void Socket::accept_ready() {
  while (!accepts_.empty()) {
    int fd;
    int err = platform::socket_accept(fd_, &fd);
    if (err == EAGAIN || err == EWOULDBLOCK) break;
    Async a = accepts_.front();
    accepts_.pop_front();
    Arena heap;
    if (err) {
      reply_async(a, tuple(heap, atoms::error, atom_put(platform::errno_name(err))));
      continue;
    }
    auto socket = std::make_shared<Socket>(true);
    std::lock_guard guard(socket->lock_);
    socket->fd_ = fd;
    socket->family_ = family_;
    socket->options_ = options_;
    socket->options_.active = Active::passive;
    socket->options_.active_count = 0;
    socket->status_ = status_open | status_active;
    socket->port_ = port_open_driver(a.caller, "tcp_inet", socket);
    std::weak_ptr<Socket> self = socket;
    socket->poll_ = platform::poller_add(fd, 0, [self](unsigned events) {
      if (auto s = self.lock()) s->on_ready(events);
    });
    reply_async(a, tuple(heap, atoms::ok, socket->port_));
  }
  if (accepts_.empty()) status_ &= ~status_accepting;
  refresh();
}

Socket::Reply Socket::address_of(bool peer) {
  if (fd_ < 0) return error_text("einval");
  if (peer && !(status_ & status_active)) return error(ENOTCONN);
  platform::SocketAddress a;
  int err = peer ? platform::socket_peer(fd_, &a) : platform::socket_name(fd_, &a);
  return err ? error(err) : ok(encode_address(a));
}

Socket::Reply Socket::getstat(std::string_view d) {
  std::string out;
  for (char c : d) {
    out += c;
    switch (uint8_t(c)) {
      case 1: put_be32(out, uint32_t(stats_.recv_cnt)); break;
      case 2: put_be32(out, uint32_t(stats_.recv_max)); break;
      case 3: put_be32(out, uint32_t(stats_.recv_avg)); break;
      case 4: put_be32(out, uint32_t(stats_.recv_dvi)); break;
      case 5: put_be32(out, uint32_t(stats_.send_cnt)); break;
      case 6: put_be32(out, uint32_t(stats_.send_max)); break;
      case 7: put_be32(out, uint32_t(stats_.send_avg)); break;
      case 8: put_be32(out, uint32_t(output_.size())); break;
      case 9: put_be64(out, stats_.recv_oct); break;
      case 10: put_be64(out, stats_.send_oct); break;
      default: return error(EINVAL);
    }
  }
  return ok(out);
}

Socket::Reply Socket::gettype() {
  if (fd_ < 0) return error_text("einval");
  std::string out;
  put_be32(out, family_ == platform::SocketFamily::inet ? af_inet : family_ == platform::SocketFamily::inet6 ? af_inet6 : af_local);
  put_be32(out, type_ == platform::SocketType::stream ? 1 : 2);
  return ok(out);
}

Socket::Reply Socket::shutdown(std::string_view d) {
  if (!(status_ & status_active)) return error(ENOTCONN);
  if (d.size() != 1 || uint8_t(d[0]) > 2) return error(EINVAL);
  uint8_t how = uint8_t(d[0]);  // 0 read, 1 write, 2 both
  if (how != 0) flush_output();
  if (int err = platform::socket_shutdown(fd_, how != 1, how != 0)) return error(err);
  return ok();
}

// subs_empty_out_q: {empty_out_q, S} goes to the caller when what is queued to send has gone;
// the reply says how many bytes are queued now.
Socket::Reply Socket::subscribe(Term caller, std::string_view d) {
  std::string out;
  for (char c : d) {
    if (c != 1) return error(EINVAL);
    out += c;
    put_be32(out, uint32_t(output_.size()));
    if (!output_.empty()) empty_out_q_subscribers_.push_back(caller);
  }
  return ok(out);
}

// The host's interfaces as erts lists them: per entry its name, its flags (running stands for
// up, as in erts), then its address, netmask and broadcast or peer address, or its hardware
// address, each behind an option code; a zero byte ends the entry.
Socket::Reply Socket::getifaddrs() {
  std::vector<platform::InterfaceAddress> list;
  if (int err = platform::interface_addresses(&list)) return error(err);
  enum : uint8_t { if_addr = 1, if_broadaddr = 2, if_dstaddr = 3, if_netmask = 5, if_flags = 6, if_hwaddr = 7 };
  auto address = [](std::string& out, uint8_t option, const platform::SocketAddress& a) {
    bool v6 = a.family == platform::SocketFamily::inet6;
    out += char(option);
    out += char(v6 ? af_inet6 : af_inet);
    out.append(reinterpret_cast<const char*>(a.ip), v6 ? 16 : 4);
  };
  std::string out;
  for (const platform::InterfaceAddress& i : list) {
    out += i.name;
    out += '\0';
    out += char(if_flags);
    put_be32(out, (i.up ? 0x1 | 0x10 : 0) | (i.broadcast ? 0x2 : 0) | (i.loopback ? 0x4 : 0) |
                      (i.point_to_point ? 0x8 : 0) | (i.multicast ? 0x20 : 0));
    if (i.kind == platform::InterfaceAddress::Kind::ip) {
      address(out, if_addr, i.address);
      if (i.netmask) address(out, if_netmask, *i.netmask);
      if (i.peer) address(out, i.point_to_point ? if_dstaddr : if_broadaddr, *i.peer);
    } else if (i.kind == platform::InterfaceAddress::Kind::link && i.hardware.size() > 1) {
      out += char(if_hwaddr);
      put_be16(out, uint32_t(i.hardware.size()));
      out += i.hardware;
    }
    out += '\0';
  }
  return ok(out);
}

void Socket::reply_async(const Async& a, Term result) {
  Arena heap;
  port_send(port_, a.caller, tuple(heap, atom_put("inet_async"), port_, make_small(a.ref), result));
}

Term Socket::reply_to(Term caller, Term status) {
  Arena heap;
  port_send(port_, caller, tuple(heap, atom_put("inet_reply"), port_, status));
  return status;
}

// What the poller should wait for, from the state: a connection's outcome, connections to
// accept, input that someone wants, and output that waits.
void Socket::refresh() {
  if (poll_ == 0 || stopped_) return;
  unsigned interest = 0;
  bool wants_input = options_.active != Active::passive || recv_.has_value();
  if (connecting_ || !output_.empty()) interest |= platform::poll_write;
  if (status_ & status_listen) {
    if (!accepts_.empty()) interest |= platform::poll_read;
  } else if (wants_input && !peer_closed_ && fd_ >= 0 && (!stream_ || (status_ & status_active))) {
    interest |= platform::poll_read;
  }
  if (interest != interest_) {
    interest_ = interest;
    platform::poller_set_interest(poll_, interest);
  }
  int64_t deadline = -1;
  auto earliest = [&](const Async& a) {
    if (a.deadline >= 0 && (deadline < 0 || a.deadline < deadline)) deadline = a.deadline;
  };
  if (connecting_) earliest(*connecting_);
  if (recv_) earliest(*recv_);
  if (busy_caller_) earliest(Async{0, NIL, send_deadline_, 0});
  for (const Async& a : accepts_) earliest(a);
  if (deadline != deadline_) {
    deadline_ = deadline;
    platform::poller_set_deadline(poll_, deadline);
  }
}

void Socket::on_ready(unsigned events) {
  std::lock_guard guard(lock_);
  if (stopped_) return;
  events &= interest_ | platform::poll_timeout;
  deadline_ = events & platform::poll_timeout ? -1 : deadline_;
  if (events & platform::poll_timeout) on_timeout();
  if ((events & platform::poll_write) && connecting_) finish_connect();
  if ((events & platform::poll_read) && (status_ & status_listen)) accept_ready();
  if (!stopped_ && (events & platform::poll_write) && !output_.empty()) flush_output();
  if (!stopped_ && (events & platform::poll_read) && !(status_ & status_listen)) {
    if (stream_) read_stream();
    else read_datagrams();
  }
  refresh();
}

// Answers {error, timeout} to each request whose time is up.
void Socket::on_timeout() {
  int64_t now = platform::monotonic_nanos();
  Arena heap;
  Term timeout = tuple(heap, atoms::error, atom_put("timeout"));
  auto due = [now](const Async& a) { return a.deadline >= 0 && a.deadline <= now; };
  if (connecting_ && due(*connecting_)) {
    reply_async(*connecting_, timeout);
    connecting_.reset();
    status_ &= ~status_connecting;
  }
  if (recv_ && due(*recv_)) {
    reply_async(*recv_, timeout);
    recv_.reset();
  }
  for (auto it = accepts_.begin(); it != accepts_.end();) {
    if (!due(*it)) {
      ++it;
      continue;
    }
    reply_async(*it, timeout);
    it = accepts_.erase(it);
  }
  if (accepts_.empty()) status_ &= ~status_accepting;
  // A busy send that waited too long: {error, timeout}, and with send_timeout_close the
  // socket closes (what it had queued is lost).
  if (busy_caller_ && send_deadline_ >= 0 && send_deadline_ <= now) {
    reply_to(*busy_caller_, timeout);
    busy_caller_.reset();
    send_deadline_ = -1;
    if (options_.send_timeout_close) {
      output_.clear();
      close_fd();
    }
    unblock_sends();
  }
}

void Socket::close_fd() {
  if (poll_) platform::poller_remove(poll_);
  poll_ = 0;
  if (fd_ >= 0) platform::socket_close(fd_);
  fd_ = -1;
  status_ = 0;
}

// A connected stream socket can carry a connection to another node (as erts' inet driver's
// distribution port): its packets go to `channel` from now on.
bool Socket::carry_distribution(const DistributionChannel* channel) {
  std::lock_guard guard(lock_);
  if (!stream_ || !(status_ & status_active) || distribution_) return false;
  distribution_ = channel;
  return true;
}

// The port has closed: whatever waits gets {error, closed}, and what is queued to send is
// dropped; a connection it carried is lost.
void Socket::stop(Term reason) {
  std::lock_guard guard(lock_);
  stopped_ = true;
  close_fd();
  if (distribution_) distribution_->closed(port_, reason);
  Arena heap;
  Term closed = tuple(heap, atoms::error, atom_put("closed"));
  if (connecting_) reply_async(*connecting_, closed);
  if (recv_) reply_async(*recv_, closed);
  for (const Async& a : accepts_) reply_async(a, closed);
  if (busy_caller_) reply_to(*busy_caller_, closed);
  for (const BlockedSend& b : blocked_) reply_to(b.caller, closed);
  connecting_.reset();
  recv_.reset();
  accepts_.clear();
  busy_caller_.reset();
  blocked_.clear();
}

}  // namespace ember::inet
