// The zlib NIF library under OTP's zlib module, on the system's zlib. A stream is a resource
// (vm/term/resource.h) that only its controlling process may use. Input is queued (enqueue_nif),
// then deflate_nif/inflate_nif run the codec over at most a chunk of it and return
// {continue | finished, Output} (or {need_dictionary, Adler, Output}); the Erlang side loops.
// zlib's error codes come back as erts gives them: stream_error and data_error raised, the
// others returned as atoms.
#include <zlib.h>

#include <memory>
#include <mutex>
#include <string>

#include "bif/bif.h"
#include "vm/term/binary.h"
#include "vm/term/copy.h"
#include "vm/term/iolist.h"
#include "vm/term/resource.h"

namespace ember {
namespace {

enum class State { none, deflate, inflate, closed };
enum class EndOfStream { error = 0, reset = 1, cut = 2 };  // inflateInit's numbers (zlib.erl)

struct ZStream final : Resource {
  std::mutex lock;
  z_stream s{};
  State state = State::none;
  Term controller;
  EndOfStream eos = EndOfStream::cut;
  bool eos_seen = false;
  bool raw = false;
  // Checksums of the plain data, for the deprecated zlib:crc32/1.
  uLong input_crc = crc32(0, Z_NULL, 0), output_crc = crc32(0, Z_NULL, 0);
  bool want_input_crc = false, want_output_crc = false;
  int chunk_buffer_size = 4000;  // inflateChunk's output size (deprecated setBufSize/getBufSize)
  std::string input;             // queued input from `consumed` on
  size_t consumed = 0;
  std::unique_ptr<Arena> stash_storage;  // one term kept between calls by zlib.erl
  Term stash = THE_NON_VALUE;

  ~ZStream() override { end_codec(); }

  void end_codec() {
    if (state == State::deflate) deflateEnd(&s);
    if (state == State::inflate) inflateEnd(&s);
  }
  size_t queued() const { return input.size() - consumed; }
  void reset_input() {
    input.clear();
    consumed = 0;
    stash_storage.reset();
    stash = THE_NON_VALUE;
  }
};

Term raise_atom(Process* p, const char* reason) { return raise_error(p, atom_put(reason)); }

// zlib's result code as the NIF's answer.
Term zlib_result(Process* p, int code) {
  switch (code) {
    case Z_OK: return atoms::ok;
    case Z_STREAM_END: return atom_put("stream_end");
    case Z_ERRNO: return make_small(errno);
    case Z_STREAM_ERROR: return raise_atom(p, "stream_error");
    case Z_DATA_ERROR: return raise_atom(p, "data_error");
    case Z_MEM_ERROR: return atom_put("mem_error");
    case Z_BUF_ERROR: return atom_put("buf_error");
    case Z_VERSION_ERROR: return atom_put("version_error");
    default: return atom_put("unknown_error");
  }
}

bool get_int(Term t, int* out) {
  if (!is_small(t) || small_value(t) < INT32_MIN || small_value(t) > INT32_MAX) return false;
  *out = int(small_value(t));
  return true;
}

// The stream, checked as erts checks every call: a stream (else badarg; a closed one raises
// not_initialized), used by its controlling process (else not_on_controlling_process).
struct Access {
  std::shared_ptr<ZStream> z;
  Term fail = THE_NON_VALUE;
};
Access access(Process* p, Term t) {
  Access a;
  a.z = resource_get<ZStream>(t);
  if (!a.z) {
    a.fail = resource_is(t, resource_zlib) ? raise_atom(p, "not_initialized") : badarg(p);
  } else if (a.z->controller != p->pid) {
    a.fail = raise_atom(p, "not_on_controlling_process");
    a.z = nullptr;
  }
  return a;
}

// Runs the codec over at most `input_limit` bytes of the queue into a buffer of `output_size`
// bytes, then, with the queue empty and room left, once more with `flush`.
Term run_codec(Process* p, ZStream& z, int (*codec)(z_streamp, int), int input_limit, int output_size, int flush) {
  if (output_size < 0) return badarg(p);
  std::string output(size_t(output_size), '\0');
  z.s.next_out = reinterpret_cast<Bytef*>(output.data());
  z.s.avail_out = uInt(output.size());
  int res = Z_OK;
  size_t taken = 0;
  while (res == Z_OK && z.queued() > 0 && taken < size_t(input_limit) && z.s.avail_out > 0) {
    size_t block = std::min(z.queued(), size_t(input_limit) - taken);
    const Bytef* start = reinterpret_cast<const Bytef*>(z.input.data() + z.consumed);
    z.s.next_in = const_cast<Bytef*>(start);
    z.s.avail_in = uInt(block);
    res = codec(&z.s, Z_NO_FLUSH);
    size_t used = block - z.s.avail_in;
    if (z.want_input_crc) z.input_crc = crc32(z.input_crc, start, uInt(used));
    z.consumed += used;
    taken += used;
    if (used == 0) break;
  }
  if (z.consumed > (1 << 16) && z.consumed * 2 > z.input.size()) {
    z.input.erase(0, z.consumed);
    z.consumed = 0;
  }
  size_t remaining = z.queued();
  if (res == Z_OK && remaining == 0 && z.s.avail_out > 0) {
    // Flush even with Z_NO_FLUSH: the output may have filled up on the previous call.
    z.s.next_in = nullptr;
    z.s.avail_in = 0;
    res = codec(&z.s, flush);
  }
  size_t produced = output.size() - z.s.avail_out;
  charge_work(p, (taken + produced) / 8);
  if (res < 0 && res != Z_BUF_ERROR) return zlib_result(p, res);
  if (res == Z_STREAM_END) z.eos_seen = true;
  if (z.want_output_crc) z.output_crc = crc32(z.output_crc, reinterpret_cast<const Bytef*>(output.data()), uInt(produced));
  if (taken == 0 && produced == 0 && remaining != 0) return zlib_result(p, Z_DATA_ERROR);  // no progress
  ProcessHeap heap(p);
  output.resize(produced);
  Term out = produced > 0 ? cons(heap, make_binary(heap, output), NIL) : NIL;
  if (remaining == 0 && produced < size_t(output_size)) return tuple(heap, atom_put("finished"), out);
  if (res != Z_NEED_DICT) return tuple(heap, atom_put("continue"), out);
  return tuple(heap, atom_put("need_dictionary"), make_integer(heap, int64_t(int32_t(z.s.adler))), out);
}

bool iolist_text(Term t, std::string& out) { return iolist_bytes(t, out); }

// A stream, open or closed: erts checks the other arguments against badarg only after this.
bool stream_term(Term t) { return resource_is(t, resource_zlib); }

// A closed stream: ember has freed it, where erts keeps it in a closed state that some calls
// still answer.
bool closed(Term t) { return resource_is(t, resource_zlib) && !resource_find(t); }

}  // namespace

Term zlib_open_nif_0(Process* p, Term*) {
  auto z = std::make_shared<ZStream>();
  z->controller = p->pid;
  z->s.data_type = Z_BINARY;
  ProcessHeap heap(p);
  return resource_make(heap, resource_zlib, p->pid, std::move(z));
}

Term zlib_close_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  resource_release(a[0]);  // the stream's codec ends when the last call using it returns
  return atoms::ok;
}

Term zlib_set_controller_nif_2(Process* p, Term* a) {
  if (!stream_term(a[0]) || !is_local_pid(a[1])) return badarg(p);
  if (closed(a[0])) return atoms::ok;
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  std::lock_guard guard(x.z->lock);
  x.z->controller = a[1];
  resource_set_owner(a[0], a[1]);
  return atoms::ok;
}

Term zlib_deflateInit_nif_6(Process* p, Term* a) {
  int level, method, bits, mem, strategy;
  if (!stream_term(a[0]) || !get_int(a[1], &level) || !get_int(a[2], &method) || !get_int(a[3], &bits) ||
      !get_int(a[4], &mem) || !get_int(a[5], &strategy))
    return badarg(p);
  // A closed stream was freed; erts keeps it, closed, and so initialised for good.
  if (closed(a[0])) return raise_atom(p, "already_initialized");
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::none) return raise_atom(p, "already_initialized");
  int res = deflateInit2(&z.s, level, method, bits, mem, strategy);
  if (res == Z_OK) {
    z.state = State::deflate;
    z.eos_seen = false;
    z.raw = bits < 0;
    z.want_output_crc = false;
    z.want_input_crc = z.raw;
    z.input_crc = z.output_crc = crc32(0, Z_NULL, 0);
  }
  return zlib_result(p, res);
}

Term zlib_deflateSetDictionary_nif_2(Process* p, Term* a) {
  std::string dict;
  if (!stream_term(a[0]) || !iolist_text(a[1], dict)) return badarg(p);
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::deflate) return raise_atom(p, "not_initialized");
  const Bytef* bytes = reinterpret_cast<const Bytef*>(dict.data());
  int res = deflateSetDictionary(&z.s, bytes, uInt(dict.size()));
  if (res != Z_OK) return zlib_result(p, res);
  // A raw stream keeps no Adler-32; the dictionary's own is what callers expect.
  uLong checksum = z.raw ? adler32(0, bytes, uInt(dict.size())) : z.s.adler;
  ProcessHeap heap(p);
  return make_integer(heap, int64_t(int32_t(checksum)));
}

Term zlib_deflateReset_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::deflate) return raise_atom(p, "not_initialized");
  int res = deflateReset(&z.s);
  z.input_crc = crc32(0, Z_NULL, 0);
  z.eos_seen = false;
  z.reset_input();
  return zlib_result(p, res);
}

Term zlib_deflateEnd_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::deflate) return raise_atom(p, "not_initialized");
  int res = deflateEnd(&z.s);
  if (res == Z_OK && z.queued() > 0) res = Z_DATA_ERROR;
  z.reset_input();
  z.state = State::none;
  return zlib_result(p, res);
}

Term zlib_deflateParams_nif_3(Process* p, Term* a) {
  int level, strategy;
  if (!stream_term(a[0]) || !get_int(a[1], &level) || !get_int(a[2], &strategy)) return badarg(p);
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::deflate) return raise_atom(p, "not_initialized");
  // zlib.erl flushed everything first, so deflateParams has nothing to write; a one-byte
  // buffer catches it if it does (and keeps zlib 1.2.11 from answering Z_BUF_ERROR).
  Bytef spare;
  z.s.next_out = &spare;
  z.s.avail_out = 1;
  int res = deflateParams(&z.s, level, strategy);
  if (z.s.avail_out == 0) return zlib_result(p, Z_STREAM_ERROR);
  return zlib_result(p, res);
}

Term zlib_deflate_nif_4(Process* p, Term* a) {
  int in, out, flush;
  if (!stream_term(a[0]) || !get_int(a[1], &in) || !get_int(a[2], &out) || !get_int(a[3], &flush))
    return badarg(p);
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::deflate) return raise_atom(p, "not_initialized");
  return run_codec(p, z, deflate, in, out, flush);
}

Term zlib_inflateInit_nif_3(Process* p, Term* a) {
  int bits, eos;
  if (!stream_term(a[0]) || !get_int(a[1], &bits) || !get_int(a[2], &eos)) return badarg(p);
  // A closed stream was freed; erts keeps it, closed, and so initialised for good.
  if (closed(a[0])) return raise_atom(p, "already_initialized");
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::none) return raise_atom(p, "already_initialized");
  int res = inflateInit2(&z.s, bits);
  if (res == Z_OK) {
    z.state = State::inflate;
    z.eos = EndOfStream(eos);
    z.eos_seen = false;
    z.raw = bits < 0;
    z.want_output_crc = z.raw;
    z.want_input_crc = false;
    z.input_crc = z.output_crc = crc32(0, Z_NULL, 0);
  }
  return zlib_result(p, res);
}

Term zlib_inflateSetDictionary_nif_2(Process* p, Term* a) {
  std::string dict;
  if (!stream_term(a[0]) || !iolist_text(a[1], dict)) return badarg(p);
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::inflate) return raise_atom(p, "not_initialized");
  return zlib_result(p, inflateSetDictionary(&z.s, reinterpret_cast<const Bytef*>(dict.data()), uInt(dict.size())));
}

Term zlib_inflateGetDictionary_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::inflate) return raise_atom(p, "not_initialized");
  std::string dict(32768, '\0');  // the largest window
  uInt size = 0;
  if (int res = inflateGetDictionary(&z.s, reinterpret_cast<Bytef*>(dict.data()), &size); res < 0) return zlib_result(p, res);
  dict.resize(size);
  ProcessHeap heap(p);
  return make_binary(heap, dict);
}

Term zlib_inflateReset_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::inflate) return raise_atom(p, "not_initialized");
  int res = inflateReset(&z.s);
  z.output_crc = crc32(0, Z_NULL, 0);
  z.eos_seen = false;
  z.reset_input();
  return zlib_result(p, res);
}

Term zlib_inflateEnd_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::inflate) return raise_atom(p, "not_initialized");
  int res = inflateEnd(&z.s);
  // A stream that ended early, or has input beyond its end, is a data error.
  if (res == Z_OK && (!z.eos_seen || z.queued() > 0)) res = Z_DATA_ERROR;
  z.reset_input();
  z.state = State::none;
  return zlib_result(p, res);
}

Term zlib_inflate_nif_4(Process* p, Term* a) {
  int in, out, flush;
  if (!stream_term(a[0]) || !get_int(a[1], &in) || !get_int(a[2], &out) || !get_int(a[3], &flush))
    return badarg(p);
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::inflate) return raise_atom(p, "not_initialized");
  if (z.eos_seen && z.queued() > 0) {
    // Input after the end of a stream: an error, a new stream, or ignored, as inflateInit said.
    switch (z.eos) {
      case EndOfStream::error:
        return zlib_result(p, Z_DATA_ERROR);
      case EndOfStream::reset:
        if (int res = inflateReset(&z.s); res != Z_OK) return zlib_result(p, res);
        z.eos_seen = false;
        break;
      case EndOfStream::cut:
        z.reset_input();
        break;
    }
  }
  return run_codec(p, z, inflate, in, out, flush);
}

Term zlib_crc32_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  ProcessHeap heap(p);
  if (z.state == State::deflate) return make_unsigned(heap, z.input_crc);
  if (z.state == State::inflate) return make_unsigned(heap, z.output_crc);
  return raise_atom(p, "not_initialized");
}

Term zlib_getStash_nif_1(Process* p, Term* a) {
  if (closed(a[0])) return atom_put("empty");
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.stash == THE_NON_VALUE) return atom_put("empty");
  ProcessHeap heap(p);
  return tuple(heap, atoms::ok, copy_term(heap, z.stash));
}

Term zlib_clearStash_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.stash == THE_NON_VALUE) return raise_error(p, atoms::error);
  z.stash_storage.reset();
  z.stash = THE_NON_VALUE;
  return atoms::ok;
}

Term zlib_setStash_nif_2(Process* p, Term* a) {
  if (closed(a[0])) return atoms::ok;
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.stash != THE_NON_VALUE) return raise_error(p, atoms::error);
  z.stash_storage = std::make_unique<Arena>();
  z.stash = copy_term(*z.stash_storage, a[1]);
  return atoms::ok;
}

Term zlib_getBufSize_nif_1(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  return make_small(x.z->chunk_buffer_size);
}

Term zlib_setBufSize_nif_2(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  int size;
  if (!get_int(a[1], &size)) return badarg(p);
  x.z->chunk_buffer_size = size;
  return atoms::ok;
}

Term zlib_enqueue_nif_2(Process* p, Term* a) {
  Access x = access(p, a[0]);
  if (!x.z) return x.fail;
  ZStream& z = *x.z;
  std::lock_guard guard(z.lock);
  if (z.state != State::deflate && z.state != State::inflate) return raise_atom(p, "not_initialized");
  Term list = a[1];
  for (; is_list(list); list = tail(list))
    if (!is_binary(head(list))) return badarg(p);
  if (list != NIL) return badarg(p);
  for (list = a[1]; is_list(list); list = tail(list)) append_binary_bytes(z.input, head(list));
  return atoms::ok;
}

}  // namespace ember
