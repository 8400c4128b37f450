// TransactWriteItems' ClientRequestToken; see client_tokens.h.
#include "ops/client_tokens.h"

#include "dynamo_items/error.h"

namespace dynamo_items::ops {

void ClientTokens::forget_expired(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::seconds(10)) return;
  last_sweep_ = now;
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.done && now - it->second.at > kWindow ? entries_.erase(it) : std::next(it);
  }
}

bool ClientTokens::begin(const std::string& token, std::size_t payload) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  forget_expired(now);
  auto it = entries_.find(token);
  if (it != entries_.end() && it->second.done && now - it->second.at > kWindow) {
    entries_.erase(it);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    entries_.emplace(token, Entry{payload, false, now});
    return false;
  }
  if (it->second.payload != payload) {
    throw Error::idempotent_parameter_mismatch(
        "The request uses the same client token as a previous, but non-identical request.");
  }
  if (!it->second.done) throw Error("TransactionInProgressException", "Transaction is in progress");
  return true;
}

void ClientTokens::finish(const std::string& token, bool succeeded) {
  std::lock_guard lock(mu_);
  if (!succeeded) {
    entries_.erase(token);  // a failed transaction may be retried with its token
    return;
  }
  auto it = entries_.find(token);
  if (it == entries_.end()) return;
  it->second.done = true;
  it->second.at = Clock::now();
}

}  // namespace dynamo_items::ops
