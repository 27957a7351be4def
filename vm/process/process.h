// A process: its heap and stack (one block: the heap grows up from the bottom, the stack grows
// down from the top), its signal queue and mailbox, and the state the scheduler keeps for it
// between time slices.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "vm/code/export.h"
#include "vm/process/heap.h"
#include "vm/process/keyed_set.h"
#include "vm/term/ref.h"
#include "vm/process/signal_queue.h"
#include "vm/term/term.h"

namespace ember {

struct Scheduler;
struct Export;

enum class Priority : uint8_t { low, normal, high, max };

// Why a process stopped running, from the scheduler's point of view. A new process is waiting
// until spawn (or a signal) first schedules it.
namespace Involved {
enum : uint8_t { ets = 1, aliases = 2, node_monitors = 4, multi_scheduling = 8 };
}

enum class ProcessStatus : uint8_t { runnable, running, waiting, exiting, free };

// Held by the scheduler running the process, for the whole slice, and by another process that
// looks inside it (process_info, a check of its code). Those only try it and come back later
// if it is taken (bif_yield in vm/code/call.h), so no two holders ever wait on each other.
class ProcessLock {
 public:
  bool try_lock() { return !held_.exchange(true, std::memory_order_acquire); }
  void lock() {
    while (!try_lock()) std::this_thread::yield();
  }
  void unlock() { held_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> held_{false};
};

// erts' max_heap_size: a process whose heaps would grow past `words` (0: no limit) is reported
// to the logger (error_logger) and killed (kill). One word, as every process carries it.
struct MaxHeapSize {
  uint64_t words : 62 = 0;
  uint64_t kill : 1 = 1;
  uint64_t error_logger : 1 = 1;
};

inline constexpr size_t default_min_heap_words = 233;  // erts' default, a size of its series
inline constexpr uint32_t default_min_bin_vheap_words = 46422;  // erts' default

// How a process's heap is sized and collected: spawn_opt and process_flag set it per process,
// system_flag the defaults that new processes start with (gc_defaults() in vm/process/gc.h).
struct GcSettings {
  MaxHeapSize max_heap_size;
  uint32_t min_heap_size = default_min_heap_words;
  uint32_t min_bin_vheap_size = default_min_bin_vheap_words;
  uint32_t fullsweep_after = 65535;
  // message_queue_data: whether erts would keep the queue off the heap. ember treats messages
  // alike either way (small ones are copied to the heap as they are taken from the signal
  // queue, big ones wait in storage of their own until a collection); the flag is kept for
  // process_info.
  bool message_queue_off_heap = false;
};

// A heap fragment: terms built when the heap had no room (by BIFs, or messages sent to us).
// Fragments are merged into the heap at the next garbage collection.
using Fragment = std::unique_ptr<Arena>;

// A pid or port identifies a link. Another node's is boxed on the process heap, where a
// collection moves it: such ids are compared and hashed by their words, not their address.
struct Link {
  Term other = THE_NON_VALUE;

  using Key = Term;
  Key key() const { return other; }
  static bool same(Term a, Term b) {
    if (a == b) return true;
    if (!is_boxed(a) || !is_boxed(b)) return false;
    const Word *x = boxed_ptr(a), *y = boxed_ptr(b);
    return x[0] == y[0] && std::equal(x + 1, x + 1 + header_arity(x[0]), y + 1);
  }
  static uint64_t hash(Term t) {
    if (!is_boxed(t)) return t;
    const Word* w = boxed_ptr(t);
    uint64_t h = w[0];
    for (Word k = 1; k <= header_arity(w[0]); k++) h = h * 0x100000001B3ull ^ w[k];
    return h;
  }
  static bool is_empty_key(Term t) { return t == THE_NON_VALUE; }
};

// Monitors are found by their reference's numbers; keeping those rather than the reference term
// leaves nothing on the heap for the garbage collector to update.
struct Monitor {
  RefNumbers ref;
  Term other = NIL;  // the monitored pid or name (for monitors we own) or the monitoring pid
  Term name = NIL;   // registered name used to set it up, or nil

  using Key = RefNumbers;
  Key key() const { return ref; }
  static bool same(const RefNumbers& a, const RefNumbers& b) { return a == b; }
  static uint64_t hash(const RefNumbers& r) { return (uint64_t(r.n[1]) << 32 | r.n[0]) ^ (uint64_t(r.n[2]) << 17); }
  static bool is_empty_key(const RefNumbers& r) { return (r.n[0] | r.n[1] | r.n[2]) == 0; }
};

// The exception being raised, between the failing instruction and the handler.
struct Exception {
  Term klass = NIL;       // error | exit | throw
  Term reason = NIL;
  Term args = THE_NON_VALUE;  // arguments of the failing call (function_clause, undef, a BIF,
                             // error/2); THE_NON_VALUE: the frame shows the arity
  const Export* mfa = nullptr;  // the failing BIF or undefined function, shown as top frame
  Term fun = THE_NON_VALUE;  // or an unloaded fun whose call failed (undef): {Fun, Args, []}
  Term raw_stack = THE_NON_VALUE;  // a re-raised exception keeps its original stack trace
                                  // (any list, [] too); THE_NON_VALUE: none
  Term error_info = NIL;  // a map added to the top frame's location (error/3, bs_create_bin),
                          // or for a failing BIF the `cause` of its error_info
  bool uncatchable = false;  // set by terminate(): no handler may see it
};

// erlang:suspend_process/2 and resume_process/1 (vm/process/suspend.h); made on first use.
struct Suspension {
  Term target;
  uint32_t count;
  bool active;  // the target has taken it (process_info's suspending tells)
};
struct Suspensions {
  std::vector<Suspension> suspending;  // processes this one suspends, how often
  std::vector<Term> suspended_by;
  std::vector<std::unique_ptr<Signal>> replies;  // suspend_reply signals to answer at the slice's end
};

struct Process {
  // Its memory comes from the calling thread's cache of them (vm/process/block_cache.h).
  static void* operator new(size_t bytes);
  static void operator delete(void* block, size_t bytes);

  Term pid = NIL;
  std::atomic<ProcessStatus> status{ProcessStatus::waiting};
  ProcessLock lock;
  Priority priority = Priority::normal;
  bool trap_exit = false;
  bool timed_out = false;  // the receive timer went off
  bool system_process = false;
  uint8_t low_skips = 0;   // times a low priority process at the run queue's head gives way
  // The scheduler it is bound to ({scheduler, N}), 0 if none; read by other threads waking it.
  std::atomic<uint16_t> bound_scheduler{0};
  // The shared tables its exit must look through (Involved bits): it has owned or fixed an ETS
  // table (another process may give it one), made an alias, subscribed to node events or
  // blocked multi-scheduling. Every exit would otherwise take each of those tables' locks.
  std::atomic<uint8_t> involved{0};
  void involve(uint8_t what) { involved.fetch_or(what, std::memory_order_relaxed); }
  bool is_involved(uint8_t what) const { return involved.load(std::memory_order_relaxed) & what; }

  // Heap and stack share one block: [heap, htop) is in use, [stop, hend) is the stack.
  Word* heap = nullptr;
  Word* htop = nullptr;
  Word* stop = nullptr;
  Word* hend = nullptr;
  Word* high_water = nullptr;  // young data below it survived the last collection
  Word* old_heap = nullptr;  // the old generation [old_heap, old_htop) of old_size words
  Word* old_htop = nullptr;
  size_t old_size = 0;
  std::vector<Fragment> fragments;
  size_t fragment_words = 0;
  // Shared binaries referenced from the young heap and from the old heap. The young list's
  // overhead also counts the binaries of fragments not yet collected.
  OffHeap off_heap;
  OffHeap old_off_heap;
  // A collection is due when a generation's binaries outgrow these (words, as erts' vheaps).
  uint64_t bin_vheap_size;
  uint64_t bin_old_vheap_size;
  GcSettings gc;

  // Where to continue: the scheduler saves the code pointer and live x registers here.
  const Word* pc = nullptr;
  uint32_t arity = 0;
  uint32_t minor_collections = 0;
  // Set while a BIF builds a term in place over several time slices (binary_to_term), writing
  // into terms it made in earlier ones: a collection meanwhile must be major, for a minor one
  // would promote those terms and trusts that nothing old points at anything young; and the
  // BIF's yields ask for none, which would copy the unfinished term again each time (erts
  // collects nothing while it decodes).
  bool building_in_place = false;
  // Set while a BIF that yields keeps raw pointers into terms between its slices (phash2's
  // walk, maps:from_list's pairs, unicode's enclosing lists), as erts' F_DISABLE_GC: nothing
  // may move them, so its yields ask for no collection and another process's request for one
  // waits until the BIF has ended (vm/process/system_task.h).
  bool gc_held = false;
  std::unique_ptr<Term[]> saved_x;  // sized to the largest arity saved so far
  uint32_t saved_x_capacity = 0;
  int reductions = 0;
  uint64_t total_reductions = 0;
  // process_memory_words and process_used_words as the last slice left them, for
  // erlang:memory/0 while another scheduler runs the process.
  std::atomic<size_t> published_words{0};
  std::atomic<size_t> published_used_words{0};

  // Messages and signals: senders push onto `signals`; the owner moves messages to `mailbox`.
  SignalQueue signals;
  Mailbox mailbox;
  uint64_t timer = 0;              // receive timeout timer id, 0 if none

  KeyedSet<Link> links;
  KeyedSet<Monitor> monitors;      // monitors this process set up
  KeyedSet<Monitor> monitored_by;  // monitors others set on this process
  std::unique_ptr<Suspensions> suspensions;
  std::vector<std::unique_ptr<Signal>> system_tasks;  // to carry out at rest (system_task.h)
  std::vector<Term> dictionary;       // {Key, Value} tuples, on this process's heap

  std::atomic<Term> registered_name{NIL};  // written under the process table's lock
  Term group_leader = NIL;
  Term parent = NIL;  // the spawning process (process_info's parent); nil for the first one
  Term error_handler = NIL;  // process_flag(error_handler, M); nil for the default, error_handler
  const Export* initial_call = nullptr;
  Exception exception;
  Export* trap = nullptr;  // set by bif_trap (vm/code/call.h): where a BIF's arguments go next
  // The call of the BIF now going on in a continuation or on a dirty scheduler
  // (vm/code/call.h): an error shows there.
  const Word* trap_site = nullptr;
  // The BIF a dirty scheduler is to run next, its arguments in saved_x (vm/process/dirty.h),
  // and the kind of the dirty scheduler running the process now (none on a normal one).
  Export* dirty_call = nullptr;
  std::atomic<DirtyKind> running_dirty{DirtyKind::none};
  // An exit signal that ends it reached it during a dirty call: it is as good as dead (erts
  // marks it exiting at once), though it ends only when the call returns and it takes the
  // signal.
  std::atomic<bool> killed_in_dirty_call{false};
  Term exit_reason = NIL;
  // The scheduler it last ran on, whose run queue it goes back to when woken.
  std::atomic<Scheduler*> scheduler{nullptr};
  Process* next_runnable = nullptr;   // run queue link
};

// A call pushes its return address without a check, so every check for free heap words keeps
// this many more free for it.
inline constexpr size_t stack_reserve_words = 1;

// A new process with an empty heap of gc.min_heap_size words; not yet in the process table.
std::unique_ptr<Process> process_new(const GcSettings& gc = GcSettings{});

// Allocation on the process heap from C++ (BIFs): takes heap space when there is room, else
// a fragment. Never collects garbage, so terms held in C++ locals stay valid.
class ProcessHeap final : public Heap {
 public:
  explicit ProcessHeap(Process* p) : p_(p) {}
  Word* alloc(size_t words) override;
  OffHeap& off_heap() override { return p_->off_heap; }

 private:
  Process* p_;
};

// Words the process holds (its structure, heap and stack block, old generation, fragments,
// mailbox, dictionary, links and monitors), as process_info memory.
size_t process_memory_words(const Process* p);
// The part of those words in use: as above, less the free space between heap and stack and
// at the end of the old generation.
size_t process_used_words(const Process* p);
// Records both figures for other threads (at the end of each slice).
void publish_memory_words(Process* p);

}  // namespace ember
