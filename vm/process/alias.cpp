#include "vm/process/alias.h"

#include <array>
#include <map>
#include <mutex>
#include <unordered_map>

#include "vm/term/ref.h"

namespace ember {
namespace {

using Key = std::array<uint32_t, 3>;

struct Entry {
  Term owner;
  AliasMode mode;
};

struct Table {
  std::mutex lock;
  std::map<Key, Entry> aliases;
  // Active aliases per owner, so that an exit looks through the aliases only if it has some:
  // a gen:call's alias usually ends with the reply.
  std::unordered_map<Term, uint32_t> owned;

  void erase(std::map<Key, Entry>::iterator it) {
    auto count = owned.find(it->second.owner);
    if (--count->second == 0) owned.erase(count);
    aliases.erase(it);
  }
};

Table& table() {
  static Table* t = new Table;
  return *t;
}

bool key_of(Term ref, Key& key) { return ref_numbers(ref, key.data()); }

}  // namespace

void alias_create(Term ref, Term owner, AliasMode mode) {
  Key key;
  if (!key_of(ref, key)) return;
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto [it, added] = t.aliases.try_emplace(key, Entry{owner, mode});
  if (!added) {
    t.erase(it);
    it = t.aliases.try_emplace(key, Entry{owner, mode}).first;
  }
  t.owned[owner]++;
}

Term alias_owner(Term ref, AliasMode* mode) {
  Key key;
  if (!key_of(ref, key)) return NIL;
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.aliases.find(key);
  if (it == t.aliases.end()) return NIL;
  if (mode) *mode = it->second.mode;
  return it->second.owner;
}

bool alias_remove(Term ref, Term owner) {
  Key key;
  if (!key_of(ref, key)) return false;
  Table& t = table();
  std::lock_guard guard(t.lock);
  auto it = t.aliases.find(key);
  if (it == t.aliases.end() || it->second.owner != owner) return false;
  t.erase(it);
  return true;
}

void alias_remove_all(Term owner) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  if (!t.owned.count(owner)) return;
  for (auto it = t.aliases.begin(); it != t.aliases.end();) {
    auto next = std::next(it);
    if (it->second.owner == owner) t.erase(it);
    it = next;
  }
}

}  // namespace ember
