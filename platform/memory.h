// Running out of memory. erts ends the whole VM when an allocation fails, naming the allocator,
// the size and the kind of memory; ember does the same, never an abort. C++ allocations (operator
// new) end the program the same way instead of throwing std::bad_alloc across the VM.
#pragma once

#include <cstddef>

namespace ember::platform {

// Writes `allocator: Cannot allocate N bytes of memory (of type "type").` on stderr, as erts
// does, gives that text to the hook (the VM writes its crash dump there), and exits with
// status 1.
[[noreturn]] void out_of_memory(const char* allocator, size_t bytes, const char* type);
void set_out_of_memory_hook(void (*hook)(const char* message));

// Bytes the C heap (malloc, which every allocation of ember goes through) has handed out and
// not yet taken back, as the C library counts them; 0 where it cannot tell.
size_t heap_bytes_in_use();

}  // namespace ember::platform
