#include "term_parse.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/map.h"

namespace ember::test {
namespace {

class Parser {
 public:
  Parser(Heap& heap, std::string_view text) : heap_(heap), s_(text) {}

  Term parse() {
    Term t = term();
    skip();
    if (i_ != s_.size()) fail("trailing text");
    return t;
  }

 private:
  Heap& heap_;
  std::string_view s_;
  size_t i_ = 0;

  [[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "parse_term: %s at %zu in: %.*s\n", what, i_, int(s_.size()), s_.data());
    std::abort();
  }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n')) i_++;
  }
  char peek() {
    skip();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  bool eat(std::string_view token) {
    skip();
    if (s_.substr(i_, token.size()) != token) return false;
    i_ += token.size();
    return true;
  }
  void expect(std::string_view token) {
    if (!eat(token)) fail("unexpected text");
  }

  Term term() {
    char c = peek();
    if (c == '{') return tuple();
    if (c == '[') return list();
    if (c == '#') return map();
    if (c == '<') return bitstring();
    if (c == '"') return make_char_list(heap_, quoted('"'));
    if (c == '\'') return atom_put(quoted('\''));
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (c >= 'a' && c <= 'z') return bare_atom();
    fail("unknown term");
  }

  std::string quoted(char quote) {
    std::string out;
    i_++;
    while (i_ < s_.size() && s_[i_] != quote) {
      char c = s_[i_++];
      if (c == '\\') {
        char e = s_[i_++];
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
      }
      out += c;
    }
    i_++;
    return out;
  }

  Term bare_atom() {
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(uint8_t(s_[i_])) || s_[i_] == '_' || s_[i_] == '@'))
      i_++;
    return atom_put(s_.substr(start, i_ - start));
  }

  Term number() {
    size_t start = i_;
    if (s_[i_] == '-') i_++;
    while (i_ < s_.size() && std::isdigit(uint8_t(s_[i_]))) i_++;
    bool is_float = i_ + 1 < s_.size() && s_[i_] == '.' && std::isdigit(uint8_t(s_[i_ + 1]));
    if (is_float) {
      i_++;
      while (i_ < s_.size() && (std::isdigit(uint8_t(s_[i_])) || s_[i_] == 'e' ||
                                ((s_[i_] == '-' || s_[i_] == '+') && s_[i_ - 1] == 'e')))
        i_++;
      return make_float(heap_, std::strtod(std::string(s_.substr(start, i_ - start)).c_str(), nullptr));
    }
    return integer(s_.substr(start, i_ - start));
  }

  Term integer(std::string_view text) {
    bool negative = text[0] == '-';
    if (negative) text.remove_prefix(1);
    std::vector<Word> digits{0};
    for (char c : text) {
      unsigned __int128 carry = unsigned(c - '0');
      for (Word& d : digits) {
        unsigned __int128 v = (unsigned __int128)d * 10 + carry;
        d = Word(v);
        carry = v >> 64;
      }
      if (carry) digits.push_back(Word(carry));
    }
    return make_big(heap_, digits.data(), digits.size(), negative);
  }

  std::vector<Term> elements(std::string_view close) {
    std::vector<Term> items;
    if (eat(close)) return items;
    do items.push_back(term());
    while (eat(","));
    return items;
  }

  Term tuple() {
    expect("{");
    std::vector<Term> items = elements("}");
    if (!items.empty()) expect("}");
    Term* e;
    Term t = new_tuple(heap_, items.size(), &e);
    for (Term x : items) *e++ = x;
    return t;
  }

  Term list() {
    expect("[");
    if (eat("]")) return NIL;
    std::vector<Term> items;
    do items.push_back(term());
    while (eat(","));
    Term tail = eat("|") ? term() : NIL;
    expect("]");
    for (size_t k = items.size(); k-- > 0;) tail = cons(heap_, items[k], tail);
    return tail;
  }

  Term map() {
    expect("#{");
    std::vector<Term> keys, values;
    if (!eat("}")) {
      do {
        keys.push_back(term());
        expect("=>");
        values.push_back(term());
      } while (eat(","));
      expect("}");
    }
    return map_from_pairs(heap_, keys.data(), values.data(), keys.size());
  }

  // Segments are bytes, a string, or Value:Size with Size under 8 (only last, as ~w prints).
  Term bitstring() {
    expect("<<");
    std::vector<uint8_t> bytes;
    uint64_t bits = 0;
    auto append = [&](uint64_t value, unsigned size) {
      for (unsigned b = size; b-- > 0; bits++) {
        if (bits % 8 == 0) bytes.push_back(0);
        if ((value >> b) & 1) bytes.back() |= uint8_t(0x80 >> (bits % 8));
      }
    };
    if (!eat(">>")) {
      do {
        if (peek() == '"') {
          for (char c : quoted('"')) append(uint8_t(c), 8);
          continue;
        }
        size_t start = i_;
        while (std::isdigit(uint8_t(s_[i_]))) i_++;
        uint64_t value = std::stoull(std::string(s_.substr(start, i_ - start)));
        unsigned size = 8;
        if (eat(":")) {
          size_t size_start = i_;
          while (std::isdigit(uint8_t(s_[i_]))) i_++;
          size = unsigned(std::stoul(std::string(s_.substr(size_start, i_ - size_start))));
        }
        append(value, size);
      } while (eat(","));
      expect(">>");
    }
    if (bits == 0) return make_binary(heap_, "");
    return make_bitstring(heap_, Bits{bytes.data(), 0, bits});
  }
};

}  // namespace

Term parse_term(Heap& heap, std::string_view text) { return Parser(heap, text).parse(); }

}  // namespace ember::test
