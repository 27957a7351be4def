#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <mutex>

#include "platform/resolver.h"

namespace ember::platform {
namespace {

// gethostbyname and gethostbyaddr share static storage: one call at a time.
std::mutex netdb_lock;

std::string netdb_error(int code) {
  switch (code) {
    case HOST_NOT_FOUND: return "notfound";
    case TRY_AGAIN: return "try_again";
    case NO_RECOVERY: return "no_recovery";
    case NO_DATA: return "no_data";
    default: return "netdb_internal";
  }
}

std::string addrinfo_error(int code) {
  switch (code) {
    case EAI_AGAIN: return "try_again";
    case EAI_FAIL:
    case EAI_NONAME: return "notfound";
#if defined(EAI_NODATA) && EAI_NODATA != EAI_NONAME
    case EAI_NODATA: return "notfound";
#endif
    default: return "netdb_internal";
  }
}

void from_hostent(const hostent* he, HostEntry* out) {
  out->address_size = unsigned(he->h_length);
  for (char** a = he->h_addr_list; *a; ++a) out->addresses.emplace_back(*a, size_t(he->h_length));
  out->names.emplace_back(he->h_name);
  for (char** a = he->h_aliases; a && *a; ++a) out->names.emplace_back(*a);
}

}  // namespace

std::string resolve_name(const std::string& name, bool ipv6, HostEntry* out) {
  if (!ipv6) {
    std::lock_guard guard(netdb_lock);
    hostent* he = ::gethostbyname(name.c_str());
    if (!he) return netdb_error(h_errno);
    from_hostent(he, out);
    return {};
  }
  addrinfo hints{};
  hints.ai_flags = AI_CANONNAME;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_family = AF_INET6;
  addrinfo* list;
  if (int err = ::getaddrinfo(name.c_str(), nullptr, &hints, &list)) return addrinfo_error(err);
  out->address_size = 16;
  for (addrinfo* ai = list; ai; ai = ai->ai_next) {
    if (ai->ai_addr && ai->ai_addr->sa_family == AF_INET6)
      out->addresses.emplace_back(reinterpret_cast<const char*>(&reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr), 16);
    if (ai->ai_canonname && ai->ai_family == AF_INET6) out->names.emplace_back(ai->ai_canonname);
  }
  ::freeaddrinfo(list);
  return {};
}

std::string resolve_address(const std::string& address, bool ipv6, HostEntry* out) {
  if (!ipv6) {
    if (address.size() != 4) return "netdb_internal";
    std::lock_guard guard(netdb_lock);
    hostent* he = ::gethostbyaddr(address.data(), 4, AF_INET);
    if (!he) return netdb_error(h_errno);
    from_hostent(he, out);
    return {};
  }
  if (address.size() != 16) return "netdb_internal";
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  std::memcpy(&sa.sin6_addr, address.data(), 16);
  char name[NI_MAXHOST];
  if (int err = ::getnameinfo(reinterpret_cast<sockaddr*>(&sa), sizeof sa, name, sizeof name, nullptr, 0, NI_NAMEREQD))
    return addrinfo_error(err);
  out->address_size = 16;
  out->addresses.push_back(address);
  out->names.emplace_back(name);
  return {};
}

}  // namespace ember::platform
