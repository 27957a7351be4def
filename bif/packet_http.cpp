// HTTP lines as erts reads them (packet types http, httph, http_bin and httph_bin): request
// and status lines, header lines with their field names normalised, the end of the headers,
// and anything else as an error. erts is lenient in places (text after the version of a
// request line is ignored, a status line may lack the code) and ember follows it there too.
#include <array>

#include "bif/packet.h"

namespace ember::packet {
namespace {

constexpr std::array<std::string_view, 7> methods = {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"};

constexpr std::array<std::string_view, 52> fields = {
    "Cache-Control", "Connection", "Date", "Pragma", "Transfer-Encoding", "Upgrade", "Via", "Accept",
    "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization", "From", "Host",
    "If-Modified-Since", "If-Match", "If-None-Match", "If-Range", "If-Unmodified-Since", "Max-Forwards",
    "Proxy-Authorization", "Range", "Referer", "User-Agent", "Age", "Location", "Proxy-Authenticate",
    "Public", "Retry-After", "Server", "Vary", "Warning", "Www-Authenticate", "Allow", "Content-Base",
    "Content-Encoding", "Content-Language", "Content-Length", "Content-Location", "Content-Md5",
    "Content-Range", "Content-Type", "Etag", "Expires", "Last-Modified", "Accept-Ranges", "Set-Cookie",
    "Set-Cookie2", "X-Forwarded-For", "Cookie", "Keep-Alive", "Proxy-Connection"};

// Field names longer than this are kept as written and never name a known field.
constexpr size_t max_name_length = 50;

// RFC 2616's separators, controls, space and anything beyond ASCII end a token.
bool is_tspecial(unsigned char c) {
  if (c <= 32 || c >= 128) return true;
  return std::string_view("()<>@,;:\\\"/[]?={} \t").find(char(c)) != std::string_view::npos;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char to_upper(char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); k++)
    if (to_upper(s[k]) != to_upper(prefix[k])) return false;
  return true;
}

// A reader over the line: the position moves as parts are taken.
struct Cursor {
  std::string_view s;
  size_t at = 0;
  bool done() const { return at == s.size(); }
  char peek() const { return s[at]; }
  size_t skip_spaces() {
    size_t from = at;
    while (!done() && is_space(peek())) at++;
    return at - from;
  }
  // Decimal digits as a C int accumulates them in erts (wrapping when absurdly long); false
  // when there is none.
  bool number(int* out) {
    size_t from = at;
    uint32_t v = 0;
    while (!done() && is_digit(peek())) v = v * 10 + uint32_t(s[at++] - '0');
    *out = int(int32_t(v));
    return at != from;
  }
  // "Major.Minor" after "HTTP/".
  bool version(int* major, int* minor) {
    if (!number(major) || done() || peek() != '.') return false;
    at++;
    return number(minor);
  }
};

// host[:port][/path]: the port only when it is all digits and not zero.
void parse_authority(HttpUri* uri, std::string_view rest) {
  size_t slash = rest.find('/');
  uri->second = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  std::string_view hostport = rest.substr(0, slash);
  size_t colon = hostport.find(':');
  uri->first = hostport.substr(0, colon);
  uri->port = 0;
  if (colon == std::string_view::npos) return;
  Cursor c{hostport, colon + 1};
  int port;
  c.number(&port);
  if (c.done() && port != 0) uri->port = port;
}

HttpUri parse_uri(std::string_view s) {
  HttpUri uri;
  if (s == "*") {
    uri.kind = HttpUri::Kind::star;
  } else if (s.size() <= 1 || s[0] == '/') {
    uri.kind = HttpUri::Kind::abs_path;
    uri.first = s;
  } else if (starts_with_nocase(s, "http://")) {
    uri.kind = HttpUri::Kind::http;
    parse_authority(&uri, s.substr(7));
  } else if (starts_with_nocase(s, "https://")) {
    uri.kind = HttpUri::Kind::https;
    parse_authority(&uri, s.substr(8));
  } else if (size_t colon = s.find(':'); colon == std::string_view::npos) {
    uri.kind = HttpUri::Kind::string;
    uri.first = s;
  } else {
    uri.kind = HttpUri::Kind::scheme;
    uri.first = s.substr(0, colon);
    uri.second = s.substr(colon + 1);
  }
  return uri;
}

int index_of(std::span<const std::string_view> names, std::string_view name) {
  for (size_t k = 0; k < names.size(); k++)
    if (names[k] == name) return int(k);
  return -1;
}

// HTTP-Version SP Status-Code SP Reason-Phrase; the phrase may be empty.
bool parse_status_line(Cursor c, HttpLine* line) {
  c.at = 5;
  if (!c.version(&line->major, &line->minor) || c.skip_spaces() == 0) return false;
  c.number(&line->status);
  if (c.skip_spaces() == 0 && !c.done()) return false;
  line->kind = HttpLine::Kind::response;
  line->phrase = c.s.substr(c.at);
  return true;
}

// Method SP Request-URI [SP HTTP-Version]; without a version it is HTTP/0.9.
bool parse_request_line(Cursor c, HttpLine* line) {
  while (!c.done() && !is_tspecial(uint8_t(c.peek()))) c.at++;
  if (c.done() || c.at == 0 || !is_space(c.peek())) return false;
  line->method_text = c.s.substr(0, c.at);
  line->method = index_of(methods, line->method_text);
  c.skip_spaces();
  size_t uri_start = c.at;
  while (!c.done() && !is_space(c.peek())) c.at++;
  if (c.at == uri_start) return false;
  line->uri = parse_uri(c.s.substr(uri_start, c.at - uri_start));
  c.skip_spaces();
  line->kind = HttpLine::Kind::request;
  if (c.done()) {
    line->major = 0, line->minor = 9;
    return true;
  }
  if (c.s.size() - c.at < 8 || c.s.substr(c.at, 5) != "HTTP/") return false;
  c.at += 5;
  return c.version(&line->major, &line->minor);
}

// Name ":" value. The name is capitalised as Word-Word to find a known field.
bool parse_header_line(Cursor c, HttpLine* line) {
  bool upper = true;
  std::string name;
  while (!is_tspecial(uint8_t(c.peek()))) {
    char ch = c.peek();
    if (upper) {
      ch = to_upper(ch);
      upper = false;
    } else {
      ch = to_lower(ch);
      upper = ch == '-';
    }
    if (name.size() < max_name_length) name += ch;
    c.at++;
    if (c.done()) return false;
  }
  if (c.peek() != ':') return false;
  line->kind = HttpLine::Kind::header;
  line->original_name = c.s.substr(0, c.at);
  if (c.at <= max_name_length) {
    line->name = std::move(name);
    line->field = index_of(fields, line->name);
  } else {
    line->name = line->original_name;
  }
  c.at++;
  c.skip_spaces();
  line->value = c.s.substr(c.at);
  return true;
}

}  // namespace

std::span<const std::string_view> http_methods() { return methods; }
std::span<const std::string_view> http_fields() { return fields; }

HttpLine parse_http_line(std::string_view packet, bool in_headers) {
  std::string_view s = packet;
  if (s.size() >= 2 && s[s.size() - 2] == '\r')
    s.remove_suffix(2);
  else if (!s.empty() && s.back() == '\n')
    s.remove_suffix(1);
  HttpLine line;
  Cursor c{s};
  bool ok;
  if (in_headers && s.empty()) {
    line.kind = HttpLine::Kind::end_of_headers;
    ok = true;
  } else if (in_headers) {
    ok = parse_header_line(c, &line);
  } else if (s.substr(0, 5) == "HTTP/") {
    ok = parse_status_line(c, &line);
  } else {
    ok = parse_request_line(c, &line);
  }
  if (!ok) line = HttpLine{};
  return line;
}

}  // namespace ember::packet
