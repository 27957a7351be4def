// Process aliases (OTP 24): a reference that messages can be sent to while it is active. The
// monitor of a gen:call is one, so that a late reply to a call that timed out goes nowhere.
#pragma once

#include "vm/term/term.h"

namespace ember {

enum class AliasMode : uint8_t {
  explicit_unalias,  // until unalias/1
  demonitor,         // until the monitor it belongs to ends (demonitor or 'DOWN')
  reply_demonitor,   // also ends, with its monitor, at the first message received through it
  reply,             // alias/1's [reply]: ends at the first message sent through it
};

void alias_create(Term ref, Term owner, AliasMode mode);
// The owner an alias currently delivers to, or nil; with `mode` the alias's mode.
Term alias_owner(Term ref, AliasMode* mode = nullptr);
// Ends an alias if `owner` owns it; false otherwise.
bool alias_remove(Term ref, Term owner);
void alias_remove_all(Term owner);

}  // namespace ember
