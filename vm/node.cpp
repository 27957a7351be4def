#include "vm/node.h"

#include <atomic>

#include "vm/atom.h"

namespace ember {
namespace {
std::atomic<Term> node_name{atoms::nonode_at_nohost};
std::atomic<uint32_t> node_creation{0};
}  // namespace

Term local_node_name() { return node_name.load(std::memory_order_acquire); }
uint32_t local_creation() { return node_creation.load(std::memory_order_acquire); }

void set_local_node(Term name, uint32_t creation) {
  node_creation.store(creation, std::memory_order_release);
  node_name.store(name, std::memory_order_release);
}

}  // namespace ember
