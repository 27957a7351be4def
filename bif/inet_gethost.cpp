// erts' inet_gethost helper, built in: kernel's inet_gethost_native runs it as a port program
// ({spawn_executable, BINDIR/inet_gethost}) for every lookup through the native resolver, and
// halts the node when it cannot (inet_config asks at boot for the host's own name). A phone
// app cannot start programs, so ember answers the program's protocol itself: requests
// <<Serial:32, Op, Proto, Data>> (1 by name, 2 by address; 1 IPv4, 2 IPv6), replies
// <<Serial:32, 0, ErrorText, 0>> or <<Serial:32, Unit, Naddr:32, Addresses, Nnames:32,
// Names...>>, as {Port, {data, Reply}}. Each lookup runs on a thread of its own.
#include <thread>

#include "bif/inet_gethost.h"
#include "platform/resolver.h"
#include "vm/process/port.h"
#include "vm/term/atom.h"
#include "vm/term/big_endian.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"

namespace ember {
namespace {

enum : uint8_t { op_by_name = 1, op_by_address = 2, op_cancel = 3, op_control = 4 };
enum : uint8_t { proto_ipv4 = 1, proto_ipv6 = 2 };

std::string answer(uint32_t serial, uint8_t op, uint8_t proto, const std::string& data) {
  std::string out;
  put_be32(out, serial);
  platform::HostEntry entry;
  std::string error = proto != proto_ipv4 && proto != proto_ipv6 ? "enotsup"
                      : op == op_by_name ? platform::resolve_name(data, proto == proto_ipv6, &entry)
                                         : platform::resolve_address(data, proto == proto_ipv6, &entry);
  if (!error.empty()) {
    out += '\0';
    return out + error + '\0';
  }
  out += char(entry.address_size);
  put_be32(out, uint32_t(entry.addresses.size()));
  for (const std::string& a : entry.addresses) out += a;
  put_be32(out, uint32_t(entry.names.size()));
  for (const std::string& n : entry.names) out += n + '\0';
  return out;
}

class Resolver final : public PortDriver {
 public:
  Term port = NIL;

  void command(Term, std::string_view bytes) override {
    if (bytes.size() < 6) return;
    uint32_t serial = get_be32(bytes);
    uint8_t op = uint8_t(bytes[4]), proto = uint8_t(bytes[5]);
    if (op != op_by_name && op != op_by_address) return;  // cancel and control need no answer
    std::string data(bytes.substr(6));
    if (op == op_by_name && !data.empty() && data.back() == '\0') data.pop_back();
    Term id = port;
    std::thread([id, serial, op, proto, data] {
      std::string reply = answer(serial, op, proto, data);
      Term owner = port_owner(id);
      if (owner == NIL) return;
      Arena heap;
      port_send(id, owner, tuple(heap, id, tuple(heap, atoms::data, make_binary(heap, reply))));
    }).detach();
  }
  std::optional<std::string> control(Term, unsigned, std::string_view) override { return std::nullopt; }
  void stop(Term) override {}
};

}  // namespace

Term open_builtin_gethost(Term owner) {
  auto resolver = std::make_shared<Resolver>();
  resolver->port = port_open_driver(owner, "inet_gethost", resolver);
  return resolver->port;
}

}  // namespace ember
