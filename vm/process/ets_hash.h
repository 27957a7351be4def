// set, bag and duplicate_bag tables: erts' linear hash table, reproduced step for step so that
// every walk (first/next, select, match, tab2list, foldl) meets the objects in erts' order.
//
// Keys are placed by erts' internal hash (an atom key by the hash of its text). The table
// starts with 256 buckets and grows by splitting one bucket at a time once it holds more
// objects than buckets, adding slots 2048 at a time; it shrinks by joining the last bucket
// back into its partner once enough slots exist and fewer objects than half of them, less
// one segment, remain. A new key goes to the end of its bucket's chain; the objects of one key
// in a bag are adjacent, newest first. A walk visits buckets 0, L, 2L... then 1, L+1... where L
// is the number of locks (1, or 64 with write_concurrency). While the table is fixed it neither
// grows nor shrinks, and a deleted object stays in its chain, invisible, until the last unfix:
// inserting its key again then takes its old place.
//
// With more than one lock (write_concurrency), writers of keys under different locks run at
// the same time (vm/process/ets_registry.h): each holds the table shared and its key's lock,
// which guards the buckets whose index is the same modulo the number of locks, since a key's
// bucket and lock both come from the low bits of its hash. What several such writers share,
// the counts, is atomic. Growing and shrinking move buckets across locks, so such a table only
// notes that it wants them (want_resize) and resizes in settle(), which the writer calls under
// the whole-table lock once it has released its key's lock, as erts also resizes after
// unlocking the bucket.
#pragma once

#include <array>
#include <atomic>
#include <climits>
#include <cstdint>
#include <vector>

#include "platform/spin_lock.h"
#include "vm/process/ets_object.h"

namespace ember {

struct EtsHashNode : CountedAllocation<CountedMemory::ets> {
  EtsHashNode* next = nullptr;
  uint32_t hvalue = 0;
  bool pseudo_deleted = false;
  EtsObject object;
};

// The hash erts places an ETS key by.
uint32_t ets_key_hash(Term key);

// ets:info(T, stats): chain lengths over the active buckets.
struct EtsHashStats {
  uint32_t nactive;
  float avg_chain_len, std_dev_chain_len, std_dev_expected;
  int min_chain_len, max_chain_len, kept_items;
  uint32_t nlocks;
};

class EtsHash : public CountedAllocation<CountedMemory::ets> {
 public:
  // nlocks: 1 for a table without fine-grained locks, else a power of two.
  EtsHash(EtsType type, uint32_t keypos, uint32_t nlocks, bool decentralized_counters,
          bool compressed = false);
  ~EtsHash();
  EtsHash(const EtsHash&) = delete;
  EtsHash& operator=(const EtsHash&) = delete;

  size_t size() const {
    int64_t n = nitems_.load(std::memory_order_relaxed);
    return size_t(n < 0 ? 0 : n);
  }
  uint32_t nactive() const { return nactive_; }
  uint32_t nlocks() const { return nlocks_; }

  void set_fixed(bool fixed);  // unfixing purges the objects deleted while fixed
  bool fixed() const { return fixed_; }

  // ets:insert of one object (copied); with fail_on_clash (insert_new) a live object of the
  // same key refuses it: returns false then.
  bool put(Term object, bool fail_on_clash);
  bool member(Term key) const;
  // The stored objects of key, in the order ets:lookup lists them.
  std::vector<Term> lookup(Term key) const;
  // Removes the objects of key; false if there were none.
  bool erase_key(Term key);
  void erase_object(Term object);
  // Removes the objects of key, giving them in ets:lookup's order.
  std::vector<EtsObject> take(Term key);
  // ets:delete_all_objects: a fresh table, or, while fixed, every object marked deleted.
  void clear();

  // ---- walking, as erts' select and next do ----
  EtsHashNode** bucket(uint32_t ix) { return &buckets_[ix]; }
  EtsHashNode* const* bucket(uint32_t ix) const { return &buckets_[ix]; }
  // The slot after ix in walk order; 0 when the walk is over.
  uint32_t next_slot(uint32_t ix) const;
  uint32_t slot_of(uint32_t hvalue) const;
  // The first live node of key (in its bucket), or null.
  const EtsHashNode* find(Term key) const;
  // The first key of the walk, or THE_NON_VALUE when empty.
  Term first_key() const;
  // The key after key, or THE_NON_VALUE at the end; *found is false if key is not in the table
  // (an object deleted while the table is fixed still counts).
  Term next_key(Term key, bool* found) const;
  // select_delete: removes the live node *at, or marks it deleted if `pseudo` (the table is
  // fixed by someone else than the walk). erts keeps one record per run of marked deletions
  // in a slot; *last_slot tracks the run. Returns the pointer to advance to.
  EtsHashNode** delete_at(EtsHashNode** at, uint32_t slot, bool pseudo, uint32_t* last_slot);
  // select_replace: puts a copy of object, whose key is the same, in the node's place.
  void replace_at(EtsHashNode** at, Term object);
  // After select_delete: shrinks as erts does when the walk ends on an unfixed table.
  void shrink_after_deletions() { try_shrink(nitems_.load(std::memory_order_relaxed)); }
  // The lock of a key's hash, for a table of more than one.
  uint32_t lock_of(uint32_t hvalue) const { return hvalue & (nlocks_ - 1); }
  // Under the whole-table lock: the growing or shrinking a writer of a table of many locks
  // wanted. Nothing for a table of one lock, which resizes as it writes.
  void settle();
  bool wants_resize() const { return pending_resize_.load(std::memory_order_relaxed) != no_resize; }

  // Words erts counts for what this structure holds (segments, segment tables, objects,
  // records of deletions while fixed); the table adds its fixed parts.
  size_t memory_words() const;
  EtsHashStats stats() const;

 private:
  EtsType type_;
  uint32_t keypos_;
  uint32_t nlocks_;
  bool decentralized_;
  bool fixed_ = false;
  uint32_t compressed_keypos_;  // 0 unless compressed
  template <typename T>
  using Vector = std::vector<T, CountingAllocator<T, CountedMemory::ets>>;
  Vector<EtsHashNode*> buckets_;  // nslots of them; the first nactive are in use
  uint32_t nactive_ = 0, szm_ = 0, nslots_ = 0;
  int64_t shrink_limit_ = 0;
  // Counts several writers of a table of many locks change together; relaxed, since only
  // their sum matters and the locks order everything else.
  std::atomic<int64_t> nitems_{0};
  std::array<std::atomic<int64_t>, 64> lock_items_{};  // decentralized counters: items per lock
  Vector<uint32_t> segtabs_;  // sizes of the extended segment tables erts has allocated
  uint32_t nsegs_ = 1;
  std::atomic<size_t> object_words_{0};
  // Where objects were marked deleted while fixed, as erts' fixed-deletion records: a bucket
  // for each run of marks (all_slots after delete_all_objects), which the last unfix purges.
  // Writers of a table of many locks add them together, hence the lock; the count is read
  // without it (memory).
  static constexpr uint32_t all_slots = UINT32_MAX;
  platform::SpinLock fixdel_lock_;
  std::vector<uint32_t> fixdel_slots_;
  std::atomic<size_t> fixdel_records_{0};
  void note_fixed_deletion(uint32_t slot);
  void purge_bucket(uint32_t ix);
  // The item estimate a writer of a table of many locks last wanted a resize for.
  static constexpr int64_t no_resize = INT64_MIN;
  std::atomic<int64_t> pending_resize_{no_resize};

  void reset();
  Term key_of(const EtsHashNode* n) const { return tuple_element(n->object.tuple, keypos_ - 1); }
  bool has_key(const EtsHashNode* n, Term key, uint32_t hv) const;
  bool has_live_key(const EtsHashNode* n, Term key, uint32_t hv) const {
    return !n->pseudo_deleted && has_key(n, key, hv);
  }
  EtsHashNode* new_node(Term object, uint32_t hv);
  void free_node(EtsHashNode* n);
  void add_items(uint32_t hv, int64_t n);
  // A table of one lock has one writer at a time: a plain add, no locked instruction.
  template <typename T>
  void count(std::atomic<T>& counter, T n) {
    if (nlocks_ == 1) counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    else counter.fetch_add(n, std::memory_order_relaxed);
  }
  void want_resize(int64_t estimate);
  int64_t items_estimate(uint32_t hv) const;
  const EtsHashNode* next_live(uint32_t* ix, const EtsHashNode* list) const;
  void grow(int64_t nitems);
  void shrink(int64_t nitems);
  void try_shrink(int64_t nitems);
  void alloc_segment();
  void remove_segment();
  void calc_shrink_limit();
};

}  // namespace ember
