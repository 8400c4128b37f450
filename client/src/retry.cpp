// Full-jitter exponential back-off (see retry.h).
#include "dynamo_items/client/retry.h"

#include <algorithm>
#include <random>

namespace dynamo_items::client {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  long long cap = policy.base_delay.count();
  for (int i = 1; i < attempt && cap < policy.max_delay.count(); ++i) cap *= 2;
  cap = std::min<long long>(cap, policy.max_delay.count());
  if (cap <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<long long> pick(0, cap);
  return std::chrono::milliseconds(pick(rng));
}

}  // namespace dynamo_items::client
