#include "vm/term/term_print.h"

#include <charconv>
#include <cstdio>
#include <string_view>
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/bignum.h"
#include "vm/term/binary.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/map.h"
#include "vm/term/node.h"
#include "vm/term/unicode.h"

namespace ember {
namespace {

// ---- numbers -------------------------------------------------------------------------------

template <typename Int>
void print_int(std::string& out, Int v) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

void print_big(std::string& out, Term t) {
  bignum::View v{big_digits(t), big_size(t), big_negative(t)};
  size_t start = out.size();
  out.resize(start + bignum::to_text_capacity(v, 10));
  out.resize(start + bignum::to_text(v, 10, out.data() + start));
}

// erts hands floats to the C library's "%e" with 6 digits.
void print_float(std::string& out, double d) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.6e", d);
  out.append(buf, size_t(n));
}

// ---- atoms ---------------------------------------------------------------------------------

// erts judges atom characters by Latin-1 classes (247 and 215 are the division and
// multiplication signs); anything above 255 is neither a letter nor a digit.
bool latin1_lower(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 223 && c <= 255 && c != 247);
}
bool latin1_upper(int32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 192 && c <= 222 && c != 215);
}
bool latin1_alnum(int32_t c) {
  return (c >= '0' && c <= '9') || latin1_lower(c) || latin1_upper(c);
}

// Unquoted atoms start with a lowercase letter and go on with letters, digits and '_'. Unlike
// io_lib, erts does not quote reserved words ('else') and does quote '@' ('a@b').
bool atom_needs_quotes(std::string_view text) {
  if (text.empty()) return true;
  size_t i = 0;
  if (!latin1_lower(utf8_decode(text, i))) return true;
  while (i < text.size()) {
    int32_t c = utf8_decode(text, i);
    if (!latin1_alnum(c) && c != '_') return true;
  }
  return false;
}

const char* named_escape(int32_t c) {
  switch (c) {
    case '\'': return "\\'";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\f': return "\\f";
    case '\t': return "\\t";
    case '\r': return "\\r";
    case '\b': return "\\b";
    case '\v': return "\\v";
    default: return nullptr;
  }
}

void print_octal_escape(std::string& out, int32_t c) {
  char buf[8];
  int n = std::snprintf(buf, sizeof buf, "\\%03o", unsigned(c));
  out.append(buf, size_t(n));
}

// Quotes, backslashes and control characters (C0 and C1 alike) become escapes; everything else,
// DEL included, is written as its UTF-8 bytes.
void print_atom(std::string& out, Term atom) {
  std::string_view text = atom_text(atom);
  bool quoted = atom_needs_quotes(text);
  if (quoted) out += '\'';
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    int32_t c = utf8_decode(text, i);
    if (const char* escape = named_escape(c))
      out += escape;
    else if (c < ' ' || (c >= 0x80 && c < 0xA0))
      print_octal_escape(out, c);
    else
      out += text.substr(start, i - start);
  }
  if (quoted) out += '\'';
}

// ---- strings -------------------------------------------------------------------------------

// A non-empty proper list of Latin-1 characters, none of them a control character other than
// tab, newline and carriage return: 160..255 count, DEL and 128..159 do not.
bool is_printable_list(Term list) {
  for (; is_list(list); list = tail(list)) {
    Term h = head(list);
    if (!is_small(h)) return false;
    int64_t c = small_value(h);
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    bool control = c < ' ' || c == 127 || (c >= 128 && c < 160);
    if (c < 0 || c > 255 || (control && !space)) return false;
  }
  return is_nil(list);
}

// Only newline and the double quote are escaped: a backslash or a tab appears as itself, and
// Latin-1 characters as single raw bytes.
void print_string(std::string& out, Term list) {
  out += '"';
  for (; is_list(list); list = tail(list)) {
    char c = char(small_value(head(list)));
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"') out += '\\';
    out += c;
  }
  out += '"';
}

// ---- bitstrings ----------------------------------------------------------------------------

// n <= 8 bits starting `bit` bits into `bytes`, reading no byte the bits do not touch.
unsigned read_bits(const uint8_t* bytes, uint64_t bit, unsigned n) {
  const uint8_t* p = bytes + bit / 8;
  unsigned shift = unsigned(bit % 8);
  unsigned window = unsigned(p[0]) << 8;
  if (shift + n > 8) window |= p[1];
  return (window >> (16 - shift - n)) & ((1u << n) - 1);
}

// Text form only for whole, non-empty binaries of printable ASCII (32..126); then only the
// double quote is escaped. Anything else lists the bytes, and a partial last byte as Value:Size.
void print_bitstring(std::string& out, Term t) {
  Bits b = bitstring_bits(t);
  uint64_t size = b.bit_size / 8;
  unsigned rest = unsigned(b.bit_size % 8);
  auto byte_at = [&](uint64_t k) { return read_bits(b.bytes, b.bit_offset + 8 * k, 8); };

  bool text = rest == 0 && size > 0;
  for (uint64_t k = 0; text && k < size; k++) {
    unsigned c = byte_at(k);
    text = c >= ' ' && c < 127;
  }
  if (text) {
    out += "<<\"";
    for (uint64_t k = 0; k < size; k++) {
      char c = char(byte_at(k));
      if (c == '"') out += '\\';
      out += c;
    }
    out += "\">>";
    return;
  }
  out += "<<";
  for (uint64_t k = 0; k < size; k++) {
    if (k > 0) out += ',';
    print_int(out, byte_at(k));
  }
  if (rest != 0) {
    if (size > 0) out += ',';
    print_int(out, read_bits(b.bytes, b.bit_offset + 8 * size, rest));
    out += ':';
    print_int(out, rest);
  }
  out += ">>";
}

// ---- pids, ports, references ---------------------------------------------------------------

// erts numbers a remote node's connection by its own atom index of the node name, so these
// numbers follow ember's atom table; identifiers naming this node show 0.
uint32_t node_channel(Term t) {
  Term node = external_node(t);
  return node == local_node_name() ? 0 : atom_index(node);
}

void print_pid(std::string& out, uint32_t channel, uint64_t number, uint64_t serial) {
  out += '<';
  print_int(out, channel);
  out += '.';
  print_int(out, number);
  out += '.';
  print_int(out, serial);
  out += '>';
}

void print_port(std::string& out, uint32_t channel, uint64_t number) {
  out += "#Port<";
  print_int(out, channel);
  out += '.';
  print_int(out, number);
  out += '>';
}

// The most significant number comes first.
void print_ref(std::string& out, uint32_t channel, const Word* numbers, size_t n) {
  out += "#Ref<";
  print_int(out, channel);
  while (n-- > 0) {
    out += '.';
    print_int(out, uint32_t(numbers[n]));
  }
  out += '>';
}

// ---- funs ----------------------------------------------------------------------------------

// erts prints a closure's module name as it is, never quoted, then the lambda's position in its
// module's fun table (equal to the FunT index the compilers write) and its old unique number,
// both as signed 32-bit numbers.
void print_closure(std::string& out, Term t) {
  const FunEntry* fe = closure_entry(t);
  out += "#Fun<";
  out += atom_text(fe->module);
  out += '.';
  print_int(out, int32_t(fe->index));
  out += '.';
  print_int(out, int32_t(fe->old_uniq));
  out += '>';
}

void print_export_fun(std::string& out, Term t) {
  const Export* e = export_fun_entry(t);
  out += "fun ";
  print_atom(out, e->module);
  out += ':';
  print_atom(out, e->function);
  out += '/';
  print_int(out, e->arity);
}

// ---- maps ----------------------------------------------------------------------------------

void print_hex(std::string& out, uint32_t v) {
  char buf[16];
  auto end = std::to_chars(buf, buf + sizeof buf, v, 16).ptr;
  out.append(buf, end);
}

// ---- the walk ------------------------------------------------------------------------------

// Pending output, innermost last. `object` and `index` say where in a container to go on.
struct Task {
  enum class Kind : uint8_t {
    term,         // print `object`
    list_rest,    // `object` is what follows a list element: [], another cell or an odd tail
    elements,     // ',' and element `index` of a tuple or trie node (and the ones after it)
    pairs,        // ',' and pair `index` of a flat map (and the ones after it)
    value,        // "=>" and the value of pair `index` of a flat map
    close_list,   // ']'
    close_brace,  // '}'
  };
  Kind kind;
  Term object;
  size_t index;
};

// The elements of a tuple or the children of a trie node.
const Term* elements_of(Term t, size_t* n) {
  if (is_tuple(t)) {
    *n = tuple_arity(t);
    return tuple_elements(t);
  }
  return hash_map_children(t, n);
}

class Printer {
 public:
  explicit Printer(std::string& out) : out_(out) {}

  void run(Term t) {
    print(t);
    while (!stack_.empty()) {
      Task task = stack_.back();
      stack_.pop_back();
      step(task);
    }
  }

 private:
  std::string& out_;
  std::vector<Task> stack_;

  void push(Task::Kind kind, Term object, size_t index = 0) {
    stack_.push_back({kind, object, index});
  }

  void step(const Task& task) {
    switch (task.kind) {
      case Task::Kind::term: return print(task.object);
      case Task::Kind::list_rest: return list_rest(task.object);
      case Task::Kind::elements:
        out_ += ',';
        return push_element(task.object, task.index);
      case Task::Kind::pairs:
        out_ += ',';
        return push_pair(task.object, task.index);
      case Task::Kind::value:
        out_ += "=>";
        return push(Task::Kind::term, flat_map_values(task.object)[task.index]);
      case Task::Kind::close_list: out_ += ']'; return;
      case Task::Kind::close_brace: out_ += '}'; return;
    }
  }

  void print(Term t) {
    if (is_small(t)) return print_int(out_, small_value(t));
    if (is_atom(t)) return print_atom(out_, t);
    if (is_nil(t)) {
      out_ += "[]";
      return;
    }
    if (is_local_pid(t)) return print_pid(out_, 0, pid_number(pid_id(t)), pid_serial(pid_id(t)));
    if (is_local_port(t)) return print_port(out_, 0, port_id(t));
    if (is_list(t)) return print_list(t);
    print_boxed(t);
  }

  void print_boxed(Term t) {
    const Word* p = boxed_ptr(t);
    switch (header_subtag(p[0])) {
      case Subtag::tuple: return print_braced(t);
      case Subtag::pos_big:
      case Subtag::neg_big: return print_big(out_, t);
      case Subtag::float_: return print_float(out_, float_value(t));
      case Subtag::ref: return print_ref(out_, 0, p + 1, ref_words - 1);
      case Subtag::fun: return print_closure(out_, t);
      case Subtag::export_: return print_export_fun(out_, t);
      case Subtag::heap_bin:
      case Subtag::refc_bin:
      case Subtag::sub_bin: return print_bitstring(out_, t);
      case Subtag::match_ctx: out_ += "#MatchState"; return;
      case Subtag::flat_map: return print_flat_map(t);
      case Subtag::hash_map_head: return print_trie_node(t, "#<");
      case Subtag::hash_map_node: return print_trie_node(t, "<");
      case Subtag::external_pid: return print_pid(out_, node_channel(t), p[3], p[4]);
      case Subtag::external_port: return print_port(out_, node_channel(t), p[3]);
      case Subtag::external_ref: return print_ref(out_, node_channel(t), p + 4, p[3]);
    }
  }

  void print_list(Term t) {
    if (is_printable_list(t)) return print_string(out_, t);
    out_ += '[';
    push(Task::Kind::close_list, NIL);
    push_cell(t);
  }

  // The element of cell t now, and what follows it later.
  void push_cell(Term t) {
    if (!is_nil(tail(t))) push(Task::Kind::list_rest, tail(t));
    push(Task::Kind::term, head(t));
  }

  void list_rest(Term t) {
    if (is_list(t)) {
      out_ += ',';
      return push_cell(t);
    }
    out_ += '|';
    push(Task::Kind::term, t);
  }

  // The elements of a tuple or trie node, comma-separated, in braces.
  void print_braced(Term t) {
    out_ += '{';
    push(Task::Kind::close_brace, NIL);
    size_t n;
    elements_of(t, &n);
    if (n > 0) push_element(t, 0);
  }

  void push_element(Term t, size_t i) {
    size_t n;
    const Term* items = elements_of(t, &n);
    if (i + 1 < n) push(Task::Kind::elements, t, i + 1);
    push(Task::Kind::term, items[i]);
  }

  void print_flat_map(Term t) {
    out_ += "#{";
    push(Task::Kind::close_brace, NIL);
    if (flat_map_size(t) > 0) push_pair(t, 0);
  }

  void push_pair(Term t, size_t i) {
    if (i + 1 < flat_map_size(t)) push(Task::Kind::pairs, t, i + 1);
    push(Task::Kind::value, t, i);
    push(Task::Kind::term, flat_map_keys(t)[i]);
  }

  // erts shows a large map's trie as it is: each node is its bitmap in hex and its children,
  // a leaf being the cons cell [Key|Value] printed as any list. The root is marked with '#'.
  void print_trie_node(Term t, const char* mark) {
    out_ += mark;
    print_hex(out_, hash_map_bitmap(t));
    out_ += '>';
    print_braced(t);
  }
};

}  // namespace

void print_term_display(std::string& out, Term t) { Printer(out).run(t); }

}  // namespace ember
