// Compiled patterns of the re module on PCRE2: the option lists erts accepts, mapped to PCRE2;
// the binary in a {re_pattern, ...} tuple; and the compiled code behind it.
//
// The binary holds the pattern's source and options, not compiled code: PCRE2 can serialize
// code (pcre2_serialize_*), but only for the same PCRE2 version, code unit width, link size
// and byte order, while the source form works on every build and lets a run recompile the
// pattern with another newline convention, which PCRE2 fixes at compile time and PCRE 8.44
// (erts) let re:run override. The cost of compiling again is paid once per scheduler thread:
// each keeps the code it compiled, keyed by the binary's bytes.
//
//   "EMRE" | format (1) | reserved (0) | newline | bsr | PCRE2 compile options (u32 LE) | source
#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vm/term/term.h"

namespace ember::re {

// What an option list of re:compile/2 or re:run/3 says (erts' parse_options).
struct Options {
  uint32_t compile = 0;  // PCRE2 compile options
  uint32_t match = 0;    // PCRE2 match options
  // As erts' PCRE took them: bits OR'd together from every {newline, _} (cr 1, lf 2, crlf 3,
  // any 4, anycrlf 5) and every bsr option (anycrlf 1, unicode 2), so that two different
  // ones make an inconsistent setting, not the last one winning.
  uint32_t newline_bits = 0;
  uint32_t bsr_bits = 0;
  bool unicode = false;
  bool global = false;
  bool report_errors = false;
  bool has_capture = false;
  bool has_match_limit = false;
  bool has_depth_limit = false;
  bool compile_only = false;  // an option re:run refuses with a compiled pattern
  bool run_only = false;      // an option re:compile refuses
  uint32_t offset = 0;
  uint32_t match_limit = 0;
  uint32_t depth_limit = 0;
  Term capture_values = NIL;
  Term capture_type = NIL;
};

// False for anything erts' parse_options refuses (badarg with cause badopt).
bool parse_options(Term list, Options* out);
// The PCRE2 newline and \R settings the options ask for (0: none given); false when they
// are inconsistent.
bool line_settings(const Options& o, uint32_t* newline, uint32_t* bsr);
inline constexpr const char* inconsistent_newline = "inconsistent NEWLINE options";

// A pattern as the binary describes it.
struct Source {
  uint32_t compile = 0;
  uint32_t newline = 0;
  uint32_t bsr = 0;
  std::string pattern;  // up to its first NUL byte, where erts' C string ends it
};

std::string encode(const Source& s);
// False when the bytes are not a pattern ember wrote (erts' "ERCP" code among them).
bool decode(std::string_view bytes, Source* out);

// The group names of a pattern compiled by erts' PCRE 8.44 (the "ERCP" binaries that
// Elixir's .beam files hold for regex literals): its code cannot run here, but its name table
// is plain data, which Regex.names/1 and named_captures/2 read through re:inspect/2 without
// checking re:version/0 first. Each name once when the pattern was compiled with dupnames,
// as erts lists them; false when the bytes are not such a pattern.
bool erts_names(std::string_view bytes, std::vector<std::string_view>* names);

// Whether bytes are UTF-8 as erts' PCRE checks a subject: no overlong forms, surrogates or
// code points past U+10FFFF, and no sequence cut short.
bool valid_utf8(std::string_view bytes);

// The pattern PCRE2 reads as PCRE 8.44 reads `pattern` compiled with `options` (PCRE2 compile
// options; re_syntax.cpp); origin[k] is where
// byte k of it comes from in `pattern`, to give compile errors erts' positions.
std::string pcre2_syntax(std::string_view pattern, uint32_t options, std::vector<size_t>* origin);

struct CodeDeleter {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
using Code = std::shared_ptr<pcre2_code>;

struct CompileError {
  std::string message;
  size_t offset = 0;
};

// The compiled code of a source, from this thread's cache when it was compiled before;
// null with *error filled when PCRE2 refuses the pattern.
Code compiled(const Source& s, CompileError* error);

// The character tables erts' PCRE uses: ISO 8859-1 classes and case pairs for bytes
// 128-255 (so \w and caseless matching know é without unicode), C's for the rest. In
// PCRE2's table layout (pcre2_maketables).
const uint8_t* latin1_tables();
inline constexpr size_t tables_length = 1088;

}  // namespace ember::re
