// ets: tables, objects, iteration and information. Match specifications are in ets_match.cpp,
// the table structure and registry in vm/ets_table.cpp. Every read copies objects out to the
// calling process, as erts does.
#include "bif/ets_common.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/node.h"
#include "vm/process_table.h"

namespace ember {

namespace {

Term atom(const char* text) { return atom_put(text); }

// A list of copies of the objects of a bucket, in their order.
Term copy_bucket(Process* p, const EtsBucket& bucket) {
  Term list = NIL;
  for (size_t i = bucket.size(); i-- > 0;) {
    Term o = ets_copy_out(p, bucket[i].tuple);
    ProcessHeap heap(p);
    list = cons(heap, o, list);
  }
  return list;
}

bool valid_object(const EtsTable& t, Term o) { return is_tuple(o) && tuple_arity(o) >= t.keypos; }

// The objects insert/2 and insert_new/2 take: one object or a proper list of them.
bool objects_of(const EtsTable& t, Term arg, std::vector<Term>* out) {
  if (is_tuple(arg)) {
    out->push_back(arg);
    return valid_object(t, arg);
  }
  for (; is_list(arg); arg = tail(arg)) {
    if (!valid_object(t, head(arg))) return false;
    out->push_back(head(arg));
  }
  return is_nil(arg);
}

// ---- ets:new options -----------------------------------------------------------------------

bool is_bool(Term t) { return t == atoms::true_ || t == atoms::false_; }

// {heir, Pid, Data} or {heir, none}: sets *pid and *data (nil pid for none); false otherwise.
bool heir_option(Term o, Term* pid, Term* data) {
  if (!is_tuple(o) || tuple_element(o, 0) != atom("heir")) return false;
  if (tuple_arity(o) == 2 && tuple_element(o, 1) == atom("none")) {
    *pid = NIL;
    *data = NIL;
    return true;
  }
  if (tuple_arity(o) != 3 || !is_local_pid(tuple_element(o, 1))) return false;
  *pid = tuple_element(o, 1);
  *data = tuple_element(o, 2);
  return true;
}

bool access_of(Term o, EtsAccess* access) {
  if (o == atom("public")) *access = EtsAccess::public_;
  else if (o == atom("protected")) *access = EtsAccess::protected_;
  else if (o == atom("private")) *access = EtsAccess::private_;
  else return false;
  return true;
}

bool apply_option(EtsTable& t, Term o, Term* heir, Term* heir_data) {
  if (heir_option(o, heir, heir_data) || access_of(o, &t.access)) return true;
  if (o == atom("set")) t.type = EtsType::set;
  else if (o == atom("ordered_set")) t.type = EtsType::ordered_set;
  else if (o == atom("bag")) t.type = EtsType::bag;
  else if (o == atom("duplicate_bag")) t.type = EtsType::duplicate_bag;
  else if (o == atom("named_table")) t.named = true;
  else if (o == atom("compressed")) t.compressed = true;
  else if (!is_tuple(o) || tuple_arity(o) != 2) return false;
  else {
    Term tag = tuple_element(o, 0), value = tuple_element(o, 1);
    if (tag == atom("keypos")) {
      if (!is_small(value) || small_value(value) < 1) return false;
      t.keypos = uint32_t(small_value(value));
    } else if (tag == atom("write_concurrency")) {
      if (!is_bool(value) && value != atom("auto")) return false;
      t.write_concurrency = value;
    } else if (tag == atom("read_concurrency")) {
      if (!is_bool(value)) return false;
      t.read_concurrency = value;
    } else if (tag == atom("decentralized_counters")) {
      if (!is_bool(value)) return false;
      t.decentralized_counters = value;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

Term ets_new_2(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  EtsTable options;
  Term heir = NIL, heir_data = NIL;
  Term l = a[1];
  for (; is_list(l); l = tail(l))
    if (!apply_option(options, head(l), &heir, &heir_data)) return badarg(p);
  if (!is_nil(l)) return badarg(p);
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_create(a[0], options.named, p->pid);
  if (!t) return badarg_because(p, atom_put("already_exists"));
  t->type = options.type;
  t->access = options.access;
  t->keypos = options.keypos;
  t->compressed = options.compressed;
  t->read_concurrency = options.read_concurrency;
  t->write_concurrency = options.write_concurrency;
  t->decentralized_counters = options.decentralized_counters;
  if (t->type == EtsType::ordered_set) t->buckets = EtsBuckets(EtsKeyLess{false});
  if (heir != NIL) t->set_heir(heir, heir_data);
  return t->named ? t->name : ets_copy_out(p, t->ref);
}

// The table if p owns it; otherwise null, having raised badarg with erts' cause.
static EtsTable* owned_table(Process* p, Term id) {
  EtsTable* t = ets_find(id);
  if (!t) return ets_table_badarg(p, id), nullptr;
  if (t->owner != p->pid) return badarg_because(p, atom("access")), nullptr;
  return t;
}

Term ets_rename_2(Process* p, Term* a) {
  if (!is_atom(a[1])) return badarg(p);
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  if (!t) return ets_table_badarg(p, a[0]);
  if (!ets_rename(t, a[1])) return badarg(p);
  return t->named ? t->name : ets_copy_out(p, t->ref);
}

Term ets_give_away_3(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = owned_table(p, a[0]);
  if (!t) return THE_NON_VALUE;
  if (a[1] == p->pid) return badarg_because(p, atom("owner"));
  if (!is_local_pid(a[1]) || !process_find(a[1])) return badarg(p);
  ets_transfer(t, p->pid, a[1], a[2]);
  return atoms::true_;
}

// setopts/2: {heir, Pid, Data}, {heir, none} and {protection, Access}, one or a list.
Term ets_setopts_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = owned_table(p, a[0]);
  if (!t) return THE_NON_VALUE;
  auto apply = [&](Term o) {
    Term heir, heir_data;
    if (heir_option(o, &heir, &heir_data)) return t->set_heir(heir, heir_data), true;
    return is_tuple(o) && tuple_arity(o) == 2 && tuple_element(o, 0) == atom("protection") &&
           access_of(tuple_element(o, 1), &t->access);
  };
  if (is_tuple(a[1])) return apply(a[1]) ? atoms::true_ : badarg(p);
  if (list_length(a[1]) < 0) return badarg(p);
  for (Term l = a[1]; is_list(l); l = tail(l))
    if (!apply(head(l))) return badarg(p);
  return atoms::true_;
}

Term ets_delete_1(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  if (!t) return ets_table_badarg(p, a[0]);
  ets_destroy(t);
  return atoms::true_;
}

Term ets_whereis_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_find(a[0]);
  return t ? ets_copy_out(p, t->ref) : atom("undefined");
}

// ets:all/0 receives one {Ref, Tables} message per scheduler; ember has one.
Term ets_internal_request_all_0(Process* p, Term*) {
  std::lock_guard guard(ets_lock());
  ProcessHeap heap(p);
  Term list = NIL;
  for (EtsTable* t : ets_tables()) list = cons(heap, t->named ? t->name : ets_copy_out(p, t->ref), list);
  Term ref = make_ref(heap);
  deliver_message(p, p->pid, tuple(heap, ref, list));
  return ref;
}

// ---- writing -------------------------------------------------------------------------------

Term ets_insert_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  std::vector<Term> objects;
  if (!t) return ets_table_badarg(p, a[0]);
  if (!objects_of(*t, a[1], &objects)) return badarg(p);
  for (Term o : objects) t->insert(o);
  return atoms::true_;
}

Term ets_insert_new_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  std::vector<Term> objects;
  if (!t) return ets_table_badarg(p, a[0]);
  if (!objects_of(*t, a[1], &objects)) return badarg(p);
  for (Term o : objects)
    if (t->buckets.count(t->key_of(o))) return atoms::false_;
  for (Term o : objects) t->insert(o);
  return atoms::true_;
}

Term ets_delete_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  if (!t) return ets_table_badarg(p, a[0]);
  t->erase_key(a[1]);
  return atoms::true_;
}

Term ets_delete_object_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  if (!t) return ets_table_badarg(p, a[0]);
  if (!valid_object(*t, a[1])) return badarg(p);
  t->erase_object(a[1]);
  return atoms::true_;
}

Term ets_internal_delete_all_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  if (!t) return ets_table_badarg(p, a[0]);
  size_t n = t->size;
  t->clear();
  ProcessHeap heap(p);
  return make_integer(heap, int64_t(n));
}

Term ets_take_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::write);
  if (!t) return ets_table_badarg(p, a[0]);
  auto it = t->buckets.find(a[1]);
  if (it == t->buckets.end()) return NIL;
  Term list = copy_bucket(p, it->second);
  t->erase_key(a[1]);
  return list;
}

// ---- reading -------------------------------------------------------------------------------

Term ets_lookup_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  auto it = t->buckets.find(a[1]);
  return it == t->buckets.end() ? NIL : copy_bucket(p, it->second);
}

Term ets_member_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  return boolean(t->buckets.count(a[1]) != 0);
}

Term ets_lookup_element_3(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  if (!is_small(a[2]) || small_value(a[2]) < 1) return badarg(p);
  auto it = t->buckets.find(a[1]);
  if (it == t->buckets.end()) return badarg_because(p, atom_put("badkey"));
  Word pos = Word(small_value(a[2]));
  for (const EtsObject& o : it->second)
    if (tuple_arity(o.tuple) < pos) return badarg(p);
  if (!t->is_bag()) return ets_copy_out(p, tuple_element(it->second[0].tuple, pos - 1));
  Term list = NIL;
  for (size_t i = it->second.size(); i-- > 0;) {
    Term e = ets_copy_out(p, tuple_element(it->second[i].tuple, pos - 1));
    ProcessHeap heap(p);
    list = cons(heap, e, list);
  }
  return list;
}

// ---- iteration -----------------------------------------------------------------------------

// first/next walk keys in the table's order; last/prev walk ordered_set backwards and are
// first/next for the other types, as in erts.
Term key_or_end(Process* p, const EtsTable& t, EtsBuckets::const_iterator it) {
  if (it == t.buckets.end()) return atom("$end_of_table");
  return ets_copy_out(p, it->first);
}

Term ets_first_1(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  return key_or_end(p, *t, t->buckets.begin());
}

Term ets_next_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  if (t->type == EtsType::ordered_set) return key_or_end(p, *t, t->buckets.upper_bound(a[1]));
  auto it = t->buckets.find(a[1]);
  if (it == t->buckets.end()) return badarg(p);
  return key_or_end(p, *t, ++it);
}

Term ets_last_1(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  if (t->type != EtsType::ordered_set || t->buckets.empty())
    return key_or_end(p, *t, t->buckets.begin());
  return ets_copy_out(p, t->buckets.rbegin()->first);
}

Term ets_prev_2(Process* p, Term* a) {
  std::unique_lock guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  if (t->type != EtsType::ordered_set) {
    guard.unlock();
    return ets_next_2(p, a);
  }
  auto it = t->buckets.lower_bound(a[1]);
  if (it == t->buckets.begin()) return atom("$end_of_table");
  return ets_copy_out(p, (--it)->first);
}

// Fixing a table only matters to erts' hash tables, whose walk may see rehashing; ember's walk
// is in key order, so fixing is checked and accepted.
Term ets_safe_fixtable_2(Process* p, Term* a) {
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_table_for(p, a[0], EtsNeed::read);
  if (!t) return ets_table_badarg(p, a[0]);
  if (!is_bool(a[1])) return badarg(p);
  return atoms::true_;
}

// ---- info ----------------------------------------------------------------------------------

namespace {

Term type_name(EtsType type) {
  static const char* names[] = {"set", "ordered_set", "bag", "duplicate_bag"};
  return atom(names[int(type)]);
}

Term access_name(EtsAccess access) {
  static const char* names[] = {"public", "protected", "private"};
  return atom(names[int(access)]);
}

// Words the table occupies, in the spirit of erts' memory item.
int64_t memory_words(const EtsTable& t) {
  int64_t words = 100;
  for (auto& [key, bucket] : t.buckets)
    for (const EtsObject& o : bucket) words += int64_t(o.storage->used_words()) + 4;
  return words;
}

// The value of one info item, or THE_NON_VALUE for an unknown item.
Term info_item(Process* p, const EtsTable& t, Term item) {
  ProcessHeap heap(p);
  if (item == atom("id")) return ets_copy_out(p, t.ref);
  if (item == atom("name")) return t.name;
  if (item == atom("size")) return make_integer(heap, int64_t(t.size));
  if (item == atom("type")) return type_name(t.type);
  if (item == atom("named_table")) return boolean(t.named);
  if (item == atom("keypos")) return make_small(t.keypos);
  if (item == atom("protection")) return access_name(t.access);
  if (item == atom("owner")) return t.owner;
  if (item == atom("heir")) return t.heir == NIL ? atom("none") : t.heir;
  if (item == atom("node")) return local_node_name();
  if (item == atom("memory")) return make_integer(heap, memory_words(t));
  if (item == atom("compressed")) return boolean(t.compressed);
  if (item == atom("read_concurrency")) return t.read_concurrency;
  if (item == atom("write_concurrency")) return t.write_concurrency;
  if (item == atom("decentralized_counters")) return t.decentralized_counters;
  if (item == atom("fixed")) return atoms::false_;
  return THE_NON_VALUE;
}

}  // namespace

Term ets_info_1(Process* p, Term* a) {
  static const char* items[] = {"id", "decentralized_counters", "read_concurrency",
                                "write_concurrency", "compressed", "memory", "owner", "heir",
                                "name", "size", "node", "named_table", "type", "keypos",
                                "protection"};
  if (!is_atom(a[0]) && !is_ref(a[0])) return badarg_because(p, atom_put("type"));
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_find(a[0]);
  if (!t) return atom("undefined");
  Term list = NIL;
  for (size_t i = std::size(items); i-- > 0;) {
    Term v = info_item(p, *t, atom(items[i]));
    ProcessHeap heap(p);
    list = cons(heap, tuple(heap, atom(items[i]), v), list);
  }
  return list;
}

Term ets_info_2(Process* p, Term* a) {
  if (!is_atom(a[0]) && !is_ref(a[0])) return badarg_because(p, atom_put("type"));
  std::lock_guard guard(ets_lock());
  EtsTable* t = ets_find(a[0]);
  if (!t) return atom("undefined");
  Term v = info_item(p, *t, a[1]);
  return v == THE_NON_VALUE ? badarg(p) : v;
}

}  // namespace ember
