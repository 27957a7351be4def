// A last-in first-out stack whose first N items live inside it. The work lists of term walks
// (copying, comparing) stay short for most terms, so they allocate only for big ones.
#pragma once

#include <cstddef>
#include <vector>

namespace ember {

template <typename T, size_t N>
class SmallStack {
 public:
  SmallStack() {}  // user-provided, so that even value-initialisation leaves inline_ unwritten

  bool empty() const { return size_ == 0; }
  void push(const T& item) {
    if (size_ < N) inline_[size_] = item;
    else spilled_.push_back(item);
    size_++;
  }
  T& top() { return size_ <= N ? inline_[size_ - 1] : spilled_.back(); }
  size_t size() const { return size_; }
  const T& operator[](size_t i) const { return i < N ? inline_[i] : spilled_[i - N]; }
  T pop() {
    T item = top();
    if (size_ > N) spilled_.pop_back();
    size_--;
    return item;
  }

 private:
  T inline_[N];
  std::vector<T> spilled_;
  size_t size_ = 0;
};

}  // namespace ember
