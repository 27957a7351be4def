// A set of entries with unique keys, for a process's links and monitors. Most processes have a
// handful, but a hub (a supervisor, a pool, a registry) can have a hundred thousand, and every
// one of them ends with a lookup and a removal. Entries sit in an array in insertion order
// (iterating them, as a dying process does, walks memory in order); up to `dense_max` are
// searched linearly, and above that an open-addressing index of array positions (linear
// probing, deletion by backward shift) keeps finding, adding and removing O(1) at any size.
// A removal leaves a hole in the array; the array is compacted when holes are half of it.
//
// An Entry provides `using Key`, `Key key() const`, `static uint64_t hash(const Key&)` and
// `static bool is_empty_key(const Key&)`; a default-constructed Entry has an empty key, which
// marks a hole and is never stored.
#pragma once

#include <cstdint>
#include <memory>

namespace ember {

template <typename Entry>
class KeyedSet {
 public:
  using Key = typename Entry::Key;

  KeyedSet() = default;
  KeyedSet(const KeyedSet&) = delete;
  KeyedSet& operator=(const KeyedSet&) = delete;

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  Entry* find(const Key& key) {
    uint32_t slot = 0;
    uint32_t i = position(key, &slot);
    return i == none ? nullptr : &entries_[i];
  }
  bool contains(const Key& key) { return find(key) != nullptr; }

  // Adds e unless an entry with its key is there already; returns whether it was added.
  bool insert(const Entry& e) {
    if (find(e.key())) return false;
    if (used_ == capacity_) {
      if ((used_ - count_) * 4 > used_) compact();
      if (used_ == capacity_) reallocate(capacity_ ? capacity_ * 2 : 2);
    }
    entries_[used_++] = e;
    count_++;
    if (index_ && count_ * 2 <= index_mask_ + 1) index_insert(used_ - 1);
    else if (count_ > dense_max) rebuild_index();
    return true;
  }

  // Removes the entry with this key, into *out when out is given; false if there is none.
  bool erase(const Key& key, Entry* out = nullptr) {
    uint32_t slot = 0;
    uint32_t i = position(key, &slot);
    if (i == none) return false;
    if (out) *out = entries_[i];
    count_--;
    if (count_ == 0) {
      clear();
      return true;
    }
    if (!index_) {  // small: close the gap, keeping the order
      for (; i + 1 < used_; i++) entries_[i] = entries_[i + 1];
      entries_[--used_] = Entry{};
      return true;
    }
    entries_[i] = Entry{};
    index_erase(slot);
    while (Entry::is_empty_key(entries_[used_ - 1].key())) used_--;  // a hole at the end is free space
    if (count_ <= dense_max / 2 || (used_ - count_) * 2 > used_) compact();
    return true;
  }

  void clear() {
    entries_.reset();
    index_.reset();
    used_ = count_ = capacity_ = index_mask_ = 0;
  }

  // Visits every entry in insertion order.
  template <typename Fn>
  void for_each(Fn fn) const {
    for (uint32_t i = 0; i < used_; i++)
      if (!Entry::is_empty_key(entries_[i].key())) fn(entries_[i]);
  }

 private:
  static constexpr uint32_t dense_max = 8;
  static constexpr uint32_t none = ~uint32_t(0);

  uint32_t home(const Key& key) const {
    // Fibonacci hashing: the top bits of the product are well mixed even for keys (pids,
    // counters) that differ only in a few low bits.
    return uint32_t((Entry::hash(key) * 0x9E3779B97F4A7C15ull) >> 32) & index_mask_;
  }

  // The array position of key's entry (and in *slot its index slot), or none.
  uint32_t position(const Key& key, uint32_t* slot) const {
    if (Entry::is_empty_key(key)) return none;
    if (!index_) {
      for (uint32_t i = 0; i < used_; i++)
        if (entries_[i].key() == key) return i;
      return none;
    }
    for (uint32_t k = home(key);; k = (k + 1) & index_mask_) {
      uint32_t i = index_[k];
      if (i == none || entries_[i].key() == key) {
        *slot = k;
        return i;
      }
    }
  }

  void index_insert(uint32_t i) {
    uint32_t k = home(entries_[i].key());
    while (index_[k] != none) k = (k + 1) & index_mask_;
    index_[k] = i;
  }

  // Backward shift: pulls later slots of the probe run into the hole, so that a lookup never
  // stops early at it.
  void index_erase(uint32_t hole) {
    for (uint32_t k = (hole + 1) & index_mask_; index_[k] != none; k = (k + 1) & index_mask_) {
      uint32_t h = home(entries_[index_[k]].key());
      bool stays = hole <= k ? (hole < h && h <= k) : (hole < h || h <= k);
      if (stays) continue;
      index_[hole] = index_[k];
      hole = k;
    }
    index_[hole] = none;
  }

  // An index with at least twice as many slots as entries; none while the set is small.
  void rebuild_index() {
    index_.reset();
    index_mask_ = 0;
    if (count_ <= dense_max) return;
    uint32_t capacity = 32;
    while (capacity < count_ * 2) capacity *= 2;
    index_.reset(new uint32_t[capacity]);
    index_mask_ = capacity - 1;
    for (uint32_t k = 0; k < capacity; k++) index_[k] = none;
    for (uint32_t i = 0; i < used_; i++)
      if (!Entry::is_empty_key(entries_[i].key())) index_insert(i);
  }

  // Closes the holes in a right-sized array, and re-indexes.
  void compact() {
    std::unique_ptr<Entry[]> old = std::move(entries_);
    uint32_t old_used = used_;
    capacity_ = count_ < 2 ? 2 : count_ * 2;
    entries_.reset(new Entry[capacity_]);
    used_ = 0;
    for (uint32_t i = 0; i < old_used; i++)
      if (!Entry::is_empty_key(old[i].key())) entries_[used_++] = old[i];
    rebuild_index();
  }

  void reallocate(uint32_t capacity) {
    std::unique_ptr<Entry[]> bigger(new Entry[capacity]);
    for (uint32_t i = 0; i < used_; i++) bigger[i] = entries_[i];
    entries_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<Entry[]> entries_;  // [0, used_): entries and holes, in insertion order
  std::unique_ptr<uint32_t[]> index_;  // positions in entries_, or none; null while small
  uint32_t used_ = 0;
  uint32_t count_ = 0;
  uint32_t capacity_ = 0;
  uint32_t index_mask_ = 0;
};

}  // namespace ember
