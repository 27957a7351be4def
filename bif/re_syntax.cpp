// Pattern syntax that erts' PCRE 8.44 accepts and PCRE2 refuses, rewritten into what PCRE2
// reads the same way (re_code.h). Only what PCRE2 would reject is touched, so a pattern both
// accept is passed on as it is:
//   - a backslash before a letter that means nothing to PCRE 8.44 (\i, \q, and in a class
//     also \R, \X, \B...) is dropped: PCRE 8.44 read the letter itself, PCRE2 calls it an
//     error;
//   - in a class, a hyphen after a class escape or a POSIX class ([\w-.], [[:alpha:]-z]) is
//     escaped: PCRE 8.44 read a hyphen, PCRE2 an invalid range;
//   - \8 and \9 (and longer numbers that start so) naming a group not yet opened lose their
//     backslash: PCRE 8.44 read the digits, PCRE2 a reference to a missing group;
//   - \c before a control character or DEL, which PCRE2 refuses, becomes the \x{..} that
//     PCRE 8.44 made of it (the character with bit 6 flipped).
// The walk keeps \Q...\E, (?#...) and, with the extended option, # comments as they are.
#include <cstdio>
#include <cstring>

#include "bif/re_code.h"

namespace ember::re {

namespace {

// Letters whose escape PCRE 8.44 reads as the letter and PCRE2 refuses, outside and inside
// a character class.
constexpr const char* plain_letters = "ijmqyFIJMOTY";
constexpr const char* plain_letters_in_class = "ijkmqyzABCFGIJKMORTXYZ";
// Escapes with an argument in braces, copied whole.
constexpr const char* braced_escapes = "xopPgkN";
// Escapes that stand for a set of characters, after which a hyphen cannot start a range.
constexpr const char* set_escapes = "dDsSwWhHvVpP";

bool among(char c, const char* set) { return c != '\0' && std::strchr(set, c) != nullptr; }

struct Rewriter {
  std::string_view in;
  std::string out;
  std::vector<size_t> origin;

  void copy(size_t from, size_t to) {
    for (size_t k = from; k < to && k < in.size(); k++) {
      out += in[k];
      origin.push_back(k);
    }
  }
  // The end of what starts at `from` and runs to the first `close` after it (or the end).
  size_t through(size_t from, std::string_view close) const {
    size_t at = in.find(close, from);
    return at == std::string_view::npos ? in.size() : at + close.size();
  }
};

}  // namespace

// Whether a group opens at i (a "(") and captures.
bool opens_capture(std::string_view p, size_t i, bool auto_capture) {
  std::string_view rest = p.substr(i + 1);
  if (rest.substr(0, 1) != "?") return auto_capture && rest.substr(0, 1) != "*";
  if (rest.substr(0, 2) == "?'" || rest.substr(0, 3) == "?P<") return true;
  return rest.substr(0, 2) == "?<" && rest.size() > 2 && rest[2] != '=' && rest[2] != '!';
}

std::string pcre2_syntax(std::string_view pattern, uint32_t options, std::vector<size_t>* origin) {
  Rewriter r{pattern, {}, {}};
  size_t n = pattern.size();
  bool extended = options & PCRE2_EXTENDED, auto_capture = !(options & PCRE2_NO_AUTO_CAPTURE);
  bool in_class = false, after_set = false;
  size_t class_first = 0;  // where a ] is still a literal, just after [ or [^
  size_t groups = 0;       // capturing groups opened so far
  for (size_t i = 0; i < n;) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < n) {
      char e = pattern[i + 1];
      size_t end = i + 2;
      bool set = false;
      if (e == 'c' && i + 2 < n && (uint8_t(pattern[i + 2]) < 0x20 || pattern[i + 2] == 0x7F)) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x{%02x}", uint8_t(pattern[i + 2]) ^ 0x40);
        r.out += hex;
        r.origin.insert(r.origin.end(), std::strlen(hex), i);
        i += 3;
        after_set = false;
        continue;
      }
      if (e == 'Q') {
        end = r.through(i + 2, "\\E");
      } else if (among(e, in_class ? plain_letters_in_class : plain_letters)) {
        i++;
      } else if (!in_class && (e == '8' || e == '9')) {
        size_t number = 0;
        for (size_t k = i + 1; k < n && pattern[k] >= '0' && pattern[k] <= '9' && number <= groups; k++)
          number = number * 10 + size_t(pattern[k] - '0');
        if (number > groups) i++;
      } else {
        if (among(e, braced_escapes) && end < n && pattern[end] == '{') end = r.through(end, "}");
        set = in_class && among(e, set_escapes);
      }
      r.copy(i, end);
      i = end;
      after_set = set;
      continue;
    }
    if (in_class) {
      size_t end = i + 1;
      bool set = false;
      if (c == '[' && i + 1 < n && pattern[i + 1] == ':' && pattern.find(":]", i + 2) != pattern.npos) {
        end = r.through(i + 2, ":]");
        set = true;
      } else if (c == ']' && i != class_first) {
        in_class = false;
      } else if (c == '-' && after_set && i + 1 < n && pattern[i + 1] != ']') {
        r.out += '\\';
        r.origin.push_back(i);
      }
      r.copy(i, end);
      i = end;
      after_set = set;
      continue;
    }
    size_t end = i + 1;
    if (c == '[') {
      in_class = true;
      if (end < n && pattern[end] == '^') end++;
      class_first = end;
    } else if (c == '(' && pattern.substr(i, 3) == "(?#") {
      end = r.through(i + 3, ")");
    } else if (c == '(' && opens_capture(pattern, i, auto_capture)) {
      groups++;
    } else if (c == '#' && extended) {
      end = r.through(i + 1, "\n");
    }
    r.copy(i, end);
    i = end;
  }
  *origin = std::move(r.origin);
  return std::move(r.out);
}

}  // namespace ember::re
