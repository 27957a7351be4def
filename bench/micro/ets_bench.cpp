// ETS through its BIFs, as Erlang code calls them: ets:insert/2 and ets:lookup/2 on a set of
// 1,000 and of 100,000 {Key, Value} objects owned by the calling process.
#include <benchmark/benchmark.h>

#include <vector>

#include "bench_process.h"
#include "vm/term/atom.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/code/export.h"

using namespace ember;

namespace {

// Resolved once, as the loader resolves a BIF call in code.
BifFn bif(const char* function, uint32_t arity) {
  Export* e = export_find(atom_put("ets"), atom_put(function), arity);
  return e ? e->bif : nullptr;
}

// A named set table holding {K, K + 1} for K in 0..n-1; a name, unlike a reference, needs no
// garbage collection root.
class SampleTable {
 public:
  explicit SampleTable(size_t n) {
    Term options = cons(objects_, atom_put("named_table"), cons(objects_, atom_put("set"), NIL));
    Term args[2] = {name_, options};
    ok_ = new_ && insert_ && lookup_ && new_(owner_.get(), args) == name_;
    for (size_t k = 0; k < n && ok_; k++)
      rows_.push_back(tuple(objects_, make_small(int64_t(k)), make_small(int64_t(k) + 1)));
    for (Term row : rows_) ok_ = ok_ && insert(row);
  }

  bool ok() const { return ok_; }
  Term row(size_t i) const { return rows_[i % rows_.size()]; }
  bool insert(Term row) {
    Term args[2] = {name_, row};
    return insert_(owner_.get(), args) == atoms::true_;
  }
  Term lookup(Term key) {
    Term args[2] = {name_, key};
    Term result = lookup_(owner_.get(), args);
    owner_.collect_sometimes(&result, 1);  // the result is the caller's: a root
    return result;
  }

 private:
  micro::BenchProcess owner_;
  Term name_ = atom_put("ember_micro_ets");
  BifFn new_ = bif("new", 2), insert_ = bif("insert", 2), lookup_ = bif("lookup", 2);
  Arena objects_;
  std::vector<Term> rows_;
  bool ok_ = false;
};

void BM_EtsInsert(benchmark::State& state) {
  SampleTable table(size_t(state.range(0)));
  if (!table.ok()) return state.SkipWithError("the table could not be created and filled");
  size_t i = 0;
  bool inserted = true;
  for (auto _ : state) inserted &= table.insert(table.row(i++));
  if (!inserted) state.SkipWithError("ets:insert/2 did not return true");
}
BENCHMARK(BM_EtsInsert)->Arg(1000)->Arg(100000);

void BM_EtsLookup(benchmark::State& state) {
  SampleTable table(size_t(state.range(0)));
  if (!table.ok()) return state.SkipWithError("the table could not be created and filled");
  size_t i = 0;
  bool found = true;
  for (auto _ : state) {
    Term row = table.row(i++);
    Term result = table.lookup(tuple_element(row, 0));
    found &= is_list(result) && eq_exact(head(result), row);
  }
  if (!found) state.SkipWithError("ets:lookup/2 did not return the inserted object");
}
BENCHMARK(BM_EtsLookup)->Arg(1000)->Arg(100000);

}  // namespace
