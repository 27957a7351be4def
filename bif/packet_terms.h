// What a packet of an HTTP type says, as erts' terms: {http_request, Method, Uri, Version},
// {http_response, ...}, {http_header, ...}, http_eoh or {http_error, Line}; strings as lists,
// or binaries for the _bin types (binaries).
#pragma once

#include <string_view>

#include "bif/packet.h"
#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember::packet {

Term http_term(Heap& heap, bool binaries, const HttpLine& line, std::string_view packet);

}  // namespace ember::packet
