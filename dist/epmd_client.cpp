// The `ember epmd` command's requests to a running epmd (its own or erts'), printed as erts'
// epmd command prints them.
#include <cerrno>
#include <cstdio>
#include <string>

#include "dist/epmd.h"
#include "platform/socket.h"

namespace ember::dist {
namespace {

constexpr int patience_ms = 10'000;

// A connection to the epmd on this host's loopback, or -1 (having said so, as erts' does).
int connect_local(uint16_t port) {
  for (platform::SocketFamily family : {platform::SocketFamily::inet6, platform::SocketFamily::inet}) {
    int fd;
    if (platform::socket_open(family, platform::SocketType::stream, &fd)) continue;
    platform::SocketAddress loopback;
    loopback.family = family;
    loopback.port = port;
    if (family == platform::SocketFamily::inet6) loopback.ip[15] = 1;
    else loopback.ip[0] = 127, loopback.ip[3] = 1;
    int err = platform::socket_connect(fd, loopback);
    if (err == EINPROGRESS && platform::socket_wait(fd, true, patience_ms) == 0) err = platform::socket_connect_result(fd);
    if (err == 0) return fd;
    platform::socket_close(fd);
  }
  std::fputs("epmd: Cannot connect to local epmd\n", stderr);
  return -1;
}

bool send_all(int fd, std::string bytes) {
  while (!bytes.empty()) {
    size_t sent;
    int err = platform::socket_send(fd, bytes, &sent);
    if (err == EAGAIN && platform::socket_wait(fd, true, patience_ms) == 0) continue;
    if (err) return false;
    bytes.erase(0, sent);
  }
  return true;
}

// Everything epmd answers until it closes the connection (or `limit` bytes).
std::string read_answer(int fd, size_t limit = SIZE_MAX) {
  std::string answer;
  char buffer[4096];
  while (answer.size() < limit && platform::socket_wait(fd, false, patience_ms) == 0) {
    size_t got;
    int err = platform::socket_recv(fd, buffer, std::min(sizeof buffer, limit - answer.size()), &got);
    if (err == EAGAIN || err == EINTR) continue;
    if (err || got == 0) break;
    answer.append(buffer, got);
  }
  return answer;
}

std::string request(char code, const std::string& argument = {}) {
  size_t n = 1 + argument.size();
  return std::string{char(n >> 8), char(n), code} + argument;
}

// Connects, sends, reads the answer; false on a failure, which it has reported.
bool exchange(uint16_t port, const std::string& r, std::string* answer, size_t limit = SIZE_MAX) {
  int fd = connect_local(port);
  if (fd < 0) return false;
  if (!send_all(fd, r)) {
    std::puts("epmd: Can't write to epmd");
    platform::socket_close(fd);
    return false;
  }
  *answer = read_answer(fd, limit);
  platform::socket_close(fd);
  return true;
}

int listing(uint16_t port, char code) {
  std::string answer;
  if (!exchange(port, request(code), &answer)) return 1;
  if (answer.size() < 4) {
    std::puts("epmd: no response from local epmd");
    return 1;
  }
  unsigned served = unsigned(uint8_t(answer[0])) << 24 | unsigned(uint8_t(answer[1])) << 16 |
                    unsigned(uint8_t(answer[2])) << 8 | uint8_t(answer[3]);
  std::printf("epmd: up and running on port %u with data:\n", served);
  std::fwrite(answer.data() + 4, 1, answer.size() - 4, stdout);
  return 0;
}

// KILL and STOP answer a short word; anything else is reported as erts' command does.
int bad_answer(const std::string& answer) {
  if (answer.empty()) std::puts("epmd: failed to read answer from local epmd");
  else std::printf("epmd: local epmd responded with <%s>\n", answer.c_str());
  return 1;
}

}  // namespace

int epmd_names(uint16_t port) { return listing(port, 'n'); }
int epmd_dump(uint16_t port) { return listing(port, 'd'); }

int epmd_kill(uint16_t port) {
  std::string answer;
  if (!exchange(port, request('k'), &answer, 2)) return 1;
  if (answer.size() != 2) return bad_answer(answer);
  if (answer == "OK") {
    std::puts("Killed");
    return 0;
  }
  std::puts("Killing not allowed - living nodes in database.");
  return 1;
}

int epmd_stop_name(uint16_t port, const std::string& name) {
  std::string answer;
  if (!exchange(port, request('s', name), &answer, 7)) return 1;
  if (answer.size() != 7) return bad_answer(answer);
  std::puts(answer.c_str());  // STOPPED or NOEXIST
  return 0;
}

}  // namespace ember::dist
