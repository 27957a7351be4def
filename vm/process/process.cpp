#include "vm/process/process.h"

#include <algorithm>
#include <cstdlib>

#include "platform/log.h"
#include "platform/memory.h"
#include "vm/process/block_cache.h"
#include "vm/term/atom.h"
#include "vm/code/call.h"
#include "vm/term/copy.h"
#include "vm/code/export.h"
#include "vm/code/interp.h"
#include "vm/process/process_table.h"
#include "vm/term/ref.h"
#include "vm/process/scheduler.h"
#include "vm/process/spawn.h"

namespace ember {

static int64_t list_length_of(Term list) {
  int64_t n = 0;
  for (; is_list(list); list = tail(list)) n++;
  return n;
}

void* Process::operator new(size_t bytes) {
  if (void* block = cached_block_take(BlockKind::process, bytes)) return block;
  void* block = std::malloc(bytes);
  if (!block) platform::out_of_memory("proc", bytes, "proc");
  return block;
}

void Process::operator delete(void* block, size_t bytes) {
  if (!cached_block_keep(BlockKind::process, block, bytes)) std::free(block);
}

std::unique_ptr<Process> process_new(const GcSettings& gc) {
  auto p = std::make_unique<Process>();
  p->gc = gc;
  p->bin_vheap_size = p->bin_old_vheap_size = gc.min_bin_vheap_size;
  size_t words = gc.min_heap_size;
  p->heap = allocate_heap_words(words, "heap");
  p->htop = p->high_water = p->heap;
  p->hend = p->heap + words;
  p->stop = p->hend;
  *--p->stop = Word(uintptr_t(normal_exit_code()));
  return p;
}

Word* ProcessHeap::alloc(size_t words) {
  Process* p = p_;
  if (size_t(p->stop - p->htop) >= words + stack_reserve_words) {
    Word* w = p->htop;
    p->htop += words;
    return w;
  }
  if (p->fragments.empty()) p->fragments.push_back(std::make_unique<Arena>(std::max<size_t>(words, 64)));
  p->fragment_words += words;
  return p->fragments.back()->alloc(words);
}

// What a process holds beside its heaps, in bytes: none of it exists until it is first needed.
static size_t side_table_bytes(const Process* p) {
  size_t bytes = size_t(p->mailbox.capacity) * sizeof(Term) + p->saved_x_capacity * sizeof(Term);
  if (p->mailbox.markers) bytes += sizeof(ReceiveMarkers);
  bytes += p->dictionary.capacity() * sizeof(Term);
  return bytes + p->links.allocated_bytes() + p->monitors.allocated_bytes() + p->monitored_by.allocated_bytes();
}

static size_t fixed_words(const Process* p) {
  return (sizeof(Process) + side_table_bytes(p) + sizeof(Word) - 1) / sizeof(Word) + p->fragment_words;
}

size_t process_memory_words(const Process* p) {
  return fixed_words(p) + size_t(p->hend - p->heap) + p->old_size;
}

size_t process_used_words(const Process* p) {
  size_t heap = size_t(p->htop - p->heap) + size_t(p->hend - p->stop);
  return fixed_words(p) + heap + size_t(p->old_htop - p->old_heap);
}

void publish_memory_words(Process* p) {
  p->published_words.store(process_memory_words(p), std::memory_order_relaxed);
  p->published_used_words.store(process_used_words(p), std::memory_order_relaxed);
}

Process* spawn_process(Process* parent, Term module_or_fun, Term function, Term args,
                       const SpawnOptions& options, Term* monitor_ref) {
  std::unique_ptr<Process> child = process_new(options.gc);
  child->priority = options.priority;
  child->bound_scheduler.store(options.bound_scheduler, std::memory_order_relaxed);
  child->system_process = options.system_process;
  child->parent = parent ? parent->pid : NIL;
  ProcessHeap heap(child.get());
  child->group_leader = options.group_leader != THE_NON_VALUE ? copy_term(heap, options.group_leader)
                        : parent                              ? parent->group_leader
                                                              : NIL;
  if (options.linked_to != THE_NON_VALUE) child->links.insert(Link{copy_term(heap, options.linked_to)});
  child->initial_call = function == THE_NON_VALUE
                            ? export_put(atoms::erlang, atoms::apply, 2)
                            : export_put(module_or_fun, function, uint32_t(std::max<int64_t>(0, list_length_of(args))));
  // As erts, a process spawned to run a loaded Erlang function starts in that function's code
  // as it is now (old code, should the module be replaced or deleted before the process runs,
  // which check_process_code sees); any other start (a fun, a BIF, a module not loaded) is an
  // apply when the process first runs.
  const Word* code = function == THE_NON_VALUE || child->initial_call->bif ? nullptr : child->initial_call->code.get();
  Term regs[max_function_arity];
  unsigned n = 0;
  if (code) {
    for (Term l = copy_term(heap, args); is_list(l); l = tail(l)) regs[n++] = head(l);
    child->pc = code;
  } else {
    regs[n++] = copy_term(heap, module_or_fun);
    if (function != THE_NON_VALUE) regs[n++] = function;
    regs[n++] = copy_term(heap, args);
    child->pc = process_start_code();
  }
  save_registers(child.get(), regs, n);
  // The child's half of a link or monitor is in place before the table makes it findable:
  // from then on another thread may send it a signal, and so schedule it.
  if (parent && options.link) child->links.insert(Link{parent->pid});
  Term ref = NIL;
  if (parent && options.monitor) {
    ProcessHeap parent_heap(parent);
    ref = is_ref(*monitor_ref) ? *monitor_ref : make_ref(parent_heap);
    child->monitored_by.insert(Monitor{ref_numbers(ref), parent->pid, NIL});
    *monitor_ref = ref;
  }
  publish_memory_words(child.get());
  Process* p = child.get();
  if (!process_table_add(std::move(child))) return nullptr;
  if (parent && options.link) parent->links.insert(Link{p->pid});
  if (parent && options.monitor) parent->monitors.insert(Monitor{ref_numbers(ref), p->pid, NIL});
  if (!options.held) schedule(p);
  return p;
}

}  // namespace ember
