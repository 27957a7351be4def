// The epmd server: connections on the poller, one request each (an ALIVE2 connection stays
// and is the registration: when it closes, the name is free again). As erts' epmd, a request
// that is malformed or too long closes its connection and changes nothing else; ALIVE2, DUMP,
// KILL and STOP are taken only from this host's loopback; a node that registers a name again
// gets a new creation.
#include <cerrno>
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "dist/epmd.h"
#include "platform/os.h"
#include "platform/poller.h"
#include "platform/socket.h"
#include "vm/term/big_endian.h"

namespace ember::dist {
namespace {

enum : uint8_t {
  alive2_req = 'x', alive2_x_resp = 'v', alive2_resp = 'y', port2_req = 'z', port2_resp = 'w',
  names_req = 'n', dump_req = 'd', kill_req = 'k', stop_req = 's',
};

constexpr size_t max_request = 3 * 255 * 4;  // erts' INBUF_SIZE: an ALIVE2 with the longest names
constexpr int64_t idle_nanos = 60'000'000'000;  // an unregistered connection's patience

struct Node {
  std::string name;
  uint16_t port;
  uint8_t type, protocol;
  uint16_t highest, lowest;
  std::string extra;
  uint32_t creation;
  int fd;
};

struct Connection {
  int fd;
  platform::PollHandle poll = 0;
  bool local;  // from the loopback
  std::string input, output;
  bool registered = false;  // holds a node's registration
  bool close_when_sent = false;
};

struct Server {
  std::mutex lock;
  std::condition_variable killed;
  EpmdServerOptions options;
  bool serving = false;
  std::vector<std::pair<int, platform::PollHandle>> listeners;
  std::map<int, std::shared_ptr<Connection>> connections;
  std::vector<Node> nodes;  // newest first, as erts lists them
  std::map<std::string, uint32_t> last_creation;  // of names registered before

  void accept_on(int listener);
  void on_ready(const std::shared_ptr<Connection>& c, unsigned events);
  bool take_requests(Connection& c);
  bool answer(Connection& c, std::string_view request);
  bool alive2(Connection& c, std::string_view r);
  std::string port2(std::string_view r);
  std::string listing(bool dump);
  void close(Connection& c);
  void stop_serving();
  void flush(Connection& c);
};

Server& server() {
  static Server* s = new Server;
  return *s;
}


bool is_loopback(const platform::SocketAddress& a) {
  static const uint8_t v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static const uint8_t v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (a.family == platform::SocketFamily::inet) return a.ip[0] == 127;
  if (a.family != platform::SocketFamily::inet6) return false;
  return std::memcmp(a.ip, v6_loopback, 16) == 0 || (std::memcmp(a.ip, v4_mapped, 12) == 0 && a.ip[12] == 127);
}

void Server::accept_on(int listener) {
  for (;;) {
    int fd;
    if (platform::socket_accept(listener, &fd) != 0) return;
    platform::SocketAddress peer;
    auto c = std::make_shared<Connection>();
    c->fd = fd;
    c->local = platform::socket_peer(fd, &peer) == 0 && is_loopback(peer);
    connections[fd] = c;
    std::weak_ptr<Connection> weak = c;
    c->poll = platform::poller_add(fd, platform::poll_read, [this, weak](unsigned events) {
      if (auto c = weak.lock()) on_ready(c, events);
    });
    platform::poller_set_deadline(c->poll, platform::monotonic_nanos() + idle_nanos);
  }
}

void Server::on_ready(const std::shared_ptr<Connection>& c, unsigned events) {
  std::lock_guard guard(lock);
  if (!connections.count(c->fd) || connections[c->fd] != c) return;
  if ((events & platform::poll_timeout) && !c->registered) return close(*c);
  if (events & platform::poll_write) flush(*c);
  if (!(events & platform::poll_read) || c->close_when_sent) return;
  char buffer[4096];
  size_t got;
  int err = platform::socket_recv(c->fd, buffer, sizeof buffer, &got);
  if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) return;
  if (err || got == 0) return close(*c);
  c->input.append(buffer, got);
  if (!take_requests(*c)) close(*c);
}

// Answers each whole request; false when the connection is to close (a bad request).
bool Server::take_requests(Connection& c) {
  while (c.input.size() >= 2) {
    size_t length = get_be16(c.input);
    if (length == 0 || length > max_request) return false;
    if (c.input.size() < 2 + length) return true;
    std::string request = c.input.substr(2, length);
    c.input.erase(0, 2 + length);
    if (!answer(c, request)) return false;
    if (c.close_when_sent || !serving) break;
  }
  return c.input.size() <= 2 + max_request;
}

bool Server::answer(Connection& c, std::string_view r) {
  switch (uint8_t(r[0])) {
    case alive2_req:
      return c.local && !c.registered && alive2(c, r);
    case port2_req:
      c.output += port2(r);
      break;
    case names_req:
    case dump_req:
      if (uint8_t(r[0]) == dump_req && !c.local) return false;
      c.output += listing(uint8_t(r[0]) == dump_req);
      break;
    case kill_req:
      if (!c.local) return false;
      if (!options.relaxed_command_check && !nodes.empty()) {
        c.output += "NO";
        break;
      }
      c.output += "OK";
      flush(c);
      stop_serving();
      return true;
    case stop_req: {
      if (!c.local || !options.relaxed_command_check) return false;
      std::string name(r.substr(1));
      auto it = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.name == name; });
      if (it == nodes.end()) {
        c.output += "NOEXIST";
        break;
      }
      int fd = it->fd;
      nodes.erase(it);
      if (auto conn = connections.find(fd); conn != connections.end()) conn->second->registered = false;
      c.output += "STOPPED";
      break;
    }
    default:
      return false;
  }
  c.close_when_sent = true;
  flush(c);
  return true;
}

// ALIVE2_REQ: PortNo:16, NodeType, Protocol, Highest:16, Lowest:16, NameLength:16, Name,
// ExtraLength:16, Extra. The answer carries the creation (ALIVE2_X_RESP for version 6).
bool Server::alive2(Connection& c, std::string_view r) {
  if (r.size() <= 13) return false;
  size_t name_length = get_be16(r.substr(9));
  if (11 + name_length + 2 > r.size()) return false;
  size_t extra_length = get_be16(r.substr(11 + name_length));
  if (13 + name_length + extra_length > r.size()) return false;
  std::string name(r.substr(11, name_length));
  if (name.empty() || name.size() > 255 || name.find('\0') != std::string::npos) return false;
  Node node{name,
            get_be16(r.substr(1)),
            uint8_t(r[3]),
            uint8_t(r[4]),
            get_be16(r.substr(5)),
            get_be16(r.substr(7)),
            std::string(r.substr(13 + name_length, extra_length)),
            0,
            c.fd};
  bool taken = std::any_of(nodes.begin(), nodes.end(), [&](const Node& n) { return n.name == name; });
  if (!taken) {
    // A name registered again gets the next creation, a new one a "random" one (the clock),
    // always above 3 (1 to 3 are the old creations of version 5).
    auto last = last_creation.find(name);
    uint32_t creation = last != last_creation.end() ? last->second + 1 : uint32_t(platform::system_nanos() / 1'000'000'000);
    node.creation = creation < 4 ? 4 : creation;
    last_creation[name] = node.creation;
    nodes.insert(nodes.begin(), node);
    c.registered = true;
  }
  uint32_t creation = taken ? 99 : node.highest >= 6 ? node.creation : node.creation % 3 + 1;
  if (node.highest >= 6) {
    c.output += char(alive2_x_resp);
    c.output += char(taken ? 1 : 0);
    put_be32(c.output, creation);
  } else {
    c.output += char(alive2_resp);
    c.output += char(taken ? 1 : 0);
    put_be16(c.output, creation);
  }
  flush(c);
  return true;
}

// PORT_PLEASE2_REQ: the node's entry, or result 1.
std::string Server::port2(std::string_view r) {
  std::string name(r.substr(1));
  if (!name.empty() && name.back() == '\0') name.pop_back();
  std::string out(1, char(port2_resp));
  auto it = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.name == name; });
  if (it == nodes.end()) return out + char(1);
  out += char(0);
  put_be16(out, it->port);
  out += char(it->type);
  out += char(it->protocol);
  put_be16(out, it->highest);
  put_be16(out, it->lowest);
  put_be16(out, uint32_t(it->name.size()));
  out += it->name;
  put_be16(out, uint32_t(it->extra.size()));
  return out + it->extra;
}

// NAMES and DUMP: epmd's port, then a line per node, in erts' words (erl_epmd parses them).
std::string Server::listing(bool dump) {
  std::string out;
  put_be32(out, options.port);
  for (const Node& n : nodes) {
    if (dump) {
      out += "active name     <" + n.name + "> at port " + std::to_string(n.port) + ", fd = " + std::to_string(n.fd) + "\n";
      out += '\0';
    } else {
      out += "name " + n.name + " at port " + std::to_string(n.port) + "\n";
    }
  }
  return out;
}

void Server::flush(Connection& c) {
  while (!c.output.empty()) {
    size_t sent;
    int err = platform::socket_send(c.fd, c.output, &sent);
    if (err == EAGAIN || err == EWOULDBLOCK) {
      platform::poller_set_interest(c.poll, platform::poll_read | platform::poll_write);
      return;
    }
    if (err && err != EINTR) {
      c.output.clear();
      break;
    }
    c.output.erase(0, sent);
  }
  platform::poller_set_interest(c.poll, c.close_when_sent ? 0u : unsigned(platform::poll_read));
  if (c.close_when_sent) close(c);
}

// A registration ends with its connection.
void Server::close(Connection& c) {
  auto it = connections.find(c.fd);
  if (it == connections.end() || it->second.get() != &c) return;  // closed already
  if (c.registered) std::erase_if(nodes, [&](const Node& n) { return n.fd == c.fd; });
  platform::poller_remove(c.poll);
  platform::socket_close(c.fd);
  connections.erase(c.fd);
}

void Server::stop_serving() {
  serving = false;
  for (auto& [fd, poll] : listeners) {
    platform::poller_remove(poll);
    platform::socket_close(fd);
  }
  listeners.clear();
  while (!connections.empty()) close(*connections.begin()->second);
  nodes.clear();
  killed.notify_all();
}

// A listening socket on the any-address of a family, or -1 with *error set.
int listen_on(platform::SocketFamily family, uint16_t port, int* error) {
  int fd;
  if ((*error = platform::socket_open(family, platform::SocketType::stream, &fd))) return -1;
  platform::socket_set_option(fd, platform::SocketOption::reuseaddr, 1);
  if (family == platform::SocketFamily::inet6) platform::socket_set_option(fd, platform::SocketOption::ipv6_v6only, 1);
  platform::SocketAddress any;
  any.family = family;
  any.port = port;
  if ((*error = platform::socket_bind(fd, any)) || (*error = platform::socket_listen(fd, 128))) {
    platform::socket_close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

uint16_t epmd_port() {
  std::string text = platform::getenv_or("ERL_EPMD_PORT", "");
  char* end;
  long port = std::strtol(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0' && port > 0 && port < 65536 ? uint16_t(port) : 4369;
}

int epmd_serve(const EpmdServerOptions& options) {
  Server& s = server();
  std::lock_guard guard(s.lock);
  if (s.serving) return EADDRINUSE;
  int error;
  int v4 = listen_on(platform::SocketFamily::inet, options.port, &error);
  if (v4 < 0) return error;
  s.options = options;
  s.serving = true;
  std::vector<int> fds = {v4};
  // IPv6 as well where the host has it; an IPv4-only host serves IPv4 alone.
  if (int v6 = listen_on(platform::SocketFamily::inet6, options.port, &error); v6 >= 0) fds.push_back(v6);
  for (int fd : fds) {
    platform::PollHandle h = platform::poller_add(fd, platform::poll_read, [fd](unsigned) {
      Server& s = server();
      std::lock_guard guard(s.lock);
      if (s.serving) s.accept_on(fd);
    });
    s.listeners.emplace_back(fd, h);
  }
  return 0;
}

bool epmd_serving() {
  Server& s = server();
  std::lock_guard guard(s.lock);
  return s.serving;
}

void epmd_wait_killed() {
  Server& s = server();
  std::unique_lock guard(s.lock);
  s.killed.wait(guard, [&] { return !s.serving; });
}

}  // namespace ember::dist
