#include "vm/process/alias.h"

#include <array>
#include <map>
#include <mutex>

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
  t.aliases[key] = Entry{owner, mode};
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
  t.aliases.erase(it);
  return true;
}

void alias_remove_all(Term owner) {
  Table& t = table();
  std::lock_guard guard(t.lock);
  for (auto it = t.aliases.begin(); it != t.aliases.end();)
    it = it->second.owner == owner ? t.aliases.erase(it) : std::next(it);
}

}  // namespace ember
