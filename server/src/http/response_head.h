// The status line and header block of a response, written as one string.
//
// Why not Beast's serializer: for our responses (a handful of fields and one
// string body) its buffer-sequence iterators cost more CPU than the rest of
// the write path; profiled under wrk they were 8-9% of a GetItem's server
// CPU. Here the head is appended into a reused string and the session sends
// it and the body with one gathered write. Beast still parses requests.
//
// Pure function: safe from any thread.
#pragma once

#include <cstddef>
#include <string>

#include "router.h"

namespace dynamo_items::server {

struct ResponseHead {
  unsigned version = 11;  // HTTP/1.x of the request: 10 or 11
  bool keep_alive = true;
  std::size_t content_length = 0;
  std::string_view date;  // IMF-fixdate
};

// Clears `out` and writes the head of `res` into it, ending with the blank
// line. Content-Length is always sent (a HEAD response announces the body it
// does not carry); Connection is sent only when it differs from the version's
// default (close on 1.1, keep-alive on 1.0), as Beast does.
void write_response_head(const HttpResponse& res, const ResponseHead& head, std::string& out);

}  // namespace dynamo_items::server
