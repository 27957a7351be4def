// A socket's bytes in flight: appended at the back, taken from the front. What is taken is
// skipped over and dropped only once it is half the buffer, so that a large queue taken in
// many pieces costs linear time: erasing each piece from the front of a string was quadratic.
#pragma once

#include <string>
#include <string_view>

namespace ember::inet {

class ByteQueue {
 public:
  bool empty() const { return start_ == bytes_.size(); }
  size_t size() const { return bytes_.size() - start_; }
  std::string_view view() const { return std::string_view(bytes_).substr(start_); }
  void append(std::string_view more) { bytes_ += more; }
  void reserve(size_t more) { bytes_.reserve(bytes_.size() + more); }
  void push_back(char c) { bytes_ += c; }
  void consume(size_t n) {
    start_ += n;
    if (start_ == bytes_.size()) {
      clear();
    } else if (start_ > bytes_.size() / 2) {
      bytes_.erase(0, start_);
      start_ = 0;
    }
  }
  // The whole queue as a string, leaving it empty: no copy when nothing was taken yet.
  std::string take_all() {
    if (start_ > 0) bytes_.erase(0, start_);
    std::string all = std::move(bytes_);
    clear();
    return all;
  }
  void clear() {
    bytes_.clear();
    start_ = 0;
  }

 private:
  std::string bytes_;
  size_t start_ = 0;
};

}  // namespace ember::inet
