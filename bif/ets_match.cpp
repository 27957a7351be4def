#include "bif/ets_match.h"

#include <algorithm>
#include <string_view>

#include "bif/bif.h"
#include "vm/term/arith.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/term/node.h"

namespace ember {
namespace {

// ---- variables -----------------------------------------------------------------------------

constexpr size_t max_variable = 100000;

// The N of a '$N' atom, or -1.
long variable_number(Term t) {
  if (!is_atom(t)) return -1;
  std::string_view s = atom_text(t);
  if (s.size() < 2 || s[0] != '$' || s.size() > 7) return -1;
  long n = 0;
  for (char c : s.substr(1)) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n <= long(max_variable) ? n : -1;
}

// Marks the variables a head binds; false for a head erts refuses.
bool collect_variables(Term t, std::vector<bool>& bound) {
  long n = variable_number(t);
  if (n >= 0) {
    if (size_t(n) >= bound.size()) bound.resize(n + 1);
    bound[n] = true;
    return true;
  }
  for (; is_list(t); t = tail(t))
    if (!collect_variables(head(t), bound)) return false;
  if (is_tuple(t)) {
    for (Word i = 0; i < tuple_arity(t); ++i)
      if (!collect_variables(tuple_element(t, i), bound)) return false;
  }
  return true;
}

// ---- guard functions -----------------------------------------------------------------------

enum class Fn {
  is_atom, is_float, is_integer, is_list, is_number, is_pid, is_port, is_reference, is_tuple,
  is_map, is_binary, is_function, is_boolean, abs, element, hd, tl, length, map_size,
  tuple_size, size, node, self, not_, neg, plus1, map_get, is_map_key,
  gt, ge, lt, le, eq_exact, eq, ne_exact, ne, and_, or_, xor_, andalso, orelse,
  add, sub, mul, div, rem, band, bor, bxor, bsl, bsr,
};

struct FnInfo {
  const char* name;
  int arity;  // -1: two or more (the variadic and/or/andalso/orelse of match specifications)
  Fn fn;
};

constexpr FnInfo functions[] = {
    {"is_atom", 1, Fn::is_atom}, {"is_float", 1, Fn::is_float},
    {"is_integer", 1, Fn::is_integer}, {"is_list", 1, Fn::is_list},
    {"is_number", 1, Fn::is_number}, {"is_pid", 1, Fn::is_pid}, {"is_port", 1, Fn::is_port},
    {"is_reference", 1, Fn::is_reference}, {"is_tuple", 1, Fn::is_tuple},
    {"is_map", 1, Fn::is_map}, {"is_binary", 1, Fn::is_binary},
    {"is_function", 1, Fn::is_function}, {"is_boolean", 1, Fn::is_boolean},
    {"abs", 1, Fn::abs}, {"element", 2, Fn::element}, {"hd", 1, Fn::hd}, {"tl", 1, Fn::tl},
    {"length", 1, Fn::length}, {"map_size", 1, Fn::map_size},
    {"tuple_size", 1, Fn::tuple_size}, {"size", 1, Fn::size}, {"node", 0, Fn::node},
    {"self", 0, Fn::self}, {"not", 1, Fn::not_}, {"-", 1, Fn::neg}, {"+", 1, Fn::plus1},
    {"map_get", 2, Fn::map_get}, {"is_map_key", 2, Fn::is_map_key},
    {">", 2, Fn::gt}, {">=", 2, Fn::ge}, {"<", 2, Fn::lt}, {"=<", 2, Fn::le},
    {"=:=", 2, Fn::eq_exact}, {"==", 2, Fn::eq}, {"=/=", 2, Fn::ne_exact}, {"/=", 2, Fn::ne},
    {"and", -1, Fn::and_}, {"or", -1, Fn::or_}, {"xor", 2, Fn::xor_},
    {"andalso", -1, Fn::andalso}, {"orelse", -1, Fn::orelse},
    {"+", 2, Fn::add}, {"-", 2, Fn::sub}, {"*", 2, Fn::mul}, {"div", 2, Fn::div},
    {"rem", 2, Fn::rem}, {"band", 2, Fn::band}, {"bor", 2, Fn::bor}, {"bxor", 2, Fn::bxor},
    {"bsl", 2, Fn::bsl}, {"bsr", 2, Fn::bsr},
};

// Found by atom, not text: a specification's guards are looked up for every object it meets.
const FnInfo* find_function(Term name, size_t arity) {
  static const std::vector<Term> names = [] {
    std::vector<Term> atoms;
    for (const FnInfo& f : functions) atoms.push_back(atom_put(f.name));
    return atoms;
  }();
  for (size_t i = 0; i < names.size(); i++) {
    const FnInfo& f = functions[i];
    if (names[i] == name && (f.arity == int(arity) || (f.arity < 0 && arity >= 2))) return &f;
  }
  return nullptr;
}

// ---- checking expressions ------------------------------------------------------------------

bool check_expr(Term e, const std::vector<bool>& bound);

bool check_all(Term list, const std::vector<bool>& bound) {
  for (; is_list(list); list = tail(list))
    if (!check_expr(head(list), bound)) return false;
  return is_nil(list) || check_expr(list, bound);
}

bool check_expr(Term e, const std::vector<bool>& bound) {
  long n = variable_number(e);
  if (n >= 0) return size_t(n) < bound.size() && bound[n];
  if (is_list(e)) return check_all(e, bound);
  if (!is_tuple(e) || tuple_arity(e) == 0) return true;
  Term first = tuple_element(e, 0);
  Word arity = tuple_arity(e);
  if (arity == 1 && is_tuple(first)) {
    for (Word i = 0; i < tuple_arity(first); ++i)
      if (!check_expr(tuple_element(first, i), bound)) return false;
    return true;
  }
  if (arity == 2 && first == atoms::const_) return true;
  if (!find_function(first, arity - 1)) return false;
  for (Word i = 1; i < arity; ++i)
    if (!check_expr(tuple_element(e, i), bound)) return false;
  return true;
}

bool is_proper_list(Term t) {
  while (is_list(t)) t = tail(t);
  return is_nil(t);
}

// ---- running -------------------------------------------------------------------------------

struct Run {
  Process* p;
  Heap& heap;
  Term object;
  std::vector<Term> values;  // THE_NON_VALUE: unbound
};

bool match(Run& r, Term pat, Term obj) {
  if (is_atom(pat)) {
    if (pat == atoms::ms_wildcard) return true;
    long n = variable_number(pat);
    if (n < 0) return pat == obj;
    if (r.values[n] == THE_NON_VALUE) {
      r.values[n] = obj;
      return true;
    }
    return eq_exact(r.values[n], obj);
  }
  if (is_list(pat)) {
    for (; is_list(pat); pat = tail(pat), obj = tail(obj))
      if (!is_list(obj) || !match(r, head(pat), head(obj))) return false;
    return match(r, pat, obj);
  }
  if (is_tuple(pat)) {
    if (!is_tuple(obj) || tuple_arity(obj) != tuple_arity(pat)) return false;
    for (Word i = 0; i < tuple_arity(pat); ++i)
      if (!match(r, tuple_element(pat, i), tuple_element(obj, i))) return false;
    return true;
  }
  return eq_exact(pat, obj);
}

Term eval(Run& r, Term e);

Term all_values(Run& r) {
  Term list = NIL;
  for (size_t i = r.values.size(); i-- > 0;)
    if (r.values[i] != THE_NON_VALUE) list = cons(r.heap, r.values[i], list);
  return list;
}

Term eval_list(Run& r, Term list) {
  std::vector<Term> heads;
  for (; is_list(list); list = tail(list))
    if (heads.emplace_back(eval(r, head(list))) == THE_NON_VALUE) return THE_NON_VALUE;
  Term result = eval(r, list);
  for (size_t i = heads.size(); result != THE_NON_VALUE && i-- > 0;) result = cons(r.heap, heads[i], result);
  return result;
}

Term eval_tuple(Run& r, Term elements) {
  Word n = tuple_arity(elements);
  std::vector<Term> values(n);
  for (Word i = 0; i < n; ++i)
    if ((values[i] = eval(r, tuple_element(elements, i))) == THE_NON_VALUE) return THE_NON_VALUE;
  Term* out;
  Term t = new_tuple(r.heap, n, &out);
  for (Word i = 0; i < n; ++i) out[i] = values[i];
  return t;
}

Term type_test(Fn fn, Term a) {
  switch (fn) {
    case Fn::is_atom: return boolean(is_atom(a));
    case Fn::is_float: return boolean(is_float(a));
    case Fn::is_integer: return boolean(is_integer(a));
    case Fn::is_list: return boolean(is_list(a) || is_nil(a));
    case Fn::is_number: return boolean(is_number(a));
    case Fn::is_pid: return boolean(is_pid(a));
    case Fn::is_port: return boolean(is_port(a));
    case Fn::is_reference: return boolean(is_ref(a));
    case Fn::is_tuple: return boolean(is_tuple(a));
    case Fn::is_map: return boolean(is_map(a));
    case Fn::is_binary: return boolean(is_binary(a));
    case Fn::is_function: return boolean(is_fun(a));
    default: return boolean(a == atoms::true_ || a == atoms::false_);
  }
}

Term unary(Run& r, Fn fn, Term a) {
  switch (fn) {
    case Fn::abs:
      if (!is_number(a)) return THE_NON_VALUE;
      return compare_terms(a, make_small(0)) < 0 ? arith_neg(r.p, a) : a;
    case Fn::hd: return is_list(a) ? head(a) : THE_NON_VALUE;
    case Fn::tl: return is_list(a) ? tail(a) : THE_NON_VALUE;
    case Fn::length: {
      int64_t n = list_length(a);
      return n < 0 ? THE_NON_VALUE : make_small(n);
    }
    case Fn::map_size: return is_map(a) ? make_small(int64_t(map_size(a))) : THE_NON_VALUE;
    case Fn::tuple_size: return is_tuple(a) ? make_small(int64_t(tuple_arity(a))) : THE_NON_VALUE;
    case Fn::size:
      if (is_tuple(a)) return make_small(int64_t(tuple_arity(a)));
      return is_binary(a) ? make_small(int64_t(bitstring_bit_size(a) / 8)) : THE_NON_VALUE;
    case Fn::not_:
      if (a == atoms::true_) return atoms::false_;
      return a == atoms::false_ ? atoms::true_ : THE_NON_VALUE;
    case Fn::neg: return is_number(a) ? arith_neg(r.p, a) : THE_NON_VALUE;
    case Fn::plus1: return is_number(a) ? a : THE_NON_VALUE;
    default: return type_test(fn, a);
  }
}

Term arithmetic(Run& r, Fn fn, Term a, Term b) {
  if (!is_number(a) || !is_number(b)) return THE_NON_VALUE;
  switch (fn) {
    case Fn::add: return arith_add(r.p, a, b);
    case Fn::sub: return arith_sub(r.p, a, b);
    case Fn::mul: return arith_mul(r.p, a, b);
    case Fn::div: return arith_div(r.p, a, b);
    case Fn::rem: return arith_rem(r.p, a, b);
    case Fn::band: return arith_band(r.p, a, b);
    case Fn::bor: return arith_bor(r.p, a, b);
    case Fn::bxor: return arith_bxor(r.p, a, b);
    case Fn::bsl: return arith_bsl(r.p, a, b);
    default: return arith_bsr(r.p, a, b);
  }
}

Term binary(Run& r, Fn fn, Term a, Term b) {
  switch (fn) {
    case Fn::element: {
      if (!is_small(a) || !is_tuple(b)) return THE_NON_VALUE;
      int64_t i = small_value(a);
      return i >= 1 && Word(i) <= tuple_arity(b) ? tuple_element(b, i - 1) : THE_NON_VALUE;
    }
    case Fn::map_get: return is_map(b) ? map_get(b, a) : THE_NON_VALUE;
    case Fn::is_map_key: return is_map(b) ? boolean(map_get(b, a) != THE_NON_VALUE) : THE_NON_VALUE;
    case Fn::gt: return boolean(compare_terms(a, b) > 0);
    case Fn::ge: return boolean(compare_terms(a, b) >= 0);
    case Fn::lt: return boolean(compare_terms(a, b) < 0);
    case Fn::le: return boolean(compare_terms(a, b) <= 0);
    case Fn::eq_exact: return boolean(eq_exact(a, b));
    case Fn::eq: return boolean(eq(a, b));
    case Fn::ne_exact: return boolean(!eq_exact(a, b));
    case Fn::ne: return boolean(!eq(a, b));
    case Fn::xor_: {
      bool ok = (a == atoms::true_ || a == atoms::false_) && (b == atoms::true_ || b == atoms::false_);
      return ok ? boolean((a == atoms::true_) != (b == atoms::true_)) : THE_NON_VALUE;
    }
    default: return arithmetic(r, fn, a, b);
  }
}

// and/or evaluate every operand; andalso/orelse stop at the first that decides.
Term logical(Run& r, Fn fn, Term e) {
  bool lazy = fn == Fn::andalso || fn == Fn::orelse;
  Term decisive = (fn == Fn::and_ || fn == Fn::andalso) ? atoms::false_ : atoms::true_;
  Term result = decisive == atoms::false_ ? atoms::true_ : atoms::false_;
  for (Word i = 1; i < tuple_arity(e); ++i) {
    Term v = eval(r, tuple_element(e, i));
    if (v != atoms::true_ && v != atoms::false_) return THE_NON_VALUE;
    if (v == decisive) {
      if (lazy) return v;
      result = v;
    }
  }
  return result;
}

Term call(Run& r, Term e) {
  const FnInfo* f = find_function(tuple_element(e, 0), tuple_arity(e) - 1);
  switch (f->fn) {
    case Fn::self: return r.p->pid;
    case Fn::node: return local_node_name();
    case Fn::and_: case Fn::or_: case Fn::andalso: case Fn::orelse:
      return logical(r, f->fn, e);
    default: break;
  }
  Term a = eval(r, tuple_element(e, 1));
  if (a == THE_NON_VALUE) return a;
  if (f->arity == 1) return unary(r, f->fn, a);
  Term b = eval(r, tuple_element(e, 2));
  return b == THE_NON_VALUE ? b : binary(r, f->fn, a, b);
}

Term eval(Run& r, Term e) {
  if (is_atom(e)) {
    long n = variable_number(e);
    if (n >= 0) return r.values[n];
    if (e == atoms::ms_object) return r.object;
    if (e == atoms::ms_all_bindings) return all_values(r);
    return e;
  }
  if (is_list(e)) return eval_list(r, e);
  if (!is_tuple(e) || tuple_arity(e) == 0) return e;
  Term first = tuple_element(e, 0);
  if (tuple_arity(e) == 1 && is_tuple(first)) return eval_tuple(r, first);
  if (tuple_arity(e) == 2 && first == atoms::const_) return tuple_element(e, 1);
  return call(r, e);
}

// The nesting of tuples and list elements in t (list tails do not nest), up to limit + 1.
// Matching and evaluation recurse along it, so a specification nested deeper is refused.
size_t nesting(Term t, size_t limit) {
  std::vector<std::pair<Term, size_t>> pending{{t, 1}};
  size_t deepest = 0;
  while (!pending.empty() && deepest <= limit) {
    auto [u, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    for (; is_list(u); u = tail(u)) pending.push_back({head(u), depth + 1});
    if (is_tuple(u))
      for (Word i = 0; i < tuple_arity(u); ++i) pending.push_back({tuple_element(u, i), depth + 1});
  }
  return deepest;
}

}  // namespace

bool ms_compile(Term spec, MatchSpec* out) {
  constexpr size_t max_nesting = 10000;
  if (!is_proper_list(spec) || nesting(spec, max_nesting) > max_nesting) return false;
  for (Term l = spec; is_list(l); l = tail(l)) {
    Term c = head(l);
    if (!is_tuple(c) || tuple_arity(c) != 3) return false;
    MatchClause clause{tuple_element(c, 0), tuple_element(c, 1), tuple_element(c, 2)};
    std::vector<bool> bound;
    if (!collect_variables(clause.head, bound)) return false;
    if (!is_proper_list(clause.guards) || !is_proper_list(clause.body) || is_nil(clause.body))
      return false;
    if (!check_all(clause.guards, bound) || !check_all(clause.body, bound)) return false;
    out->variables = std::max(out->variables, bound.size());
    out->clauses.push_back(clause);
  }
  return true;
}

Term ms_run(Process* p, const MatchSpec& ms, Term object, Heap& scratch) {
  Run r{p, scratch, object, {}};
  for (const MatchClause& c : ms.clauses) {
    r.values.assign(ms.variables, THE_NON_VALUE);
    if (!match(r, c.head, object)) continue;
    bool accepted = true;
    for (Term g = c.guards; accepted && is_list(g); g = tail(g))
      accepted = eval(r, head(g)) == atoms::true_;
    if (!accepted) continue;
    Term result = THE_NON_VALUE;
    for (Term b = c.body; is_list(b); b = tail(b))
      if ((result = eval(r, head(b))) == THE_NON_VALUE) return atom_put("EXIT");
    return result;
  }
  return THE_NON_VALUE;
}

bool ms_has_variable(Term t) {
  if (t == atoms::ms_wildcard || variable_number(t) >= 0) return true;
  for (; is_list(t); t = tail(t))
    if (ms_has_variable(head(t))) return true;
  if (is_tuple(t)) {
    for (Word i = 0; i < tuple_arity(t); i++)
      if (ms_has_variable(tuple_element(t, i))) return true;
  } else if (is_map(t)) {
    bool found = false;
    map_for_each(t, [&](Term k, Term v) {
      found = ms_has_variable(k) || ms_has_variable(v);
      return !found;
    });
    return found;
  }
  return t == atoms::ms_wildcard || variable_number(t) >= 0;
}

Term ms_bound_key(Term head, uint32_t keypos) {
  if (!is_tuple(head) || tuple_arity(head) < keypos) return THE_NON_VALUE;
  Term key = tuple_element(head, keypos - 1);
  bool open = is_tuple(key) || is_list(key) || is_map(key) || key == atoms::ms_wildcard ||
              variable_number(key) >= 0;
  return open ? THE_NON_VALUE : key;
}

}  // namespace ember
