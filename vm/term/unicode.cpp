#include "vm/term/unicode.h"

#include <atomic>

namespace ember {

int32_t utf8_decode(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return uint8_t(s[k]); };
  uint8_t b0 = byte(i);
  int extra;
  int32_t cp;
  if (b0 < 0x80) {
    i += 1;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    extra = 1, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3, cp = b0 & 0x07;
  } else {
    return -1;
  }
  if (i + extra >= s.size()) return -1;
  for (int k = 1; k <= extra; k++) {
    uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr int32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
  if (cp < min_for_length[extra] || !is_valid_code_point(cp)) return -1;
  i += extra + 1;
  return cp;
}

long utf8_count(std::string_view s) {
  long n = 0;
  for (size_t i = 0; i < s.size(); n++)
    if (utf8_decode(s, i) < 0) return -1;
  return n;
}

int utf8_length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

void utf8_append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

}  // namespace ember

namespace ember {

bool utf8_prefix_valid(std::string_view s) {
  if (s.empty()) return false;
  uint8_t b0 = uint8_t(s[0]);
  size_t need = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
  if (need == 0 || s.size() >= need) return false;
  for (size_t k = 1; k < s.size(); k++)
    if ((uint8_t(s[k]) & 0xC0) != 0x80) return false;
  return true;
}

namespace {
// Set by +pc before the schedulers start, read by any of them: relaxed, since the value is
// all there is to see.
std::atomic<PrintableRange> printable{PrintableRange::latin1};
}

void set_printable_range(PrintableRange range) { printable.store(range, std::memory_order_relaxed); }
PrintableRange printable_range() { return printable.load(std::memory_order_relaxed); }

}  // namespace ember
