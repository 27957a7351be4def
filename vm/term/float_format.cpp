// Floats as text, byte for byte as erts writes and reads them.
//
// The digits come from std::to_chars, which is exact and ignores the C locale:
// with a precision it prints what glibc's printf prints, without one it gives
// the shortest digits that round-trip (closest to the value, ties to even, as
// erts' Ryu does). Reading is strtod's, as in erts, in the "C" locale: it rounds
// correctly, and unlike std::from_chars for doubles it exists in the libc++ of
// the Android NDK and of Xcode. What is left here is erts' layout and its quirks.

#include "vm/term/float_format.h"

#include <array>
#include <charconv>
#include <cmath>

#include "platform/c_locale.h"

namespace ember::float_format {
namespace {

// erts writes into a 256-byte buffer and refuses text that does not fit with
// its terminating NUL.
constexpr std::size_t max_length = 255;

// 2^53: from here on not every integer is a double, and erts stops writing
// short forms as plain integers.
constexpr double two_to_the_53 = 9007199254740992.0;

std::string printf_like(double x, std::chars_format style, int precision) {
    // Room for "%.253f" of the largest double.
    std::array<char, 600> buffer;
    auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x,
                             style, precision).ptr;
    return std::string(buffer.data(), end);
}

// ---- short -----------------------------------------------------------------

// The shortest digits of a positive double, and where the decimal point goes:
// the value is 0.DIGITS times 10^point.
struct Shortest {
    std::string digits;
    int point;
};

Shortest shortest_digits(double magnitude) {
    std::array<char, 32> buffer;
    auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                             magnitude, std::chars_format::scientific).ptr;
    std::string_view text(buffer.data(), end - buffer.data());  // "1.25e+02", "5e-324"
    std::size_t e = text.find('e');
    std::string digits(1, text[0]);
    if (e > 1) digits.append(text.substr(2, e - 2));
    std::string_view exponent_text = text.substr(e + 1);
    if (exponent_text.front() == '+') exponent_text.remove_prefix(1);
    int exponent = 0;
    std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
    return {digits, exponent + 1};
}

// "0.00125", "12.5", "1250.0"
std::string plain_layout(const Shortest& s) {
    int count = static_cast<int>(s.digits.size());
    if (s.point <= 0) return "0." + std::string(-s.point, '0') + s.digits;
    if (s.point >= count) return s.digits + std::string(s.point - count, '0') + ".0";
    return s.digits.substr(0, s.point) + "." + s.digits.substr(s.point);
}

// "1.25e-3", "1.0e3": a fraction of at least one digit, a bare exponent.
std::string exponent_layout(const Shortest& s) {
    std::string fraction = s.digits.size() > 1 ? s.digits.substr(1) : "0";
    return s.digits.substr(0, 1) + "." + fraction + "e" + std::to_string(s.point - 1);
}

// ---- decimals --------------------------------------------------------------

constexpr std::array<double, 19> powers_of_ten = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,
    1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
};

// erts' own rounding, used up to 2^53 and for fewer than 19 decimals: the
// fraction is scaled by 10^decimals in floating point and rounded half away
// from zero. So 0.125 gives "0.13" where printf gives "0.12", 2.5 with no
// decimals gives "3", and 0.123456789 with 18 decimals gives
// "0.123456789000000000" rather than the exact expansion.
std::string rounded_like_erts(double x, int decimals) {
    std::string sign = std::signbit(x) ? "-" : "";
    double magnitude = std::fabs(x);
    if (decimals == 0) return sign + std::to_string(static_cast<std::uint64_t>(std::round(magnitude)));

    double whole = std::floor(magnitude);
    double scale = powers_of_ten[decimals];
    double fraction = std::round((magnitude - whole) * scale);
    auto whole_part = static_cast<std::uint64_t>(whole);
    auto fraction_part = static_cast<std::uint64_t>(fraction);
    if (fraction >= scale) {
        ++whole_part;
        fraction_part = 0;
    }
    std::string fraction_digits = std::to_string(fraction_part);
    return sign + std::to_string(whole_part) + "." +
           std::string(decimals - fraction_digits.size(), '0') + fraction_digits;
}

// `compact`: trailing zeros go, but a point keeps one digit after it. erts
// applies this to its printf text even when there is no point, so 1.0e20 with
// no decimals becomes "1".
void drop_trailing_zeros(std::string& text) {
    text.resize(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.push_back('0');
}

// erts keeps N in a C int, so only its low 32 bits count: {decimals, 2^32 + 3}
// means 3 decimals.
int as_c_int(std::int64_t n) { return static_cast<std::int32_t>(n); }

// ---- reading ---------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_sign(char c) { return c == '+' || c == '-'; }

std::size_t skip_digits(std::string_view text, std::size_t at) {
    while (at < text.size() && is_digit(text[at])) ++at;
    return at;
}

// Where the parts of a float's text are: [+-]digits MARK digits [E [+-]digits] END.
struct Syntax {
    std::size_t mark;  // the decimal mark, '.' or ','
    std::size_t end;
};

// The longest prefix of text with erts' float syntax, which is C's strtod
// syntax narrowed to digits on both sides of the mark. erts accepts ',' for the
// mark because it retries strtod with the other radix character.
std::optional<Syntax> scan(std::string_view text) {
    std::size_t at = !text.empty() && is_sign(text[0]) ? 1 : 0;
    std::size_t mark = skip_digits(text, at);
    if (mark == at || mark == text.size() || (text[mark] != '.' && text[mark] != ',')) {
        return std::nullopt;
    }
    std::size_t end = skip_digits(text, mark + 1);
    if (end == mark + 1) return std::nullopt;

    if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
        std::size_t digits = end + 1 < text.size() && is_sign(text[end + 1]) ? end + 2 : end + 1;
        std::size_t after = skip_digits(text, digits);
        if (after > digits) end = after;
    }
    return Syntax{mark, end};
}

// strtod on the text up to its end, with '.' for the mark. As in erts, a
// number too big for a double is refused, one too small becomes a signed zero,
// and a subnormal result stands.
std::optional<double> convert(std::string_view text, const Syntax& s) {
    std::string normal(text.substr(0, s.end));
    normal[s.mark] = '.';
    double value = platform::strtod_c_locale(normal.c_str(), nullptr);
    if (std::isinf(value)) return std::nullopt;
    return value;
}

}  // namespace

// ---- writing ---------------------------------------------------------------

std::string to_default(double x) { return printf_like(x, std::chars_format::scientific, 20); }

std::string to_display(double x) { return printf_like(x, std::chars_format::scientific, 6); }

std::string to_short(double x) {
    std::string sign = std::signbit(x) ? "-" : "";
    double magnitude = std::fabs(x);
    if (magnitude == 0) return sign + "0.0";

    Shortest shortest = shortest_digits(magnitude);
    std::string plain = plain_layout(shortest);
    std::string exponent = exponent_layout(shortest);
    bool plain_wins = plain.size() <= exponent.size() && magnitude < two_to_the_53;
    return sign + (plain_wins ? plain : exponent);
}

std::optional<std::string> to_scientific(double x, int digits) {
    std::string text = printf_like(x, std::chars_format::scientific, digits);
    if (text.size() > max_length) return std::nullopt;
    return text;
}

std::optional<std::string> to_decimals(double x, int decimals, bool compact) {
    bool like_printf = std::fabs(x) > two_to_the_53 ||
                       decimals >= static_cast<int>(powers_of_ten.size());
    std::string text = like_printf ? printf_like(x, std::chars_format::fixed, decimals)
                                   : rounded_like_erts(x, decimals);
    if (text.size() > max_length) return std::nullopt;
    if (compact && (like_printf || decimals > 0)) drop_trailing_zeros(text);
    return text;
}

bool Options::set_decimals(std::int64_t n) {
    int decimals = as_c_int(n);
    if (decimals < 0 || decimals > 253) return false;
    notation = Notation::decimals;
    digits = decimals;
    return true;
}

bool Options::set_scientific(std::int64_t n) {
    int precision = as_c_int(n);
    if (precision > 249) return false;
    notation = Notation::scientific;
    // erts hands a negative N to printf, which takes it as no precision: 6.
    digits = precision < 0 ? 6 : precision;
    return true;
}

std::optional<std::string> format(double x, const Options& options) {
    switch (options.notation) {
    case Notation::shortest: return to_short(x);
    case Notation::decimals: return to_decimals(x, options.digits, options.compact);
    case Notation::scientific: break;
    }
    return to_scientific(x, options.digits);
}

// ---- reading ---------------------------------------------------------------

std::optional<double> parse(std::string_view text) {
    // erts hands the text to C as a string, so a NUL ends it.
    text = text.substr(0, text.find('\0'));
    std::optional<Syntax> syntax = scan(text);
    if (!syntax || syntax->end != text.size()) return std::nullopt;
    return convert(text, *syntax);
}

std::optional<Prefix> parse_prefix(std::string_view text) {
    std::optional<Syntax> syntax = scan(text);
    if (!syntax) return std::nullopt;
    std::optional<double> value = convert(text, *syntax);
    if (!value) return std::nullopt;
    return Prefix{*value, syntax->end};
}

}  // namespace ember::float_format
