// RetryPolicy: how often and how long to wait before trying again after
// throttling, 5xx answers, network failures (HttpTransport) and unprocessed
// batch items (batch.h). Waits are "full jitter" exponential back-off: a
// uniformly random time in [0, min(max_delay, base_delay * 2^(attempt-1))].
// Plain data, intentionally copyable; backoff_delay is thread-safe.
#pragma once

#include <chrono>

namespace dynamo_items::client {

struct RetryPolicy {
  int max_attempts = 10;  // including the first try
  std::chrono::milliseconds base_delay{25};
  std::chrono::milliseconds max_delay{5000};
};

// The wait before retry number `attempt` (1 = the first retry).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt);

}  // namespace dynamo_items::client
