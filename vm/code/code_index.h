// The code index, as erts': loading a batch of modules (or deleting or purging one) prepares
// where every call through an export or fun will go in a staging copy, then switches all of it
// at once. A process never sees half a load: once one call finds a module of a batch new, every
// later call finds the whole batch new, and no call finds an export of a module being replaced
// undefined meanwhile.
//
// erts keeps three indices and lets a loader reuse one only after every scheduler has passed a
// point of thread progress. Here a reader checks instead that the generation it read did not
// move while it read the address (a sequence lock), so two indices do, and neither a reader
// nor a loader ever waits: a writer only touches the index no generation since its own can
// read, and a reader that raced a switch reads again.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "vm/term/term.h"

namespace ember {

// Bumped by each update's commit; its low bit is the index calls read.
extern std::atomic<uint64_t> code_generation;

// Where calls through one export or fun go. Release stores and acquire loads: a caller that
// finds an address also sees the code and literals it leads to.
class CodeAddress {
 public:
  const Word* get() const {
    for (;;) {
      uint64_t g = code_generation.load(std::memory_order_acquire);
      const Word* code = at_[g & 1].load(std::memory_order_acquire);
      if (code_generation.load(std::memory_order_relaxed) == g) return code;
    }
  }
  // For an entry no load ever touches, made once: a BIF's continuation, a stub.
  void set_everywhere(const Word* code) {
    for (auto& a : at_) a.store(code, std::memory_order_release);
  }

 private:
  friend class CodeUpdate;
  std::atomic<const Word*> at_[2]{};
};

// One change of the code index: the staged addresses become visible together when it ends.
// Updates take turns; each starts from the addresses the previous one committed.
class CodeUpdate {
 public:
  CodeUpdate();
  ~CodeUpdate();
  CodeUpdate(const CodeUpdate&) = delete;
  CodeUpdate& operator=(const CodeUpdate&) = delete;

  void set(CodeAddress& a, const Word* code);
  // The address as this update leaves it so far.
  const Word* get(const CodeAddress& a) const;

 private:
  std::unique_lock<std::mutex> turn_;
  unsigned staging_;
};

}  // namespace ember
