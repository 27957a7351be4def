#include "vm/process_table.h"

#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "vm/gc.h"
#include "vm/node.h"

namespace ember {
namespace {

// Pid ids are slot + generation * capacity, so a slot can be reused without a stale pid
// finding the new process. Ids print as <0.Number.Serial> (node.h).
constexpr uint64_t capacity = uint64_t(1) << 18;  // erts' default process limit is 262144

struct Table {
  std::mutex lock;
  std::vector<Process*> slots = std::vector<Process*>(capacity, nullptr);
  uint64_t next_id = 0;
  size_t count = 0;
  std::unordered_map<Term, Process*> names;
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

}  // namespace

bool process_table_add(std::unique_ptr<Process> p) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (t.count >= capacity) return false;
  while (t.slots[t.next_id % capacity]) t.next_id++;
  uint64_t id = t.next_id++;
  p->pid = make_pid(id);
  t.slots[id % capacity] = p.release();
  t.count++;
  return true;
}

void process_table_remove(Process* p) {
  Table& t = table();
  {
    std::lock_guard guard(t.lock);
    t.slots[pid_id(p->pid) % capacity] = nullptr;
    t.count--;
  }
  gc_free_all(p);
  delete p;
}

Process* process_find(Term pid) {
  if (!is_local_pid(pid)) return nullptr;
  Process* p = table().slots[pid_id(pid) % capacity];
  return p && p->pid == pid && p->status.load() != ProcessStatus::exiting ? p : nullptr;
}

size_t process_count() { return table().count; }

void process_for_each_impl(void (*fn)(Process*, void*), void* ctx) {
  Table& t = table();
  std::map<uint64_t, Process*> ordered;  // erts lists processes in pid order
  for (Process* p : t.slots)
    if (p) ordered.emplace(pid_id(p->pid), p);
  for (auto& [id, p] : ordered) fn(p, ctx);
}

bool register_name(Term name, Process* p) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (p->registered_name != NIL || t.names.count(name)) return false;
  t.names.emplace(name, p);
  p->registered_name = name;
  return true;
}

bool unregister_name(Term name) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.names.find(name);
  if (it == t.names.end()) return false;
  it->second->registered_name = NIL;
  t.names.erase(it);
  return true;
}

Process* whereis_name(Term name) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.names.find(name);
  return it == t.names.end() ? nullptr : it->second;
}

void registered_for_each_impl(void (*fn)(Term, Process*, void*), void* ctx) {
  Table& t = table();
  std::vector<std::pair<Term, Process*>> copy(t.names.begin(), t.names.end());
  for (auto& [n, p] : copy) fn(n, p, ctx);
}

}  // namespace ember
