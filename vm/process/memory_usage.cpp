#include "vm/process/memory_usage.h"

#include <algorithm>

#include "platform/memory.h"
#include "vm/term/atom.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/code/module.h"
#include "vm/process/process_table.h"

namespace ember {

MemoryUsage memory_usage() {
  MemoryUsage m{};
  process_for_each([&](Process* p) {
    m.processes += process_memory_words(p) * sizeof(Word);
    m.processes_used += process_used_words(p) * sizeof(Word);
  });
  AtomTableMemory atoms = atom_table_memory();
  m.atom = atoms.allocated;
  m.atom_used = atoms.used;
  m.binary = memory_counted(CountedMemory::binary);
  m.code = module_table_bytes() + export_table_bytes() + fun_table_bytes();
  m.ets = memory_counted(CountedMemory::ets);
  // Where the C library cannot say what the heap holds, the parts ember knows of are the
  // least it holds.
  uint64_t known = m.processes + m.atom + m.binary + m.code + m.ets;
  m.total = std::max<uint64_t>(platform::heap_bytes_in_use(), known);
  m.system = m.total - m.processes;
  return m;
}

}  // namespace ember
