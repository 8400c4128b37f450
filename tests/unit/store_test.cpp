// Store: the RocksDB database, in memory (RocksDB's MemEnv) and on disk:
// point reads, atomic write batches, bounded iteration in unsigned byte
// order, isolation of in-memory stores, persistence across reopen, and a
// clear error when a database cannot be opened.
#include "storage/store.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dynamo_items/error.h"
#include "engine_test_support.h"
#include "storage/layout.h"

using namespace dynamo_items;

namespace {

using dynamo_items::testing::TempDir;

void put(storage::Store& store, const std::string& key, const std::string& value) {
  rocksdb::WriteBatch batch;
  batch.Put(key, value);
  store.write(batch);
}

// Keys in [lower, upper) in iteration order.
std::vector<std::string> scan(const storage::Store& store, const std::string& lower,
                              const std::string& upper) {
  const rocksdb::Slice lo(lower), hi(upper);
  auto it = store.iterator(&lo, &hi);
  std::vector<std::string> out;
  for (it->SeekToFirst(); it->Valid(); it->Next()) out.push_back(it->key().ToString());
  REQUIRE(it->status().ok());
  return out;
}

}  // namespace

TEST_CASE("store: point reads and writes in memory", "[store]") {
  storage::Store store("");
  CHECK(store.in_memory());
  CHECK_FALSE(store.get("missing"));

  const std::string binary_key("\x01\x00\xFF\x00", 4);
  put(store, binary_key, std::string("v\0w", 3));
  put(store, "empty", "");
  auto found = store.get(binary_key);
  REQUIRE(found);
  CHECK(*found == std::string("v\0w", 3));
  // An empty value is a value, not an absence.
  auto empty = store.get("empty");
  REQUIRE(empty);
  CHECK(empty->empty());
  // A key is matched whole: a prefix of it or a longer key is not found.
  CHECK_FALSE(store.get(std::string("\x01\x00\xFF", 3)));
  CHECK_FALSE(store.get(binary_key + std::string(1, '\0')));

  // The buffer form overwrites the caller's buffer and reports absence.
  std::string buffer = "previous contents";
  CHECK(store.get(binary_key, buffer));
  CHECK(buffer == std::string("v\0w", 3));
  CHECK_FALSE(store.get("missing", buffer));

  put(store, binary_key, "second");
  CHECK(store.get(binary_key) == std::optional<std::string>("second"));

  // A DynamoDB item may be 400 KB; values of several MB must round-trip.
  const std::string big(3 << 20, '\xA5');
  put(store, "big", big);
  CHECK(store.get("big") == std::optional<std::string>(big));
  store.flush();  // nothing to flush in memory; must not fail
}

TEST_CASE("store: a write batch applies all its operations in order", "[store]") {
  storage::Store store("");
  put(store, "a", "1");
  put(store, "b", "2");
  rocksdb::WriteBatch batch;
  batch.Put("c", "3");
  batch.Delete("a");
  batch.Put("b", "first");
  batch.Put("b", "last");  // later operations in a batch win
  batch.Put("d", "4");
  batch.Delete("d");
  batch.DeleteRange("x", "z");
  store.write(batch);
  CHECK_FALSE(store.get("a"));
  CHECK(store.get("b") == std::optional<std::string>("last"));
  CHECK(store.get("c") == std::optional<std::string>("3"));
  CHECK_FALSE(store.get("d"));

  // DeleteRange removes [begin, end) and nothing outside it (DeleteTable).
  for (const char* k : {"x", "x1", "y", "yz", "z"}) put(store, k, "v");
  rocksdb::WriteBatch drop;
  drop.DeleteRange("x", "z");
  store.write(drop);
  CHECK(scan(store, "w", "zz") == std::vector<std::string>{"z"});
}

TEST_CASE("store: iteration respects bounds and unsigned byte order", "[store]") {
  storage::Store store("");
  const std::vector<std::string> keys{std::string("\x01\x00", 2),
                                      std::string("\x01\x00\x00", 3),
                                      "\x01\x01",
                                      "\x01\x7F",
                                      "\x01\x80",
                                      "\x01\xFF",
                                      "\x01\xFF\xFF",
                                      "\x02"};
  // Written out of order.
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) put(store, *it, "v");
  // Everything below 0x01 is metadata (the format version is there).
  CHECK(scan(store, "\x01", "\x03") == keys);
  CHECK(scan(store, std::string("\x01\x00\x00", 3), "\x01\xFF") ==
        std::vector<std::string>(keys.begin() + 1, keys.begin() + 5));
  // The upper bound is exclusive, the lower inclusive.
  CHECK(scan(store, "\x01\x80", std::string("\x01\x80\x00", 3)).size() == 1);
  CHECK(scan(store, "\x01\x81", "\x01\xFE").empty());

  // Bounds are optional: without them the iterator sees the whole database,
  // including the meta entries.
  auto all = store.iterator(nullptr, nullptr);
  std::size_t n = 0;
  bool saw_meta = false;
  for (all->SeekToFirst(); all->Valid(); all->Next()) {
    ++n;
    saw_meta = saw_meta || all->key().ToString() == storage::meta_key("format-version");
  }
  CHECK(saw_meta);
  CHECK(n == keys.size() + 1);

  // Reverse iteration within bounds (Query with ScanIndexForward=false).
  const std::string lower = "\x01\x01", upper = "\x01\xFF";
  const rocksdb::Slice lo(lower), hi(upper);
  auto rev = store.iterator(&lo, &hi);
  std::vector<std::string> backwards;
  for (rev->SeekToLast(); rev->Valid(); rev->Prev()) backwards.push_back(rev->key().ToString());
  CHECK(backwards == std::vector<std::string>{"\x01\x80", "\x01\x7F", "\x01\x01"});
}

TEST_CASE("store: in-memory stores are separate databases", "[store]") {
  storage::Store one("");
  storage::Store two("");
  put(one, "k", "one");
  CHECK_FALSE(two.get("k"));
  put(two, "k", "two");
  CHECK(one.get("k") == std::optional<std::string>("one"));
  // A fresh in-memory store starts empty, even after others were closed.
  {
    storage::Store tmp("");
    put(tmp, "gone", "v");
  }
  storage::Store three("");
  CHECK_FALSE(three.get("gone"));
  CHECK_FALSE(three.get("k"));
}

TEST_CASE("store: concurrent writers on distinct keys all land", "[store]") {
  storage::Store store("");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 500; ++i)
        put(store, "t" + std::to_string(t) + "#" + std::to_string(i), std::to_string(i));
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) {
    for (int i = 0; i < 500; i += 37) {
      CHECK(store.get("t" + std::to_string(t) + "#" + std::to_string(i)) ==
            std::optional<std::string>(std::to_string(i)));
    }
  }
  CHECK(scan(store, "t", "u").size() == 2000);
}

TEST_CASE("store: on disk, data survives close and reopen", "[store]") {
  TempDir dir;
  {
    storage::Store store(dir.path);
    CHECK_FALSE(store.in_memory());
    put(store, "kept", "value");
    rocksdb::WriteBatch batch;
    batch.Put("also", "kept");
    batch.Put("removed", "x");
    batch.Delete("removed");
    store.write(batch);
  }
  {
    // Closed without an explicit flush: the WAL carries the writes.
    storage::Store store(dir.path);
    CHECK(store.get("kept") == std::optional<std::string>("value"));
    CHECK(store.get("also") == std::optional<std::string>("kept"));
    CHECK_FALSE(store.get("removed"));
    put(store, "after-flush", "y");
    store.flush();
  }
  storage::Store store(dir.path);
  CHECK(store.get("after-flush") == std::optional<std::string>("y"));
  CHECK(scan(store, "a", "z").size() == 3);
}

TEST_CASE("store: a path that cannot hold a database is an internal error naming it", "[store]") {
  TempDir dir;
  const std::string file = dir.path + "/not-a-directory";
  std::ofstream(file) << "x";
  try {
    storage::Store store(file + "/db");
    FAIL("opened a database under a regular file");
  } catch (const Error& e) {
    CHECK(e.type() == "InternalServerError");
    CHECK(e.message().find("cannot open database at '" + file + "/db'") != std::string::npos);
  }
}

TEST_CASE("store: in memory, RocksDB opens with the store unless asked to wait for the first write", "[store]") {
  CHECK(storage::Store("").opened());
  storage::Store store("", true);
  CHECK_FALSE(store.opened());
  // Reads of a store nothing was written to are answered without a database.
  CHECK_FALSE(store.get("k"));
  CHECK(scan(store, "", "\xff").empty());
  CHECK_FALSE(store.opened());

  put(store, "k", "v");
  CHECK(store.opened());
  CHECK(store.get("k") == std::optional<std::string>("v"));
  // Opening wrote the format version, as an on-disk store's open does.
  CHECK(store.get(storage::meta_key("format-version")));
}

TEST_CASE("store: in memory, a snapshot opens the database and sees nothing written after it", "[store]") {
  storage::Store store("", true);
  auto before = store.snapshot();
  CHECK(store.opened());
  put(store, "k", "v");
  auto it = store.iterator(nullptr, nullptr, before.get());
  std::vector<std::string> seen;
  for (it->SeekToFirst(); it->Valid(); it->Next()) seen.push_back(it->key().ToString());
  CHECK(std::find(seen.begin(), seen.end(), "k") == seen.end());
}

TEST_CASE("store: in memory, threads racing to the first write open one database", "[store]") {
  storage::Store store("", true);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 50; ++i) put(store, "k" + std::to_string(t) + "-" + std::to_string(i), "v");
    });
  }
  for (auto& th : threads) th.join();
  CHECK(scan(store, "k", "l").size() == 200);
}

TEST_CASE("store: on disk, the database opens with the store", "[store]") {
  TempDir dir;
  storage::Store store(dir.path, true);
  CHECK(store.opened());
}
