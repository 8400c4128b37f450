// KeyLocks: striped mutexes that make a read-check-write of one item atomic
// (conditional writes, ReturnValues, index upkeep), and of several items for
// transactions, without a global lock. Stripes are chosen by hashing the
// item's storage key; multi-key locking takes stripes in ascending order so
// two transactions can never deadlock.
#pragma once

#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

namespace dynamo_items::storage {

class KeyLocks {
 public:
  static constexpr std::size_t kStripes = 4096;

  std::size_t stripe_of(std::string_view key) const { return std::hash<std::string_view>{}(key) % kStripes; }

  std::unique_lock<std::mutex> lock(std::string_view key) { return std::unique_lock(stripes_[stripe_of(key)]); }

  // Locks every stripe the keys map to, in ascending order, each once.
  class Multi {
   public:
    Multi(KeyLocks& locks, std::vector<std::size_t> stripes) : locks_(locks), stripes_(std::move(stripes)) {
      std::sort(stripes_.begin(), stripes_.end());
      stripes_.erase(std::unique(stripes_.begin(), stripes_.end()), stripes_.end());
      for (auto s : stripes_) locks_.stripes_[s].lock();
    }
    ~Multi() {
      for (auto it = stripes_.rbegin(); it != stripes_.rend(); ++it) locks_.stripes_[*it].unlock();
    }
    Multi(const Multi&) = delete;
    Multi& operator=(const Multi&) = delete;

   private:
    KeyLocks& locks_;
    std::vector<std::size_t> stripes_;
  };

 private:
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace dynamo_items::storage
