#include "platform/memory.h"

#include <cstdio>
#include <cstdlib>
#include <new>

namespace ember::platform {

void out_of_memory(const char* allocator, size_t bytes, const char* type) {
  std::fprintf(stderr, "%s: Cannot allocate %zu bytes of memory (of type \"%s\").\n", allocator, bytes, type);
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(1);
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
