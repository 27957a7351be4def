// Floats as text, byte for byte as erts writes and reads them.
//
// Writing serves float_to_list/1,2, float_to_binary/1,2 and erlang:display/1;
// reading serves list_to_float/1, binary_to_float/1 and string:list_to_float/1.
// stdlib does the rest in Erlang on top of these: io_lib's ~p and ~w print the
// `short` form, and ~e, ~f and ~g round the digits of the default form.
//
// Inputs are finite: a BEAM float is never infinite or NaN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ember::float_format {

// float_to_list(X) and float_to_binary(X): C's "%.20e", as in
// "1.50000000000000000000e+00".
std::string to_default(double x);

// float_to_list(X, [short]): the fewest significant digits that read back as X,
// laid out as "0.001", "100.0", "1.0e3" or "1.0e-5", whichever is shorter
// (plain on a tie), and always in exponent form from 2^53 on: "9.007199254740992e15".
std::string to_short(double x);

// float_to_list(X, [{scientific, Digits}]) for Digits in 0..249: C's "%.*e".
// Empty when the text would not fit erts' 256-byte buffer (badarg).
std::optional<std::string> to_scientific(double x, int digits);

// float_to_list(X, [{decimals, Decimals}]) and [{decimals, Decimals}, compact]
// for Decimals in 0..253. Rounds as erts does, which is not always as C's "%.*f"
// does: see float_format.cpp. Empty when the text would not fit erts' 256-byte
// buffer (badarg).
std::optional<std::string> to_decimals(double x, int decimals, bool compact);

// How erlang:display/1 (and erts' own term printer) writes a float: C's "%e",
// as in "1.500000e+00".
std::string to_display(double x);

enum class Notation { scientific, decimals, shortest };

// The option list of float_to_list/2 and float_to_binary/2, applied in list
// order: the last of `{decimals, N}`, `{scientific, N}` and `short` wins, and
// `compact` counts wherever it stands (it only affects `decimals`). An empty list
// gives the default form. Any other element, an improper list, or an N that is
// not a small integer is badarg; the caller checks those.
struct Options {
    Notation notation = Notation::scientific;
    int digits = 20;
    bool compact = false;

    // Each returns false when erts raises badarg for this N.
    bool set_decimals(std::int64_t n);
    bool set_scientific(std::int64_t n);
    void set_short() { notation = Notation::shortest; }
    void set_compact() { compact = true; }
};

// float_to_list(X, Options); empty means badarg.
std::optional<std::string> format(double x, const Options& options);

// list_to_float/1 and binary_to_float/1 on the bytes of the list or binary:
// [+-]digits[.,]digits[[eE][+-]digits], nothing before or after, where the text
// ends at its first NUL byte. Empty means badarg: bad syntax or too big for a
// double; too small a number becomes zero.
std::optional<double> parse(std::string_view text);

// string:list_to_float/1: the float at the start of text, its syntax read as
// far as it goes ("1.5e+x" gives 1.5 and length 3). Empty means
// {error, no_float}, also when that float is too big ("1.0e400x").
struct Prefix {
    double value;
    std::size_t length;
};
std::optional<Prefix> parse_prefix(std::string_view text);

}  // namespace ember::float_format
