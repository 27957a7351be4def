// UTF-8 helpers shared by atoms, binaries and the unicode BIFs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ember {

// Number of code points in valid UTF-8, or -1 if `s` is not valid UTF-8 (overlong forms,
// surrogates and code points above 0x10FFFF are invalid, as in erts).
long utf8_count(std::string_view s);

// Decodes one code point starting at s[i]; advances i. Returns -1 on invalid or truncated input.
int32_t utf8_decode(std::string_view s, size_t& i);

// Appends the UTF-8 encoding of a valid code point.
void utf8_append(std::string& out, uint32_t cp);
int utf8_length(uint32_t cp);

constexpr bool is_valid_code_point(int64_t cp) {
  return cp >= 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

// True if `s` is shorter than the sequence its first byte announces and the bytes after it are
// continuation bytes: how erts tells an incomplete end of UTF-8 input from an invalid one (so
// an overlong C0 lead alone counts as incomplete).
bool utf8_prefix_valid(std::string_view s);

// The characters io_lib prints as text (io:printable_range/0, erl's +pc flag): latin1 or all of
// unicode. Set once, before the first process starts.
enum class PrintableRange : uint8_t { latin1, unicode };
void set_printable_range(PrintableRange range);
PrintableRange printable_range();

}  // namespace ember
