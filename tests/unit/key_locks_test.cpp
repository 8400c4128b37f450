// KeyLocks: one key's lock excludes every other holder of its stripe, keys on
// other stripes do not wait, Multi takes each stripe once in ascending order
// (no self-deadlock on shared stripes, no deadlock between transactions that
// name their keys in opposite orders) and releases everything it took.
#include "storage/key_locks.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using dynamo_items::storage::KeyLocks;
using namespace std::chrono_literals;

namespace {

// Two distinct keys on the same stripe, found by search (4096 stripes, so a
// collision turns up within a few thousand keys).
std::pair<std::string, std::string> colliding_keys(const KeyLocks& locks) {
  std::vector<std::string> by_stripe(KeyLocks::kStripes);
  for (int i = 0;; ++i) {
    std::string key = "key#" + std::to_string(i);
    std::string& seen = by_stripe[locks.stripe_of(key)];
    if (!seen.empty()) return {seen, key};
    seen = key;
  }
}

std::string key_on_other_stripe(const KeyLocks& locks, const std::string& key) {
  for (int i = 0;; ++i) {
    std::string other = "other#" + std::to_string(i);
    if (locks.stripe_of(other) != locks.stripe_of(key)) return other;
  }
}

// Runs fn on another thread and reports whether it was still blocked after
// `wait`; then calls release() and waits for fn to finish, so a failing check
// never leaves a thread hanging.
template <class Fn, class Release>
bool blocks(Fn fn, Release release, std::chrono::milliseconds wait = 100ms) {
  auto done = std::async(std::launch::async, fn);
  const bool blocked = done.wait_for(wait) == std::future_status::timeout;
  release();
  done.get();
  return blocked;
}

}  // namespace

TEST_CASE("key locks: stripes are stable and in range", "[key_locks]") {
  auto locks = std::make_unique<KeyLocks>();
  std::vector<int> used(KeyLocks::kStripes, 0);
  for (int i = 0; i < 20000; ++i) {
    const std::string key = "pk#" + std::to_string(i);
    const std::size_t s = locks->stripe_of(key);
    REQUIRE(s < KeyLocks::kStripes);
    CHECK(locks->stripe_of(key) == s);
    ++used[s];
  }
  // 20,000 keys over 4,096 stripes: a hash that spreads keys leaves few
  // stripes empty (expected about 30); a broken one piles them up.
  int empty = 0;
  for (int n : used) empty += n == 0;
  CHECK(empty < 200);
  // Raw storage keys contain zero bytes; they must take part in the hash.
  CHECK(locks->stripe_of(std::string("a\0b", 3)) == locks->stripe_of(std::string("a\0b", 3)));
  std::size_t differing = 0;
  for (int i = 0; i < 100; ++i) {
    differing += locks->stripe_of(std::string("x\0", 2) + std::to_string(i)) !=
                 locks->stripe_of(std::string("x\0", 2));
  }
  CHECK(differing > 90);
}

TEST_CASE("key locks: a held key blocks the same key and its stripe, not other stripes", "[key_locks]") {
  auto locks = std::make_unique<KeyLocks>();
  const auto [a, same_stripe] = colliding_keys(*locks);
  const std::string other = key_on_other_stripe(*locks, a);

  auto held = locks->lock(a);
  REQUIRE(held.owns_lock());
  CHECK(blocks([&] { auto l = locks->lock(a); }, [&] { held.unlock(); }));
  held.lock();
  CHECK(blocks([&] { auto l = locks->lock(same_stripe); }, [&] { held.unlock(); }));
  held.lock();
  CHECK_FALSE(blocks([&] { auto l = locks->lock(other); }, [&] { held.unlock(); }, 2000ms));
  // Released: the key can be taken again at once.
  CHECK_FALSE(blocks([&] { auto l = locks->lock(a); }, [] {}, 2000ms));
}

TEST_CASE("key locks: read-modify-write under a key's lock loses no update", "[key_locks]") {
  auto locks = std::make_unique<KeyLocks>();
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  const std::vector<std::string> keys{"counter#1", "counter#2", "counter#3"};
  std::vector<long> counters(keys.size(), 0);  // plain longs: only the locks protect them
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + t) % keys.size();
        auto l = locks->lock(keys[k]);
        const long v = counters[k];
        if (i % 64 == 0) std::this_thread::yield();  // widen the window a lost update needs
        counters[k] = v + 1;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(counters[0] + counters[1] + counters[2] == long{kThreads} * kRounds);
  for (long c : counters) CHECK(c > 0);
}

TEST_CASE("key locks: Multi takes a shared stripe once and releases every stripe", "[key_locks]") {
  auto locks = std::make_unique<KeyLocks>();
  const auto [a, b] = colliding_keys(*locks);
  const std::string c = key_on_other_stripe(*locks, a);
  {
    // Locking a's stripe twice would deadlock (or be undefined) on a
    // std::mutex; Multi must take it once.
    auto multi = std::async(std::launch::async, [&] {
      KeyLocks::Multi m(*locks,
                        {locks->stripe_of(a), locks->stripe_of(b), locks->stripe_of(c), locks->stripe_of(a)});
    });
    REQUIRE(multi.wait_for(5s) == std::future_status::ready);
  }
  // While a Multi is held, single-key locks of any of its stripes wait.
  auto m = std::make_unique<KeyLocks::Multi>(
      *locks, std::vector<std::size_t>{locks->stripe_of(c), locks->stripe_of(a)});
  CHECK(blocks([&] { auto l = locks->lock(b); }, [&] { m.reset(); }));
  m = std::make_unique<KeyLocks::Multi>(*locks,
                                        std::vector<std::size_t>{locks->stripe_of(c), locks->stripe_of(a)});
  CHECK(blocks([&] { auto l = locks->lock(c); }, [&] { m.reset(); }));
  // After destruction all of them are free.
  CHECK_FALSE(blocks(
      [&] {
        auto la = locks->lock(a);
        la.unlock();
        auto lc = locks->lock(c);
      },
      [] {}, 2000ms));
  // An empty Multi locks nothing.
  KeyLocks::Multi none(*locks, {});
  CHECK_FALSE(blocks([&] { auto l = locks->lock(a); }, [] {}, 2000ms));
}

TEST_CASE("key locks: transactions naming keys in opposite orders do not deadlock", "[key_locks]") {
  auto locks = std::make_unique<KeyLocks>();
  const std::string x = "account#x";
  const std::string y = key_on_other_stripe(*locks, x);
  long balance_x = 1000, balance_y = 1000;  // moved between under Multi only
  std::atomic<int> finished{0};
  auto transfer = [&](bool x_first, long amount) {
    for (int i = 0; i < 5000; ++i) {
      std::vector<std::size_t> stripes =
          x_first ? std::vector<std::size_t>{locks->stripe_of(x), locks->stripe_of(y)}
                  : std::vector<std::size_t>{locks->stripe_of(y), locks->stripe_of(x)};
      KeyLocks::Multi m(*locks, std::move(stripes));
      balance_x -= amount;
      if (i % 64 == 0) std::this_thread::yield();
      balance_y += amount;
    }
    ++finished;
  };
  auto t1 = std::async(std::launch::async, transfer, true, 3);
  auto t2 = std::async(std::launch::async, transfer, false, -2);
  auto t3 = std::async(std::launch::async, transfer, false, 1);
  // A lock-order inversion would hang here; fail instead of waiting forever
  // (the futures' destructors would still wait, so only report).
  const bool all_done = t1.wait_for(30s) == std::future_status::ready &&
                        t2.wait_for(30s) == std::future_status::ready &&
                        t3.wait_for(30s) == std::future_status::ready;
  REQUIRE(all_done);
  CHECK(finished == 3);
  CHECK(balance_x + balance_y == 2000);
  CHECK(balance_x == 1000 - 5000 * (3 - 2 + 1));
}
