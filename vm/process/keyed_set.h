// A set of entries with unique keys, for a process's links and monitors. Most processes have a
// handful, but a hub (a supervisor, a pool, a registry) can have a hundred thousand, and every
// one of them ends with a lookup and a removal. Entries sit in an array in insertion order
// (iterating them, as a dying process does, walks memory in order); up to `dense_max` are
// searched linearly, and above that an open-addressing index of array positions (linear
// probing, deletion by backward shift) keeps finding, adding and removing O(1) at any size.
// A removal leaves a hole in the array; the array is compacted when holes are half of it.
// The array and the index share one allocation, so an empty set costs three words in every
// process.
//
// An Entry is trivially copyable and provides `using Key`, `Key key() const`,
// `static bool same(const Key&, const Key&)`, `static uint64_t hash(const Key&)` (equal for
// keys that are the same) and `static bool is_empty_key(const Key&)`; a default-constructed
// Entry has an empty key, which marks a hole and is never stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

namespace ember {

template <typename Entry>
class KeyedSet {
  static_assert(std::is_trivially_copyable_v<Entry>);

 public:
  using Key = typename Entry::Key;

  KeyedSet() = default;
  KeyedSet(const KeyedSet&) = delete;
  KeyedSet& operator=(const KeyedSet&) = delete;

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // The bytes of the one allocation behind the set.
  size_t allocated_bytes() const { return size_t(capacity_) * sizeof(Entry) + size_t(index_size_) * sizeof(uint32_t); }

  Entry* find(const Key& key) {
    uint32_t slot = 0;
    uint32_t i = position(key, &slot);
    return i == none ? nullptr : &entries()[i];
  }
  bool contains(const Key& key) { return find(key) != nullptr; }

  // Adds e unless an entry with its key is there already; returns whether it was added.
  bool insert(const Entry& e) {
    if (find(e.key())) return false;
    uint32_t n = count_ + 1;
    bool index_full = n > dense_max && uint64_t(n) * 2 > index_size_;
    if (used_ == capacity_) rebuild(count_ ? count_ * 2 : 2, index_size_for(n));
    else if (index_full) rebuild(capacity_, index_size_for(n));
    entries()[used_++] = e;
    count_ = n;
    if (index_size_) index_insert(used_ - 1);
    return true;
  }

  // Removes the entry with this key, into *out when out is given; false if there is none.
  bool erase(const Key& key, Entry* out = nullptr) {
    uint32_t slot = 0;
    uint32_t i = position(key, &slot);
    if (i == none) return false;
    Entry* es = entries();
    if (out) *out = es[i];
    if (--count_ == 0) {
      clear();
      return true;
    }
    if (!index_size_) {  // small: close the gap, keeping the order
      for (; i + 1 < used_; i++) es[i] = es[i + 1];
      es[--used_] = Entry{};
      return true;
    }
    es[i] = Entry{};
    index_erase(slot);
    while (Entry::is_empty_key(es[used_ - 1].key())) used_--;  // a hole at the end is free space
    if (count_ <= dense_max / 2 || (used_ - count_) * 2 > used_) rebuild(count_ * 2, index_size_for(count_));
    return true;
  }

  void clear() {
    block_.reset();
    used_ = count_ = capacity_ = index_size_ = 0;
  }

  // Visits every entry in insertion order.
  template <typename Fn>
  void for_each(Fn fn) const {
    const Entry* es = entries();
    for (uint32_t i = 0; i < used_; i++)
      if (!Entry::is_empty_key(es[i].key())) fn(es[i]);
  }
  // The same, letting fn change entries; a key may only become one that is the same (the
  // collector moving a boxed key), so that the index stays right.
  template <typename Fn>
  void update_each(Fn fn) {
    Entry* es = entries();
    for (uint32_t i = 0; i < used_; i++)
      if (!Entry::is_empty_key(es[i].key())) fn(es[i]);
  }

 private:
  static constexpr uint32_t dense_max = 8;
  static constexpr uint32_t none = ~uint32_t(0);

  Entry* entries() const { return reinterpret_cast<Entry*>(block_.get()); }
  uint32_t* index() const { return reinterpret_cast<uint32_t*>(block_.get() + size_t(capacity_) * sizeof(Entry)); }
  uint32_t mask() const { return index_size_ - 1; }

  // No index while small; else a power of two at least twice the entries.
  static uint32_t index_size_for(uint32_t n) {
    if (n <= dense_max) return 0;
    uint32_t size = 32;
    while (size < n * 2) size *= 2;
    return size;
  }

  uint32_t home(const Key& key) const {
    // Fibonacci hashing: the top bits of the product are well mixed even for keys (pids,
    // counters) that differ only in a few low bits.
    return uint32_t((Entry::hash(key) * 0x9E3779B97F4A7C15ull) >> 32) & mask();
  }

  // The array position of key's entry (and in *slot its index slot), or none.
  uint32_t position(const Key& key, uint32_t* slot) const {
    if (Entry::is_empty_key(key)) return none;
    const Entry* es = entries();
    if (!index_size_) {
      for (uint32_t i = 0; i < used_; i++)
        if (!Entry::is_empty_key(es[i].key()) && Entry::same(es[i].key(), key)) return i;
      return none;
    }
    const uint32_t* ix = index();
    for (uint32_t k = home(key);; k = (k + 1) & mask()) {
      uint32_t i = ix[k];
      if (i == none || Entry::same(es[i].key(), key)) {
        *slot = k;
        return i;
      }
    }
  }

  void index_insert(uint32_t i) {
    uint32_t* ix = index();
    uint32_t k = home(entries()[i].key());
    while (ix[k] != none) k = (k + 1) & mask();
    ix[k] = i;
  }

  // Backward shift: pulls later slots of the probe run into the hole, so that a lookup never
  // stops early at it.
  void index_erase(uint32_t hole) {
    uint32_t* ix = index();
    const Entry* es = entries();
    for (uint32_t k = (hole + 1) & mask(); ix[k] != none; k = (k + 1) & mask()) {
      uint32_t h = home(es[ix[k]].key());
      bool stays = hole <= k ? (hole < h && h <= k) : (hole < h || h <= k);
      if (stays) continue;
      ix[hole] = ix[k];
      hole = k;
    }
    ix[hole] = none;
  }

  // Moves the entries, without their holes, into a new block of `capacity` entries and an
  // index of `index_size` slots (none if 0), and indexes them.
  void rebuild(uint32_t capacity, uint32_t index_size) {
    std::unique_ptr<std::byte[]> old = std::move(block_);
    const Entry* from = reinterpret_cast<const Entry*>(old.get());
    uint32_t old_used = used_;
    capacity_ = capacity;
    index_size_ = index_size;
    block_.reset(new std::byte[size_t(capacity) * sizeof(Entry) + size_t(index_size) * sizeof(uint32_t)]);
    Entry* to = entries();
    used_ = 0;
    for (uint32_t i = 0; i < old_used; i++)
      if (!Entry::is_empty_key(from[i].key())) to[used_++] = from[i];
    if (!index_size) return;
    uint32_t* ix = index();
    for (uint32_t k = 0; k < index_size; k++) ix[k] = none;
    for (uint32_t i = 0; i < used_; i++) index_insert(i);
  }

  std::unique_ptr<std::byte[]> block_;  // capacity_ entries, then index_size_ positions
  uint32_t used_ = 0;        // entries and holes, in insertion order; the rest is unset
  uint32_t count_ = 0;       // entries
  uint32_t capacity_ = 0;
  uint32_t index_size_ = 0;  // 0 while small; else a power of two
};

}  // namespace ember
