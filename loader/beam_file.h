// A .beam file taken apart: the IFF container and every chunk the loader needs, decoded and
// validated. Nothing here knows about instructions; translate.cpp turns `code` into the
// interpreter's form.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vm/process/heap.h"
#include "vm/term/term.h"

namespace ember::loader {

struct LoadError {
  std::string message;  // names the chunk and the byte offset in the file
};

struct Import {
  Term module;
  Term function;
  uint32_t arity;
};

struct FunctionRef {  // an ExpT or LocT entry
  Term function;
  uint32_t arity;
  uint32_t label;
};

struct Lambda {  // a FunT entry
  Term function;
  uint32_t arity;  // including the free variables
  uint32_t label;
  uint32_t index;
  uint32_t num_free;
  uint32_t old_uniq;
};

struct LineItem {
  uint32_t file;  // index into BeamFile::files
  uint32_t line;
};

struct BeamFile {
  std::unique_ptr<char[]> inflated;  // the whole file after gunzip, when it was compressed
  std::string_view bytes;

  std::vector<Term> atoms;  // atoms[0] is nil (atom operand 0); atoms[1] is the module name
  std::vector<Import> imports;
  std::vector<FunctionRef> exports;
  std::vector<Lambda> lambdas;
  std::vector<Term> literals;  // built on the Heap given to parse_beam
  std::vector<LineItem> lines;  // lines[0] is "no location"
  std::vector<std::string> files;  // files[0] is "<module>.erl"
  std::string_view code;          // instructions, after the Code header
  size_t code_offset = 0;         // offset of `code` in the file, for error messages
  uint32_t label_count = 0;
  uint32_t function_count = 0;
  uint32_t opcode_max = 0;
  std::string_view strings;       // StrT
  std::string_view attributes;    // Attr (external term format), may be empty
  std::string_view compile_info;  // CInf (external term format), may be empty
  uint8_t md5[16] = {};

  Term module() const { return atoms[1]; }
};

// Parses `bytes` (a .beam file, possibly gzip-compressed). Literals are decoded onto
// `literals`. Returns false and fills `error` on malformed input.
bool parse_beam(std::string_view bytes, Heap& literals, BeamFile& out, LoadError& error);

// Reads one chunk's data from a .beam file without loading it (erts_internal:beamfile_chunk/2).
bool find_chunk(std::string_view bytes, std::string_view id, std::string_view& data);

}  // namespace ember::loader
