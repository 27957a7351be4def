// Catch markers name their handler by an index into one table rather than by its address, as
// erts' do: a marker is an immediate with 58 bits to spare, and a code address may use all 64
// (Android puts a tag in the top byte of heap pointers; with MTE it is checked on every access).
// A module takes an index for each catch and try instruction when it is loaded and gives them
// back when its code is freed. Lookups take no lock: an index is only read while its module's
// code can run, and the slots never move.
#pragma once

#include <cstdint>
#include <vector>

#include "vm/term/term.h"

namespace ember {

// The indices one module's code holds; released with it.
class CatchSlots {
 public:
  CatchSlots() = default;
  CatchSlots(const CatchSlots&) = delete;
  CatchSlots& operator=(const CatchSlots&) = delete;
  ~CatchSlots();

  // A catch marker whose handler is `handler`, its slot living as long as this set; or
  // THE_NON_VALUE when the table is full.
  Term add(const Word* handler);

 private:
  std::vector<uint32_t> indices_;
};

const Word* catch_handler(Term marker);

}  // namespace ember
