#include "vm/code/code_index.h"

namespace ember {

std::atomic<uint64_t> code_generation{0};

namespace {

struct Updates {
  std::mutex turn;
  // What the last commit changed: the staging index still holds the generation before it for
  // those, and the next update brings them up to date first.
  std::vector<CodeAddress*> changed;
};

Updates& updates() {
  static Updates* u = new Updates;
  return *u;
}

}  // namespace

CodeUpdate::CodeUpdate() : turn_(updates().turn) {
  uint64_t g = code_generation.load(std::memory_order_relaxed);
  staging_ = unsigned(g + 1) & 1;
  std::vector<CodeAddress*>& changed = updates().changed;
  for (CodeAddress* a : changed)
    a->at_[staging_].store(a->at_[g & 1].load(std::memory_order_relaxed), std::memory_order_release);
  changed.clear();
}

CodeUpdate::~CodeUpdate() {
  if (!updates().changed.empty()) code_generation.fetch_add(1, std::memory_order_release);
}

void CodeUpdate::set(CodeAddress& a, const Word* code) {
  a.at_[staging_].store(code, std::memory_order_release);
  updates().changed.push_back(&a);
}

const Word* CodeUpdate::get(const CodeAddress& a) const { return a.at_[staging_].load(std::memory_order_relaxed); }

}  // namespace ember
