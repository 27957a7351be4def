// The registry of ETS tables (identifier and name to table) and the locking of one table for
// one operation, which any scheduler thread may run on any table at the same time as others.
//
// Each table lives in a slot that holds the table lock. A slot is never freed, only reused:
// a thread that found a table in the registry, released the registry and then locks the
// slot may find it emptied or refilled by then, and tells so by the slot's generation (the
// table's number), which only changes under the slot's lock. So no operation keeps the
// registry locked, and none pays for counting references: deleting a table frees it at once,
// under its lock, and the lookups that raced it see a generation that is no longer theirs.
//
// The table lock is a reader-writer lock, and the table's options say who shares it, as in
// erts:
// - Without write_concurrency, a writer holds it alone. Readers share it with read_concurrency
//   and otherwise take it alone too (erts' plain mutex).
// - A set, bag or duplicate_bag with write_concurrency (or {write_concurrency, auto}) has
//   stripes, one lock per key-hash class (vm/process/ets_hash.h; 64 as in erts). An operation
//   on one key holds the table lock shared and its key's stripe: writers of keys of different
//   stripes run together; readers share the stripe with read_concurrency. What spans the table
//   (walks, info, clearing, fixing, resizing, deletion) holds the table lock alone: a walk
//   crosses every stripe, and taking 64 locks per ets:next would cost more than it saves.
// - An ordered_set with write_concurrency holds the whole table for writes and shares it for
//   reads. erts' contention-adapting tree splits its locks as contention shows; ember's tree is
//   a std::map, whose rebalancing touches nodes far from the key, so it cannot be split so.
//
// Lock order: a table's lock, then its stripe, then the registry; never a table while holding
// the registry, except a free slot when creating a table, which nobody else waits on.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "vm/process/ets_table.h"

namespace ember {

struct EtsSlot;

// A table as the registry names it: it may have been deleted since.
struct EtsHandle {
  EtsSlot* slot = nullptr;
  uint64_t number = 0;  // the table's, encoded in its reference
  explicit operator bool() const { return slot != nullptr; }
};

// What an operation does to a table, which decides the locks it takes.
enum class EtsOp : uint8_t {
  read_key,      // reads the objects of one key
  write_key,     // changes the objects of one key only
  write_object,  // write_key for the key of an object (any lock if it is no valid object)
  read_all,      // reads more than one key, or the table's description
  write_all,     // changes more than one key, or the table itself
};

// The caller's need, checked against the table's access mode: public tables are open to all,
// protected ones to readers, private ones to the owner only. `any` checks nothing.
enum class EtsNeed : uint8_t { read, write, any };

// Why a table could not be had, for erts' badarg cause.
enum class EtsRefusal : uint8_t { none, type, id, access };

// One table, locked for one operation until destroyed.
class EtsLocked {
 public:
  // The table `id` (a name or a reference) designates, if `caller` may use it for `need`;
  // `key` is the key of a *_key operation or the object of write_object.
  EtsLocked(Term id, Term caller, EtsNeed need, EtsOp op, Term key = THE_NON_VALUE);
  EtsLocked(EtsHandle handle, EtsOp op);
  ~EtsLocked();
  EtsLocked(const EtsLocked&) = delete;
  EtsLocked& operator=(const EtsLocked&) = delete;

  explicit operator bool() const { return table_ != nullptr; }
  EtsTable* operator->() const { return table_; }
  EtsTable& operator*() const { return *table_; }
  EtsTable* get() const { return table_; }
  EtsRefusal refusal() const { return refusal_; }
  // Whether this operation holds the table alone (its writes may then span keys).
  bool whole() const { return held_ == Held::exclusive; }

  // ets:delete/1: the table leaves the registry and is freed; the lock must be whole.
  void destroy();

 private:
  enum class Held : uint8_t { none, shared, exclusive };
  EtsSlot* slot_ = nullptr;
  EtsTable* table_ = nullptr;
  Held held_ = Held::none;
  EtsStripe* stripe_ = nullptr;
  bool stripe_shared_ = false;
  EtsRefusal refusal_ = EtsRefusal::none;

  void lock(EtsHandle handle, EtsOp op, Term key);
  void unlock();
};

// The table a name or reference designates now, or an empty handle.
EtsHandle ets_find(Term id);
// Registers a table whose options and storage are set, under its name if named; gives it its
// reference. An empty handle if a named table of that name exists (the table is then freed).
EtsHandle ets_register(std::unique_ptr<EtsTable> table);
// Every table now, in the registry's order, each with what ets:all lists for it: its name if
// named, else NIL (its reference is then rebuilt from its number by ets_reference).
std::vector<std::pair<EtsHandle, Term>> ets_tables();
size_t ets_count();
// erts' +ec: every new table is compressed, whatever its options say.
void ets_set_always_compress(bool on);
bool ets_always_compress();
// The reference of table number `number`.
Term ets_reference(Heap& heap, uint64_t number);
// Renames a table held whole; false if another named table has the name.
bool ets_rename(EtsTable* table, Term name);
// Makes `to` the owner of a table held whole and sends it {'ETS-TRANSFER', Table, From, Data}.
void ets_transfer(EtsTable* table, Term from, Term to, Term data);

}  // namespace ember
