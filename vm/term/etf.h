// The external term format (term_to_binary/binary_to_term, and the distribution wire).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember {

struct EncodeOptions {
  int compression = 0;     // 0 = none, 1..9 zlib level (term_to_binary's compressed option)
  int minor_version = 1;   // 0: FLOAT_EXT text floats; 1: NEW_FLOAT_EXT; 2: UTF-8 atoms always
  bool deterministic = false;
};

// Appends the encoding of t (starting with the version byte 131) to out.
void etf_encode(Term t, const EncodeOptions& options, std::string& out);
// term_to_binary over several time slices. etf_encode_first starts encoding t into `out`
// (empty), and each etf_encode_some goes on, until the work is done (true) or `budget`, in
// charge_work's elements, runs out (false): *pending is then the work left, a list of terms
// on the heap, so that a collection between slices moves it. The options must be the same at
// each call. etf_compress then compresses the whole as etf_encode would.
bool etf_encode_first(Heap& heap, Term t, Term* pending, const EncodeOptions& options, std::string& out,
                      int64_t* budget);
bool etf_encode_some(Heap& heap, Term* pending, const EncodeOptions& options, std::string& out, int64_t* budget);
void etf_compress(std::string& plain, int level);
// Size in bytes of the uncompressed encoding (erlang:external_size/1,2, which take no
// compression option).
size_t etf_encoded_size(Term t, const EncodeOptions& options);

struct DecodeOptions {
  bool safe = false;  // as `safe`: create no atoms, accept no external fun of a missing function
};

// Decodes one term starting with the version byte 131 (compressed or not). On success returns
// the term and stores the number of bytes consumed (if `used` is not null): bytes after the term
// are the caller's to accept (binary_to_term/1 does) or refuse. On malformed input returns
// THE_NON_VALUE. Never reads outside `bytes`; never allocates more than the input can justify.
Term etf_decode(Heap& heap, std::string_view bytes, const DecodeOptions& options, size_t* used);

}  // namespace ember
