// StringSink: a RapidJSON output stream that appends to a std::string, so a
// response body is written once, straight into the buffer handed to the
// socket (the server reuses that string's capacity from request to request).
//
// While the sink lives, the string is sized to its capacity and the sink
// writes through a cursor (RapidJSON's Writer reserves room for a whole
// string, then stores characters without checks: PutReserve/PutUnsafe below,
// found by argument-dependent lookup); the destructor trims the string to
// what was written. REQUIRES: nothing else touches the string meanwhile.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

namespace dynamo_items {

class StringSink {
 public:
  using Ch = char;

  explicit StringSink(std::string* out) : out_(*out), len_(out->size()) {}
  ~StringSink() { out_.resize(len_); }
  StringSink(const StringSink&) = delete;
  StringSink& operator=(const StringSink&) = delete;

  void Put(char c) {
    if (len_ == out_.size()) grow(1);
    out_[len_++] = c;
  }
  void Reserve(std::size_t n) {
    if (out_.size() - len_ < n) grow(n);
  }
  void PutUnchecked(char c) { out_[len_++] = c; }
  // Text already in JSON form, in one copy.
  void Append(const char* s, std::size_t n) {
    Reserve(n);
    std::memcpy(out_.data() + len_, s, n);
    len_ += n;
  }
  void Flush() {}

 private:
  void grow(std::size_t n) { out_.resize(std::max({out_.capacity(), out_.size() * 2, len_ + n + 256})); }

  std::string& out_;
  std::size_t len_;  // bytes written; out_.size() is the room
};

inline void PutReserve(StringSink& sink, std::size_t count) { sink.Reserve(count); }
inline void PutUnsafe(StringSink& sink, char c) { sink.PutUnchecked(c); }

}  // namespace dynamo_items
