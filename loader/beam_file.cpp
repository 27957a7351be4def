#include "loader/beam_file.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <new>

#include "loader/compact.h"
#include "vm/code/export.h"
#include "vm/term/atom.h"
#include "vm/term/digest.h"
#include "vm/term/etf.h"

namespace ember::loader {
namespace {

constexpr uint32_t code_format_number = 0;
constexpr size_t max_inflated_size = size_t(1) << 30;

// A bounds-checked big-endian cursor over one chunk.
class ChunkReader {
 public:
  ChunkReader(std::string_view data, size_t file_offset) : data_(data), base_(file_offset) {}
  bool u8(uint8_t& v) { return take(1) && (v = byte(pos_ - 1), true); }
  bool u16(uint32_t& v) { return take(2) && (v = be(pos_ - 2, 2), true); }
  bool u32(uint32_t& v) { return take(4) && (v = be(pos_ - 4, 4), true); }
  bool bytes(size_t n, std::string_view& v) {
    return take(n) && (v = data_.substr(pos_ - n, n), true);
  }
  size_t file_offset() const { return base_ + pos_; }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  bool take(size_t n) {
    if (data_.size() - pos_ < n) return false;
    pos_ += n;
    return true;
  }
  uint8_t byte(size_t i) const { return uint8_t(data_[i]); }
  uint32_t be(size_t i, int n) const {
    uint32_t v = 0;
    for (int k = 0; k < n; k++) v = (v << 8) | byte(i + k);
    return v;
  }
  std::string_view data_;
  size_t base_;
  size_t pos_ = 0;
};

struct Chunk {
  std::string_view data;
  size_t offset;  // of the data in the file
};

class Parser {
 public:
  Parser(Heap& literals, BeamFile& out, LoadError& error)
      : literals_(literals), out_(out), error_(error) {}

  bool parse(std::string_view bytes) {
    if (!inflate_if_gzip(bytes) || !split_chunks(out_.bytes)) return false;
    if (chunks_.count("Atom") && !chunks_.count("AtU8"))
      return fail("Atom", 0, "latin-1 atom table (compiled before OTP 20): please re-compile");
    for (const char* id : {"AtU8", "Code", "ImpT", "ExpT"})
      if (!chunks_.count(id)) return fail(id, 0, "required chunk missing");
    return atoms() && code() && imports() && exports() && lambdas() && literal_table() &&
           line_table() && optional_chunks() && (compute_md5(), true);
  }

 private:
  bool fail(const char* chunk, size_t offset, const char* what) {
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, "%s chunk, offset %zu: %s", chunk, offset, what);
    error_.message = buffer;
    return false;
  }
  bool truncated(const char* chunk, const ChunkReader& r) {
    return fail(chunk, r.file_offset(), "truncated");
  }

  // A compressed file is inflated twice: once to learn its size, then into memory of exactly
  // that size, so a file that inflates to more than the VM can hold is refused, not fatal.
  bool inflate_if_gzip(std::string_view bytes) {
    if (bytes.size() < 2 || uint8_t(bytes[0]) != 0x1f || uint8_t(bytes[1]) != 0x8b) {
      out_.bytes = bytes;
      return true;
    }
    size_t size = 0;
    if (!gunzip(bytes, [&](const char*, size_t n) { return (size += n) <= max_inflated_size; }))
      return fail("gzip", 0, size > max_inflated_size ? "inflates to over 1 GiB" : "corrupt compressed file");
    out_.inflated.reset(new (std::nothrow) char[size]);
    if (!out_.inflated) return fail("gzip", 0, "not enough memory to inflate the file");
    size_t at = 0;
    gunzip(bytes, [&](const char* data, size_t n) {
      std::memcpy(out_.inflated.get() + at, data, n);
      at += n;
      return true;
    });
    out_.bytes = std::string_view(out_.inflated.get(), size);
    return true;
  }

  // Inflates a gzip stream, handing each piece to `sink` until it returns false; true if the
  // whole stream was inflated.
  template <typename Sink>
  static bool gunzip(std::string_view bytes, Sink sink) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = uInt(bytes.size());
    int status = Z_OK;
    char buffer[16384];
    while (status == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      status = inflate(&z, Z_NO_FLUSH);
      if (!sink(buffer, sizeof buffer - z.avail_out)) status = Z_DATA_ERROR;
    }
    inflateEnd(&z);
    return status == Z_STREAM_END;
  }

  bool split_chunks(std::string_view file) {
    ChunkReader r(file, 0);
    std::string_view form, type;
    uint32_t length;
    if (!r.bytes(4, form) || form != "FOR1") return fail("FOR1", 0, "not a BEAM file");
    if (!r.u32(length) || length > file.size() - 8) return fail("FOR1", 4, "bad form length");
    if (!r.bytes(4, type) || type != "BEAM") return fail("FOR1", 8, "not a BEAM form");
    ChunkReader chunks(file.substr(12, length - 4), 12);
    while (!chunks.rest().empty()) {
      std::string_view id, data, padding;
      uint32_t size;
      size_t at = chunks.file_offset();
      if (!chunks.bytes(4, id) || !chunks.u32(size)) return fail("FOR1", at, "truncated chunk header");
      size_t data_offset = chunks.file_offset();
      if (!chunks.bytes(size, data)) return fail(std::string(id).c_str(), at, "chunk overruns file");
      chunks.bytes(std::min<size_t>((4 - size % 4) % 4, chunks.rest().size()), padding);
      chunks_.emplace(std::string(id), Chunk{data, data_offset});
    }
    return true;
  }

  bool atoms() {
    const Chunk& c = chunks_.at("AtU8");
    ChunkReader r(c.data, c.offset);
    uint32_t raw_count;
    if (!r.u32(raw_count)) return truncated("AtU8", r);
    bool long_atoms = int32_t(raw_count) < 0;  // OTP 28: negated count, compact lengths
    uint64_t count = long_atoms ? uint64_t(-int64_t(int32_t(raw_count))) : raw_count;
    if (count == 0 || count > c.data.size()) return fail("AtU8", c.offset, "bad atom count");
    Arena scratch;
    const auto* bytes = reinterpret_cast<const uint8_t*>(c.data.data());
    out_.atoms.assign(1, NIL);
    size_t pos = 4;
    for (uint64_t k = 0; k < count; k++) {
      uint64_t length;
      if (long_atoms) {
        CompactReader lengths(bytes + pos, bytes + c.data.size(), scratch);
        Operand op;
        if (!lengths.read(op) || op.tag != OperandTag::u) return fail("AtU8", c.offset + pos, "bad atom length");
        length = op.value;
        pos += lengths.offset();
      } else {
        if (pos >= c.data.size()) return fail("AtU8", c.offset + pos, "truncated");
        length = bytes[pos++];
      }
      if (length > c.data.size() - pos) return fail("AtU8", c.offset + pos, "truncated atom");
      Term atom = atom_put(c.data.substr(pos, length));
      if (atom == THE_NON_VALUE) return fail("AtU8", c.offset + pos, "invalid atom text");
      out_.atoms.push_back(atom);
      pos += length;
    }
    return true;
  }

  bool atom_at(uint32_t index, Term& out) {
    if (index == 0 || index >= out_.atoms.size()) return false;
    out = out_.atoms[index];
    return true;
  }

  bool code() {
    const Chunk& c = chunks_.at("Code");
    ChunkReader r(c.data, c.offset);
    uint32_t header_size, format;
    if (!r.u32(header_size) || !r.u32(format) || !r.u32(out_.opcode_max) ||
        !r.u32(out_.label_count) || !r.u32(out_.function_count))
      return truncated("Code", r);
    if (format != code_format_number) return fail("Code", c.offset + 4, "unknown code format");
    if (header_size < 16 || header_size > c.data.size() - 4)
      return fail("Code", c.offset, "bad header size");
    if (out_.label_count > c.data.size() || out_.function_count > c.data.size())
      return fail("Code", c.offset + 12, "label or function count larger than the code");
    out_.code = c.data.substr(4 + header_size);
    out_.code_offset = c.offset + 4 + header_size;
    return true;
  }

  bool imports() {
    const Chunk& c = chunks_.at("ImpT");
    ChunkReader r(c.data, c.offset);
    uint32_t count;
    if (!r.u32(count) || count > c.data.size() / 12) return fail("ImpT", c.offset, "bad count");
    for (uint32_t k = 0; k < count; k++) {
      uint32_t m, f, arity;
      Import imp;
      if (!r.u32(m) || !r.u32(f) || !r.u32(arity)) return truncated("ImpT", r);
      if (!atom_at(m, imp.module) || !atom_at(f, imp.function) || arity > max_function_arity)
        return fail("ImpT", r.file_offset() - 12, "bad import entry");
      imp.arity = arity;
      out_.imports.push_back(imp);
    }
    return true;
  }

  bool function_table(const char* id, std::vector<FunctionRef>& out) {
    const Chunk& c = chunks_.at(id);
    ChunkReader r(c.data, c.offset);
    uint32_t count;
    if (!r.u32(count) || count > c.data.size() / 12) return fail(id, c.offset, "bad count");
    for (uint32_t k = 0; k < count; k++) {
      uint32_t f, arity, label;
      FunctionRef ref;
      if (!r.u32(f) || !r.u32(arity) || !r.u32(label)) return truncated(id, r);
      if (!atom_at(f, ref.function) || arity > max_function_arity || label == 0 || label >= out_.label_count)
        return fail(id, r.file_offset() - 12, "bad function entry");
      ref.arity = arity;
      ref.label = label;
      out.push_back(ref);
    }
    return true;
  }

  bool exports() { return function_table("ExpT", out_.exports); }

  bool lambdas() {
    auto it = chunks_.find("FunT");
    if (it == chunks_.end()) return true;
    const Chunk& c = it->second;
    ChunkReader r(c.data, c.offset);
    uint32_t count;
    if (!r.u32(count) || count > c.data.size() / 24) return fail("FunT", c.offset, "bad count");
    for (uint32_t k = 0; k < count; k++) {
      uint32_t f;
      Lambda l;
      if (!r.u32(f) || !r.u32(l.arity) || !r.u32(l.label) || !r.u32(l.index) ||
          !r.u32(l.num_free) || !r.u32(l.old_uniq))
        return truncated("FunT", r);
      if (!atom_at(f, l.function) || l.arity > max_function_arity || l.num_free > l.arity || l.label == 0 ||
          l.label >= out_.label_count)
        return fail("FunT", r.file_offset() - 24, "bad lambda entry");
      out_.lambdas.push_back(l);
    }
    return true;
  }

  bool literal_table() {
    auto it = chunks_.find("LitT");
    if (it == chunks_.end()) return true;
    const Chunk& c = it->second;
    ChunkReader r(c.data, c.offset);
    uint32_t size;
    if (!r.u32(size)) return truncated("LitT", r);
    std::unique_ptr<char[]> table;
    std::string_view data = r.rest();
    if (size != 0) {  // size 0 means the table is stored uncompressed (OTP 28 option)
      if (size > max_inflated_size) return fail("LitT", c.offset, "literal table too large");
      table.reset(new (std::nothrow) char[size]);
      if (!table) return fail("LitT", c.offset, "not enough memory for the literal table");
      uLongf out_size = size;
      if (uncompress(reinterpret_cast<Bytef*>(table.get()), &out_size,
                     reinterpret_cast<const Bytef*>(data.data()), data.size()) != Z_OK ||
          out_size != size)
        return fail("LitT", c.offset + 4, "corrupt compressed literal table");
      data = std::string_view(table.get(), size);
    }
    ChunkReader lits(data, 0);
    uint32_t count;
    if (!lits.u32(count) || count > data.size() / 4) return fail("LitT", c.offset, "bad count");
    for (uint32_t k = 0; k < count; k++) {
      uint32_t length;
      std::string_view encoded;
      if (!lits.u32(length) || !lits.bytes(length, encoded))
        return fail("LitT", c.offset, "truncated literal");
      size_t used = 0;
      Term t = etf_decode(literals_, encoded, DecodeOptions{}, &used);
      if (t == THE_NON_VALUE || used != encoded.size())
        return fail("LitT", c.offset, "malformed literal");
      out_.literals.push_back(t);
    }
    return true;
  }

  bool line_table() {
    std::string module_file = std::string(atom_text(out_.module())) + ".erl";
    out_.files.assign(1, module_file);
    out_.lines.assign(1, LineItem{0, 0});
    auto it = chunks_.find("Line");
    if (it == chunks_.end()) return true;
    const Chunk& c = it->second;
    ChunkReader r(c.data, c.offset);
    uint32_t version, flags, instructions, items, names;
    if (!r.u32(version)) return truncated("Line", r);
    if (version != 0) return true;  // unknown versions are ignored, as erts does
    if (!r.u32(flags) || !r.u32(instructions) || !r.u32(items) || !r.u32(names))
      return truncated("Line", r);
    if (items > c.data.size() || names > c.data.size()) return fail("Line", c.offset, "bad counts");
    std::string_view rest = r.rest();
    Arena scratch;
    CompactReader cr(reinterpret_cast<const uint8_t*>(rest.data()),
                     reinterpret_cast<const uint8_t*>(rest.data() + rest.size()), scratch);
    uint32_t file = 0;
    while (out_.lines.size() <= items) {
      Operand op;
      if (!cr.read(op)) return fail("Line", r.file_offset() + cr.offset(), "bad line item");
      if (op.tag == OperandTag::a) {
        if (op.value > names) return fail("Line", r.file_offset() + cr.offset(), "bad file index");
        file = uint32_t(op.value);
      } else if (op.tag == OperandTag::i && is_small(op.term) && small_value(op.term) >= 0) {
        out_.lines.push_back(LineItem{file, uint32_t(std::min<int64_t>(small_value(op.term), UINT32_MAX))});
      } else {
        return fail("Line", r.file_offset() + cr.offset(), "bad line item");
      }
    }
    ChunkReader n(rest.substr(cr.offset()), r.file_offset() + cr.offset());
    for (uint32_t k = 0; k < names; k++) {
      uint32_t length;
      std::string_view name;
      if (!n.u16(length) || !n.bytes(length, name)) return truncated("Line", n);
      out_.files.emplace_back(name);
    }
    return true;
  }

  bool optional_chunks() {
    auto view = [&](const char* id) {
      auto it = chunks_.find(id);
      return it == chunks_.end() ? std::string_view() : it->second.data;
    };
    out_.strings = view("StrT");
    out_.attributes = view("Attr");
    out_.compile_info = view("CInf");
    return true;
  }

  // erts' module MD5: the chunks that define the code, FunT with its old_uniq words zeroed.
  void compute_md5() {
    Md5 md5;
    for (const char* id : {"AtU8", "Code", "StrT", "ImpT", "ExpT", "FunT", "LitT", "Meta"}) {
      auto it = chunks_.find(id);
      if (it == chunks_.end()) continue;
      std::string_view data = it->second.data;
      if (std::string_view(id) != "FunT") {
        md5.update(data);
        continue;
      }
      std::string funt(data);
      for (size_t k = 0; 4 + 24 * k + 24 <= funt.size(); k++)
        std::fill_n(funt.begin() + 4 + 24 * k + 20, 4, '\0');
      md5.update(funt);
    }
    md5.finish(out_.md5);
  }

  Heap& literals_;
  BeamFile& out_;
  LoadError& error_;
  std::map<std::string, Chunk, std::less<>> chunks_;
};

}  // namespace

bool parse_beam(std::string_view bytes, Heap& literals, BeamFile& out, LoadError& error) {
  return Parser(literals, out, error).parse(bytes);
}

bool find_chunk(std::string_view bytes, std::string_view id, std::string_view& data) {
  if (bytes.size() < 12 || bytes.substr(0, 4) != "FOR1" || bytes.substr(8, 4) != "BEAM") return false;
  size_t pos = 12;
  while (bytes.size() - pos >= 8) {
    auto b = [&](size_t i) { return uint32_t(uint8_t(bytes[i])); };
    uint32_t size = b(pos + 4) << 24 | b(pos + 5) << 16 | b(pos + 6) << 8 | b(pos + 7);
    if (size > bytes.size() - pos - 8) return false;
    if (bytes.substr(pos, 4) == id) {
      data = bytes.substr(pos + 8, size);
      return true;
    }
    pos += 8 + size + (4 - size % 4) % 4;
  }
  return false;
}

}  // namespace ember::loader
