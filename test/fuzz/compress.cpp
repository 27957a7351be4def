#include "test/fuzz/compress.h"

#include <zlib.h>

namespace ember::fuzz {
namespace {

int window_bits(Wrapper w) { return w == Wrapper::gzip ? 16 + MAX_WBITS : MAX_WBITS; }

}  // namespace

std::string compress(std::string_view plain, Wrapper wrapper, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, window_bits(wrapper), 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, uLong(plain.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  z.avail_in = uInt(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return status == Z_STREAM_END ? out : std::string();
}

bool inflate_bounded(std::string_view compressed, Wrapper wrapper, size_t limit, std::string& out) {
  out.clear();
  z_stream z{};
  if (inflateInit2(&z, window_bits(wrapper)) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = uInt(compressed.size());
  char buffer[16384];
  int status = Z_OK;
  while (status == Z_OK && out.size() <= limit) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    status = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  inflateEnd(&z);
  return status == Z_STREAM_END && out.size() <= limit;
}

}  // namespace ember::fuzz
