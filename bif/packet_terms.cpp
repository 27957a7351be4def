// HTTP packets as erts' terms, for decode_packet/3 and the inet drivers' http packets.
#include "bif/packet_terms.h"

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"

namespace ember::packet {
namespace {

// Builds the strings of HTTP results: lists, or binaries for the _bin types.
struct HttpTerms {
  Heap& heap;
  bool binaries;
  Term string(std::string_view s) const { return binaries ? make_binary(heap, s) : make_byte_list(heap, s); }

  Term uri(const HttpUri& u) const {
    switch (u.kind) {
      case HttpUri::Kind::star:
        return atom_put("*");
      case HttpUri::Kind::string:
        return string(u.first);
      case HttpUri::Kind::abs_path:
        return tuple(heap, atom_put("abs_path"), string(u.first));
      case HttpUri::Kind::scheme:
        return tuple(heap, atom_put("scheme"), string(u.first), string(u.second));
      case HttpUri::Kind::http:
      case HttpUri::Kind::https:
        return tuple(heap, atom_put("absoluteURI"), atom_put(u.kind == HttpUri::Kind::http ? "http" : "https"),
                     string(u.first), u.port == 0 ? atoms::undefined : make_small(u.port), string(u.second));
    }
    return atoms::undefined;
  }

  Term line(const HttpLine& l, std::string_view packet) const {
    switch (l.kind) {
      case HttpLine::Kind::request: {
        Term method = l.method >= 0 ? atom_put(std::string(packet::http_methods()[l.method]))
                                    : string(l.method_text);
        return tuple(heap, atom_put("http_request"), method, uri(l.uri),
                     tuple(heap, make_small(l.major), make_small(l.minor)));
      }
      case HttpLine::Kind::response:
        return tuple(heap, atom_put("http_response"), tuple(heap, make_small(l.major), make_small(l.minor)),
                     make_small(l.status), string(l.phrase));
      case HttpLine::Kind::header: {
        Term name = l.field >= 0 ? atom_put(std::string(packet::http_fields()[l.field])) : string(l.name);
        return tuple(heap, atom_put("http_header"), make_small(l.field + 1), name, string(l.original_name),
                     string(l.value));
      }
      case HttpLine::Kind::end_of_headers:
        return atom_put("http_eoh");
      case HttpLine::Kind::error:
        break;
    }
    return tuple(heap, atom_put("http_error"), string(packet));
  }
};

}  // namespace

Term http_term(Heap& heap, bool binaries, const HttpLine& line, std::string_view packet) {
  return HttpTerms{heap, binaries}.line(line, packet);
}

}  // namespace ember::packet
