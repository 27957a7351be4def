// The tag bytes of the external term format, shared by the encoder and the decoder.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ember::etf_tag {

inline constexpr uint8_t version = 131;
inline constexpr uint8_t compressed = 80;

inline constexpr uint8_t new_float = 70;
inline constexpr uint8_t bit_binary = 77;
inline constexpr uint8_t atom_cache_ref = 82;
inline constexpr uint8_t new_pid = 88;
inline constexpr uint8_t new_port = 89;
inline constexpr uint8_t newer_reference = 90;
inline constexpr uint8_t small_integer = 97;
inline constexpr uint8_t integer = 98;
inline constexpr uint8_t float_text = 99;
inline constexpr uint8_t atom_latin1 = 100;
inline constexpr uint8_t reference = 101;
inline constexpr uint8_t port = 102;
inline constexpr uint8_t pid = 103;
inline constexpr uint8_t small_tuple = 104;
inline constexpr uint8_t large_tuple = 105;
inline constexpr uint8_t nil = 106;
inline constexpr uint8_t string = 107;
inline constexpr uint8_t list = 108;
inline constexpr uint8_t binary = 109;
inline constexpr uint8_t small_big = 110;
inline constexpr uint8_t large_big = 111;
inline constexpr uint8_t new_fun = 112;
inline constexpr uint8_t export_ = 113;
inline constexpr uint8_t new_reference = 114;
inline constexpr uint8_t small_atom_latin1 = 115;
inline constexpr uint8_t map = 116;
inline constexpr uint8_t atom_utf8 = 118;
inline constexpr uint8_t small_atom_utf8 = 119;
inline constexpr uint8_t v4_port = 120;

// FLOAT_EXT carries "%.20e" text in a fixed 31-byte field, NUL padded.
inline constexpr size_t float_text_size = 31;

}  // namespace ember::etf_tag
