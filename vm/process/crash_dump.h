// erl_crash.dump: what erts writes when the VM ends on a fatal error (erlang:halt/1 with a
// slogan, which is also how init ends a failed boot; an allocation that fails), in erts' format
// (version 0.5, as OTP's crashdump_viewer reads it), with what ember knows: the header, the
// scheduler, memory, the atom table, every process, ETS table and timer, the loaded modules and
// the atoms. Process heaps, stacks and mailboxes (=proc_heap, =proc_stack, =proc_messages),
// ports, funs and allocator statistics are not written.
//
// erts' environment variables decide it: ERL_CRASH_DUMP names the file (erl_crash.dump in the
// current directory by default), ERL_CRASH_DUMP_SECONDS=0 or ERL_CRASH_DUMP_BYTES=0 asks for
// none, a positive ERL_CRASH_DUMP_SECONDS limits the time writing takes, ERL_CRASH_DUMP_BYTES
// its size (the dump then ends with "=abort:CRASH DUMP SIZE LIMIT REACHED").
#pragma once

#include <string_view>

namespace ember {

// Writes the dump for `slogan`, announcing it on stderr as erts does, unless the environment
// asks for none. The VM must end right after. Only the scheduler thread, which owns processes
// and tables, can write one: a fatal error on another thread ends the VM without a dump, and so
// does one met while a dump is being written.
void write_crash_dump(std::string_view slogan);

}  // namespace ember
