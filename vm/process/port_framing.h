// How a port cuts the bytes it reads into messages: as they come (stream), in packets with a
// 1, 2 or 4 byte big-endian length header ({packet, N}), or in lines of at most L bytes
// ({line, L}: {eol, Line} for a whole line, {noeol, Part} for a piece of a longer one).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ember {

struct PortFraming {
  enum class Kind { stream, packet, line } kind = Kind::stream;
  size_t size = 0;  // header bytes of a packet, or the longest line

  struct Piece {
    std::string bytes;
    bool eol = true;  // for lines: whether the piece ends its line
  };

  // Takes bytes read and returns the messages they complete.
  std::vector<Piece> feed(std::string_view data);
  // At end of file: what is left of an unfinished line (a partial packet is dropped).
  std::vector<Piece> finish();
  // A command's bytes as they go out: with its header for packets.
  std::string frame_output(std::string_view bytes) const;
  // Whether a packet of n bytes fits its header.
  bool fits(size_t n) const { return kind != Kind::packet || size >= 8 || n >> (8 * size) == 0; }

 private:
  std::string pending_;
};

}  // namespace ember
