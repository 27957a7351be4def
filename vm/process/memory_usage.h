// What erlang:memory/0,1 reports: the memory ember holds, in bytes, by what holds it. total is
// what the C heap has handed out to ember (it is the one allocator ember uses), processes the
// part of it that processes hold, system the rest; atom, binary, code and ets are parts of
// system. Most figures are added up when asked, walking the process table, the atom table and
// the module table; binaries and ETS objects come and go too often and in too great numbers
// to walk, so they are counted as they are allocated and freed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

namespace ember {

struct MemoryUsage {
  uint64_t total;
  uint64_t processes;
  uint64_t processes_used;
  uint64_t system;
  uint64_t atom;
  uint64_t atom_used;
  uint64_t binary;
  uint64_t code;
  uint64_t ets;
};

MemoryUsage memory_usage();

// The kinds of memory counted at allocation and release.
enum class CountedMemory : uint8_t { binary, ets };

namespace memory_counters {
inline std::atomic<int64_t> bytes[2];
}

inline void memory_allocated(CountedMemory kind, size_t bytes) {
  memory_counters::bytes[size_t(kind)].fetch_add(int64_t(bytes), std::memory_order_relaxed);
}
inline void memory_freed(CountedMemory kind, size_t bytes) {
  memory_counters::bytes[size_t(kind)].fetch_sub(int64_t(bytes), std::memory_order_relaxed);
}
inline uint64_t memory_counted(CountedMemory kind) {
  int64_t n = memory_counters::bytes[size_t(kind)].load(std::memory_order_relaxed);
  return n < 0 ? 0 : uint64_t(n);
}

// An allocator for standard containers whose nodes count as `kind` (ETS tables' trees).
template <typename T, CountedMemory kind>
struct CountingAllocator {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = CountingAllocator<U, kind>;
  };
  CountingAllocator() = default;
  template <typename U>
  CountingAllocator(const CountingAllocator<U, kind>&) {}

  T* allocate(size_t n) {
    memory_allocated(kind, n * sizeof(T));
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) {
    memory_freed(kind, n * sizeof(T));
    ::operator delete(p);
  }
  template <typename U>
  bool operator==(const CountingAllocator<U, kind>&) const { return true; }
};

// A base for objects that count as `kind` when allocated with new.
template <CountedMemory kind>
struct CountedAllocation {
  static void* operator new(size_t size) {
    memory_allocated(kind, size);
    return ::operator new(size);
  }
  static void operator delete(void* p, size_t size) {
    memory_freed(kind, size);
    ::operator delete(p);
  }
};

}  // namespace ember
