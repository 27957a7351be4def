// The interpreter's instruction stream. The loader translates each generic instruction into
// one handler address followed by its operands, already decoded:
//   source/destination  a register: (index << 3) | 4 for y(index), which is E[index];
//                       index << 3 for x(index); or a constant term itself (every term has
//                       non-zero low two bits, registers have zero)
//   label               the code address, or 0 for "no fail label"
//   import, BIF         Export*;  lambda: FunEntry*;  string: pointer into the module's StrT
//   unsigned, fr        the plain number;  operand list: its length, then the items
#pragma once

#include <cstdint>

#include "vm/term/term.h"

namespace ember {

enum class Op : uint16_t {
#define OP(number, name, arity, kinds, status) name = number,
#include "vm/code/genop.def"
#undef OP
  generic_end,
  // Forms the loader produces that have no generic number.
  fmove_to_fr = generic_end,  // fmove whose destination is a float register
  fmove_from_fr,              // fmove whose source is a float register
  count_execution,            // coverage: counts the next instruction (operand: counter)
  increment,                  // gc_bif2 '+' (or '-') with a small literal: Fail Live Src Imm Dst
  call_fun_last,              // call_fun, deallocate N, return: Arity N
  call_fun2_last,             // call_fun2, deallocate N, return: Tag Arity Func N
  i_plus,                     // gc_bif2 erlang:'+'/2 with a small-integer fast path (same operands)
  i_minus,                    // gc_bif2 erlang:'-'/2 with a small-integer fast path (same operands)
  i_times,                    // gc_bif2 erlang:'*'/2 with a small-integer fast path (same operands)
  move_x_x,                   // move with the source and destination kinds known at load time
  move_x_y,
  move_y_x,
  move_c_x,                   // a constant term into an x register
  increment_x,                // increment whose source and destination are x registers
  increment_y,                // increment from a y register into an x register
  i_plus_rr,                  // i_plus of two registers (x or y) into an x register
  i_plus_yx,                  // i_plus of a y and an x register into an x register
  is_lt_literal_x,            // is_lt_literal on an x register
  select_val_sorted,          // select_val whose immediate values the loader sorted
  is_lt_literal,              // is_lt/is_ge whose second operand is a small integer literal
  is_ge_literal,
  deallocate_return,          // deallocate N, return: N
  move_x_y_x_x,               // move x y, move x x (in that order): Src1 Dst1 Src2 Dst2
  allocate_unset,             // allocate whose Y slots the moves right after it all set
  is_eq_exact_immed,          // is_eq_exact/is_ne_exact against an immediate constant, which
  is_ne_exact_immed,          //   is equal only to the same word
  is_tuple_arity,             // is_tuple then test_arity on the same term: Fail Src Arity
  get_tuple_element_x,        // get_tuple_element from an x register into an x register
  move_y_y,
  is_lt_rr,                   // is_lt/is_ge of two registers
  is_ge_rr,
  loop_rec_tagged,            // loop_rec, then is_tagged_tuple on the message: Wait Dst Fail Arity Atom
  call_nif,                   // a built-in NIF bound over its stub (vm/code/nif.h): Export* of the NIF
  i_length_setup,             // gc_bif1 erlang:length/1, first half: Live Src
  i_length,                   // its second half, where it comes back after a yield: Fail Live Dst
  count
};

struct OpInfo {
  const char* name;
  uint8_t arity;
  const char* kinds;
  char status;  // 'A' active, 'O' obsolete, 'N' newer than OTP 25, 0 unknown number
};
const OpInfo& op_info(unsigned generic_number);  // numbers above the table give status 0
inline constexpr unsigned max_generic_op = unsigned(Op::generic_end) - 1;

inline constexpr Word operand_x(uint32_t i) { return Word(i) << 3; }
inline constexpr Word operand_y(uint32_t i) { return (Word(i) << 3) | 4; }
inline constexpr bool operand_is_register(Word w) { return (w & 3) == 0; }

}  // namespace ember
