// A process's stack as erts writes it out: process_info(P, backtrace), erlang:process_display/2
// and the crash dump name code addresses and print frames in erts' format.
#pragma once

#include <string>

#include "vm/process/process.h"

namespace ember {

// 0x followed by 16 hexadecimal digits, as erts prints an address.
std::string hex_address(const void* p);
// "M:F/A + offset" for a code address (the offset in bytes from the function's start), as erts
// names one; empty outside loaded code.
std::string code_location(const Word* pc);
// erts' backtrace text: the program counter, then each stack word from the top: y registers
// (terms as erlang:display/1 prints them, catches with their handler), and each return address
// heading its caller's frame.
std::string process_backtrace(const Process* p);

}  // namespace ember
