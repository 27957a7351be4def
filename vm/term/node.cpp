#include "vm/term/node.h"

#include <atomic>

#include "vm/term/atom.h"

namespace ember {
namespace {
std::atomic<Term> node_name{atoms::nonode_at_nohost};
std::atomic<uint32_t> node_creation{0};
}  // namespace

Term local_node_name() { return node_name.load(std::memory_order_acquire); }
uint32_t local_creation() { return node_creation.load(std::memory_order_acquire); }

// The boxed identifiers' first words: header, node, creation.
static Word* external(Heap& heap, Subtag subtag, Word words, Term node, uint32_t creation) {
  Word* p = heap.alloc(words);
  p[0] = make_header(subtag, words - 1);
  p[1] = node;
  p[2] = creation;
  return p;
}

Term make_external_pid(Heap& heap, Term node, uint32_t creation, uint32_t number, uint32_t serial) {
  Word* p = external(heap, Subtag::external_pid, external_pid_words, node, creation);
  p[3] = number;
  p[4] = serial;
  return make_boxed(p);
}

Term make_external_port(Heap& heap, Term node, uint32_t creation, uint64_t id) {
  Word* p = external(heap, Subtag::external_port, external_port_words, node, creation);
  p[3] = id;
  return make_boxed(p);
}

Term make_external_ref(Heap& heap, Term node, uint32_t creation, const uint32_t* numbers, size_t n) {
  Word* p = external(heap, Subtag::external_ref, external_ref_words(n), node, creation);
  p[3] = n;
  for (size_t i = 0; i < n; i++) p[4 + i] = numbers[i];
  return make_boxed(p);
}

void set_local_node(Term name, uint32_t creation) {
  node_creation.store(creation, std::memory_order_release);
  node_name.store(name, std::memory_order_release);
}

}  // namespace ember
