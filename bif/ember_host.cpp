#include "bif/ember_host.h"

#include <string>

#include "bif/bif.h"
#include "vm/term/binary.h"

namespace ember {
namespace {

HostReceiver receiver = nullptr;
void* receiver_context = nullptr;

}  // namespace

void set_host_receiver(HostReceiver r, void* context) {
  receiver = r;
  receiver_context = context;
}

// ember_host:deliver(Bytes): Bytes is term_to_binary of the message; false when no host listens.
Term ember_host_deliver_1(Process* p, Term* a) {
  if (!is_binary(a[0])) return badarg(p);
  if (!receiver) return atoms::false_;
  Bits bits = bitstring_bits(a[0]);
  std::string bytes((bits.bit_size + 7) / 8, '\0');
  copy_bits(bits.bytes, bits.bit_offset, reinterpret_cast<uint8_t*>(bytes.data()), 0, bits.bit_size);
  receiver(receiver_context, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return atoms::true_;
}

}  // namespace ember
