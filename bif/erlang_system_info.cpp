// erlang:system_info/1: what the VM is (versions, build, operating system) and how it runs
// (schedulers, limits, garbage-collection defaults).
#include <atomic>
#include <bit>
#include <string_view>

#include "bif/bif.h"
#include "vm/code/literal_areas.h"
#include "vm/process/dirty.h"
#include "vm/process/scheduler.h"
#include "vm/process/gc_settings.h"
#include "platform/os.h"
#include "vm/process/ets_registry.h"
#include "vm/process/logger.h"
#include "vm/process/multi_scheduling.h"
#include "vm/term/node.h"
#include "vm/process/gc.h"
#include "vm/process/process_table.h"
#include "vm/process/system_version.h"

namespace ember {

// The target ember was built for, in the form of erts' configure triplet.
static const char* system_architecture() {
#if defined(__aarch64__) && defined(__APPLE__)
  return "aarch64-apple-darwin";
#elif defined(__aarch64__) && defined(__ANDROID__)
  return "aarch64-unknown-linux-android";
#elif defined(__aarch64__)
  return "aarch64-unknown-linux-gnu";
#elif defined(__x86_64__)
  return "x86_64-pc-linux-gnu";
#else
  return "unknown";
#endif
}

// ethread_info: erts names the native atomic operations its threads library was built on;
// ember's are C++'s std::atomic, native when the compiler makes them lock-free.
template <typename T>
static Term native_atomics(Heap& heap, const char* name) {
  Term ops = NIL;
  const char* impl = "no";
  if (std::atomic<T>::is_always_lock_free) {
    impl = "std::atomic";
    for (const char* op : {"compare_exchange_strong()", "exchange()", "fetch_add()", "store()", "load()"})
      ops = cons(heap, make_byte_list(heap, op), ops);
  }
  return tuple(heap, make_byte_list(heap, name), make_byte_list(heap, impl), ops);
}

static Term atomics_info(Heap& heap) {
  return make_list_of(heap, {native_atomics<int32_t>(heap, "32-bit native atomics"),
                             native_atomics<int64_t>(heap, "64-bit native atomics")});
}

// Items that describe ember's runtime model: normal and dirty schedulers, no binding, private
// heaps. THE_NON_VALUE for any other item.
static Term runtime_model_item(Heap& heap, std::string_view name) {
  auto is = [&](std::string_view item) { return name == item; };
  DirtyCounts dirty = dirty_scheduler_counts();
  if (is("dirty_cpu_schedulers")) return make_small(dirty.cpu);
  if (is("dirty_cpu_schedulers_online")) return make_small(dirty.cpu_online);
  if (is("dirty_io_schedulers")) return make_small(dirty.io);
  Term total = make_small(scheduler_count()), online = make_small(schedulers_online());
  if (is("schedulers")) return total;
  if (is("schedulers_online") || is("schedulers_active")) return online;
  if (is("scheduler_id")) return make_small(this_scheduler() ? this_scheduler()->id + 1 : 1);
  if (is("schedulers_state")) return tuple(heap, total, online, online);
  if (is("all_schedulers_state")) {
    Term normal = tuple(heap, atom_put("normal"), total, online, online);
    Term cpu_online = make_small(dirty.cpu_online), io_count = make_small(dirty.io);
    Term cpu = tuple(heap, atom_put("dirty_cpu"), make_small(dirty.cpu), cpu_online, cpu_online);
    Term io = tuple(heap, atom_put("dirty_io"), io_count, io_count, io_count);
    return cons(heap, normal, cons(heap, cpu, cons(heap, io, NIL)));
  }
  if (is("multi_scheduling")) return multi_scheduling_atom(multi_scheduling_state());
  if (is("normal_multi_scheduling_blockers") || is("multi_scheduling_blockers"))
    return make_list_of(heap, multi_scheduling_blockers(is("normal_multi_scheduling_blockers")));
  if (is("scheduler_bindings")) return tuple(heap, atom_put("unbound"));
  if (is("heap_type")) return atom_put("private");
  if (is("context_reductions")) return make_small(reductions_per_slice);
  if (is("dynamic_trace")) return atom_put("none");
  if (is("lock_counting")) return atoms::false_;
  // No NIF library or driver is loaded from a file, and no node is connected.
  if (is("taints") || is("dist_ctrl")) return NIL;
  if (is("ethread_info")) return atomics_info(heap);
  return THE_NON_VALUE;
}

// ember allocates everything through malloc(), as erts does when started with `+Mea min`: erts'
// alloc_util allocators exist by name but are all disabled, and sys_alloc (malloc) serves all.
static const char* const alloc_util_allocators[] = {
    "temp_alloc", "sl_alloc",    "std_alloc",     "ll_alloc",     "eheap_alloc",
    "ets_alloc",  "fix_alloc",   "literal_alloc", "binary_alloc", "driver_alloc"};

static bool is_alloc_util_allocator(Term a) {
  for (const char* name : alloc_util_allocators)
    if (a == atom_put(name)) return true;
  return false;
}

static Term sys_alloc_options(Heap& heap) {
  return make_list_of(heap, {tuple(heap, atom_put("e"), atoms::true_), tuple(heap, atom_put("m"), atom_put("libc"))});
}

// {allocator, A} and {allocator_sizes, A} of one allocator; THE_NON_VALUE if A is none of erts'.
static Term one_allocator(Heap& heap, Term a, bool sizes) {
  if (is_alloc_util_allocator(a)) return atoms::false_;
  if (a != atom_put("sys_alloc")) return THE_NON_VALUE;
  Term info = sizes ? NIL : cons(heap, tuple(heap, atom_put("options"), sys_alloc_options(heap)), NIL);
  return cons(heap, tuple(heap, atom_put("instance"), make_small(0), info), NIL);
}

// The allocator items; THE_NON_VALUE for any other item or a bad argument.
static Term allocator_item(Heap& heap, Term item, std::string_view name) {
  if (name == "alloc_util_allocators") {
    std::vector<Term> names;
    for (const char* name : alloc_util_allocators) names.push_back(atom_put(name));
    return make_list_of(heap, names);
  }
  if (name == "allocator") {
    platform::MallocIdentity m = platform::malloc_identity();
    std::vector<Term> version;
    for (int n : m.version) version.push_back(make_small(n));
    Term settings = cons(heap, tuple(heap, atom_put("sys_alloc"), sys_alloc_options(heap)), NIL);
    return tuple(heap, atom_put(m.name), make_list_of(heap, version), cons(heap, atom_put("sys_alloc"), NIL), settings);
  }
  if (!is_tuple(item) || tuple_arity(item) != 2) return THE_NON_VALUE;
  Term kind = tuple_element(item, 0), which = tuple_element(item, 1);
  bool sizes = kind == atom_put("allocator_sizes");
  if (!sizes && kind != atom_put("allocator")) return THE_NON_VALUE;
  if (is_atom(which)) return one_allocator(heap, which, sizes);
  if (!sizes || list_length(which) < 0) return THE_NON_VALUE;
  std::vector<Term> pairs;
  for (Term l = which; l != NIL; l = tail(l)) {
    Term one = is_atom(head(l)) ? one_allocator(heap, head(l), true) : THE_NON_VALUE;
    if (one == THE_NON_VALUE) return THE_NON_VALUE;
    pairs.push_back(tuple(heap, head(l), one));
  }
  return make_list_of(heap, pairs);
}

Term erlang_system_info_1(Process* p, Term* a) {
  Term item = a[0];
  ProcessHeap heap(p);
  // Items are told apart by their text, which needs no atom table look-up per name: callers
  // such as System.schedulers_online/0 ask often.
  std::string_view name = is_atom(item) ? atom_text(item) : std::string_view();
  auto is = [&](std::string_view known) { return name == known; };
  auto text = [&](const char* s) { return make_byte_list(heap, s); };
  if (is("wordsize")) return make_small(8);
  if (is("start_time")) return make_integer(heap, vm_start_nanos());
  // {wordsize, internal | external}: the size of a term word, which is the machine word.
  if (is_tuple(item) && tuple_arity(item) == 2 && tuple_element(item, 0) == atom_put("wordsize") &&
      (tuple_element(item, 1) == atom_put("internal") || tuple_element(item, 1) == atom_put("external")))
    return make_small(8);
  if (is("otp_release")) return text("25");
  if (is("version")) return text("13.1.5");
  if (is("system_version")) return text(system_version().c_str());
  if (is("os_type")) return tuple(heap, atom_put("unix"), atom_put(platform::os_identity().name));
  if (is("os_version")) {
    platform::OsIdentity os = platform::os_identity();
    return tuple(heap, make_small(os.release[0]), make_small(os.release[1]), make_small(os.release[2]));
  }
  if (is("endian")) return atom_put(std::endian::native == std::endian::little ? "little" : "big");
  if (is("machine")) return text("BEAM");
  if (is("logical_processors") || is("logical_processors_available") || is("logical_processors_online"))
    return make_small(platform::cpu_count());  // online processors can change: read each time
  if (is("emu_flavor")) return atom_put("emu");
  if (is("emu_type") || is("build_type")) return atom_put("opt");
  if (is("compat_rel")) return make_small(25);
  if (is("nif_version")) return text("2.16");
  if (is("driver_version")) return text("3.3");
  if (is("threads") || is("smp_support")) return atoms::true_;
  if (is("thread_pool_size")) return make_small(0);
  if (is("process_count")) return make_small(int64_t(process_count()));
  if (is("process_limit")) return make_small(int64_t(process_limit()));
  if (is("atom_count")) return make_small(int64_t(atom_count()));
  if (is("atom_limit")) return make_small(int64_t(1) << 20);
  if (is("port_limit")) return make_small(65536);
  if (is("debug_compiled") || is("lock_checking") || is("kernel_poll")) return atoms::false_;
  if (is("creation")) return make_small(local_creation());
  if (is("system_logger")) return system_logger();
  Term alloc = allocator_item(heap, item, name);
  if (alloc != THE_NON_VALUE) return alloc;
  // ember has no modified timing (erts' +T flag).
  if (is("modified_timing_level")) return atoms::undefined;
  if (is("snifs")) {
    Term list = NIL;
    for (const BifEntry& b : bif_entries())
      list = cons(heap, tuple(heap, atom_put(b.module), atom_put(b.function), make_small(b.arity)), list);
    return list;
  }
  // As erts: twice the schedulers (erts_code_purger asks how many requests it may keep open).
  if (is("outstanding_system_requests_limit")) return make_small(int64_t(outstanding_requests_limit()));
  if (is("ets_count")) return make_small(int64_t(ets_count()));
  if (is("ets_always_compress")) return boolean(ets_always_compress());
  if (is("system_architecture")) return text(system_architecture());
  if (is("garbage_collection")) {
    // As erts: the maximum heap size alone here, without its flags.
    Term list = NIL;
    for (Term key : {atoms::fullsweep_after, atoms::min_heap_size, atoms::min_bin_vheap_size})
      list = cons(heap, tuple(heap, key, gc_option(heap, gc_defaults(), key)), list);
    Term max = make_unsigned(heap, gc_defaults().max_heap_size.words);
    return cons(heap, tuple(heap, atoms::max_heap_size, max), list);
  }
  if (is("heap_sizes")) {
    std::vector<Term> sizes;
    for (uint64_t words : heap_sizes()) sizes.push_back(make_unsigned(heap, words));
    return make_list_of(heap, sizes);
  }
  Term model = runtime_model_item(heap, name);
  if (model != THE_NON_VALUE) return model;
  if (item == atoms::min_heap_size || item == atoms::min_bin_vheap_size || item == atoms::fullsweep_after)
    return tuple(heap, item, gc_option(heap, gc_defaults(), item));
  Term gc = gc_option(heap, gc_defaults(), item);
  return gc != THE_NON_VALUE ? gc : badarg(p);
}

}  // namespace ember
