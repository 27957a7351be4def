#include "vm/code/instr.h"

namespace ember {
namespace {

constexpr char A = 'A', O = 'O', N = 'N';

struct Table {
  OpInfo entries[max_generic_op + 1] = {};
  constexpr Table() {
#define OP(number, name, arity, kinds, status) entries[number] = {#name, arity, kinds, status};
#include "vm/code/genop.def"
#undef OP
  }
};

constexpr Table table;
constexpr OpInfo unknown{"unknown", 0, "", 0};

}  // namespace

const OpInfo& op_info(unsigned number) {
  return number <= max_generic_op ? table.entries[number] : unknown;
}

}  // namespace ember
