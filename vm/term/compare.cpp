// Term order. Compound terms are walked with an explicit stack of pending element arrays, so a
// million-element list or a deeply nested term costs heap memory, never C stack.
#include "vm/term/compare.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/term/map.h"
#include "vm/term/node.h"
#include "vm/term/small_stack.h"

namespace ember {
namespace {

// Types in erts' order. Integers and floats are one class for arithmetic comparison; exact
// comparison (map-key order) separates them, integers first.
enum Rank {
  integer_rank, float_rank, atom_rank, ref_rank, fun_rank, port_rank, pid_rank, tuple_rank,
  map_rank, nil_rank, list_rank, bitstring_rank,
};

Rank rank(Term t) {
  if (is_small(t)) return integer_rank;
  if (is_atom(t)) return atom_rank;
  if (is_nil(t)) return nil_rank;
  if (is_list(t)) return list_rank;
  if (is_local_pid(t)) return pid_rank;
  if (is_local_port(t)) return port_rank;
  switch (header_subtag(boxed_header(t))) {
    case Subtag::tuple: return tuple_rank;
    case Subtag::pos_big:
    case Subtag::neg_big: return integer_rank;
    case Subtag::float_: return float_rank;
    case Subtag::ref:
    case Subtag::external_ref: return ref_rank;
    case Subtag::fun:
    case Subtag::export_: return fun_rank;
    case Subtag::flat_map:
    case Subtag::hash_map_head:
    case Subtag::hash_map_node: return map_rank;
    case Subtag::external_pid: return pid_rank;
    case Subtag::external_port: return port_rank;
    default: return bitstring_rank;
  }
}

template <typename T>
int three_way(T a, T b) { return a < b ? -1 : (a > b ? 1 : 0); }

int compare_atoms(Term a, Term b) {
  int c = atom_text(a).compare(atom_text(b));
  return three_way(c, 0);
}

// ---- numbers -------------------------------------------------------------------------------

// An integer as sign and little-endian magnitude, whatever its representation. A small's
// magnitude lives in `storage`, so an Integer is filled in place and never copied.
struct Integer {
  int sign;
  const Word* digits;
  size_t size;
  Word storage;

  explicit Integer(Term t) {
    if (is_small(t)) {
      int64_t v = small_value(t);
      sign = three_way<int64_t>(v, 0);
      storage = v < 0 ? Word(0) - Word(v) : Word(v);
      digits = &storage;
      size = v != 0;
    } else {
      sign = big_negative(t) ? -1 : 1;
      digits = big_digits(t);
      size = big_size(t);
      while (size > 0 && digits[size - 1] == 0) size--;
    }
  }
  Integer(const Integer&) = delete;
  Integer& operator=(const Integer&) = delete;
};

int compare_magnitudes(const Word* a, size_t an, const Word* b, size_t bn) {
  if (an != bn) return three_way(an, bn);
  for (size_t i = an; i-- > 0;)
    if (a[i] != b[i]) return three_way(a[i], b[i]);
  return 0;
}

int compare_integers(Term a, Term b) {
  if (is_small(a) && is_small(b)) return three_way(small_value(a), small_value(b));
  Integer x(a), y(b);
  if (x.sign != y.sign) return three_way(x.sign, y.sign);
  return x.sign * compare_magnitudes(x.digits, x.size, y.digits, y.size);
}

// Exact comparison of an integer with a double: the double's integer part is written out as
// digits, so no precision is lost whatever the magnitudes.
int compare_integer_float(Term i, double f) {
  Integer n(i);
  int fsign = three_way(f, 0.0);
  if (n.sign != fsign) return three_way(n.sign, fsign);
  if (n.sign == 0) return 0;
  int exponent;
  double mantissa = std::frexp(std::fabs(f), &exponent);  // |f| = mantissa * 2^exponent
  uint64_t m = uint64_t(std::ldexp(mantissa, 53));        // |f| = m * 2^(exponent - 53)
  int shift = exponent - 53;
  Word whole[18] = {};
  bool fraction = false;
  if (shift >= 0) {
    whole[shift / 64] = m << (shift % 64);
    if (shift % 64) whole[shift / 64 + 1] = m >> (64 - shift % 64);
  } else if (-shift < 64) {
    whole[0] = m >> -shift;
    fraction = (m & ((uint64_t(1) << -shift) - 1)) != 0;
  } else {
    fraction = true;
  }
  size_t size = 18;
  while (size > 0 && whole[size - 1] == 0) size--;
  int c = compare_magnitudes(n.digits, n.size, whole, size);
  if (c == 0 && fraction) c = -1;
  return n.sign * c;
}

int compare_numbers(Term a, Term b) {
  bool af = is_float(a), bf = is_float(b);
  if (af && bf) return three_way(float_value(a), float_value(b));
  if (af) return -compare_integer_float(b, float_value(a));
  if (bf) return compare_integer_float(a, float_value(b));
  return compare_integers(a, b);
}

// ---- bitstrings ----------------------------------------------------------------------------

// `count` (1..8) bits starting at `offset`, left-aligned in a byte.
uint8_t bits_at(const uint8_t* bytes, uint64_t offset, unsigned count) {
  const uint8_t* p = bytes + offset / 8;
  unsigned skip = offset % 8;
  unsigned window = p[0] << 8;
  if (skip + count > 8) window |= p[1];
  return uint8_t((window << skip) >> 8) & uint8_t(0xFF << (8 - count));
}

int compare_bitstrings(Term a, Term b) {
  Bits x = bitstring_bits(a), y = bitstring_bits(b);
  uint64_t common = std::min(x.bit_size, y.bit_size);
  uint64_t i = 0;
  if (x.byte_aligned() && y.byte_aligned() && common >= 8) {
    int c = std::memcmp(x.aligned_bytes(), y.aligned_bytes(), common / 8);
    if (c != 0) return three_way(c, 0);
    i = common & ~uint64_t(7);
  }
  for (; i < common; i += 8) {
    unsigned count = unsigned(std::min<uint64_t>(8, common - i));
    uint8_t p = bits_at(x.bytes, x.bit_offset + i, count);
    uint8_t q = bits_at(y.bytes, y.bit_offset + i, count);
    if (p != q) return three_way(p, q);
  }
  return three_way(x.bit_size, y.bit_size);
}

// ---- pids, ports, references ---------------------------------------------------------------

struct Node {
  Term name;
  uint32_t creation;
};

Node node_of(Term t) {
  if (is_immed(t) || is_local_ref(t)) return {local_node_name(), local_creation()};
  return {external_node(t), external_creation(t)};
}

int compare_nodes(Node a, Node b) {
  if (a.name != b.name) return compare_atoms(a.name, b.name);
  return three_way(a.creation, b.creation);
}

// Pids order by serial, then number, and only then by node.
int compare_pids(Term a, Term b) {
  auto serial_number = [](Term t) {
    if (is_local_pid(t)) return std::pair{pid_serial(pid_id(t)), pid_number(pid_id(t))};
    return std::pair{uint32_t(boxed_ptr(t)[4]), uint32_t(boxed_ptr(t)[3])};
  };
  auto x = serial_number(a), y = serial_number(b);
  if (x != y) return x < y ? -1 : 1;
  return compare_nodes(node_of(a), node_of(b));
}

int compare_ports(Term a, Term b) {
  if (int c = compare_nodes(node_of(a), node_of(b))) return c;
  auto number = [](Term t) { return is_local_port(t) ? port_id(t) : uint64_t(boxed_ptr(t)[3]); };
  return three_way(number(a), number(b));
}

// Reference numbers compare from the most significant (last) one down; missing high numbers
// of the shorter reference count as zero.
int compare_refs(Term a, Term b) {
  if (int c = compare_nodes(node_of(a), node_of(b))) return c;
  auto numbers = [](Term t, size_t* n) -> const Word* {
    if (is_local_ref(t)) {
      *n = ref_words - 1;
      return boxed_ptr(t) + 1;
    }
    *n = boxed_ptr(t)[3];
    return boxed_ptr(t) + 4;
  };
  size_t an, bn;
  const Word* x = numbers(a, &an);
  const Word* y = numbers(b, &bn);
  for (size_t i = std::max(an, bn); i-- > 0;) {
    uint32_t p = i < an ? uint32_t(x[i]) : 0, q = i < bn ? uint32_t(y[i]) : 0;
    if (p != q) return three_way(p, q);
  }
  return 0;
}

// ---- the walk over compound terms ----------------------------------------------------------

class Comparer {
 public:
  int run(Term a, Term b, bool exact) {
    for (;;) {
      if (a != b) {
        if (int c = step(a, b, exact)) return c;
      }
      if (pending_.empty()) return 0;
      Pending& p = pending_.top();
      a = *p.a++;
      b = *p.b++;
      exact = p.exact;
      if (--p.n == 0) pending_.pop();
    }
  }

 private:
  // Element arrays still to compare, pairwise, left to right.
  struct Pending {
    const Term* a;
    const Term* b;
    size_t n;
    bool exact;
  };
  SmallStack<Pending, 16> pending_;
  std::vector<std::unique_ptr<Term[]>> sorted_maps_;

  void push(const Term* a, const Term* b, size_t n, bool exact) {
    if (n > 0) pending_.push({a, b, n, exact});
  }

  // Compares two terms that are not the same word. Returns the order, or 0 after queueing
  // whatever parts still decide it.
  int step(Term a, Term b, bool exact) {
    if (is_atom(a) && is_atom(b)) return compare_atoms(a, b);
    if (is_small(a) && is_small(b)) return three_way(small_value(a), small_value(b));
    Rank ra = rank(a), rb = rank(b);
    if (ra != rb) {
      bool numbers = ra <= float_rank && rb <= float_rank;
      if (numbers && !exact) return compare_numbers(a, b);
      return three_way(ra, rb);
    }
    switch (ra) {
      case integer_rank:
      case float_rank: return compare_numbers(a, b);
      case atom_rank: return compare_atoms(a, b);
      case ref_rank: return compare_refs(a, b);
      case fun_rank: return compare_funs(a, b, exact);
      case port_rank: return compare_ports(a, b);
      case pid_rank: return compare_pids(a, b);
      case tuple_rank: return compare_tuples(a, b, exact);
      case map_rank: return compare_maps(a, b, exact);
      case nil_rank: return 0;
      case list_rank: return compare_lists(a, b, exact);
      case bitstring_rank: return compare_bitstrings(a, b);
    }
    return 0;
  }

  int compare_tuples(Term a, Term b, bool exact) {
    if (tuple_arity(a) != tuple_arity(b)) return three_way(tuple_arity(a), tuple_arity(b));
    push(tuple_elements(a), tuple_elements(b), tuple_arity(a), exact);
    return 0;
  }

  // Walks the common spine; the first pair of heads that differ is queued ahead of the
  // rest of the lists.
  int compare_lists(Term a, Term b, bool exact) {
    for (;;) {
      Term x = head(a), y = head(b);
      if (x != y) {
        if (is_small(x) && is_small(y)) {
          if (int c = three_way(small_value(x), small_value(y))) return c;
        } else {
          push(&tail(a), &tail(b), 1, exact);
          push(&head(a), &head(b), 1, exact);
          return 0;
        }
      }
      a = tail(a);
      b = tail(b);
      if (a == b) return 0;
      if (!is_list(a) || !is_list(b)) return step(a, b, exact);  // an improper tail
    }
  }

  int compare_funs(Term a, Term b, bool exact) {
    if (is_export_fun(a) != is_export_fun(b)) return is_export_fun(a) ? 1 : -1;
    if (is_export_fun(a)) {
      const Export* x = export_fun_entry(a);
      const Export* y = export_fun_entry(b);
      if (int c = compare_atoms(x->module, y->module)) return c;
      if (int c = compare_atoms(x->function, y->function)) return c;
      return three_way(x->arity, y->arity);
    }
    const FunEntry* x = closure_entry(a);
    const FunEntry* y = closure_entry(b);
    if (int c = compare_atoms(x->module, y->module)) return c;
    if (x->index != y->index) return three_way(x->index, y->index);
    if (x->old_uniq != y->old_uniq) return three_way(x->old_uniq, y->old_uniq);
    if (closure_num_free(a) != closure_num_free(b))
      return three_way(closure_num_free(a), closure_num_free(b));
    push(closure_env(a), closure_env(b), closure_num_free(a), exact);
    return 0;
  }

  // Maps compare by size, then by their keys in map-key order (always exactly), then by the
  // values in that order. Flat maps already hold their keys sorted; large ones are sorted here.
  int compare_maps(Term a, Term b, bool exact) {
    size_t n = map_size(a);
    if (n != map_size(b)) return three_way(n, map_size(b));
    // Equal large maps are common (a map compared with a rebuilt copy); only unequal ones need
    // their keys sorted to find the order.
    if (is_hash_map(a) && is_hash_map(b) && hash_maps_eq_exact(a, b)) return 0;
    const Term *ak, *av, *bk, *bv;
    sorted_entries(a, &ak, &av);
    sorted_entries(b, &bk, &bv);
    push(av, bv, n, exact);
    push(ak, bk, n, true);
    return 0;
  }

  void sorted_entries(Term map, const Term** keys, const Term** values) {
    if (is_flat_map(map)) {
      const Word* p = boxed_ptr(map);
      *keys = tuple_elements(p[2]);
      *values = p + flat_map_fixed_words;
      return;
    }
    std::vector<std::pair<Term, Term>> entries;
    entries.reserve(map_size(map));
    map_for_each(map, [&](Term k, Term v) {
      entries.emplace_back(k, v);
      return true;
    });
    std::sort(entries.begin(), entries.end(),
              [](const auto& x, const auto& y) { return compare_exact(x.first, y.first) < 0; });
    size_t n = entries.size();
    auto storage = std::make_unique<Term[]>(2 * n);
    for (size_t i = 0; i < n; i++) {
      storage[i] = entries[i].first;
      storage[n + i] = entries[i].second;
    }
    *keys = storage.get();
    *values = storage.get() + n;
    sorted_maps_.push_back(std::move(storage));
  }
};

// Tuples of one arity whose elements up to the first difference are the same words, and differ
// there (if at all) in two small integers: the order without a Comparer (sort keys are often
// such tuples). False when the general walk must decide.
bool small_tuple_order(Term a, Term b, int* order) {
  if (!is_tuple(a) || !is_tuple(b) || tuple_arity(a) != tuple_arity(b)) return false;
  const Term* x = tuple_elements(a);
  const Term* y = tuple_elements(b);
  for (Word k = 0, n = tuple_arity(a); k < n; k++) {
    if (x[k] == y[k]) continue;
    if (!is_small(x[k]) || !is_small(y[k])) return false;
    *order = three_way(small_value(x[k]), small_value(y[k]));
    return true;
  }
  *order = 0;
  return true;
}

}  // namespace

int compare_terms(Term a, Term b) {
  if (a == b) return 0;
  if (is_small(a) && is_small(b)) return three_way(small_value(a), small_value(b));
  if (is_float(a) && is_float(b)) return three_way(float_value(a), float_value(b));
  if (int order; small_tuple_order(a, b, &order)) return order;
  Comparer c;  // default-initialised: `Comparer()` would first clear its inline stack
  return c.run(a, b, false);
}

int compare_exact(Term a, Term b) {
  if (a == b) return 0;
  if (is_small(a) && is_small(b)) return three_way(small_value(a), small_value(b));
  if (int order; small_tuple_order(a, b, &order)) return order;
  Comparer c;
  return c.run(a, b, true);
}

}  // namespace ember
