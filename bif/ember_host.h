// The host's mailbox when ember is embedded (include/ember.h): what Erlang code sends to the
// process registered as ember_host (lib/ember/src/ember_host.erl) reaches the host's callback
// in the external term format.
#pragma once

#include <cstddef>

namespace ember {

using HostReceiver = void (*)(void* context, const unsigned char* term, size_t size);
void set_host_receiver(HostReceiver receiver, void* context);

}  // namespace ember
