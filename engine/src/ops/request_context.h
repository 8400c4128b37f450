// The RequestContext of the request this thread is running. Engine::execute
// and execute_to open a scope for each request, so operations deep in the
// call tree (ARNs in descriptions, Streams records) read the caller's region
// and account without every operation's signature carrying them. Outside any
// scope (the TTL sweeper, in-process typed calls) the defaults apply.
#pragma once

#include "dynamo_items/engine.h"

namespace dynamo_items::ops {

class RequestContextScope {
 public:
  explicit RequestContextScope(const RequestContext& context);
  ~RequestContextScope();
  RequestContextScope(const RequestContextScope&) = delete;
  RequestContextScope& operator=(const RequestContextScope&) = delete;

 private:
  const RequestContext* previous_;
};

// The innermost scope's context on this thread, or the defaults.
const RequestContext& current_request_context();

}  // namespace dynamo_items::ops
