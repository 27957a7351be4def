// A stream socket's data: what arrives is cut into packets ({packet, Type}) and goes to the
// recv that waits for it or, in active mode, to the owner as messages; what is sent is queued
// when the kernel takes no more, and written as the socket becomes writable. Closing and
// errors are reported as erts' inet driver reports them (tcp_recv_closed, tcp_send_error).
#include <cerrno>

#include "bif/inet_socket.h"
#include "bif/packet_terms.h"
#include "platform/file.h"
#include "platform/os.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/big_endian.h"

namespace ember::inet {
namespace {

constexpr uint32_t max_packet = 0x4000000;  // erts' TCP_MAX_PACKET_SIZE, 64 MB

std::string error_reply(std::string_view name) { return '\0' + std::string(name); }

Term error_term(Heap& heap, Term reason) { return tuple(heap, atoms::error, reason); }

}  // namespace

Socket::Reply Socket::recv(Term caller, std::string_view d) {
  if (!(status_ & status_active)) {
    if (closed_for_recv_) {
      closed_for_recv_ = false;
      return error_reply("closed");
    }
    return error_reply("enotconn");
  }
  if (options_.active != Active::passive || d.size() != 8) return error_reply("einval");
  uint32_t length = get_be32(d.substr(4));
  if (options_.packet != packet::Type::raw && length != 0) return error_reply("einval");
  if (length > max_packet) return error_reply("enomem");
  if (recv_) return error_reply("ealready");
  uint32_t millis = get_be32(d);
  uint16_t ref = new_ref();
  recv_ = Async{ref, caller, int32_t(millis) < 0 ? -1 : platform::monotonic_nanos() + int64_t(millis) * 1'000'000,
                length};
  std::string out = "\1";
  out += char(ref >> 8);
  out += char(ref);
  if (!deliver_stream()) {
    if (millis == 0) {
      Arena heap;
      reply_async(*recv_, error_term(heap, atom_put("timeout")));
      recv_.reset();
    } else if (peer_closed_) {
      stream_closed(0);
    }
  }
  refresh();
  return out;
}

// The term of a packet's data (an HTTP packet as its term).
Term Socket::data_term(Heap& heap, std::string_view packet) {
  packet::Type t = options_.packet;
  if (!packet::is_http(t)) return make_data(heap, packet::frame_body(t, packet));
  bool in_headers = packet::starts_in_headers(t) || http_state_ == 1;
  packet::HttpLine line = packet::parse_http_line(packet, in_headers);
  if (line.kind == packet::HttpLine::Kind::request || line.kind == packet::HttpLine::Kind::response)
    http_state_ = 1;
  else if (line.kind == packet::HttpLine::Kind::end_of_headers)
    http_state_ = 0;
  return packet::http_term(heap, t == packet::Type::http_bin || t == packet::Type::httph_bin, line, packet);
}

// Bytes as the mode wants them: a list, a binary, or in binary mode with {header, N} the
// first N bytes as a list ending in the binary of the rest (all a list when there are fewer).
Term Socket::make_data(Heap& heap, std::string_view bytes) const {
  if (!options_.binary || bytes.size() < options_.header) return make_byte_list(heap, bytes);
  Term rest = make_binary(heap, bytes.substr(options_.header));
  for (size_t i = options_.header; i-- > 0;) rest = cons(heap, make_small(uint8_t(bytes[i])), rest);
  return rest;
}

// An active socket's packet as its message: {tcp, S, Data} ({http, S, Packet} for HTTP), or
// {S, {data, Data}} with {deliver, port}. Then once and {active, N} count down to passive.
void Socket::deliver_to_owner(Term data) {
  Arena heap;
  Term message;
  if (!options_.deliver_term) message = tuple(heap, port_, tuple(heap, atoms::data, data));
  else if (packet::is_http(options_.packet)) message = tuple(heap, atom_put("http"), port_, data);
  else message = tuple(heap, atom_put("tcp"), port_, data);
  port_send(port_, owner(), message);
  count_down_active();
}

void Socket::count_down_active() {
  if (options_.active == Active::once) options_.active = Active::passive;
  else if (options_.active == Active::multi && --options_.active_count == 0) became_passive();
}

void Socket::became_passive() {
  options_.active = Active::passive;
  Arena heap;
  port_send(port_, owner(), tuple(heap, atom_put(stream_ ? "tcp_passive" : "udp_passive"), port_));
}

// Hands out the whole packets that input holds, as long as someone wants one. Returns whether
// a waiting recv was answered.
bool Socket::deliver_stream() {
  bool answered = false;
  while (recv_ || options_.active != Active::passive) {
    std::string_view in = input_.view();
    size_t length;
    if (options_.packet == packet::Type::raw) {
      size_t wanted = recv_ ? recv_->length : 0;
      if (in.empty() || in.size() < wanted) return answered;
      length = wanted ? wanted : in.size();
    } else {
      int64_t n = packet::frame_length(options_.packet, in, packet_limits());
      if (n < 0) {
        stream_closed(EMSGSIZE);
        return true;
      }
      if (n == 0 || uint64_t(n) > in.size()) return answered;
      length = size_t(n);
    }
    // The packet leaves the queue before anyone sees it: what they do may read or close this
    // socket.
    std::string packet;
    if (length == in.size()) {
      packet = input_.take_all();
    } else {
      packet = in.substr(0, length);
      input_.consume(length);
    }
    // As erts: recv_cnt and the averages count the packets handed out, recv_oct the bytes read.
    stats_.received(length);
    if (distribution_ && !recv_) {  // a distribution port's packets go to the connection
      distribution_->input(port_, packet::frame_body(options_.packet, packet));
      if (stopped_) return answered;
      continue;
    }
    Arena heap;
    Term data = data_term(heap, packet);
    if (recv_) {
      Async a = *recv_;
      recv_.reset();
      reply_async(a, tuple(heap, atoms::ok, data));
      answered = true;
    } else {
      deliver_to_owner(data);
    }
  }
  return answered;
}

packet::Limits Socket::packet_limits() const {
  packet::Limits limits;
  limits.packet_size = options_.packet_size;
  limits.line_length = uint32_t(options_.buffer);
  limits.delimiter = options_.delimiter;
  return limits;
}

// The bytes the packet in hand still lacks, where its length is known: a recv's, or its header's.
size_t Socket::missing_input() const {
  size_t have = input_.size();
  if (options_.packet == packet::Type::raw) return recv_ && recv_->length > have ? recv_->length - have : 0;
  int64_t n = packet::frame_length(options_.packet, input_.view(), packet_limits());
  return n > 0 && uint64_t(n) > have ? size_t(n) - have : 0;
}

// Reads the buffer's size, or as much of the packet in hand as is missing (as erts does), up to
// a scratch buffer's size: a large packet comes in a few reads, not thousands. Room is made for
// the packet ahead, but only up to a bound: its length is the peer's word, and a header
// claiming 4 GB must not allocate them before a byte of it has come.
void Socket::read_stream() {
  constexpr size_t scratch_size = 256 * 1024;
  constexpr size_t reserve_max = 64 << 20;
  thread_local std::unique_ptr<char[]> scratch(new char[scratch_size]);
  size_t missing = missing_input();
  if (missing > 0) input_.reserve(std::min(missing, reserve_max));
  size_t want = std::min(scratch_size, std::max(size_t(options_.buffer), missing));
  size_t got;
  int err = platform::socket_recv(fd_, scratch.get(), want, &got);
  if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) return;
  if (err == ECONNRESET && !options_.show_econnreset) err = 0, got = 0;
  if (err || got == 0) {
    stream_closed(err);
    return;
  }
  stats_.recv_oct += got;
  input_.append({scratch.get(), got});
  deliver_stream();
}

// The input has ended (error 0) or failed. In passive mode the waiting recv gets the reason,
// and with exit_on_close the socket closes, the port staying; in active mode the owner gets
// {tcp_error, S, Reason} for a failure, then {tcp_closed, S}, and with exit_on_close the port
// exits.
void Socket::stream_closed(int error) {
  peer_closed_ = true;
  input_.clear();
  closed_for_send_ = true;  // the next send says closed, not enotconn
  Arena heap;
  Term reason = error ? atom_put(platform::errno_name(error)) : atom_put("closed");
  if (options_.active == Active::passive) {
    if (recv_) {
      Async a = *recv_;
      recv_.reset();
      reply_async(a, error_term(heap, reason));
    }
    if (options_.exit_on_close) {
      output_.clear();
      close_fd();
    }
    return;
  }
  if (error) port_send(port_, owner(), tuple(heap, atom_put("tcp_error"), port_, reason));
  port_send(port_, owner(), tuple(heap, atom_put("tcp_closed"), port_));
  if (options_.exit_on_close) port_exit(port_, error ? reason : atoms::normal);
}

void Socket::command(Term caller, std::string_view bytes) {
  std::lock_guard guard(lock_);
  if (stream_) send_stream(caller, bytes);
  else send_datagram(caller, bytes);
}

// A send: framed for {packet, 1 | 2 | 4} (a length too long for its header wraps, as in
// erts), written as far as the kernel takes it, the rest queued; answered {inet_reply, S, ok}
// once queued, or when the port is no longer busy.
void Socket::send_stream(Term caller, std::string_view bytes) {
  if (busy_caller_) {
    blocked_.push_back({caller, std::string(bytes)});
    return;
  }
  Arena heap;
  if (!(status_ & status_active)) {
    Term reason = closed_for_send_ ? atom_put("closed") : atom_put("enotconn");
    closed_for_send_ = false;
    reply_to(caller, error_term(heap, reason));
    return;
  }
  size_t header = options_.packet == packet::Type::u1 ? 1 : options_.packet == packet::Type::u2 ? 2
                  : options_.packet == packet::Type::u4 ? 4 : 0;
  size_t before = output_.size();
  for (size_t i = header; i-- > 0;) output_.push_back(char(bytes.size() >> (8 * i)));
  output_.append(bytes);
  size_t framed = output_.size() - before;
  stats_.sent(framed);
  // With delay_send the bytes wait for the poller's next writable event, to go out together
  // with what else is sent meanwhile.
  if (before == 0 && !options_.delay_send) flush_output();
  if (!(status_ & status_active)) {
    reply_to(caller, error_term(heap, atom_put("closed")));
  } else if (output_.size() >= size_t(options_.high_watermark)) {
    busy_caller_ = caller;
    send_deadline_ = options_.send_timeout < 0 ? -1 : platform::monotonic_nanos() + int64_t(options_.send_timeout) * 1'000'000;
  } else {
    reply_to(caller, atoms::ok);
  }
  refresh();
}

bool Socket::busy() {
  std::lock_guard guard(lock_);
  return busy_caller_.has_value();
}

size_t Socket::queue_size() {
  std::lock_guard guard(lock_);
  return output_.size();
}

// The busy send is answered; the sends that waited behind it go on, in order, until one makes
// the port busy again.
void Socket::unblock_sends() {
  while (!busy_caller_ && !blocked_.empty()) {
    BlockedSend next = std::move(blocked_.front());
    blocked_.pop_front();
    send_stream(next.caller, next.bytes);
  }
}

// Writes what is queued; a failed write ends the connection as a closed input does, and the
// next send or recv says closed.
void Socket::flush_output() {
  while (!output_.empty()) {
    size_t sent;
    int err = platform::socket_send(fd_, output_.view(), &sent);
    if (err == EAGAIN || err == EWOULDBLOCK) break;
    if (err == EINTR) continue;
    if (err) {
      output_.clear();
      closed_for_recv_ = true;
      if (busy_caller_) {
        Arena heap;
        reply_to(*busy_caller_, error_term(heap, atom_put("closed")));
        busy_caller_.reset();
      }
      stream_closed(0);
      unblock_sends();
      return;
    }
    output_.consume(sent);
  }
  if (busy_caller_ && output_.size() <= size_t(options_.low_watermark)) {
    reply_to(*busy_caller_, atoms::ok);
    busy_caller_.reset();
    send_deadline_ = -1;
    unblock_sends();
  }
  if (output_.empty() && !empty_out_q_subscribers_.empty()) {
    Arena heap;
    for (Term pid : empty_out_q_subscribers_) port_send(port_, pid, tuple(heap, atom_put("empty_out_q"), port_));
    empty_out_q_subscribers_.clear();
  }
}

}  // namespace ember::inet
