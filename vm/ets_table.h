// ETS tables: the objects of one table and the registry of every table. Objects are copied
// out of the inserting process into storage of their own and copied back on every read, as in
// erts, so a table outlives the heaps that filled it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "vm/atom.h"
#include "vm/compare.h"
#include "vm/heap.h"
#include "vm/term.h"

namespace ember {

enum class EtsType : uint8_t { set, ordered_set, bag, duplicate_bag };
enum class EtsAccess : uint8_t { public_, protected_, private_ };

// One stored object: a tuple in an arena of its own, so deleting it frees exactly it.
struct EtsObject {
  std::unique_ptr<Arena> storage;
  Term tuple;
};

// ordered_set orders keys by == as erts does (1 and 1.0 are the same key); the other types
// use the exact order, which only decides the order in which first/next walk them.
struct EtsKeyLess {
  bool exact;
  bool operator()(Term a, Term b) const {
    if (is_small(a) && is_small(b)) return int64_t(a) < int64_t(b);  // the common key
    return (exact ? compare_exact(a, b) : compare_terms(a, b)) < 0;
  }
};

// The objects of one key: one for sets, in insertion order for bags. The map's key is the key
// element of the bucket's first object.
using EtsBucket = std::vector<EtsObject>;
using EtsBuckets = std::map<Term, EtsBucket, EtsKeyLess>;

struct EtsTable {
  Term ref = NIL;    // the table identifier every table has (in id_storage)
  Term name = NIL;   // the atom given to ets:new
  Term owner = NIL;
  EtsType type = EtsType::set;
  EtsAccess access = EtsAccess::protected_;
  bool named = false;
  uint32_t keypos = 1;
  // Options erts uses for tuning, kept only to be reported by ets:info.
  bool compressed = false;
  Term read_concurrency = atoms::false_;
  Term write_concurrency = atoms::false_;
  Term decentralized_counters = atoms::false_;
  Arena id_storage{8};
  // Who inherits the table when its owner dies (nil: nobody), with the data of the
  // 'ETS-TRANSFER' message it then gets, stored like an object.
  Term heir = NIL;
  EtsObject heir_data;
  EtsBuckets buckets{EtsKeyLess{true}};
  size_t size = 0;

  bool is_bag() const { return type == EtsType::bag || type == EtsType::duplicate_bag; }
  // What ets:new returned and ets:all lists: the name of a named table, else its reference.
  Term id() const { return named ? name : ref; }
  Term key_of(Term object) const { return tuple_element(object, keypos - 1); }
  void set_heir(Term pid, Term data);

  // Stores a copy of object (a tuple with at least keypos elements), replacing the object of
  // the same key in a set and skipping an identical object in a bag.
  void insert(Term object);
  // Removes every object of key; false if there was none.
  bool erase_key(Term key);
  // Removes every object =:= object.
  void erase_object(Term object);
  // Removes the objects of a bucket whose stored tuples are listed; the iterator is then
  // invalid.
  void erase_stored(EtsBuckets::iterator bucket, const std::vector<Term>& stored);
  // Puts a copy of replacement, whose key is the same, where the stored tuple was.
  void replace_stored(EtsBuckets::iterator bucket, Term stored, Term replacement);
  void clear();
};

// Every ETS BIF holds this lock while it uses the registry or a table.
std::mutex& ets_lock();

// A new table registered under its reference (and its name if named); null if a named table
// of that name exists.
EtsTable* ets_create(Term name, bool named, Term owner);
// The table an identifier (name or reference) designates, or null.
EtsTable* ets_find(Term id);
void ets_destroy(EtsTable* table);
std::vector<EtsTable*> ets_tables();
// Renames a table; false if another named table has the name.
bool ets_rename(EtsTable* table, Term name);
// Makes `to` the owner and sends it {'ETS-TRANSFER', Table, From, Data}.
void ets_transfer(EtsTable* table, Term from, Term to, Term data);
// The tables a dying process owns go to their heirs, if alive, or are deleted.
void ets_delete_owned_by(Term pid);

}  // namespace ember
