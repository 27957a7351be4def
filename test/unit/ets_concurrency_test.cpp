// ETS from many threads at once, as schedulers run it: each table type with and without
// write_concurrency and read_concurrency, against a model of what each thread wrote; walks
// and whole-table operations racing the writers; counters updated by every thread; tables
// created, renamed and deleted while others use them. Run under ThreadSanitizer (EMBER_TSAN)
// these must report no race.
#include <algorithm>
#include <map>
#include <random>
#include <string>

#include "test/unit/concurrent_bifs.h"
#include "vm/term/build.h"

using namespace ember;
using ember::test::Caller;

namespace {

constexpr int threads = 4;

struct Ets {
  BifFn new_ = test::find_bif("ets", "new", 2), delete_table = test::find_bif("ets", "delete", 1),
        insert = test::find_bif("ets", "insert", 2), insert_new = test::find_bif("ets", "insert_new", 2),
        lookup = test::find_bif("ets", "lookup", 2), member = test::find_bif("ets", "member", 2),
        erase = test::find_bif("ets", "delete", 2), erase_object = test::find_bif("ets", "delete_object", 2),
        take = test::find_bif("ets", "take", 2), update_counter = test::find_bif("ets", "update_counter", 3),
        select = test::find_bif("ets", "select", 2), first = test::find_bif("ets", "first", 1),
        next = test::find_bif("ets", "next", 2), info = test::find_bif("ets", "info", 2),
        rename = test::find_bif("ets", "rename", 2),
        select_delete = test::find_bif("ets", "internal_select_delete", 2),
        fix = test::find_bif("ets", "safe_fixtable", 2);
};

const Ets& ets() {
  static Ets e;
  return e;
}

Term list_of(Heap& heap, std::initializer_list<Term> items) {
  Term l = NIL;
  for (auto it = items.end(); it != items.begin();) l = cons(heap, *--it, l);
  return l;
}

// [{'_', [], ['$_']}]: every object.
Term match_all(Heap& heap) {
  return list_of(heap, {tuple(heap, atom_put("_"), NIL, list_of(heap, {atom_put("$_")}))});
}

// A list of {Key, Value} objects, sorted, as Key * scale + Value (or just Value); false if
// any is not such an object.
constexpr int64_t scale = 1 << 20;
bool objects_of(Term list, std::vector<int64_t>* out, bool with_keys) {
  for (; is_list(list); list = tail(list)) {
    Term o = head(list);
    if (!is_tuple(o) || tuple_arity(o) != 2 || !is_small(tuple_element(o, 0)) || !is_small(tuple_element(o, 1)))
      return false;
    int64_t key = with_keys ? small_value(tuple_element(o, 0)) * scale : 0;
    out->push_back(key + small_value(tuple_element(o, 1)));
  }
  std::sort(out->begin(), out->end());
  return is_nil(list);
}
bool values_of(Term list, std::vector<int64_t>* out) { return objects_of(list, out, false); }

struct Config {
  const char* type;
  Term write_concurrency;  // false, true or auto
  bool read_concurrency;
};

std::string describe(const Config& c) {
  return std::string(c.type) + " write_concurrency=" + std::string(atom_text(c.write_concurrency)) +
         " read_concurrency=" + (c.read_concurrency ? "true" : "false");
}

Term new_table(Caller& call, Arena& heap, const Config& c, Term name, bool named) {
  Term options = list_of(heap, {atom_put(c.type), atom_put("public"),
                                tuple(heap, atom_put("write_concurrency"), c.write_concurrency),
                                tuple(heap, atom_put("read_concurrency"), boolean(c.read_concurrency))});
  if (named) options = cons(heap, atom_put("named_table"), options);
  return call(ets().new_, {name, options});
}

// One thread's keys are those k with k % threads == i, so what it reads of them is exactly
// what it wrote: the model is its own.
// At the end, *objects holds what the thread's keys hold, as objects_of gives them.
void own_keys(const Config& c, Term table, int i, int* failures, std::vector<int64_t>* objects) {
  Caller call;
  Arena heap;
  std::mt19937 random(uint32_t(i) * 7919u + 1);
  bool bag = std::string(c.type) == "bag", dup = std::string(c.type) == "duplicate_bag";
  bool counters = !bag && !dup;
  std::map<int64_t, std::vector<int64_t>> model;  // key -> sorted values
  auto fail = [&] { ++*failures; };
  for (int n = 0; n < 6000; n++) {
    int64_t key = int64_t(random() % 200) * threads + i;
    int64_t value = int64_t(random() % 5);
    Term k = make_small(key);
    Term object = tuple(heap, k, make_small(value));
    std::vector<int64_t>& values = model[key];
    switch (random() % 8) {
      case 0:
      case 1:
        if (call(ets().insert, {table, object}) != atoms::true_) fail();
        if (!bag && !dup) values.assign(1, value);
        else if (dup || !std::binary_search(values.begin(), values.end(), value)) values.push_back(value);
        std::sort(values.begin(), values.end());
        break;
      case 2: {
        Term r = call(ets().insert_new, {table, object});
        if (r != boolean(values.empty())) fail();
        if (values.empty()) values.push_back(value);
        break;
      }
      case 3:
        if (call(ets().erase, {table, k}) != atoms::true_) fail();
        values.clear();
        break;
      case 4:
        if (call(ets().erase_object, {table, object}) != atoms::true_) fail();
        values.erase(std::remove(values.begin(), values.end(), value), values.end());
        break;
      case 5: {
        std::vector<int64_t> got;
        if (!values_of(call(ets().take, {table, k}), &got) || got != values) fail();
        values.clear();
        break;
      }
      case 6:
        if (counters && !values.empty()) {
          Term r = call(ets().update_counter, {table, k, make_small(3)});
          values[0] += 3;
          if (r != make_small(values[0])) fail();
          break;
        }
        [[fallthrough]];
      default: {
        std::vector<int64_t> got;
        if (!values_of(call(ets().lookup, {table, k}), &got) || got != values) fail();
        if (call(ets().member, {table, k}) != boolean(!values.empty())) fail();
      }
    }
    call.collect_sometimes();
  }
  for (auto& [key, values] : model) {
    std::vector<int64_t> got;
    if (!values_of(call(ets().lookup, {table, make_small(key)}), &got) || got != values) fail();
    for (int64_t v : values) objects->push_back(key * scale + v);
  }
  *failures += call.failures_;
}

// Walks the table while others write: every object seen must be well formed, and a
// first/next walk of a fixed table must end.
void walk(Term table, int* failures) {
  Caller call;
  Arena heap;
  Term spec = match_all(heap);
  for (int n = 0; n < 60; n++) {
    std::vector<int64_t> got;
    if (!values_of(call(ets().select, {table, spec}), &got)) ++*failures;
    call(ets().fix, {table, atoms::true_});
    int steps = 0;
    for (Term key = call(ets().first, {table}); key != atom_put("$end_of_table") && steps < 100000;
         key = call(ets().next, {table, key}), steps++)
      if (key == THE_NON_VALUE) {
        ++*failures;
        break;
      }
    call(ets().fix, {table, atoms::false_});
    if (!is_small(call(ets().info, {table, atom_put("size")}))) ++*failures;
    call.collect_sometimes();
  }
  *failures += call.failures_;
}

}  // namespace

TEST_CASE("ETS tables of every kind keep each thread's writes while other threads write and walk") {
  Term no = atoms::false_, yes = atoms::true_, automatic = atom_put("auto");
  std::vector<Config> configs;
  for (const char* type : {"set", "ordered_set", "bag", "duplicate_bag"})
    for (Term wc : {no, yes, automatic})
      for (bool rc : {false, true}) configs.push_back({type, wc, rc});
  for (const Config& c : configs) {
    INFO(describe(c));
    Caller owner;
    Arena heap;
    Term table = new_table(owner, heap, c, atom_put("concurrency_test"), false);
    REQUIRE(is_ref(table));
    int failures[threads + 1] = {};
    std::vector<int64_t> written[threads];
    test::run_threads(threads + 1, [&](int i) {
      if (i == threads) walk(table, &failures[i]);
      else own_keys(c, table, i, &failures[i], &written[i]);
    });
    for (int f : failures) CHECK(f == 0);
    // A walk at the end finds what the threads' models say, no more, no less. (ets:info's
    // size may differ: like erts, a take from a table fixed meanwhile miscounts.)
    std::vector<int64_t> expected, all;
    for (auto& w : written) expected.insert(expected.end(), w.begin(), w.end());
    std::sort(expected.begin(), expected.end());
    REQUIRE(objects_of(owner(ets().select, {table, match_all(heap)}), &all, true));
    CHECK(all == expected);
    CHECK(owner(ets().delete_table, {table}) == atoms::true_);
  }
}

TEST_CASE("ETS counters updated by every thread at once lose no increment") {
  for (Term wc : {atoms::false_, atoms::true_})
    for (const char* type : {"set", "ordered_set"}) {
      Config c{type, wc, false};
      INFO(describe(c));
      Caller owner;
      Arena heap;
      Term table = new_table(owner, heap, c, atom_put("counters"), false);
      constexpr int keys = 8, rounds = 4000;
      for (int k = 0; k < keys; k++)
        REQUIRE(owner(ets().insert, {table, tuple(heap, make_small(k), make_small(0))}) == atoms::true_);
      test::run_threads(threads, [&](int i) {
        Caller call;
        for (int n = 0; n < rounds; n++) {
          call(ets().update_counter, {table, make_small((n + i) % keys), make_small(1)});
          call.collect_sometimes();
        }
      });
      int64_t total = 0;
      for (int k = 0; k < keys; k++) {
        Term r = owner(ets().lookup, {table, make_small(k)});
        REQUIRE(is_list(r));
        total += small_value(tuple_element(head(r), 1));
      }
      CHECK(total == int64_t(threads) * rounds);
      owner(ets().delete_table, {table});
    }
}

TEST_CASE("ETS tables created, renamed and deleted while other threads use them") {
  Term name = atom_put("ets_concurrency_churn"), renamed = atom_put("ets_concurrency_churned");
  std::atomic<bool> done{false};
  int failures[threads] = {};
  test::run_threads(threads, [&](int i) {
    Caller call;
    Arena heap;
    Config c{"set", i % 2 ? atoms::true_ : atoms::false_, false};
    if (i == 0) {
      for (int n = 0; n < 3000; n++) {
        Term t = new_table(call, heap, c, name, true);
        if (t != name) failures[i]++;
        call(ets().insert, {name, tuple(heap, make_small(n), make_small(n))});
        if (n % 3 == 0) {
          if (call(ets().rename, {name, renamed}) != renamed) failures[i]++;
          call(ets().delete_table, {renamed});
        } else {
          call(ets().delete_table, {name});
        }
        call.collect_sometimes();
      }
      done.store(true, std::memory_order_release);
      return;
    }
    // The others use the named table whenever it exists: each call either works or raises
    // badarg, never anything else; and they make and drop tables of their own.
    while (!done.load(std::memory_order_acquire)) {
      Term r = call(ets().insert, {name, tuple(heap, make_small(i), make_small(i))});
      if (r != atoms::true_ && r != THE_NON_VALUE) failures[i]++;
      r = call(ets().lookup, {name, make_small(i)});
      if (r != THE_NON_VALUE && !is_list(r) && !is_nil(r)) failures[i]++;
      Term own = new_table(call, heap, c, name, false);
      if (!is_ref(own) || call(ets().insert, {own, tuple(heap, make_small(1), make_small(2))}) != atoms::true_ ||
          call(ets().delete_table, {own}) != atoms::true_)
        failures[i]++;
      if (call(ets().lookup, {own, make_small(1)}) != THE_NON_VALUE) failures[i]++;  // deleted
      call.collect_sometimes();
    }
    failures[i] += call.failures_;
  });
  for (int f : failures) CHECK(f == 0);
}

TEST_CASE("select_delete on a table with write_concurrency races single-key writers safely") {
  Caller owner;
  Arena heap;
  Config c{"set", atoms::true_, true};
  Term table = new_table(owner, heap, c, atom_put("select_delete_race"), false);
  int failures[threads] = {};
  test::run_threads(threads, [&](int i) {
    Caller call;
    Arena args;
    Term spec = list_of(args, {tuple(args, tuple(args, atom_put("_"), make_small(0)), NIL,
                                     list_of(args, {atoms::true_}))});
    for (int n = 0; n < 3000; n++) {
      Term r = i == 0 ? call(ets().select_delete, {table, spec})
                      : call(ets().insert, {table, tuple(args, make_small(n * threads + i), make_small(n % 2))});
      if (r == THE_NON_VALUE) failures[i]++;
      call.collect_sometimes();
    }
  });
  for (int f : failures) CHECK(f == 0);
  owner(ets().select_delete, {table, list_of(heap, {tuple(heap, tuple(heap, atom_put("_"), make_small(0)), NIL,
                                                          list_of(heap, {atoms::true_}))})});
  std::vector<int64_t> rest;
  REQUIRE(values_of(owner(ets().select, {table, match_all(heap)}), &rest));
  CHECK(std::all_of(rest.begin(), rest.end(), [](int64_t v) { return v == 1; }));
  CHECK(rest.size() == size_t(threads - 1) * 1500);
}
