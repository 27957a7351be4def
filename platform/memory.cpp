#include "platform/memory.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define EMBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMBER_ASAN 1
#endif
#endif

#if defined(EMBER_ASAN)
// The sanitizer runtime's count of what its allocator handed out (GCC ships no header for it).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#elif defined(__APPLE__)
#include <malloc/malloc.h>
#elif defined(__linux__)
#include <malloc.h>
#endif

namespace ember::platform {

namespace {
std::atomic<void (*)(const char*)> out_of_memory_hook{nullptr};
}  // namespace

// Release and acquire: the hook may use what was set up before it was installed.
void set_out_of_memory_hook(void (*hook)(const char* message)) {
  out_of_memory_hook.store(hook, std::memory_order_release);
}

// erts ends its fatal messages with \r\n. The message is built without allocating.
void out_of_memory(const char* allocator, size_t bytes, const char* type) {
  char message[256];
  std::snprintf(message, sizeof message, "%s: Cannot allocate %zu bytes of memory (of type \"%s\").", allocator, bytes, type);
  std::fflush(stdout);
  std::fprintf(stderr, "%s\r\n", message);
  std::fflush(stderr);
  if (auto hook = out_of_memory_hook.load(std::memory_order_acquire)) hook(message);
  std::_Exit(1);
}

// AddressSanitizer replaces malloc with its own allocator, which the C library cannot see.
size_t heap_bytes_in_use() {
#if defined(EMBER_ASAN)
  return __sanitizer_get_current_allocated_bytes();
#elif defined(__APPLE__)
  return mstats().bytes_used;
#elif defined(__ANDROID__)
  return mallinfo().uordblks;
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;  // small blocks in the arenas, and blocks mapped one by one
#else
  return 0;
#endif
}

}  // namespace ember::platform

// The replaceable global allocation functions, on malloc: a failure ends the program as above.
// The nothrow forms still answer null, so code that degrades gracefully (std::stable_sort's
// buffer) keeps doing so.
void* operator new(std::size_t size) {
  if (void* memory = std::malloc(size ? size : 1)) return memory;
  ember::platform::out_of_memory("sys_alloc", size, "C++ object");
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return std::malloc(size ? size : 1); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return std::malloc(size ? size : 1); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
