#include "vm/process/port_framing.h"

namespace ember {

std::vector<PortFraming::Piece> PortFraming::feed(std::string_view data) {
  std::vector<Piece> out;
  if (kind == Kind::stream) {
    out.push_back({std::string(data)});
    return out;
  }
  pending_.append(data);
  size_t at = 0;
  if (kind == Kind::packet) {
    while (pending_.size() - at >= size) {
      size_t length = 0;
      for (size_t k = 0; k < size; k++) length = length << 8 | uint8_t(pending_[at + k]);
      if (pending_.size() - at - size < length) break;
      out.push_back({pending_.substr(at + size, length)});
      at += size + length;
    }
  } else {
    for (;;) {
      size_t newline = pending_.find('\n', at);
      size_t available = (newline == std::string::npos ? pending_.size() : newline) - at;
      if (available > size) {  // longer than a line may be: give it in pieces
        out.push_back({pending_.substr(at, size), false});
        at += size;
      } else if (newline != std::string::npos) {
        out.push_back({pending_.substr(at, available), true});
        at = newline + 1;
      } else {
        break;
      }
    }
  }
  pending_.erase(0, at);
  return out;
}

std::vector<PortFraming::Piece> PortFraming::finish() {
  std::vector<Piece> out;
  if (kind == Kind::line && !pending_.empty()) out.push_back({pending_, false});
  pending_.clear();
  return out;
}

std::string PortFraming::frame_output(std::string_view bytes) const {
  if (kind != Kind::packet) return std::string(bytes);
  std::string framed;
  for (size_t k = size; k-- > 0;) framed += char(bytes.size() >> (8 * k) & 0xFF);
  framed.append(bytes);
  return framed;
}

}  // namespace ember
