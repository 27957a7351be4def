// The host's name resolver (/etc/hosts, DNS...), as erts' inet_gethost helper asks it:
// gethostbyname and gethostbyaddr for IPv4, getaddrinfo and getnameinfo for IPv6. Blocking:
// callers run it off the schedulers.
#pragma once

#include <string>
#include <vector>

namespace ember::platform {

struct HostEntry {
  unsigned address_size = 4;           // 4 or 16
  std::vector<std::string> addresses;  // each address_size bytes, network order
  std::vector<std::string> names;      // the official name first, then aliases
};

// 0, or erts' error text: "notfound", "try_again", "no_recovery", "no_data",
// "netdb_internal".
std::string resolve_name(const std::string& name, bool ipv6, HostEntry* out);
std::string resolve_address(const std::string& address, bool ipv6, HostEntry* out);

}  // namespace ember::platform
