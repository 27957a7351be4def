// The re module's BIFs on PCRE2: version/0, compile/1,2, run/2,3, internal_run/4, inspect/2.
// As in erts, what is easier in Erlang goes to re.erl: chardata patterns and subjects in
// unicode mode (re:ucompile/2, re:urun/3) and global matching (re:grun/3, which calls
// internal_run/4 once per match). A search of a long subject yields between time slices.
#include <string>
#include <vector>

#include "bif/bif.h"
#include "bif/re_code.h"
#include "vm/term/binary.h"
#include "vm/code/call.h"
#include "vm/term/iolist.h"

namespace ember {

namespace {

using re::Code;
using re::Options;
using re::Source;

std::string_view bytes_of(Term bin, std::string& copy) {
  Bits bits = bitstring_bits(bin);
  if (bits.byte_aligned()) return bits.view();
  copy.clear();
  append_binary_bytes(copy, bin);
  return copy;
}

// erts reads patterns and group names as C strings: they end at the first NUL.
std::string up_to_nul(std::string s) {
  if (size_t nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
  return s;
}

Term trap3(Process* p, Term* a, const char* function, Term a0, Term a1, Term a2) {
  a[0] = a0;
  a[1] = a1;
  a[2] = a2;
  return bif_trap(p, export_put(atoms::re, atom_put(function), 3));
}

uint32_t pattern_info(const pcre2_code* code, uint32_t what) {
  uint32_t v = 0;
  pcre2_pattern_info(code, what, &v);
  return v;
}

// {re_pattern, Groups, Unicode, UseCRLF, Binary}, as erts builds it.
Term pattern_tuple(Heap& heap, const Source& s, bool unicode, const pcre2_code* code) {
  uint32_t nl = pattern_info(code, PCRE2_INFO_NEWLINE);
  bool crlf = nl == PCRE2_NEWLINE_CRLF || nl == PCRE2_NEWLINE_ANY || nl == PCRE2_NEWLINE_ANYCRLF;
  return tuple(heap, atoms::re_pattern, make_small(pattern_info(code, PCRE2_INFO_CAPTURECOUNT)),
               make_small(unicode), make_small(crlf), make_binary(heap, re::encode(s)));
}

// {ErrString, Position}
Term compile_error(Heap& heap, const re::CompileError& e) {
  return tuple(heap, make_byte_list(heap, e.message), make_small(int64_t(e.offset)));
}

// The source a textual pattern and its options describe; false if it is no iolist. Newline
// options that contradict each other are a compile error, as in erts.
bool textual_source(Term pattern, const Options& o, Source* s, re::CompileError* error) {
  std::string bytes;
  if (!iolist_bytes(pattern, bytes)) return false;
  s->pattern = up_to_nul(std::move(bytes));
  s->compile = o.compile;
  if (!re::line_settings(o, &s->newline, &s->bsr)) *error = {re::inconsistent_newline, 0};
  return true;
}

// Compiles a textual source, unless textual_source found its options inconsistent.
Code compile_source(const Source& s, re::CompileError* error) {
  return error->message.empty() ? re::compiled(s, error) : nullptr;
}

// The elements of a {re_pattern, ...} tuple whose shape erts accepts.
bool compiled_tuple(Term t, Term** e) {
  if (!is_tuple(t) || tuple_arity(t) != 5) return false;
  *e = &tuple_element(t, 0);
  return (*e)[0] == atoms::re_pattern && is_small((*e)[1]) && is_small((*e)[2]) &&
         is_small((*e)[3]) && is_binary((*e)[4]);
}

bool decode_binary(Term bin, Source* s) {
  std::string copy;
  return re::decode(bytes_of(bin, copy), s);
}

struct NameEntry {
  std::string_view name;
  int group;
};

std::vector<NameEntry> name_table(const pcre2_code* code) {
  uint32_t count = pattern_info(code, PCRE2_INFO_NAMECOUNT);
  uint32_t size = pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE);
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  std::vector<NameEntry> entries;
  for (uint32_t k = 0; k < count; k++) {
    PCRE2_SPTR entry = table + size_t(k) * size;
    entries.push_back({reinterpret_cast<const char*>(entry + 2), entry[0] << 8 | entry[1]});
  }
  return entries;
}

// The groups a name stands for. erts looks names up as its PCRE does: with the dupnames
// option, every group of that name (the name table sorts them together); without it, one
// entry found by a binary search of the sorted table, even when (?J) let a name repeat.
std::vector<int> groups_named(const std::vector<NameEntry>& table, std::string_view name,
                              bool dupnames) {
  std::vector<int> groups;
  if (dupnames) {
    for (const NameEntry& e : table)
      if (e.name == name) groups.push_back(e.group);
    return groups;
  }
  size_t bottom = 0, top = table.size();
  while (top > bottom) {
    size_t mid = (bottom + top) / 2;
    int c = name.compare(table[mid].name);
    if (c == 0) return {table[mid].group};
    if (c > 0) bottom = mid + 1;
    else top = mid;
  }
  return groups;
}

// The names of the table in its (alphabetical) order, each once with dupnames.
std::vector<std::string_view> names_of(const std::vector<NameEntry>& table, bool dupnames) {
  std::vector<std::string_view> names;
  for (const NameEntry& e : table)
    if (names.empty() || !dupnames || names.back() != e.name) names.push_back(e.name);
  return names;
}

enum class Kind { index, list, binary, none };

// What a capture option asks for. Each wanted value is the group numbers that may give it:
// several for a name that dupnames gave to several groups (the first that matched gives it).
struct Capture {
  Kind kind = Kind::index;
  bool all = true;   // every group that a match reports, from `from`
  int from = 0;
  std::vector<std::vector<int>> wanted;
};

bool parse_capture(const Options& o, const pcre2_code* code, bool dupnames, Capture* c) {
  if (!o.has_capture) return true;
  if (o.capture_type == atoms::index) c->kind = Kind::index;
  else if (o.capture_type == atoms::list) c->kind = Kind::list;
  else if (o.capture_type == atoms::binary) c->kind = Kind::binary;
  else return false;
  Term v = o.capture_values;
  if (v == atoms::all) return true;
  if (v == atoms::none || v == NIL) {
    c->kind = Kind::none;
    return true;
  }
  if (v == atoms::all_but_first) {
    c->from = 1;
    return true;
  }
  c->all = false;
  if (v == atoms::first) {
    c->wanted.push_back({0});
    return true;
  }
  std::vector<NameEntry> table = name_table(code);
  if (v == atoms::all_names) {
    if (table.empty()) c->kind = Kind::none;
    if (!dupnames) {
      for (const NameEntry& e : table) c->wanted.push_back({e.group});
      return true;
    }
    for (std::string_view name : names_of(table, true))
      c->wanted.push_back(groups_named(table, name, true));
    return true;
  }
  if (!is_list(v)) return false;
  for (; is_list(v); v = tail(v)) {
    Term id = head(v);
    if (is_small(id)) {
      if (small_value(id) < 0 || small_value(id) > INT32_MAX) return false;
      c->wanted.push_back({int(small_value(id))});
      continue;
    }
    std::string name;
    if (is_atom(id)) name = atom_text(id);
    else if (!(is_binary(id) || is_list(id)) || !iolist_bytes(id, name)) return false;
    std::vector<int> groups = groups_named(table, up_to_nul(std::move(name)), dupnames);
    c->wanted.push_back(groups.empty() ? std::vector<int>{-1} : groups);
  }
  return v == NIL;
}

struct MatchDataDeleter {
  void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};
struct MatchContextDeleter {
  void operator()(pcre2_match_context* m) const { pcre2_match_context_free(m); }
};

// One captured value of a match that reported `rc` groups. With \K in a lookahead a match
// may end before it starts: its index then has a negative length, as in erts, and its text
// is empty.
Term captured(Heap& heap, const Capture& c, const PCRE2_SIZE* ov, int rc, int group, Term subject,
              std::string_view bytes) {
  bool set = group >= 0 && group < rc && ov[2 * group] != PCRE2_UNSET;
  int64_t start = set ? int64_t(ov[2 * group]) : -1, stop = set ? int64_t(ov[2 * group + 1]) : -1;
  if (c.kind == Kind::index) {
    return tuple(heap, make_small(start), make_small(stop - start));
  }
  size_t from = set ? size_t(start) : 0, len = set && stop > start ? size_t(stop - start) : 0;
  if (c.kind == Kind::list) return make_byte_list(heap, bytes.substr(from, len));
  if (is_binary(subject) && len > heap_bin_limit)
    return make_sub_binary(heap, subject, uint64_t(from) * 8, uint64_t(len) * 8);
  return make_binary(heap, bytes.substr(from, len));
}

Term match_result(Process* p, const Capture& c, const PCRE2_SIZE* ov, int rc, Term subject,
                  std::string_view bytes) {
  if (c.kind == Kind::none) return atoms::match;
  ProcessHeap heap(p);
  std::vector<Term> values;
  if (c.all) {
    for (int g = c.from; g < rc; g++) values.push_back(captured(heap, c, ov, rc, g, subject, bytes));
  } else {
    for (const std::vector<int>& groups : c.wanted) {
      int g = groups.size() == 1 ? groups[0] : -1;
      for (size_t k = 0; groups.size() > 1 && k < groups.size(); k++)
        if (groups[k] < rc && ov[2 * groups[k]] != PCRE2_UNSET) {
          g = groups[k];
          break;
        }
      values.push_back(captured(heap, c, ov, rc, g, subject, bytes));
    }
  }
  Term list = NIL;
  for (size_t k = values.size(); k-- > 0;) list = cons(heap, values[k], list);
  return tuple(heap, atoms::match, list);
}

bool utf_error(int rc) {
  return (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) ||
         rc == PCRE2_ERROR_BADUTFOFFSET;
}

// A long subject is searched a time slice's worth at a time, as erts' PCRE did by counting
// its loops, since PCRE2 cannot stop a match and go on with it later: each slice matches
// within the first bytes not yet searched, with PCRE2_PARTIAL_HARD so that a match that would
// need bytes past them comes back as partial, to be tried again from where it started with
// twice the room. A match found without reaching the end of the bytes given is the one the
// whole subject gives, and no match means that none starts before their end. Between slices
// the state waits in the registers, for re_run_trap/6:
//   x0 the subject (a binary), x1 the pattern, x2 the options, x3 whether the subject's
//   UTF-8 is still to be checked, x4 where the search goes on, x5 the end of the bytes to give.
// Searches whose meaning depends on the start offset or on counting work over the whole
// subject are not cut: anchored ones, \G, notempty_atstart, firstline, match limits, and
// patterns with (* items (backtracking verbs make a failure final).
Term run_continue(Process* p, Term* x);

Export* run_continuation() {
  static Export* e = bif_continuation(atoms::erlang, atom_put("re_run_trap"), 6, run_continue);
  return e;
}

bool cuttable(const Options& o, const Source& s, const pcre2_code* code) {
  uint32_t all = pattern_info(code, PCRE2_INFO_ALLOPTIONS);
  return !o.has_match_limit && !o.has_depth_limit &&
         !(o.match & (PCRE2_ANCHORED | PCRE2_NOTEMPTY_ATSTART)) &&
         !(all & (PCRE2_ANCHORED | PCRE2_FIRSTLINE)) &&
         s.pattern.find("(*") == std::string::npos && s.pattern.find("\\G") == std::string::npos;
}

// Bytes p may search before its time slice is used up (16 a reduction, as charge_work counts).
size_t slice_bytes(Process* p) { return size_t(std::max(p->reductions, 1)) * 16; }
// Subjects longer than a whole slice's worth are cut.
constexpr size_t full_slice_bytes = size_t(reductions_per_slice) * 16;

// The largest end not past `end` that does not cut a UTF-8 sequence.
size_t char_boundary(std::string_view bytes, size_t end, bool utf) {
  while (utf && end < bytes.size() && end > 0 && (uint8_t(bytes[end]) & 0xC0) == 0x80) end--;
  return end;
}

// The result of a match PCRE2 has finished with return code rc.
Term finish(Process* p, Term* x, const Options& o, const Capture& c, int rc, const PCRE2_SIZE* ov,
            std::string_view bytes) {
  if (rc > 0) return match_result(p, c, ov, rc, x[0], bytes);
  if (rc == 0) return badarg(p);  // the match data is sized from the pattern: never too small
  if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_RECURSELOOP) return atoms::nomatch;
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
    if (!o.report_errors) return atoms::nomatch;
    ProcessHeap heap(p);
    return tuple(heap, atoms::error,
                 rc == PCRE2_ERROR_MATCHLIMIT ? atoms::match_limit : atoms::match_limit_recursion);
  }
  if (utf_error(rc)) p->reductions = 0;
  return badarg(p);
}

// Matches compiled code against the subject x0 (x: Subject, RE, Options, ...), from `start`;
// `end` is where a search cut into slices goes on to, 0 before it starts.
Term search(Process* p, Term* x, const Options& o, const Source& s, const pcre2_code* code,
            bool check_utf, size_t start, size_t end) {
  Capture c;
  if (!parse_capture(o, code, s.compile & PCRE2_DUPNAMES, &c)) return badarg(p);
  std::string copy;
  std::string_view bytes;
  if (is_binary(x[0])) {
    bytes = bytes_of(x[0], copy);
  } else {
    if (!iolist_bytes(x[0], copy)) return badarg(p);
    bytes = copy;
  }
  std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
      pcre2_match_data_create_from_pattern(code, nullptr));
  std::unique_ptr<pcre2_match_context, MatchContextDeleter> context;
  if (o.has_match_limit || o.has_depth_limit) {
    context.reset(pcre2_match_context_create(nullptr));
    if (o.has_match_limit) pcre2_set_match_limit(context.get(), o.match_limit);
    if (o.has_depth_limit) pcre2_set_depth_limit(context.get(), o.depth_limit);
  }
  auto subject = reinterpret_cast<PCRE2_SPTR>(bytes.data());
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
  bool utf = pattern_info(code, PCRE2_INFO_ALLOPTIONS) & PCRE2_UTF;
  if (utf && check_utf) {
    // erts' PCRE checks the whole subject, where PCRE2 would start near the offset.
    charge_work(p, bytes.size());
    bool inside_char = start < bytes.size() && (uint8_t(bytes[start]) & 0xC0) == 0x80;
    if (!re::valid_utf8(bytes) || inside_char) {
      p->reductions = 0;
      return badarg(p);
    }
  }
  uint32_t no_check = utf ? PCRE2_NO_UTF_CHECK : 0;
  bool whole =
      start > bytes.size() || bytes.size() - start <= full_slice_bytes || !cuttable(o, s, code);
  if (end == 0 && whole) {
    int rc = pcre2_match(code, subject, bytes.size(), start, o.match | no_check, data.get(),
                         context.get());
    size_t scanned = std::max<size_t>(rc > 0 ? ov[1] : bytes.size(), start) - start;
    charge_work(p, scanned + 16);
    return finish(p, x, o, c, rc, ov, bytes);
  }
  if (end == 0) {
    if (!is_binary(x[0])) {
      ProcessHeap heap(p);
      x[0] = make_binary(heap, bytes);
    }
    end = start;
  }
  for (;;) {
    if (end <= start) end = char_boundary(bytes, std::min(bytes.size(), start + slice_bytes(p)), utf);
    bool last = end >= bytes.size();
    uint32_t options = o.match | no_check | (last ? 0 : PCRE2_PARTIAL_HARD);
    int rc = pcre2_match(code, subject, end, start, options, data.get(), context.get());
    p->reductions -= int(std::min<size_t>((end - start) / 16 + 1, size_t(reductions_per_slice)));
    if (last || (rc != PCRE2_ERROR_NOMATCH && rc != PCRE2_ERROR_PARTIAL))
      return finish(p, x, o, c, rc, ov, bytes);
    if (rc == PCRE2_ERROR_PARTIAL) {
      size_t from = ov[0];
      end = char_boundary(bytes, std::min(bytes.size(), from + 2 * (end - from) + 16), utf);
      start = from;
    } else {
      start = end;
    }
    if (p->reductions <= 0) break;
  }
  x[3] = atoms::false_;
  x[4] = make_small(int64_t(start));
  x[5] = make_small(int64_t(end));
  return bif_trap(p, run_continuation());
}

// The source of a run's pattern argument: a compiled pattern, with the newline settings of
// the run, or a textual one. False when it is neither (error empty) or does not compile.
bool run_source(Term re, const Options& o, Source* s, re::CompileError* error) {
  Term* e;
  if (!compiled_tuple(re, &e)) return textual_source(re, o, s, error) && error->message.empty();
  if (!decode_binary(e[4], s)) return false;
  // PCRE2 fixes these when compiling, where erts' PCRE let a run change them.
  uint32_t newline, bsr;
  if (!re::line_settings(o, &newline, &bsr)) return false;
  if (newline) s->newline = newline;
  if (bsr) s->bsr = bsr;
  return true;
}

Term run_continue(Process* p, Term* x) {
  Options o;
  Source s;
  re::CompileError error;
  Code code;
  if (!re::parse_options(x[2], &o) || !run_source(x[1], o, &s, &error) ||
      !(code = re::compiled(s, &error)))
    return badarg(p);
  return search(p, x, o, s, code.get(), x[3] == atoms::true_, size_t(small_value(x[4])),
                size_t(small_value(x[5])));
}

Term run(Process* p, Term* a, bool first) {
  Options o;
  if (!re::parse_options(a[2], &o)) return badarg_because(p, atoms::badopt);
  bool list_capture = o.has_capture && o.capture_type == atoms::list;
  Source s;
  Code code;
  re::CompileError error;
  Term* e;
  if (is_tuple(a[1]) && tuple_arity(a[1]) == 5) {
    if (o.compile_only || !compiled_tuple(a[1], &e)) return badarg(p);
    if (small_value(e[2]) != 0 && (!is_binary(a[0]) || (list_capture && !o.global)))
      return trap3(p, a, "urun", a[0], a[1], a[2]);
    if (o.global) {
      ProcessHeap heap(p);
      return trap3(p, a, "grun", a[0], a[1], tuple(heap, a[2], atoms::false_));
    }
    if (!run_source(a[1], o, &s, &error) || !(code = re::compiled(s, &error))) return badarg(p);
  } else {
    if (!is_binary(a[1]) && !is_list(a[1]) && a[1] != NIL) return badarg(p);
    if (o.unicode && (!is_binary(a[1]) || !is_binary(a[0]) || (list_capture && !o.global)))
      return trap3(p, a, "urun", a[0], a[1], a[2]);
    if (!textual_source(a[1], o, &s, &error)) return badarg(p);
    code = compile_source(s, &error);
    if (!code && !o.report_errors) return badarg(p);
    ProcessHeap heap(p);
    if (!code)
      return tuple(heap, atoms::error, tuple(heap, atoms::compile, compile_error(heap, error)));
    if (o.global) {
      Term compiled = pattern_tuple(heap, s, o.unicode, code.get());
      Term how = tuple(heap, a[2], boolean(o.compile_only), a[1]);
      return trap3(p, a, "grun", a[0], compiled, how);
    }
  }
  return search(p, a, o, s, code.get(), first, o.offset, 0);
}

Term compile(Process* p, Term* a, Term options) {
  Options o;
  if (!re::parse_options(options, &o) || o.run_only) return badarg_because(p, atoms::badopt);
  if (o.unicode && !is_binary(a[0])) return bif_trap(p, export_put(atoms::re, atoms::ucompile, 2));
  Source s;
  re::CompileError error;
  if (!textual_source(a[0], o, &s, &error)) return badarg(p);
  Code code = compile_source(s, &error);
  charge_work(p, s.pattern.size());
  ProcessHeap heap(p);
  if (!code) return tuple(heap, atoms::error, compile_error(heap, error));
  return tuple(heap, atoms::ok, pattern_tuple(heap, s, o.unicode, code.get()));
}

}  // namespace

Term re_version_0(Process* p, Term*) {
  char version[64] = {};
  pcre2_config(PCRE2_CONFIG_VERSION, version);
  ProcessHeap heap(p);
  return make_binary(heap, version);
}

Term re_compile_1(Process* p, Term* a) { return compile(p, a, NIL); }
Term re_compile_2(Process* p, Term* a) { return compile(p, a, a[1]); }

Term re_run_2(Process* p, Term* a) {
  a[2] = NIL;
  return run(p, a, true);
}
Term re_run_3(Process* p, Term* a) { return run(p, a, true); }

Term re_internal_run_4(Process* p, Term* a) {
  if (a[3] != atoms::true_ && a[3] != atoms::false_) return badarg(p);
  return run(p, a, a[3] == atoms::true_);
}

Term re_inspect_2(Process* p, Term* a) {
  Term* e;
  if (!compiled_tuple(a[0], &e) || a[1] != atoms::namelist) return badarg(p);
  std::string copy;
  std::string_view bytes = bytes_of(e[4], copy);
  Source s;
  Code code;
  std::vector<NameEntry> table;
  std::vector<std::string_view> names;
  if (re::decode(bytes, &s)) {
    re::CompileError error;
    if (!(code = re::compiled(s, &error))) return badarg(p);
    table = name_table(code.get());
    names = names_of(table, s.compile & PCRE2_DUPNAMES);
  } else if (!re::erts_names(bytes, &names)) {
    return badarg(p);
  }
  ProcessHeap heap(p);
  Term list = NIL;
  for (size_t k = names.size(); k-- > 0;) list = cons(heap, make_binary(heap, names[k]), list);
  return tuple(heap, atoms::namelist, list);
}

}  // namespace ember
