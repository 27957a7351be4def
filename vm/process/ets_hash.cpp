#include "vm/process/ets_hash.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <mutex>

#include "vm/term/atom.h"
#include "vm/term/compare.h"
#include "vm/term/copy.h"
#include "vm/term/hash.h"
#include "vm/term/hash_mix.h"

namespace ember {
namespace {

// erts' sizes: a first segment of 256 slots, then segments of 2048; the segment table grows
// from 1 entry to 256, then by 128.
constexpr uint32_t first_segment = 256;
constexpr uint32_t ext_segment = 2048;
constexpr uint32_t segtab_second = 256;
constexpr uint32_t segtab_increment = 128;
// Words of an extended segment table besides its entries.
constexpr size_t segtab_header_words = 6;
// The words around each stored tuple (chain link, hash, deletion mark, term header).
constexpr size_t node_words = 4;
// A record of a slot with deletions made while fixed.
constexpr size_t fixdel_words = 2;
// Per-lock counters decide growth of a table with decentralized counters: the first 64 locks.
constexpr uint32_t counted_locks = 64;
// Growth and shrinking move at most this many buckets per operation.
constexpr int resize_steps = 5;

uint32_t segment_index(uint32_t slot) { return (slot + (ext_segment - first_segment)) / ext_segment; }

}  // namespace

uint32_t ets_key_hash(Term key) {
  // erts caches an atom's hash in its atom-table entry: the hash of its text.
  if (is_atom(key)) return hash_mix::atom_text_hash(atom_text(key));
  return map_hash(key, 0);
}

EtsHash::EtsHash(EtsType type, uint32_t keypos, uint32_t nlocks, bool decentralized_counters,
                 bool compressed)
    : type_(type),
      keypos_(keypos),
      nlocks_(nlocks),
      decentralized_(decentralized_counters),
      compressed_keypos_(compressed ? keypos : 0) {
  reset();
}

EtsHash::~EtsHash() {
  for (EtsHashNode* head : buckets_)
    while (head) {
      EtsHashNode* next = head->next;
      delete head;
      head = next;
    }
}

void EtsHash::reset() {
  for (EtsHashNode*& head : buckets_)
    while (head) {
      EtsHashNode* next = head->next;
      delete head;
      head = next;
    }
  buckets_.assign(first_segment, nullptr);
  nslots_ = nactive_ = first_segment;
  szm_ = first_segment - 1;
  nsegs_ = 1;
  segtabs_.clear();
  shrink_limit_ = 0;
  nitems_.store(0, std::memory_order_relaxed);
  for (auto& n : lock_items_) n.store(0, std::memory_order_relaxed);
  object_words_.store(0, std::memory_order_relaxed);
  fixdel_slots_.clear();
  fixdel_records_.store(0, std::memory_order_relaxed);
  pending_resize_.store(no_resize, std::memory_order_relaxed);
  // A table of many locks has at least as many slots as locks.
  while (nlocks_ > nslots_) {
    alloc_segment();
    nactive_ = nslots_;
    uint32_t floor_pow2 = std::bit_floor(nactive_);
    szm_ = floor_pow2 == nactive_ ? floor_pow2 - 1 : (floor_pow2 << 1) - 1;
  }
}

bool EtsHash::has_key(const EtsHashNode* n, Term key, uint32_t hv) const {
  return n->hvalue == hv && eq_exact(key, key_of(n));
}

uint32_t EtsHash::slot_of(uint32_t hv) const {
  uint32_t ix = hv & szm_;
  if (ix >= nactive_) ix &= szm_ >> 1;
  return ix;
}

uint32_t EtsHash::next_slot(uint32_t ix) const {
  ix += nlocks_;
  if (ix < nactive_) return ix;
  return (ix + 1) & (nlocks_ - 1);
}

EtsHashNode* EtsHash::new_node(Term object, uint32_t hv) {
  auto* n = new EtsHashNode;
  n->object = ets_stored_copy(object, compressed_keypos_);
  n->hvalue = hv;
  count(object_words_, n->object.words());
  return n;
}

void EtsHash::free_node(EtsHashNode* n) {
  count(object_words_, size_t(0) - n->object.words());
  delete n;
}

void EtsHash::add_items(uint32_t hv, int64_t n) {
  count(nitems_, n);
  if (decentralized_) count(lock_items_[hv % counted_locks], n);
}

// Decentralized counters estimate the size from the counter of the key's lock.
int64_t EtsHash::items_estimate(uint32_t hv) const {
  return decentralized_ ? lock_items_[hv % counted_locks].load(std::memory_order_relaxed) * counted_locks
                        : nitems_.load(std::memory_order_relaxed);
}

// ---- writing -------------------------------------------------------------------------------

bool EtsHash::put(Term object, bool fail_on_clash) {
  Term key = tuple_element(object, keypos_ - 1);
  uint32_t hv = ets_key_hash(key);
  EtsHashNode** bp = &buckets_[slot_of(hv)];
  EtsHashNode* b = *bp;
  while (b && !has_key(b, key, hv)) {
    bp = &b->next;
    b = b->next;
  }
  if (b) {
    if (type_ == EtsType::set) {
      if (b->pseudo_deleted) {
        add_items(hv, 1);
        b->pseudo_deleted = false;
      } else if (fail_on_clash) {
        return false;
      }
      EtsObject copy = ets_stored_copy(object, compressed_keypos_);  // may share the old storage
      count(object_words_, copy.words() - b->object.words());
      b->object = std::move(copy);
      return true;
    }
    if (fail_on_clash) {
      for (EtsHashNode* q = b; q && has_key(q, key, hv); q = q->next)
        if (!q->pseudo_deleted) return false;
    } else if (type_ == EtsType::bag) {
      EtsHashNode** qp = bp;
      for (EtsHashNode* q = b; q && has_key(q, key, hv); qp = &q->next, q = q->next) {
        if (!eq_exact(q->object.tuple, object)) continue;
        if (q->pseudo_deleted) {
          add_items(hv, 1);
          q->pseudo_deleted = false;
          if (q != b) {  // back to the head of its key, where a new object would go
            *qp = q->next;
            q->next = b;
            *bp = q;
          }
        }
        return true;
      }
    }
  }
  // A new key joins the end of the chain; another object of a bag's key goes before the
  // key's first.
  EtsHashNode* q = new_node(object, hv);
  q->next = b;
  *bp = q;
  add_items(hv, 1);
  int64_t estimate = items_estimate(hv);
  if (estimate > int64_t(nactive_) && !fixed_) want_resize(estimate);  // grows
  return true;
}

bool EtsHash::erase_key(Term key) {
  uint32_t hv = ets_key_hash(key);
  EtsHashNode** bp = &buckets_[slot_of(hv)];
  EtsHashNode* b = *bp;
  int64_t removed = 0;
  while (b) {
    if (has_live_key(b, key, hv)) {
      // While fixed, the first object of the key keeps its place (marked); the rest go.
      if (++removed == 1 && fixed_) {
        b->pseudo_deleted = true;
        note_fixed_deletion(slot_of(hv));
      } else {
        *bp = b->next;
        free_node(b);
        b = *bp;
        continue;
      }
    } else if (removed && !b->pseudo_deleted) {
      break;
    }
    bp = &b->next;
    b = b->next;
  }
  if (removed == 0) return false;
  add_items(hv, -removed);
  if (int64_t estimate = items_estimate(hv); estimate < shrink_limit_) want_resize(estimate);
  return true;
}

void EtsHash::erase_object(Term object) {
  Term key = tuple_element(object, keypos_ - 1);
  uint32_t hv = ets_key_hash(key);
  EtsHashNode** bp = &buckets_[slot_of(hv)];
  EtsHashNode* b = *bp;
  int64_t removed = 0;
  int nkeys = 0;
  while (b) {
    if (has_live_key(b, key, hv)) {
      ++nkeys;
      if (eq_exact(object, b->object.tuple)) {
        ++removed;
        if (nkeys == 1 && fixed_) {
          b->pseudo_deleted = true;
          note_fixed_deletion(slot_of(hv));
          bp = &b->next;
          b = b->next;
        } else {
          *bp = b->next;
          free_node(b);
          b = *bp;
        }
        if (type_ == EtsType::duplicate_bag) continue;
        break;
      }
    } else if (removed && !b->pseudo_deleted) {
      break;
    }
    bp = &b->next;
    b = b->next;
  }
  if (removed == 0) return;
  add_items(hv, -removed);
  if (int64_t estimate = items_estimate(hv); estimate < shrink_limit_) want_resize(estimate);
}

std::vector<EtsObject> EtsHash::take(Term key) {
  uint32_t hv = ets_key_hash(key);
  std::vector<EtsObject> taken;
  EtsHashNode** bp = &buckets_[slot_of(hv)];
  EtsHashNode* b = *bp;
  while (b && !has_live_key(b, key, hv)) {
    bp = &b->next;
    b = b->next;
  }
  if (!b) return taken;
  EtsHashNode* end = b->next;
  if (type_ != EtsType::set)
    while (end && has_key(end, key, hv)) end = end->next;
  // erts counts every node of the key's run as removed, marked ones included.
  int64_t removed = 0;
  while (b != end) {
    if (!b->pseudo_deleted) taken.push_back({nullptr, b->object.tuple});
    if (++removed == 1 && fixed_) {
      b->pseudo_deleted = true;
      note_fixed_deletion(slot_of(hv));
      bp = &b->next;
      b = b->next;
    } else {
      *bp = b->next;
      count(object_words_, size_t(0) - b->object.words());
      if (!b->pseudo_deleted) taken.back().storage = std::move(b->object.storage);
      delete b;
      b = *bp;
    }
  }
  std::reverse(taken.begin(), taken.end());
  add_items(hv, -removed);
  if (int64_t estimate = items_estimate(hv); estimate < shrink_limit_) want_resize(estimate);
  return taken;
}

void EtsHash::clear() {
  if (!fixed_) return reset();
  for (uint32_t ix = 0; ix < nactive_; ix++)
    for (EtsHashNode* b = buckets_[ix]; b; b = b->next) b->pseudo_deleted = true;
  note_fixed_deletion(all_slots);
  nitems_.store(0, std::memory_order_relaxed);  // erts resets the table's count only, not the per-lock counters
}

void EtsHash::set_fixed(bool fixed) {
  if (fixed_ == fixed) return;
  fixed_ = fixed;
  if (fixed) return;
  // Only the buckets with marks are visited: a walk that fixed a table of millions for a
  // select need not visit them all again as it ends.
  if (std::find(fixdel_slots_.begin(), fixdel_slots_.end(), all_slots) != fixdel_slots_.end()) {
    for (uint32_t ix = 0; ix < nactive_; ix++) purge_bucket(ix);
  } else {
    for (uint32_t ix : fixdel_slots_) purge_bucket(ix);
  }
  fixdel_slots_.clear();
  fixdel_records_.store(0, std::memory_order_relaxed);
}

void EtsHash::purge_bucket(uint32_t ix) {
  EtsHashNode** bp = &buckets_[ix];
  while (EtsHashNode* b = *bp) {
    if (!b->pseudo_deleted) {
      bp = &b->next;
      continue;
    }
    *bp = b->next;
    free_node(b);
  }
}

void EtsHash::note_fixed_deletion(uint32_t slot) {
  std::lock_guard guard(fixdel_lock_);
  fixdel_slots_.push_back(slot);
  count(fixdel_records_, size_t(1));
}

// ---- reading -------------------------------------------------------------------------------

const EtsHashNode* EtsHash::find(Term key) const {
  uint32_t hv = ets_key_hash(key);
  for (const EtsHashNode* b = buckets_[slot_of(hv)]; b; b = b->next)
    if (has_live_key(b, key, hv)) return b;
  return nullptr;
}

bool EtsHash::member(Term key) const { return find(key) != nullptr; }

std::vector<Term> EtsHash::lookup(Term key) const {
  std::vector<Term> objects;
  const EtsHashNode* b = find(key);
  if (!b) return objects;
  uint32_t hv = b->hvalue;
  objects.push_back(b->object.tuple);
  if (type_ != EtsType::set)
    for (b = b->next; b && has_key(b, key, hv); b = b->next)
      if (!b->pseudo_deleted) objects.push_back(b->object.tuple);
  std::reverse(objects.begin(), objects.end());
  return objects;
}

const EtsHashNode* EtsHash::next_live(uint32_t* ix, const EtsHashNode* list) const {
  for (; list; list = list->next)
    if (!list->pseudo_deleted) return list;
  uint32_t i = *ix;
  while ((i = next_slot(i)) != 0)
    for (list = buckets_[i]; list; list = list->next)
      if (!list->pseudo_deleted) {
        *ix = i;
        return list;
      }
  return nullptr;
}

Term EtsHash::first_key() const {
  uint32_t ix = 0;
  const EtsHashNode* b = next_live(&ix, buckets_[0]);
  return b ? key_of(b) : THE_NON_VALUE;
}

Term EtsHash::next_key(Term key, bool* found) const {
  uint32_t hv = ets_key_hash(key);
  uint32_t ix = slot_of(hv);
  const EtsHashNode* b = buckets_[ix];
  while (b && !has_key(b, key, hv)) b = b->next;
  *found = b != nullptr;
  if (!b) return THE_NON_VALUE;
  b = next_live(&ix, b->next);
  if (type_ != EtsType::set)
    while (b && has_key(b, key, hv)) b = next_live(&ix, b->next);
  return b ? key_of(b) : THE_NON_VALUE;
}

// ---- select_delete and select_replace ------------------------------------------------------

EtsHashNode** EtsHash::delete_at(EtsHashNode** at, uint32_t slot, bool pseudo, uint32_t* last_slot) {
  EtsHashNode* b = *at;
  add_items(b->hvalue, -1);
  if (pseudo) {
    if (slot != *last_slot) {
      note_fixed_deletion(slot);
      *last_slot = slot;
    }
    b->pseudo_deleted = true;
    return &b->next;
  }
  *at = b->next;
  free_node(b);
  return at;
}

void EtsHash::replace_at(EtsHashNode** at, Term object) {
  EtsHashNode* old = *at;
  EtsHashNode* n = new_node(object, old->hvalue);
  n->next = old->next;
  *at = n;
  free_node(old);
}

// ---- growing and shrinking -----------------------------------------------------------------

void EtsHash::calc_shrink_limit() {
  // With decentralized counters the estimate is trusted from 100 slots per counted lock.
  bool enough_samples = !decentralized_ || nslots_ >= 100 * counted_locks;
  uint32_t needed = std::max(nlocks_ + ext_segment, first_segment + 2 * ext_segment);
  shrink_limit_ = enough_samples && nslots_ >= needed ? (int64_t(nslots_) - ext_segment) / 2 : 0;
}

void EtsHash::alloc_segment() {
  uint32_t seg_ix = segment_index(nslots_);
  if (seg_ix == nsegs_) {
    uint32_t size = seg_ix == 1 ? segtab_second : seg_ix + segtab_increment;
    segtabs_.push_back(size);
    nsegs_ = size;
  }
  nslots_ += ext_segment;
  buckets_.resize(nslots_, nullptr);
  calc_shrink_limit();
}

void EtsHash::remove_segment() {
  uint32_t seg_ix = segment_index(nslots_) - 1;
  uint32_t previous = segtabs_.size() > 1 ? segtabs_[segtabs_.size() - 2] : 1;
  if (!segtabs_.empty() && seg_ix == previous) {
    segtabs_.pop_back();
    nsegs_ = previous;
  }
  nslots_ -= seg_ix == 0 ? first_segment : ext_segment;
  buckets_.resize(nslots_);
  calc_shrink_limit();
}

void EtsHash::grow(int64_t nitems) {
  int steps = resize_steps;
  do {
    if (nitems <= int64_t(nactive_) || fixed_) return;
    if (nactive_ == nslots_) alloc_segment();
    uint32_t szm = szm_;
    uint32_t from_ix;
    if (nactive_ <= szm) {
      from_ix = nactive_ & (szm >> 1);
    } else {
      from_ix = 0;
      szm = (szm << 1) | 1;
    }
    uint32_t to_ix = nactive_++;
    if (from_ix == 0) szm_ = szm;
    // Split the chain, each part keeping its order.
    EtsHashNode* p = buckets_[from_ix];
    EtsHashNode** stay = &buckets_[from_ix];
    EtsHashNode** move = &buckets_[to_ix];
    while (p) {
      EtsHashNode* next = p->next;
      if (p->pseudo_deleted) {
        free_node(p);
      } else if ((p->hvalue & szm) != from_ix) {
        *move = p;
        move = &p->next;
      } else {
        *stay = p;
        stay = &p->next;
      }
      p = next;
    }
    *stay = nullptr;
    *move = nullptr;
  } while (--steps && nitems > int64_t(nactive_));
}

// A writer wants to grow (estimate above nactive) or shrink (below the shrink limit, which is
// below nactive): settle tells which by the same comparison.
void EtsHash::want_resize(int64_t estimate) {
  if (fixed_) return;
  if (nlocks_ > 1) return pending_resize_.store(estimate, std::memory_order_relaxed);
  if (estimate > int64_t(nactive_)) grow(estimate);
  else try_shrink(estimate);
}

void EtsHash::settle() {
  if (!wants_resize()) return;  // a load, where the exchange would be a locked instruction
  int64_t estimate = pending_resize_.exchange(no_resize, std::memory_order_relaxed);
  if (estimate == no_resize) return;
  if (estimate > int64_t(nactive_)) grow(estimate);
  else try_shrink(estimate);
}

void EtsHash::try_shrink(int64_t nitems) {
  if (nitems < shrink_limit_ && !fixed_) shrink(nitems);
}

void EtsHash::shrink(int64_t nitems) {
  int steps = resize_steps;
  do {
    // The floor matters only when the count went below zero, which erts' counting allows
    // (a take of a key whose run holds objects deleted while fixed counts them twice): the
    // shrink limit never stops such a count, and joining past the first segment, or below
    // one bucket per lock, would break the table.
    if (!(nitems < shrink_limit_) || fixed_ || nactive_ <= std::max(first_segment, nlocks_)) return;
    uint32_t src_ix = nactive_ - 1;
    uint32_t low_szm = szm_ >> 1;
    uint32_t dst_ix = src_ix & low_szm;
    EtsHashNode* src = buckets_[src_ix];
    buckets_[src_ix] = nullptr;
    nactive_ = src_ix;
    if (dst_ix == 0) szm_ = low_szm;
    if (nslots_ - src_ix >= ext_segment) remove_segment();
    // The joined chain is the top bucket's, then the partner's.
    if (src) {
      EtsHashNode* tail = buckets_[dst_ix];
      EtsHashNode** bp = &buckets_[dst_ix];
      *bp = src;
      while (EtsHashNode* b = *bp) {
        if (b->pseudo_deleted) {
          *bp = b->next;
          free_node(b);
        } else {
          bp = &b->next;
        }
      }
      *bp = tail;
    }
  } while (--steps && nitems < shrink_limit_);
}

// ---- information ---------------------------------------------------------------------------

size_t EtsHash::memory_words() const {
  size_t words = first_segment + size_t(nslots_ - first_segment);
  for (uint32_t size : segtabs_) words += segtab_header_words + size;
  size_t nodes = 0;
  for (uint32_t ix = 0; ix < nactive_; ix++)
    for (const EtsHashNode* b = buckets_[ix]; b; b = b->next) ++nodes;
  return words + object_words_.load(std::memory_order_relaxed) + nodes * node_words +
         fixdel_records_.load(std::memory_order_relaxed) * fixdel_words;
}

EtsHashStats EtsHash::stats() const {
  EtsHashStats s{};
  s.nactive = nactive_;
  s.nlocks = nlocks_;
  s.min_chain_len = INT_MAX;
  int sum = 0, sq_sum = 0;
  uint32_t ix = 0;
  do {
    int len = 0;
    for (const EtsHashNode* b = buckets_[ix]; b; b = b->next) {
      len++;
      if (b->pseudo_deleted) ++s.kept_items;
    }
    sum += len;
    sq_sum += len * len;
    s.min_chain_len = std::min(s.min_chain_len, len);
    s.max_chain_len = std::max(s.max_chain_len, len);
    ix = next_slot(ix);
  } while (ix);
  // Single precision, as erts computes them.
  s.avg_chain_len = float(sum) / float(nactive_);
  s.std_dev_chain_len =
      float(std::sqrt(double((float(sq_sum) - s.avg_chain_len * float(sum)) / float(nactive_))));
  s.std_dev_expected = float(std::sqrt(double(s.avg_chain_len) * (1 - 1.0 / nactive_)));
  return s;
}

}  // namespace ember
