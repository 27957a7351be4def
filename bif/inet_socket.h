// The inet port drivers, tcp_inet and udp_inet, as OTP's prim_inet drives them: requests by
// port_control (operation 0x03F1A300 + INET_REQ_*, replies [1 | Data] or [0 | ErrorName]),
// data to send by port_command (answered {inet_reply, S, Status}), and what takes time
// (connect, accept, recv) answered later as {inet_async, S, Ref, Result}. In active mode what
// arrives goes to the port's owner as {tcp, S, Data}, {udp, S, IP, Port, Data} and the like.
// The socket's events come from the VM's one poller (platform/poller.h).
//
// inet_socket.cpp: the requests; inet_options.cpp: setopts and getopts; inet_stream.cpp:
// reading and writing a stream socket; inet_datagram.cpp: a datagram socket's.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bif/byte_queue.h"
#include "bif/packet.h"
#include "platform/poller.h"
#include "platform/socket.h"
#include "vm/process/port.h"

namespace ember::inet {

// prim_inet's request and reply codes (kernel's inet_int.hrl).
enum Request : unsigned {
  req_open = 1, req_close = 2, req_connect = 3, req_peer = 4, req_name = 5, req_bind = 6,
  req_setopts = 7, req_getopts = 8, req_getstat = 11, req_gethostname = 12, req_fdopen = 13,
  req_getfd = 14, req_gettype = 15, req_getstatus = 16, req_setname = 19, req_setpeer = 20,
  req_subscribe = 24, req_getifaddrs = 25, req_accept = 26, req_listen = 27, req_ignorefd = 28,
  tcp_req_recv = 42, tcp_req_unrecv = 43, tcp_req_shutdown = 44, packet_req_recv = 60,
};
constexpr unsigned control_magic = 0x03F1A300;

enum class Active : uint8_t { passive = 0, active = 1, once = 2, multi = 3 };

// What the driver keeps of the options (the rest are the kernel's, read back from it).
struct Options {
  Active active = Active::passive;
  int active_count = 0;  // multi: messages left before passive
  packet::Type packet = packet::Type::raw;
  uint32_t packet_size = 0;
  char delimiter = '\n';
  bool binary = false;
  uint32_t header = 0;        // binary mode: the first bytes as a list
  bool deliver_term = true;   // {tcp, S, Data}; false: {S, {data, Data}}
  bool exit_on_close = true;
  int buffer = 1460;
  bool buffer_set = false;
  int send_timeout = -1;
  bool send_timeout_close = false;
  bool delay_send = false;
  bool show_econnreset = false;
  uint32_t read_packets = 5;
  int high_watermark = 8192, low_watermark = 4096;
  int high_msgq_watermark = 8192, low_msgq_watermark = 4096;
};

// Status bits of getstatus (INET_F_*; erts no longer has 0x2, bound).
enum Status : uint32_t {
  status_open = 0x1, status_active = 0x4, status_listen = 0x8, status_connecting = 0x10, status_accepting = 0x20,
};

// A connect, accept or recv waiting for its answer.
struct Async {
  uint16_t ref;
  Term caller;
  int64_t deadline;  // monotonic nanoseconds, -1 for none
  uint32_t length;   // recv: the bytes asked for, 0 for a packet
};

// getstat's figures: packets (datagrams) handed out and sent, their largest and average
// sizes, the average deviation from that average, and the bytes read and written.
struct Statistics {
  uint64_t recv_cnt = 0, recv_max = 0, recv_oct = 0;
  double recv_avg = 0, recv_dvi = 0;
  uint64_t send_cnt = 0, send_max = 0, send_oct = 0;
  double send_avg = 0;

  void received(size_t n) {
    recv_cnt++;
    recv_max = std::max<uint64_t>(recv_max, n);
    recv_dvi += (std::abs(double(n) - recv_avg) - recv_dvi) / double(recv_cnt);
    recv_avg += (double(n) - recv_avg) / double(recv_cnt);
  }
  void sent(size_t n) {
    send_cnt++;
    send_oct += n;
    send_max = std::max<uint64_t>(send_max, n);
    send_avg += (double(n) - send_avg) / double(send_cnt);
  }
};

class Socket final : public PortDriver, public std::enable_shared_from_this<Socket> {
 public:
  explicit Socket(bool stream) : stream_(stream) {}
  // Opens a port of this driver for `owner`.
  static Term open(Term owner, bool stream);

  void command(Term caller, std::string_view bytes) override;
  size_t queue_size() override;
  bool busy() override;
  bool carry_distribution(const DistributionChannel* channel) override;
  std::optional<std::string> control(Term caller, unsigned operation, std::string_view data) override;
  void stop(Term reason) override;

 private:
  using Reply = std::optional<std::string>;

  // inet_socket.cpp
  Reply open_socket(std::string_view data);
  Reply bind(std::string_view data);
  Reply listen(std::string_view data);
  Reply connect(Term caller, std::string_view data);
  Reply accept(Term caller, std::string_view data);
  Reply address_of(bool peer);
  Reply getstat(std::string_view data);
  Reply gettype();
  Reply shutdown(std::string_view data);
  Reply subscribe(Term caller, std::string_view data);
  Reply getifaddrs();
  bool decode_address(std::string_view data, platform::SocketAddress* out, size_t* used);
  uint16_t new_ref() { return next_ref_++; }
  void refresh();
  void on_ready(unsigned events);
  void on_timeout();
  void finish_connect();
  void accept_ready();
  void close_fd();

  // inet_options.cpp
  Reply setopts(std::string_view data);
  Reply getopts(std::string_view data);

  // inet_stream.cpp
  Reply recv(Term caller, std::string_view data);
  void send_stream(Term caller, std::string_view bytes);
  void flush_output();
  void read_stream();
  packet::Limits packet_limits() const;
  size_t missing_input() const;
  bool deliver_stream();
  void stream_closed(int error);
  Term data_term(Heap& heap, std::string_view packet);
  Term make_data(Heap& heap, std::string_view bytes) const;
  void send_framed(Term caller, std::string_view bytes);
  void unblock_sends();
  void deliver_to_owner(Term data);
  void reply_async(const Async& a, Term result);
  void answer_recvs(Term error);
  void became_passive();
  void count_down_active();

  // inet_datagram.cpp
  Reply recvfrom(Term caller, std::string_view data);
  void send_datagram(Term caller, std::string_view bytes);
  void read_datagrams();

  Term reply_to(Term caller, Term status);
  Term owner() const;

  std::recursive_mutex lock_;
  const bool stream_;
  Term port_ = NIL;
  int fd_ = -1;
  platform::SocketFamily family_ = platform::SocketFamily::inet;
  platform::SocketType type_ = platform::SocketType::stream;
  platform::PollHandle poll_ = 0;
  unsigned interest_ = 0;
  int64_t deadline_ = -1;
  uint32_t status_ = 0;
  bool stopped_ = false;
  bool peer_closed_ = false;      // read end reached (or an error): no more input
  bool closed_for_send_ = false;  // the next send says {error, closed}
  bool closed_for_recv_ = false;  // the next recv says {error, closed}
  uint16_t next_ref_ = 0;
  std::optional<Async> connecting_;
  std::deque<Async> accepts_;
  std::optional<Async> recv_;
  std::vector<Term> empty_out_q_subscribers_;
  const DistributionChannel* distribution_ = nullptr;  // set by erlang:setnode/3
  // Busy, as erts' port: the queue to send has passed the high watermark. The send that made
  // it so waits for its reply until the queue is down to the low watermark, or send_timeout
  // has passed; sends that come meanwhile wait in `blocked_` (erts suspends their senders).
  std::optional<Term> busy_caller_;
  int64_t send_deadline_ = -1;
  struct BlockedSend {
    Term caller;
    std::string bytes;
  };
  std::deque<BlockedSend> blocked_;
  Options options_;
  int http_state_ = 0;  // http packets: 0 before the request or status line, 1 in the headers
  ByteQueue input_;
  ByteQueue output_;
  Statistics stats_;
};

}  // namespace ember::inet
