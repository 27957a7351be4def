// ets: tables, objects, iteration and information. Match specifications are in ets_match.cpp,
// the table structure and registry in vm/process/ets_table.cpp. Every read copies objects out to the
// calling process, as erts does.
#include <algorithm>
#include <bit>
#include <memory>

#include "bif/ets_common.h"
#include "platform/os.h"
#include "vm/term/ref.h"
#include "vm/process/signals.h"
#include "vm/term/node.h"
#include "vm/process/process_table.h"

namespace ember {

namespace {

Term atom(const char* text) { return atom_put(text); }

// A list of copies of stored objects, in their order.
Term copy_objects(Process* p, const std::vector<Term>& objects) {
  Term list = NIL;
  for (size_t i = objects.size(); i-- > 0;) {
    Term o = ets_copy_out(p, objects[i]);
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

// What ets:new's options decide, read in order as erts does: `set` and `protected` are the
// defaults and change nothing once another type or access was given.
struct NewOptions {
  EtsTable& t;
  bool fine = false, is_auto = false, explicit_locks = false;
  int64_t locks = -1;
  bool decentralized = false;
  int decentralized_option = -1;
};

bool write_concurrency_option(NewOptions& n, Term value) {
  if (value == atom("auto")) {
    n.decentralized = n.is_auto = n.fine = true;
    n.explicit_locks = false;
  } else if (value == atoms::true_) {
    if (n.t.type != EtsType::ordered_set) n.decentralized = false;
    n.fine = true;
    n.is_auto = n.explicit_locks = false;
  } else if (value == atoms::false_) {
    n.fine = n.is_auto = n.explicit_locks = false;
  } else if (is_tuple(value) && tuple_arity(value) == 2 &&
             tuple_element(value, 0) == atom("debug_hash_fixed_number_of_locks") &&
             is_small(tuple_element(value, 1)) && small_value(tuple_element(value, 1)) >= 1 &&
             small_value(tuple_element(value, 1)) <= 32768) {
    n.decentralized = n.fine = n.explicit_locks = true;
    n.is_auto = false;
    n.locks = small_value(tuple_element(value, 1));
  } else {
    return false;
  }
  return true;
}

bool apply_option(NewOptions& n, Term o, Term* heir, Term* heir_data) {
  EtsTable& t = n.t;
  if (o == atom("protected") || o == atom("set")) return true;
  if (heir_option(o, heir, heir_data) || access_of(o, &t.access)) return true;
  if (o == atom("ordered_set")) {
    t.type = EtsType::ordered_set;
    n.decentralized = true;
  } else if (o == atom("bag")) {
    t.type = EtsType::bag;
  } else if (o == atom("duplicate_bag")) {
    t.type = EtsType::duplicate_bag;
  } else if (o == atom("named_table")) {
    t.named = true;
  } else if (o == atom("compressed")) {
    t.compressed = true;
  } else if (!is_tuple(o) || tuple_arity(o) != 2) {
    return false;
  } else {
    Term tag = tuple_element(o, 0), value = tuple_element(o, 1);
    if (tag == atom("keypos")) {
      if (!is_small(value) || small_value(value) < 1) return false;
      t.keypos = uint32_t(small_value(value));
    } else if (tag == atom("write_concurrency")) {
      return write_concurrency_option(n, value);
    } else if (tag == atom("read_concurrency")) {
      if (!is_bool(value)) return false;
      t.frequent_read = value == atoms::true_;
    } else if (tag == atom("decentralized_counters")) {
      if (!is_bool(value)) return false;
      n.decentralized_option = value == atoms::true_;
    } else {
      return false;
    }
  }
  return true;
}

// Fine-grained locking needs a table others may write; a hash table then has 64 locks unless
// the debug option asks for more (erts rounds down to a power of two, at least 64).
void settle_locking(NewOptions& n) {
  EtsTable& t = n.t;
  if (n.decentralized_option != -1) n.decentralized = n.decentralized_option;
  bool is_private = t.access == EtsAccess::private_;
  if (!n.fine || is_private) {
    t.locking = EtsLocking::table;
  } else {
    t.locking = n.explicit_locks ? EtsLocking::fine_explicit
                : n.is_auto      ? EtsLocking::fine_auto
                                 : EtsLocking::fine;
  }
  bool fine = t.locking != EtsLocking::table;
  t.nlocks = 1;
  if (fine && t.type != EtsType::ordered_set) {
    t.nlocks = 64;
    if (n.explicit_locks) t.nlocks = std::max<uint32_t>(64, std::bit_floor(uint32_t(n.locks)));
  }
  t.decentralized_counters = fine && n.decentralized;
  if (is_private) t.frequent_read = false;
}

}  // namespace

Term ets_new_2(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  auto table = std::make_unique<EtsTable>();
  EtsTable& t = *table;
  t.compressed = ets_always_compress();
  NewOptions n{t};
  Term heir = NIL, heir_data = NIL;
  Term l = a[1];
  for (; is_list(l); l = tail(l))
    if (!apply_option(n, head(l), &heir, &heir_data)) return badarg(p);
  if (!is_nil(l)) return badarg(p);
  if (n.explicit_locks && t.type == EtsType::ordered_set) return badarg(p);
  settle_locking(n);
  t.name = a[0];
  t.owner = p->pid;
  p->involve(Involved::ets);
  t.create_storage();
  if (heir != NIL) t.set_heir(heir, heir_data);
  bool named = t.named;
  EtsHandle handle = ets_register(std::move(table));
  if (!handle) return badarg_because(p, atom_put("already_exists"));
  if (named) return a[0];
  ProcessHeap heap(p);
  return ets_reference(heap, handle.number);
}

// Whether p owns the table; if not, raises badarg with erts' cause.
static bool owned_by(Process* p, const EtsLocked& t) {
  if (!t) return ets_table_badarg(p, t), false;
  if (t->owner != p->pid) return badarg_because(p, atom("access")), false;
  return true;
}

Term ets_rename_2(Process* p, Term* a) {
  if (!is_atom(a[1])) return badarg(p);
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_all);
  if (!t) return ets_table_badarg(p, t);
  if (!ets_rename(t.get(), a[1])) return badarg(p);
  return t->named ? t->name : ets_copy_out(p, t->ref);
}

Term ets_give_away_3(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::any, EtsOp::write_all);
  if (!owned_by(p, t)) return THE_NON_VALUE;
  if (a[1] == p->pid) return badarg_because(p, atom("owner"));
  if (!is_local_pid(a[1]) || !process_find_alive(a[1])) return badarg(p);
  ets_transfer(t.get(), p->pid, a[1], a[2]);
  return atoms::true_;
}

// setopts/2: {heir, Pid, Data}, {heir, none} and {protection, Access}, one or a list.
Term ets_setopts_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::any, EtsOp::write_all);
  if (!owned_by(p, t)) return THE_NON_VALUE;
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
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_all);
  if (!t) return ets_table_badarg(p, t);
  t.destroy();
  return atoms::true_;
}

Term ets_whereis_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return badarg(p);
  EtsHandle t = ets_find(a[0]);
  if (!t) return atom("undefined");
  ProcessHeap heap(p);
  return ets_reference(heap, t.number);
}

// ets:all/0 receives one {Ref, Tables} message per scheduler, each of which lists its share of
// the tables in erts. ember's tables belong to no scheduler: the first message lists them all,
// the others none.
Term ets_internal_request_all_0(Process* p, Term*) {
  ProcessHeap heap(p);
  Term list = NIL;
  for (auto& [t, name] : ets_tables()) list = cons(heap, name != NIL ? name : ets_reference(heap, t.number), list);
  Term ref = make_ref(heap);
  deliver_message(p, p->pid, tuple(heap, ref, list));
  for (unsigned k = 1; k < scheduler_count(); k++) deliver_message(p, p->pid, tuple(heap, ref, NIL));
  return ref;
}

// ---- writing -------------------------------------------------------------------------------

// erts inserts a list of objects in reverse when it copies the list out of the process first:
// always for a bag, and for other tables when the list is longer than the call may go on
// without yielding (8 objects per reduction left).
// A table of many locks held whole (for a list) resizes after each object, as erts does;
// under one key's lock it resizes once the lock is released (EtsLocked).
void insert_all(Process* p, const EtsLocked& t, std::vector<Term>& objects) {
  if (objects.size() > 1 &&
      (t->type == EtsType::bag || int64_t(objects.size()) > 8 * int64_t(std::max(p->reductions, 0))))
    std::reverse(objects.begin(), objects.end());
  for (Term o : objects) {
    t->insert(o);
    if (t.whole()) t->settle();
  }
}

// One object is written under its key's lock; a list under the whole table's, since erts
// inserts a list atomically.
EtsOp insert_op(Term objects) { return is_tuple(objects) ? EtsOp::write_object : EtsOp::write_all; }

Term ets_insert_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, insert_op(a[1]), a[1]);
  std::vector<Term> objects;
  if (!t) return ets_table_badarg(p, t);
  if (!objects_of(*t, a[1], &objects)) return badarg(p);
  insert_all(p, t, objects);
  return atoms::true_;
}

Term ets_insert_new_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, insert_op(a[1]), a[1]);
  std::vector<Term> objects;
  if (!t) return ets_table_badarg(p, t);
  if (!objects_of(*t, a[1], &objects)) return badarg(p);
  if (objects.size() == 1) return boolean(t->insert(objects[0], true));
  for (Term o : objects)
    if (t->member(t->key_of(o))) return atoms::false_;
  insert_all(p, t, objects);
  return atoms::true_;
}

Term ets_delete_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_key, a[1]);
  if (!t) return ets_table_badarg(p, t);
  t->erase_key(a[1]);
  return atoms::true_;
}

Term ets_delete_object_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_object, a[1]);
  if (!t) return ets_table_badarg(p, t);
  if (!valid_object(*t, a[1])) return badarg(p);
  t->erase_object(a[1]);
  return atoms::true_;
}

Term ets_internal_delete_all_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_all);
  if (!t) return ets_table_badarg(p, t);
  size_t n = t->size();
  t->clear();
  ProcessHeap heap(p);
  return make_integer(heap, int64_t(n));
}

Term ets_take_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::write, EtsOp::write_key, a[1]);
  if (!t) return ets_table_badarg(p, t);
  if (!t->hash) {
    Term list = copy_objects(p, t->lookup(a[1]));
    t->erase_key(a[1]);
    return list;
  }
  std::vector<EtsObject> taken = t->hash->take(a[1]);
  std::vector<Term> objects;
  for (const EtsObject& o : taken) objects.push_back(o.tuple);
  return copy_objects(p, objects);
}

// ---- reading -------------------------------------------------------------------------------

Term ets_lookup_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_key, a[1]);
  if (!t) return ets_table_badarg(p, t);
  if (t->type == EtsType::set) {  // the common case, without building a vector
    const EtsHashNode* n = t->hash->find(a[1]);
    if (!n) return NIL;
    Term o = ets_copy_out(p, n->object.tuple);
    ProcessHeap heap(p);
    return cons(heap, o, NIL);
  }
  return copy_objects(p, t->lookup(a[1]));
}

Term ets_member_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_key, a[1]);
  if (!t) return ets_table_badarg(p, t);
  return boolean(t->member(a[1]));
}

Term ets_lookup_element_3(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_key, a[1]);
  if (!t) return ets_table_badarg(p, t);
  if (!is_small(a[2]) || small_value(a[2]) < 1) return badarg(p);
  std::vector<Term> objects = t->lookup(a[1]);
  if (objects.empty()) return badarg_because(p, atom_put("badkey"));
  Word pos = Word(small_value(a[2]));
  for (Term o : objects)
    if (tuple_arity(o) < pos) return badarg(p);
  if (!t->is_bag()) return ets_copy_out(p, tuple_element(objects[0], pos - 1));
  Term list = NIL;
  for (size_t i = objects.size(); i-- > 0;) {
    Term e = ets_copy_out(p, tuple_element(objects[i], pos - 1));
    ProcessHeap heap(p);
    list = cons(heap, e, list);
  }
  return list;
}

// ---- iteration -----------------------------------------------------------------------------

// first/next walk a hash table in erts' bucket order and an ordered_set in key order;
// last/prev walk an ordered_set backwards and are first/next for the other types, as in erts.
Term key_or_end(Process* p, Term key) {
  return key == THE_NON_VALUE ? atom("$end_of_table") : ets_copy_out(p, key);
}

Term ets_first_1(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_all);
  if (!t) return ets_table_badarg(p, t);
  if (t->hash) return key_or_end(p, t->hash->first_key());
  return key_or_end(p, t->tree.empty() ? THE_NON_VALUE : t->tree.begin()->first);
}

Term next_of(Process* p, EtsTable& t, Term key) {
  if (!t.hash) {
    auto it = t.tree.upper_bound(key);
    return key_or_end(p, it == t.tree.end() ? THE_NON_VALUE : it->first);
  }
  bool found;
  Term next = t.hash->next_key(key, &found);
  return found ? key_or_end(p, next) : badarg(p);
}

Term ets_next_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_all);
  if (!t) return ets_table_badarg(p, t);
  return next_of(p, *t, a[1]);
}

Term ets_last_1(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_all);
  if (!t) return ets_table_badarg(p, t);
  if (t->hash) return key_or_end(p, t->hash->first_key());
  return key_or_end(p, t->tree.empty() ? THE_NON_VALUE : t->tree.rbegin()->first);
}

Term ets_prev_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_all);
  if (!t) return ets_table_badarg(p, t);
  if (t->hash) return next_of(p, *t, a[1]);
  auto it = t->tree.lower_bound(a[1]);
  if (it == t->tree.begin()) return atom("$end_of_table");
  return ets_copy_out(p, (--it)->first);
}

// ets:slot/2: the objects of one bucket of a hash table (in ets:lookup's order for each key),
// or the I-th object of an ordered_set; '$end_of_table' just past the last.
Term ets_slot_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::read_all);
  if (!t) return ets_table_badarg(p, t);
  if (!is_small(a[1]) || small_value(a[1]) < 0) return badarg(p);
  auto slot = uint64_t(small_value(a[1]));
  if (!t->hash) {
    if (slot == t->tree.size()) return atom("$end_of_table");
    if (slot > t->tree.size()) return badarg(p);
    auto it = t->tree.begin();
    std::advance(it, long(slot));
    return copy_objects(p, {it->second.tuple});
  }
  if (slot == t->hash->nactive()) return atom("$end_of_table");
  if (slot > t->hash->nactive()) return badarg(p);
  std::vector<Term> objects;
  for (const EtsHashNode* b = *t->hash->bucket(uint32_t(slot)); b; b = b->next)
    if (!b->pseudo_deleted) objects.push_back(b->object.tuple);
  std::reverse(objects.begin(), objects.end());
  return copy_objects(p, objects);
}

// A fixed hash table neither grows nor shrinks and keeps deleted objects in place, so that a
// walk by first/next sees every object once.
Term ets_safe_fixtable_2(Process* p, Term* a) {
  EtsLocked t(a[0], p->pid, EtsNeed::read, EtsOp::write_all);
  if (!t) return ets_table_badarg(p, t);
  if (!is_bool(a[1])) return badarg(p);
  if (a[1] == atoms::true_) {
    ets_fix(*t, p);
  } else {
    t->unfix(p->pid);
  }
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

Term write_concurrency_of(Process* p, const EtsTable& t) {
  switch (t.locking) {
    case EtsLocking::table: return atoms::false_;
    case EtsLocking::fine: return atoms::true_;
    case EtsLocking::fine_auto: return atom("auto");
    case EtsLocking::fine_explicit: break;
  }
  ProcessHeap heap(p);
  return tuple(heap, atom("debug_hash_fixed_number_of_locks"), make_small(t.nlocks));
}

// {{MegaSecs, Secs, MicroSecs} or MonotonicNative, [{Pid, Count}]} while fixed, else false.
Term safe_fixed(Process* p, const EtsTable& t, bool monotonic) {
  if (!t.is_fixed()) return atoms::false_;
  ProcessHeap heap(p);
  Term procs = NIL;
  for (auto& [pid, count] : t.fixations) procs = cons(heap, tuple(heap, pid, make_small(count)), procs);
  Term time;
  if (monotonic) {
    time = make_integer(heap, t.fixed_monotonic_ns);
  } else {
    int64_t us = t.fixed_system_ns / 1000;
    time = tuple(heap, make_small(us / 1000000000000), make_small(us / 1000000 % 1000000),
                 make_small(us % 1000000));
  }
  return tuple(heap, time, procs);
}

Term hash_stats(Process* p, const EtsTable& t) {
  if (!t.hash) return atoms::false_;
  EtsHashStats s = t.hash->stats();
  ProcessHeap heap(p);
  Term* out;
  Term stats = new_tuple(heap, 8, &out);
  out[0] = make_small(s.nactive);
  out[1] = make_float(heap, s.avg_chain_len);
  out[2] = make_float(heap, s.std_dev_chain_len);
  out[3] = make_float(heap, s.std_dev_expected);
  out[4] = make_small(s.min_chain_len);
  out[5] = make_small(s.max_chain_len);
  out[6] = make_small(s.kept_items);
  out[7] = make_small(s.nlocks);
  return stats;
}

// The value of one info item, or THE_NON_VALUE for an unknown item.
Term info_item(Process* p, const EtsTable& t, Term item) {
  ProcessHeap heap(p);
  if (item == atom("id")) return ets_copy_out(p, t.ref);
  if (item == atom("name")) return t.name;
  if (item == atom("size")) return make_integer(heap, int64_t(t.size()));
  if (item == atom("type")) return type_name(t.type);
  if (item == atom("named_table")) return boolean(t.named);
  if (item == atom("keypos")) return make_small(t.keypos);
  if (item == atom("protection")) return access_name(t.access);
  if (item == atom("owner")) return t.owner;
  if (item == atom("heir")) return t.heir == NIL ? atom("none") : t.heir;
  if (item == atom("node")) return local_node_name();
  if (item == atom("memory")) return make_integer(heap, int64_t(t.memory_words()));
  if (item == atom("compressed")) return boolean(t.compressed);
  if (item == atom("read_concurrency")) return boolean(t.frequent_read);
  if (item == atom("write_concurrency")) return write_concurrency_of(p, t);
  if (item == atom("decentralized_counters")) return boolean(t.decentralized_counters);
  if (item == atom("fixed")) return boolean(t.is_fixed());
  if (item == atom("safe_fixed")) return safe_fixed(p, t, false);
  if (item == atom("safe_fixed_monotonic_time")) return safe_fixed(p, t, true);
  if (item == atom("stats")) return hash_stats(p, t);
  return THE_NON_VALUE;
}

}  // namespace

Term ets_info_1(Process* p, Term* a) {
  static const char* items[] = {"id", "decentralized_counters", "read_concurrency",
                                "write_concurrency", "compressed", "memory", "owner", "heir",
                                "name", "size", "node", "named_table", "type", "keypos",
                                "protection"};
  EtsLocked t(a[0], NIL, EtsNeed::any, EtsOp::read_all);
  if (t.refusal() == EtsRefusal::type) return ets_table_badarg(p, t);
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
  EtsLocked t(a[0], NIL, EtsNeed::any, EtsOp::read_all);
  if (t.refusal() == EtsRefusal::type) return ets_table_badarg(p, t);
  if (!t) return atom("undefined");
  Term v = info_item(p, *t, a[1]);
  return v == THE_NON_VALUE ? badarg(p) : v;
}

}  // namespace ember
