#include "vm/process/crash_dump.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "platform/file.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/process/ets_registry.h"
#include "vm/code/export.h"
#include "vm/code/interp.h"
#include "vm/process/memory_usage.h"
#include "vm/code/module.h"
#include "vm/term/node.h"
#include "vm/process/process_table.h"
#include "vm/term/ref.h"
#include "vm/process/scheduler.h"
#include "vm/code/stack_dump.h"
#include "vm/process/system_version.h"
#include "vm/term/term_print.h"

namespace ember {
namespace {

// The dump file, written through a buffer; it stops taking text for good once the size limit
// is reached (after erts' abort line) or the time limit has passed.
class DumpFile {
 public:
  DumpFile(int fd, int64_t byte_limit, int64_t deadline_nanos)
      : fd_(fd), byte_limit_(byte_limit), deadline_(deadline_nanos) {}

  bool writing() const { return writing_; }

  DumpFile& operator<<(std::string_view text) {
    if (!writing_) return *this;
    if (byte_limit_ >= 0 && written_ + int64_t(text.size()) > byte_limit_) {
      buffer_.append(text.substr(0, size_t(byte_limit_ - written_)));
      buffer_.append("\n=abort:CRASH DUMP SIZE LIMIT REACHED\n");
      flush();
      writing_ = false;
      return *this;
    }
    written_ += int64_t(text.size());
    buffer_.append(text);
    if (buffer_.size() >= 64 * 1024) flush();
    return *this;
  }
  // A number; a term (also a uint64_t) goes through term().
  DumpFile& operator<<(uint64_t n) { return *this << std::to_string(n); }

  DumpFile& term(Term t) {
    std::string text;
    print_term_display(text, t);
    return *this << text;
  }

  // Flushes what is buffered; false if the dump must stop here, its time being up.
  bool flush() {
    if (!buffer_.empty()) platform::file_write(fd_, buffer_.data(), buffer_.size());
    buffer_.clear();
    if (deadline_ >= 0 && platform::monotonic_nanos() > deadline_) writing_ = false;
    return writing_;
  }

 private:
  int fd_;
  int64_t byte_limit_;  // -1: none
  int64_t deadline_;    // -1: none
  int64_t written_ = 0;
  bool writing_ = true;
  std::string buffer_;
};

void write_header(DumpFile& out, std::string_view slogan) {
  out << "=erl_crash_dump:0.5\n" << platform::ctime_text(platform::system_nanos() / 1000000000);
  out << "Slogan: " << slogan << "\n";
  out << "System version: " << system_version();
  out << "Taints: \n";  // ember loads no NIF library from a file
  out << "Atoms: " << uint64_t(atom_count()) << "\n";
  out << "Calling Thread: scheduler:1\n";
}

const char* state_name(ProcessStatus s) {
  switch (s) {
    case ProcessStatus::runnable: return "Scheduled";
    case ProcessStatus::running: return "Running";
    case ProcessStatus::waiting: return "Waiting";
    case ProcessStatus::exiting:
    case ProcessStatus::free: break;
  }
  return "Exiting";
}

// The return addresses on a process's stack, innermost first.
void write_stack_trace(DumpFile& out, const Process* p) {
  for (const Word* s = p->stop; s < p->hend; s++) {
    if ((*s & tag::primary_mask) != tag::header || *s == 0) continue;
    const Word* code = reinterpret_cast<const Word*>(*s);
    std::string where = code == normal_exit_code() ? "<terminate process normally>" : code_location(code);
    if (where.empty()) continue;
    out << hex_address(s) << ":SReturn addr " << hex_address(code) << " ("
        << where << ")\n";
  }
}

// A section per scheduler; a runnable process counts in the queue of the scheduler it last ran
// on (the first one, if it never ran).
void write_scheduler(DumpFile& out, const Scheduler& s) {
  const Process* current = s.current.load(std::memory_order_relaxed);
  uint64_t queued[4] = {};
  process_for_each([&](Process* p) {
    const Scheduler* home = p->scheduler.load(std::memory_order_relaxed);
    if ((home ? home->id : 0) != s.id) return;
    if (p->status.load(std::memory_order_relaxed) == ProcessStatus::runnable) queued[int(p->priority)]++;
  });
  out << "=scheduler:" << s.id + 1 << "\n";
  out << "Current Port: \n";
  out << "Run Queue Max Length: " << queued[int(Priority::max)] << "\n";
  out << "Run Queue High Length: " << queued[int(Priority::high)] << "\n";
  out << "Run Queue Normal Length: " << queued[int(Priority::normal)] << "\n";
  out << "Run Queue Low Length: " << queued[int(Priority::low)] << "\n";
  out << "Run Queue Port Length: 0\n";
  if (!current) {
    out << "Current Process: \n";
    return;
  }
  out << "Current Process: ";
  out.term(current->pid) << "\n";
  out << "Current Process State: Running\n";
  out << "Current Process Limited Stack Trace:\n";
  write_stack_trace(out, current);
}

void write_memory(DumpFile& out) {
  MemoryUsage m = memory_usage();
  out << "=memory\n";
  out << "total: " << m.total << "\nprocesses: " << m.processes << "\nprocesses_used: " << m.processes_used;
  out << "\nsystem: " << m.system << "\natom: " << m.atom << "\natom_used: " << m.atom_used;
  out << "\nbinary: " << m.binary << "\ncode: " << m.code << "\nets: " << m.ets << "\n";
}

void write_atom_table(DumpFile& out) {
  AtomTableShape t = atom_table_shape();
  out << "=hash_table:atom_tab\nsize: " << uint64_t(t.buckets) << "\nused: " << uint64_t(t.used_buckets);
  out << "\nobjs: " << uint64_t(t.atoms) << "\ndepth: " << uint64_t(t.longest_chain) << "\n";
  out << "=index_table:atom_tab\nsize: " << uint64_t(t.entry_capacity) << "\nlimit: " << uint64_t(t.limit);
  out << "\nentries: " << uint64_t(atom_count()) << "\n";
}

// Links, then the monitors the process set up ({to, ...}), then those set on it ({from, ...}).
void write_links(DumpFile& out, const Process* p) {
  if (p->links.empty() && p->monitors.empty() && p->monitored_by.empty()) return;
  Arena scratch;
  const char* separator = "";
  out << "Link list: [";
  p->links.for_each([&](const Link& l) {
    out << separator;
    out.term(l.other);
    separator = ", ";
  });
  auto monitor = [&](const char* direction, const Monitor& m) {
    out << separator << "{" << direction << ",";
    if (is_atom(m.other)) {
      out << "{";
      out.term(m.other) << ",";
      out.term(local_node_name()) << "}";
    } else {
      out.term(m.other);
    }
    out << ",";
    out.term(make_local_ref(scratch, m.ref)) << "}";
    separator = ", ";
  };
  p->monitors.for_each([&](const Monitor& m) { monitor("to", m); });
  p->monitored_by.for_each([&](const Monitor& m) { monitor("from", m); });
  out << "]\n";
}

// A virtual binary heap's room left; "overflow" for the old one past its size, as erts says.
std::string vheap_unused(uint64_t size, uint64_t used, bool old) {
  if (used > size) return old ? "overflow" : "0";
  return std::to_string(size - used);
}

void write_process(DumpFile& out, const Process* p) {
  out << "=proc:";
  out.term(p->pid) << "\nState: " << state_name(p->status.load(std::memory_order_relaxed)) << "\n";
  if (p->registered_name.load(std::memory_order_relaxed) != NIL) {
    out << "Name: ";
    out.term(p->registered_name.load(std::memory_order_relaxed)) << "\n";
  }
  if (p->initial_call) {
    const Export* e = p->initial_call;
    out << "Spawned as: " << atom_text(e->module) << ":" << atom_text(e->function) << "/" << uint64_t(e->arity) << "\n";
  }
  out << "Message queue length: " << uint64_t(p->mailbox.length) << "\n";
  out << "Number of heap fragments: " << uint64_t(p->fragments.size()) << "\n";
  out << "Heap fragment data: " << uint64_t(p->fragment_words) << "\n";
  write_links(out, p);
  out << "Reductions: " << p->total_reductions << "\n";
  out << "Stack+heap: " << uint64_t(p->hend - p->heap) << "\nOldHeap: " << uint64_t(p->old_size) << "\n";
  out << "Heap unused: " << uint64_t(p->stop - p->htop) << "\n";
  out << "OldHeap unused: " << uint64_t(p->old_size - size_t(p->old_htop - p->old_heap)) << "\n";
  out << "BinVHeap: " << p->off_heap.overhead << "\nOldBinVHeap: " << p->old_off_heap.overhead << "\n";
  out << "BinVHeap unused: " << vheap_unused(p->bin_vheap_size, p->off_heap.overhead, false) << "\n";
  out << "OldBinVHeap unused: " << vheap_unused(p->bin_old_vheap_size, p->old_off_heap.overhead, true)
      << "\n";
  out << "Memory: " << uint64_t(process_memory_words(p) * sizeof(Word)) << "\n";
  std::string where = code_location(p->pc);
  if (!where.empty()) out << "Program counter: " << hex_address(p->pc) << " (" << where << ")\n";
}

const char* ets_type_name(EtsType t) {
  switch (t) {
    case EtsType::set: return "set";
    case EtsType::ordered_set: return "ordered_set";
    case EtsType::bag: return "bag";
    case EtsType::duplicate_bag: break;
  }
  return "duplicate_bag";
}

const char* ets_protection_name(EtsAccess a) {
  switch (a) {
    case EtsAccess::public_: return "public";
    case EtsAccess::protected_: return "protected";
    case EtsAccess::private_: break;
  }
  return "private";
}

std::string fixed6(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%f", v);
  return text;
}

void write_hash_shape(DumpFile& out, const EtsTable& t) {
  EtsHashStats s = t.hash->stats();
  out << "Buckets: " << uint64_t(s.nactive) << "\n";
  out << "Chain Length Avg: " << fixed6(s.avg_chain_len) << "\n";
  out << "Chain Length Max: " << uint64_t(s.max_chain_len) << "\nChain Length Min: " << uint64_t(s.min_chain_len) << "\n";
  out << "Chain Length Std Dev: " << fixed6(s.std_dev_chain_len) << "\n";
  out << "Chain Length Expected Std Dev: " << fixed6(s.std_dev_expected) << "\n";
  out << "Fixed: " << (t.is_fixed() ? "true" : "false") << "\n";
}

void write_ets_table(DumpFile& out, const EtsTable& t) {
  out << "=ets:";
  out.term(t.owner) << "\nSlot: " << ref_id(t.ref, RefSpace::ets_table) << "\nTable: ";
  out.term(t.id()) << "\nName: ";
  out.term(t.name) << "\n";
  if (t.hash) write_hash_shape(out, t);
  else out << "Ordered set (AVL tree), Elements: " << uint64_t(t.size()) << "\n";
  out << "Objects: " << uint64_t(t.size()) << "\nWords: " << uint64_t(t.memory_words()) << "\n";
  out << "Type: " << ets_type_name(t.type) << "\nProtection: " << ets_protection_name(t.access) << "\n";
  out << "Compressed: " << (t.compressed ? "true" : "false") << "\n";
  out << "Write Concurrency: " << (t.locking != EtsLocking::table ? "true" : "false") << "\n";
  out << "Read Concurrency: " << (t.frequent_read ? "true" : "false") << "\n";
}

void write_ets(DumpFile& out) {
  for (auto& [handle, name] : ets_tables()) {
    EtsLocked t(handle, EtsOp::read_all);
    if (!t) continue;
    write_ets_table(out, *t);
    if (!out.flush()) return;
  }
}

// Message timers (send_after, start_timer); a receive's timeout is no timer to erts.
void write_timers(DumpFile& out) {
  Millis now = monotonic_millis();
  for_each_scheduler([&](Scheduler& s) {
    std::lock_guard guard(s.timers_lock);
    s.timers.for_each([&](const TimerEntry& t) {
      if (t.receive_timeout) return;
      out << "=timer:";
      out.term(t.target) << "\nMessage: ";
      out.term(t.message) << "\nTime left: " << uint64_t(std::max<Millis>(0, t.expiry - now)) << "\n";
    });
  });
}

std::string base64(std::string_view bytes) {
  static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) n |= uint8_t(bytes[i + 2]);
    text += digits[n >> 18];
    text += digits[(n >> 12) & 63];
    text += i + 1 < bytes.size() ? digits[(n >> 6) & 63] : '=';
    text += i + 2 < bytes.size() ? digits[n & 63] : '=';
  }
  return text;
}

void write_module_version(DumpFile& out, const char* which, const Module& m) {
  out << which << " size: " << uint64_t(m.memory_bytes()) << "\n";
  if (!m.attributes.empty()) out << which << " attributes: " << base64(m.attributes) << "\n";
  if (!m.compile_info.empty())
    out << which << " compilation info: " << base64(m.compile_info) << "\n";
}

void write_modules(DumpFile& out) {
  uint64_t current_bytes = 0, old_bytes = 0;
  module_for_each([&](Term, const Module* current, const Module* old) {
    if (current) current_bytes += current->memory_bytes();
    if (old) old_bytes += old->memory_bytes();
  });
  out << "=loaded_modules\nCurrent code: " << current_bytes << "\nOld code: " << old_bytes << "\n";
  module_for_each([&](Term name, const Module* current, const Module* old) {
    out << "=mod:" << atom_text(name) << "\n";
    if (current) write_module_version(out, "Current", *current);
    if (old) write_module_version(out, "Old", *old);
  });
}

// Newest first, as erts lists them.
void write_atoms(DumpFile& out) {
  out << "=atoms\n";
  for (size_t i = atom_count(); i-- > 0;) {
    out.term(make_atom(uint32_t(i))) << "\n";
    if (i % 4096 == 0 && !out.flush()) return;
  }
}

// All of it, section by section, stopping early once the dump may not go on.
bool write_sections(DumpFile& out, std::string_view slogan) {
  write_header(out, slogan);
  for_each_scheduler([&](Scheduler& s) { write_scheduler(out, s); });
  write_memory(out);
  write_atom_table(out);
  bool going = out.flush();
  process_for_each([&](Process* p) {
    // An exited process waiting to leave the table has no heap any more.
    if (p->status.load(std::memory_order_relaxed) == ProcessStatus::exiting) return;
    if (going) write_process(out, p);
    if (going && !out.flush()) going = false;
  });
  if (!going) return false;
  write_ets(out);
  write_timers(out);
  out << "=node:";
  out.term(local_node_name()) << "\n=no_distribution\n";
  write_modules(out);
  write_atoms(out);
  out << "=end\n";
  return out.flush();
}

// ERL_CRASH_DUMP_SECONDS as erts reads it (with atoi): unset is -1, no limit.
int crash_dump_seconds() {
  std::string value;
  return platform::get_env("ERL_CRASH_DUMP_SECONDS", value) ? std::atoi(value.c_str()) : -1;
}

// ERL_CRASH_DUMP_BYTES: a whole non-negative number, else no limit (-1).
int64_t crash_dump_bytes() {
  std::string value;
  if (!platform::get_env("ERL_CRASH_DUMP_BYTES", value) || value.empty()) return -1;
  errno = 0;
  char* end = nullptr;
  long long n = std::strtoll(value.c_str(), &end, 10);
  return errno == 0 && *end == 0 && n >= 0 ? int64_t(n) : -1;
}

std::atomic<bool> dumping{false};

}  // namespace

void write_crash_dump(std::string_view slogan) {
  if (!on_scheduler_thread() || dumping.exchange(true, std::memory_order_relaxed)) return;
  park_other_schedulers();  // the VM ends after the dump: nothing runs on while it is written
  int seconds = crash_dump_seconds();
  int64_t bytes = crash_dump_bytes();
  if (seconds == 0 || bytes == 0) return;
  std::string name = platform::getenv_or("ERL_CRASH_DUMP", "erl_crash.dump");
  platform::write_fd(2, "\r\nCrash dump is being written to: " + name + "...");
  int fd;
  if (platform::file_open(name, platform::open_write | platform::open_restricted, &fd) != 0) return;
  int64_t deadline = seconds > 0 ? platform::monotonic_nanos() + int64_t(seconds) * 1000000000 : -1;
  DumpFile out(fd, bytes, deadline);
  bool complete = write_sections(out, slogan);
  platform::file_close(fd);
  if (complete) platform::write_fd(2, "done\r\n");
}

}  // namespace ember
