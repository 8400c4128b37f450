#include "ops/request_context.h"

namespace dynamo_items::ops {

namespace {
thread_local const RequestContext* t_current = nullptr;
const RequestContext kDefaults{};
}  // namespace

RequestContextScope::RequestContextScope(const RequestContext& context) : previous_(t_current) {
  t_current = &context;
}

RequestContextScope::~RequestContextScope() { t_current = previous_; }

const RequestContext& current_request_context() { return t_current ? *t_current : kDefaults; }

}  // namespace dynamo_items::ops
