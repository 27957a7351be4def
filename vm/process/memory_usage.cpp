#include "vm/process/memory_usage.h"

#include <algorithm>

#include "platform/memory.h"
#include "vm/term/atom.h"
#include "vm/code/export.h"
#include "vm/code/fun.h"
#include "vm/code/module.h"
#include "vm/process/process_table.h"
#include "vm/process/scheduler.h"

namespace ember {

MemoryUsage memory_usage() {
  MemoryUsage m{};
  // Another scheduler may be running any process but the caller: each counts as its last
  // slice left it.
  Scheduler* here = this_scheduler();
  const Process* caller = here ? here->current.load(std::memory_order_relaxed) : nullptr;
  process_for_each([&](Process* p) {
    bool live = p == caller;
    m.processes += (live ? process_memory_words(p) : p->published_words.load(std::memory_order_relaxed)) * sizeof(Word);
    m.processes_used +=
        (live ? process_used_words(p) : p->published_used_words.load(std::memory_order_relaxed)) * sizeof(Word);
  });
  AtomTableMemory atoms = atom_table_memory();
  m.atom = atoms.allocated;
  m.atom_used = atoms.used;
  m.binary = memory_counted(CountedMemory::binary);
  ModuleTableMemory modules = module_table_memory();
  m.code = modules.code + export_table_bytes() + fun_table_bytes();
  m.ets = memory_counted(CountedMemory::ets);
  // Where the C library cannot say what the heap holds, the parts ember knows of are the
  // least it holds.
  uint64_t known = m.processes + m.atom + m.binary + m.code + m.ets + modules.literals;
  m.total = std::max<uint64_t>(platform::heap_bytes_in_use(), known);
  m.system = m.total - m.processes;
  return m;
}

}  // namespace ember
