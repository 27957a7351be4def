// The prim_buffer NIF library: a byte queue that prim_file (read-ahead, read_line) and the
// inet code keep their unread bytes in. The queue holds the written binaries themselves (their
// shared storage, or a copy of the small ones), so peek_head hands back the first of them
// without copying, as erts' ioq does.
#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>

#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/iolist.h"
#include "vm/term/resource.h"

namespace ember {
namespace {

struct Chunk {
  SharedBinary* bytes;  // one reference held by the queue
  size_t offset;
  size_t size;
};

struct PrimBuffer final : Resource {
  std::mutex lock;
  std::deque<Chunk> chunks;
  uint64_t size = 0;
  std::atomic<bool> external_lock{false};

  ~PrimBuffer() override {
    for (Chunk& c : chunks) c.bytes->release();
  }

  void push(Term bin) {
    Bits bits = bitstring_bits(bin);
    size_t n = size_t(bits.bit_size / 8);
    if (n == 0) return;
    Term underlying = is_sub_bin(bin) ? boxed_ptr(bin)[3] : bin;
    if (is_refc_bin(underlying) && n > heap_bin_limit && bits.byte_aligned()) {
      SharedBinary* shared = refc_bin_shared(underlying);
      shared->retain();
      chunks.push_back({shared, size_t(bits.aligned_bytes() - shared->data()), n});
    } else {
      SharedBinary* copy = SharedBinary::create(n, n);
      std::string bytes;
      append_binary_bytes(bytes, bin);
      std::memcpy(copy->data(), bytes.data(), n);
      chunks.push_back({copy, 0, n});
    }
    size += n;
  }

  void drop(uint64_t n) {
    size -= n;
    while (n > 0) {
      Chunk& c = chunks.front();
      size_t take = size_t(std::min<uint64_t>(n, c.size));
      c.offset += take;
      c.size -= take;
      n -= take;
      if (c.size == 0) {
        c.bytes->release();
        chunks.pop_front();
      }
    }
  }

  void copy_out(uint8_t* out, uint64_t n) const {
    for (const Chunk& c : chunks) {
      if (n == 0) break;
      size_t take = size_t(std::min<uint64_t>(n, c.size));
      std::memcpy(out, c.bytes->data() + c.offset, take);
      out += take;
      n -= take;
    }
  }
};

bool get_uint64(Term t, uint64_t* out) {
  if (!is_small(t) || small_value(t) < 0) return false;
  *out = uint64_t(small_value(t));
  return true;
}

// The queue a buffer reference names, if it holds one. An empty buffer holds none: new/0 makes
// a reference alone, a write attaches a queue to it and emptying the queue detaches it again,
// so that buffers no one reads (every raw file has one) take no memory.
std::shared_ptr<PrimBuffer> queue_of(Term t) { return resource_get<PrimBuffer>(t); }

std::shared_ptr<PrimBuffer> attach_queue(Process* p, Term t) {
  if (auto b = queue_of(t)) return b;
  return std::static_pointer_cast<PrimBuffer>(resource_attach(t, p->pid, std::make_shared<PrimBuffer>()));
}

// After taking bytes out (with the queue's lock held): an empty, unlocked queue goes.
void detach_if_empty(PrimBuffer& b, Term t) {
  if (b.size == 0 && !b.external_lock.load(std::memory_order_relaxed)) resource_release(t);
}

bool is_buffer(Term t) { return resource_is(t, resource_buffer); }

}  // namespace

Term prim_buffer_new_0(Process* p, Term*) {
  ProcessHeap heap(p);
  return resource_ref(heap, resource_buffer);
}

Term prim_buffer_size_1(Process* p, Term* a) {
  if (!is_buffer(a[0])) return badarg(p);
  auto b = queue_of(a[0]);
  if (!b) return make_small(0);
  std::lock_guard guard(b->lock);
  ProcessHeap heap(p);
  return make_unsigned(heap, b->size);
}

Term prim_buffer_copying_read_2(Process* p, Term* a) {
  uint64_t n;
  if (!is_buffer(a[0]) || !get_uint64(a[1], &n)) return badarg(p);
  ProcessHeap heap(p);
  uint8_t* data;
  auto b = queue_of(a[0]);
  if (!b) return n == 0 ? new_binary(heap, 0, &data) : badarg(p);
  std::lock_guard guard(b->lock);
  if (b->size < n) return badarg(p);
  Term result = new_binary(heap, size_t(n), &data);
  b->copy_out(data, n);
  b->drop(n);
  detach_if_empty(*b, a[0]);
  return result;
}

Term prim_buffer_write_2(Process* p, Term* a) {
  if (!is_buffer(a[0])) return badarg(p);
  Term list = a[1];
  bool bytes = false;
  // As erts' iovec reading: a bitstring shorter than a byte is an empty element.
  for (; is_list(list); list = tail(list)) {
    Term e = head(list);
    if (!is_binary(e) && !(is_bitstring(e) && bitstring_bit_size(e) < 8)) return badarg(p);
    bytes = bytes || bitstring_bit_size(e) >= 8;
  }
  if (list != NIL) return badarg(p);
  if (!bytes) return atoms::ok;
  auto b = attach_queue(p, a[0]);
  std::lock_guard guard(b->lock);
  for (list = a[1]; is_list(list); list = tail(list))
    if (is_binary(head(list))) b->push(head(list));
  return atoms::ok;
}

Term prim_buffer_peek_head_1(Process* p, Term* a) {
  if (!is_buffer(a[0])) return badarg(p);
  auto b = queue_of(a[0]);
  if (!b) return badarg(p);
  std::lock_guard guard(b->lock);
  if (b->chunks.empty()) return badarg(p);
  const Chunk& c = b->chunks.front();
  ProcessHeap heap(p);
  c.bytes->retain();
  Word* w = heap.alloc(refc_bin_words);
  w[0] = make_header(Subtag::refc_bin, refc_bin_words - 1);
  w[1] = c.bytes->size;
  w[2] = Word(uintptr_t(c.bytes));
  heap.off_heap().push(w);
  Term whole = make_boxed(w);
  if (c.offset == 0 && c.size == c.bytes->size) return whole;
  return make_sub_binary(heap, whole, uint64_t(c.offset) * 8, uint64_t(c.size) * 8);
}

Term prim_buffer_skip_2(Process* p, Term* a) {
  uint64_t n;
  if (!is_buffer(a[0]) || !get_uint64(a[1], &n)) return badarg(p);
  auto b = queue_of(a[0]);
  if (!b) return n == 0 ? atoms::ok : badarg(p);
  std::lock_guard guard(b->lock);
  if (b->size < n) return badarg(p);
  b->drop(n);
  detach_if_empty(*b, a[0]);
  return atoms::ok;
}

Term prim_buffer_find_byte_index_2(Process* p, Term* a) {
  if (!is_buffer(a[0]) || !is_small(a[1])) return badarg(p);
  int64_t needle = small_value(a[1]);
  if (needle < 0 || needle > 255) return badarg(p);
  auto b = queue_of(a[0]);
  if (!b) return atom_put("not_found");
  std::lock_guard guard(b->lock);
  uint64_t offset = 0;
  for (const Chunk& c : b->chunks) {
    const uint8_t* start = c.bytes->data() + c.offset;
    if (const void* hit = std::memchr(start, int(needle), c.size)) {
      ProcessHeap heap(p);
      return tuple(heap, atoms::ok, make_unsigned(heap, offset + uint64_t(static_cast<const uint8_t*>(hit) - start)));
    }
    offset += c.size;
  }
  return atom_put("not_found");
}

Term prim_buffer_try_lock_1(Process* p, Term* a) {
  if (!is_buffer(a[0])) return badarg(p);
  auto b = attach_queue(p, a[0]);
  bool expected = false;
  // A lock: taking it acquires what the last holder released.
  return b->external_lock.compare_exchange_strong(expected, true, std::memory_order_acquire, std::memory_order_relaxed)
             ? atom_put("acquired")
             : atom_put("busy");
}

Term prim_buffer_unlock_1(Process* p, Term* a) {
  if (!is_buffer(a[0])) return badarg(p);
  auto b = queue_of(a[0]);
  bool expected = true;
  if (!b || !b->external_lock.compare_exchange_strong(expected, false, std::memory_order_release, std::memory_order_relaxed))
    return raise_error(p, atom_put("lock_order_violation"));
  std::lock_guard guard(b->lock);
  detach_if_empty(*b, a[0]);
  return atoms::ok;
}

}  // namespace ember
