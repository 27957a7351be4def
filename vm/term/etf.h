// The external term format (term_to_binary/binary_to_term, and the distribution wire).
#pragma once

#include <cstdint>
#include <string>
#include <span>
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
// The same without the version byte, as terms follow a distribution header.
void etf_encode_unversioned(Term t, const EncodeOptions& options, std::string& out);
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
  // The atoms a distribution header names: ATOM_CACHE_REF (82) N stands for atom_refs[N]. With
  // none, that tag is malformed, as in binary_to_term.
  std::span<const Term> atom_refs;
};

// Decodes one term starting with the version byte 131 (compressed or not). On success returns
// the term and stores the number of bytes consumed (if `used` is not null): bytes after the term
// are the caller's to accept (binary_to_term/1 does) or refuse. On malformed input returns
// THE_NON_VALUE. Never reads outside `bytes`; never allocates more than the input can justify.
Term etf_decode(Heap& heap, std::string_view bytes, const DecodeOptions& options, size_t* used);

// A term as it follows a distribution header: without the version byte, never compressed.
Term etf_decode_unversioned(Heap& heap, std::string_view bytes, const DecodeOptions& options, size_t* used);

// binary_to_term over several time slices: the terms of a decode in progress, which the caller
// keeps where a collection between slices moves them (a BIF's registers). `result` is the term
// built so far, every place not yet decoded holding [], so it is a valid term at any time.
struct DecodeProgress {
  Term result = NIL;
  Term work = NIL;  // the places still to decode, as terms
  Term maps = NIL;  // maps whose keys and values are decoded before the map is built
};

enum class DecodeStep { done, more, malformed };

// The rest of a decode's state, which holds no term: where it is in the input, and the inflated
// bytes of a compressed encoding.
class EtfDecoding {
 public:
  // Checks the version byte. A compressed encoding is inflated here at once, charged to
  // `budget` (in charge_work's elements) in proportion, as erts inflates it in one step:
  // inflating runs at hundreds of megabytes a second, and doing it a slice's share at a time
  // would keep a zlib stream between slices.
  bool start(std::string_view bytes, int64_t* budget);
  // Decodes as much as `budget` allows: done (progress.result is the term), more (call again
  // with the same encoding, which may have moved, and the progress as it was left) or
  // malformed. The next call writes into terms this one made: a collection in between must be
  // major (Process::building_in_place).
  DecodeStep step(Heap& heap, std::string_view bytes, const DecodeOptions& options,
                  DecodeProgress& progress, int64_t* budget);
  // Once done: the bytes of `bytes` the term took (binary_to_term's `used`).
  size_t used() const { return compressed_ ? used_ : position_; }
  size_t buffer_bytes() const { return inflated_.capacity(); }

 private:
  std::string inflated_;
  bool compressed_ = false;
  bool begun_ = false;
  size_t position_ = 0;  // of the next byte to read: in `bytes`, or in inflated_ when compressed
  size_t used_ = 0;      // a compressed encoding's header and zlib stream
};

}  // namespace ember
