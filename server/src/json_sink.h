// StringSink: a RapidJSON output stream that appends to a std::string, so a
// response body is written once, straight into the buffer handed to the
// socket (the session reuses that string's capacity from request to request).
#pragma once

#include <string>

namespace dynamo_items::server {

struct StringSink {
  using Ch = char;
  std::string* out;

  void Put(char c) { out->push_back(c); }
  void Flush() {}
};

}  // namespace dynamo_items::server
