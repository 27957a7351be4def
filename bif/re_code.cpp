// Options, the {re_pattern, ...} binary and compiled code for the re module (re_code.h).
#include "bif/re_code.h"

#include <array>
#include <cstring>
#include <unordered_map>

#include "vm/term/atom.h"
#include "vm/term/term.h"

namespace ember::re {

// An option's integer as erts reads it: a small from 0 to INT32_MAX.
static bool option_int(Term t, uint32_t* out) {
  if (!is_small(t) || small_value(t) < 0 || small_value(t) > INT32_MAX) return false;
  *out = uint32_t(small_value(t));
  return true;
}

static bool newline_option(Term t, uint32_t* bits) {
  if (t == atoms::cr) *bits |= 1;
  else if (t == atoms::lf) *bits |= 2;
  else if (t == atoms::crlf) *bits |= 3;
  else if (t == atoms::any) *bits |= 4;
  else if (t == atoms::anycrlf) *bits |= 5;
  else return false;
  return true;
}

bool line_settings(const Options& o, uint32_t* newline, uint32_t* bsr) {
  static constexpr uint32_t newlines[8] = {0, PCRE2_NEWLINE_CR, PCRE2_NEWLINE_LF, PCRE2_NEWLINE_CRLF,
                                           PCRE2_NEWLINE_ANY, PCRE2_NEWLINE_ANYCRLF, 0, 0};
  static constexpr uint32_t bsrs[4] = {0, PCRE2_BSR_ANYCRLF, PCRE2_BSR_UNICODE, 0};
  *newline = newlines[o.newline_bits];
  *bsr = bsrs[o.bsr_bits];
  return o.newline_bits < 6 && o.bsr_bits < 3;
}

// Atom options that only compiling knows, and their PCRE2 bits.
static bool compile_atom(Term t, uint32_t* bit) {
  static const std::pair<Term, uint32_t> table[] = {
      {atoms::unicode, PCRE2_UTF},
      {atoms::caseless, PCRE2_CASELESS},
      {atoms::dollar_endonly, PCRE2_DOLLAR_ENDONLY},
      {atoms::dotall, PCRE2_DOTALL},
      {atoms::extended, PCRE2_EXTENDED},
      {atoms::firstline, PCRE2_FIRSTLINE},
      {atoms::multiline, PCRE2_MULTILINE},
      {atoms::no_auto_capture, PCRE2_NO_AUTO_CAPTURE},
      {atoms::dupnames, PCRE2_DUPNAMES},
      {atoms::ungreedy, PCRE2_UNGREEDY},
      {atoms::ucp, PCRE2_UCP},
      {atoms::never_utf, PCRE2_NEVER_UTF},
      {atoms::no_start_optimize, PCRE2_NO_START_OPTIMIZE}};
  for (auto [atom, b] : table)
    if (t == atom) {
      *bit = b;
      return true;
    }
  return false;
}

// Atom options that only matching knows.
static bool match_atom(Term t, uint32_t* bit) {
  static const std::pair<Term, uint32_t> table[] = {{atoms::notempty, PCRE2_NOTEMPTY},
                                                    {atoms::notempty_atstart, PCRE2_NOTEMPTY_ATSTART},
                                                    {atoms::notbol, PCRE2_NOTBOL},
                                                    {atoms::noteol, PCRE2_NOTEOL}};
  for (auto [atom, b] : table)
    if (t == atom) {
      *bit = b;
      return true;
    }
  return false;
}

static bool parse_tuple(Term item, Options* o) {
  Word arity = tuple_arity(item);
  Term key = tuple_element(item, 0);
  if (arity == 3 && key == atoms::capture) {
    o->capture_values = tuple_element(item, 1);
    o->capture_type = tuple_element(item, 2);
    o->has_capture = o->run_only = true;
    return true;
  }
  if (arity != 2) return false;
  Term value = tuple_element(item, 1);
  if (key == atoms::capture) {
    o->capture_values = value;
    o->capture_type = atoms::index;
    o->has_capture = o->run_only = true;
    return true;
  }
  if (key == atoms::newline) return newline_option(value, &o->newline_bits);
  uint32_t* target = key == atoms::offset                  ? &o->offset
                     : key == atoms::match_limit           ? &o->match_limit
                     : key == atoms::match_limit_recursion ? &o->depth_limit
                                                           : nullptr;
  if (!target || !option_int(value, target)) return false;
  o->run_only = true;
  if (key == atoms::match_limit) o->has_match_limit = true;
  if (key == atoms::match_limit_recursion) o->has_depth_limit = true;
  return true;
}

bool parse_options(Term list, Options* o) {
  *o = Options{};
  for (; is_list(list); list = tail(list)) {
    Term item = head(list);
    uint32_t bit;
    if (is_tuple(item)) {
      if (!parse_tuple(item, o)) return false;
    } else if (!is_atom(item)) {
      return false;
    } else if (compile_atom(item, &bit)) {
      o->compile |= bit;
      o->compile_only = true;
      if (item == atoms::unicode) o->unicode = true;
    } else if (match_atom(item, &bit)) {
      o->match |= bit;
      o->run_only = true;
    } else if (item == atoms::anchored) {
      o->compile |= PCRE2_ANCHORED;
      o->match |= PCRE2_ANCHORED;
    } else if (item == atoms::bsr_anycrlf || item == atoms::bsr_unicode) {
      o->bsr_bits |= item == atoms::bsr_anycrlf ? 1 : 2;
    } else if (item == atoms::global) {
      o->global = o->run_only = true;
    } else if (item == atoms::report_errors) {
      o->report_errors = o->run_only = true;
    } else {
      return false;
    }
  }
  return list == NIL;
}

static constexpr char magic[4] = {'E', 'M', 'R', 'E'};
static constexpr uint8_t format = 1;
static constexpr size_t header_size = 12;

std::string encode(const Source& s) {
  std::string out(header_size, '\0');
  std::memcpy(out.data(), magic, 4);
  out[4] = char(format);
  out[6] = char(s.newline);
  out[7] = char(s.bsr);
  for (int k = 0; k < 4; k++) out[8 + k] = char(s.compile >> (8 * k));
  out += s.pattern;
  return out;
}

bool decode(std::string_view bytes, Source* out) {
  if (bytes.size() < header_size || bytes.substr(0, 4) != std::string_view(magic, 4) ||
      uint8_t(bytes[4]) != format)
    return false;
  out->newline = uint8_t(bytes[6]);
  out->bsr = uint8_t(bytes[7]);
  out->compile = 0;
  for (int k = 0; k < 4; k++) out->compile |= uint32_t(uint8_t(bytes[8 + k])) << (8 * k);
  out->pattern.assign(bytes.substr(header_size));
  return out->pattern.find('\0') == std::string::npos;
}

// PCRE 8.44's header (real_pcre), in the byte order of the machine that compiled it, which
// for the "ERCP" magic is little-endian: the name table's offset, entry size and count are
// 16-bit fields at bytes 34, 36 and 38, the options word at 8.
bool erts_names(std::string_view bytes, std::vector<std::string_view>* names) {
  auto u16 = [&](size_t at) {
    return size_t(uint8_t(bytes[at])) | size_t(uint8_t(bytes[at + 1])) << 8;
  };
  static constexpr size_t header = 64;
  static constexpr uint32_t pcre_dupnames = 0x00080000;
  if (bytes.size() < header || bytes.substr(0, 4) != "ERCP") return false;
  uint32_t options = 0;
  for (int k = 0; k < 4; k++) options |= uint32_t(uint8_t(bytes[8 + k])) << (8 * k);
  size_t offset = u16(34), size = u16(36), count = u16(38);
  if (count && (size < 3 || offset < header || offset + count * size > bytes.size())) return false;
  names->clear();
  for (size_t k = 0; k < count; k++) {
    std::string_view entry = bytes.substr(offset + k * size + 2, size - 2);
    size_t nul = entry.find('\0');
    if (nul == std::string_view::npos) return false;
    std::string_view name = entry.substr(0, nul);
    if (names->empty() || !(options & pcre_dupnames) || names->back() != name) names->push_back(name);
  }
  return true;
}

bool valid_utf8(std::string_view bytes) {
  static constexpr uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
  for (size_t i = 0, n = bytes.size(); i < n;) {
    uint8_t b = uint8_t(bytes[i]);
    size_t len = b < 0x80              ? 1
                 : (b & 0xE0) == 0xC0 ? 2
                 : (b & 0xF0) == 0xE0 ? 3
                 : (b & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (len == 0 || n - i < len) return false;
    uint32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (size_t k = 1; k < len; k++) {
      uint8_t c = uint8_t(bytes[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3F);
    }
    if (cp < smallest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

static Code compile_now(const Source& s, CompileError* error) {
  std::unique_ptr<pcre2_compile_context, void (*)(pcre2_compile_context*)> context(
      pcre2_compile_context_create(nullptr), pcre2_compile_context_free);
  pcre2_set_character_tables(context.get(), latin1_tables());
  if (s.newline) pcre2_set_newline(context.get(), s.newline);
  if (s.bsr) pcre2_set_bsr(context.get(), s.bsr);
  // PCRE 8.44 let \K stand in lookarounds, as PCRE2 does only when asked.
  pcre2_set_compile_extra_options(context.get(), PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK);
  std::vector<size_t> origin;
  std::string pattern = pcre2_syntax(s.pattern, s.compile, &origin);
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* c = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                s.compile, &code, &offset, context.get());
  if (!c) {
    PCRE2_UCHAR message[256];
    int n = pcre2_get_error_message(code, message, sizeof message);
    error->message.assign(reinterpret_cast<const char*>(message), n < 0 ? 0 : size_t(n));
    offset = offset < origin.size() ? origin[offset] : s.pattern.size();
    // Where erts' PCRE put the position differently: on the last character of a repeated
    // name's closing > or of a range's invalid end rather than after it, and at the start
    // for UTF where the application forbids it.
    bool one_back = code == PCRE2_ERROR_DUPLICATE_SUBPATTERN_NAME || code == PCRE2_ERROR_CLASS_INVALID_RANGE;
    if (one_back && offset > 0) offset--;
    if (code == PCRE2_ERROR_UTF_IS_DISABLED) offset = 0;
    error->offset = offset;
    return nullptr;
  }
  // PCRE2 builds the start bitmap of \w in UTF mode from the wrong class for characters
  // 128-255 (set_type_bits in pcre2_study.c reads the space class), so with ISO 8859-1
  // tables a subject starting with é would be passed over. Adding the lead bytes of those
  // characters keeps the bitmap what it must be, a superset of the possible first bytes.
  uint32_t all = 0;
  const uint8_t* bitmap = nullptr;
  pcre2_pattern_info(c, PCRE2_INFO_ALLOPTIONS, &all);
  pcre2_pattern_info(c, PCRE2_INFO_FIRSTBITMAP, &bitmap);
  if ((all & PCRE2_UTF) && bitmap)
    const_cast<uint8_t*>(bitmap)[0xC2 / 8] |= uint8_t(1u << (0xC2 % 8) | 1u << (0xC3 % 8));
  return Code(c, CodeDeleter{});
}

Code compiled(const Source& s, CompileError* error) {
  // Bounded by forgetting everything at once: a program with more live patterns than this
  // compiles some again, and nothing grows without end.
  static constexpr size_t cache_limit = 256;
  thread_local std::unordered_map<std::string, Code> cache;
  std::string key = encode(s);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  Code c = compile_now(s, error);
  if (!c) return nullptr;
  if (cache.size() >= cache_limit) cache.clear();
  cache.emplace(std::move(key), c);
  return c;
}

// PCRE2's table layout: lower-case map, case-flip map, ten class bitmaps of 32 bytes, then
// a type byte per character.
namespace {
enum : size_t { lcc = 0, fcc = 256, cbits = 512, ctypes = 832 };
enum : size_t { cbit_space = 0, cbit_xdigit = 32, cbit_digit = 64, cbit_upper = 96,
                cbit_lower = 128, cbit_word = 160, cbit_graph = 192, cbit_print = 224,
                cbit_punct = 256, cbit_cntrl = 288 };
enum : uint8_t { ctype_space = 0x01, ctype_letter = 0x02, ctype_lcletter = 0x04,
                 ctype_digit = 0x08, ctype_word = 0x10 };

bool is_upper(int c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
// ª, µ and º are lower-case letters without an upper case in ISO 8859-1, as are ß and ÿ.
bool is_lower(int c) {
  return (c >= 'a' && c <= 'z') || c == 0xAA || c == 0xB5 || c == 0xBA ||
         (c >= 0xDF && c != 0xF7);
}
bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_cntrl(int c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); }
bool is_print(int c) { return !is_cntrl(c); }
// Cased partners: ASCII letters, and À-Þ with à-þ except × and ÷.
int flip_case(int c) {
  if (is_upper(c)) return c + 32;
  if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  return c;
}
}  // namespace

const uint8_t* latin1_tables() {
  static const std::array<uint8_t, tables_length> tables = [] {
    std::array<uint8_t, tables_length> t{};
    for (int c = 0; c < 256; c++) {
      bool alpha = is_upper(c) || is_lower(c), alnum = alpha || is_digit(c);
      bool xdigit = is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
      t[lcc + c] = uint8_t(is_upper(c) ? c + 32 : c);
      t[fcc + c] = uint8_t(flip_case(c));
      auto set = [&](size_t cbit, bool in) {
        if (in) t[cbits + cbit + c / 8] |= uint8_t(1u << (c % 8));
      };
      set(cbit_space, is_space(c));
      set(cbit_xdigit, xdigit);
      set(cbit_digit, is_digit(c));
      set(cbit_upper, is_upper(c));
      set(cbit_lower, is_lower(c));
      set(cbit_word, alnum || c == '_');
      set(cbit_graph, is_print(c) && c != ' ');
      set(cbit_print, is_print(c));
      set(cbit_punct, is_print(c) && c != ' ' && !alnum);
      set(cbit_cntrl, is_cntrl(c));
      t[ctypes + c] = uint8_t((is_space(c) ? ctype_space : 0) | (alpha ? ctype_letter : 0) |
                              (is_lower(c) ? ctype_lcletter : 0) | (is_digit(c) ? ctype_digit : 0) |
                              (alnum || c == '_' ? ctype_word : 0));
    }
    return t;
  }();
  return tables.data();
}

}  // namespace ember::re
