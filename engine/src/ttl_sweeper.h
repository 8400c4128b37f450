// TtlSweeper: DynamoDB's Time to Live. A background thread that, every
// interval, deletes the items of TTL-enabled tables whose TTL attribute is a
// Number of epoch seconds in the past (but not more than five years in the
// past, which DynamoDB ignores). Deletes go through the shared write path,
// re-checking expiry under the item's lock, so indexes stay right and a
// concurrent write that renews the item wins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <thread>

namespace dynamo_items {

class EngineImpl;

class TtlSweeper {
 public:
  // interval 0: no thread; sweep_once() can still be called.
  TtlSweeper(EngineImpl& engine, std::chrono::milliseconds interval);
  ~TtlSweeper();
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  // One pass over every TTL-enabled table; returns the number of items deleted.
  std::size_t sweep_once(double now_epoch_seconds);

 private:
  void run();

  EngineImpl& engine_;
  std::chrono::milliseconds interval_;
  // Point-in-time recovery history pruned last (table id -> seconds), by
  // the sweeper's thread only: one DeleteRange an hour per table at most.
  std::map<std::uint64_t, double> pruned_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dynamo_items
