// ClientTokens: TransactWriteItems' idempotency. A ClientRequestToken is
// remembered for ten minutes after its transaction succeeds: the same token
// with the same TransactItems answers success again without writing anything
// (so a retried ADD adds once), with other TransactItems it is
// IdempotentParameterMismatchException, and while the first request is still
// running TransactionInProgressException.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace dynamo_items::ops {

class ClientTokens {
 public:
  // Call before running the transaction whose TransactItems hash to
  // `payload`. Returns true when the token already succeeded with the same
  // payload (answer success, do nothing); false when the caller should run
  // it and then call finish(). Throws the exceptions above.
  bool begin(const std::string& token, std::size_t payload);
  void finish(const std::string& token, bool succeeded);

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::size_t payload;
    bool done;
    Clock::time_point at;
  };
  static constexpr auto kWindow = std::chrono::minutes(10);
  void forget_expired(Clock::time_point now);

  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  Clock::time_point last_sweep_{};
};

}  // namespace dynamo_items::ops
