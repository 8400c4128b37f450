// Store: the RocksDB database under the engine, opened on disk or in memory
// (RocksDB's in-memory Env), with the options tuned for an emulator: small
// memory footprint, fast start, WAL on disk so that an acknowledged write
// survives a crash of the process. Writes go through rocksdb::WriteBatch so
// that an item, its index entries and its stream record change together.
//
// In memory it can be opened by the first write (or snapshot) instead of the
// constructor: a store nothing was written to is empty, so its reads need no
// database. A server that is started and only probed (ListTables,
// DescribeTable) then never pays RocksDB's open, 1-2 ms and several MB of
// code pages (bench/compare/footprint).
//
// Thread-safe: RocksDB handles concurrency; atomic read-modify-write is the
// caller's job (see key_locks.h).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/write_batch.h>

namespace dynamo_items::storage {

class Store {
 public:
  // Empty path: in memory. Throws Error::internal when RocksDB cannot open.
  // `open_on_first_write` (in memory only): see EngineOptions.
  explicit Store(const std::string& path, bool open_on_first_write = false);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  bool in_memory() const { return in_memory_; }

  std::optional<std::string> get(std::string_view key) const;
  // Reads into a caller-owned buffer (avoids allocation on hot paths).
  bool get(std::string_view key, std::string& value) const;
  void write(rocksdb::WriteBatch& batch);
  // `at`: read as of that snapshot (nullptr: as of now). Every iterator is a
  // consistent view; a snapshot makes several of them the same view.
  std::unique_ptr<rocksdb::Iterator> iterator(const rocksdb::Slice* lower, const rocksdb::Slice* upper,
                                              const rocksdb::Snapshot* at = nullptr) const;
  // Released when the returned handle goes.
  std::shared_ptr<const rocksdb::Snapshot> snapshot() const;
  void flush();

  // The database itself (for benchmarks' flushes and properties), opened
  // first if need be.
  rocksdb::DB* db() { return &require(); }
  // Whether RocksDB has been opened (on disk: always).
  bool opened() const { return db_.load(std::memory_order_acquire) != nullptr; }

 private:
  // The database, opened first if need be.
  rocksdb::DB& require() const {
    rocksdb::DB* db = db_.load(std::memory_order_acquire);
    return db != nullptr ? *db : open();
  }
  rocksdb::DB& open() const;

  bool in_memory_;
  std::string path_;
  mutable std::mutex open_mu_;
  mutable std::unique_ptr<rocksdb::Env> mem_env_;
  mutable std::unique_ptr<rocksdb::DB> owned_;
  mutable std::atomic<rocksdb::DB*> db_{nullptr};
  rocksdb::WriteOptions write_options_;
  rocksdb::ReadOptions read_options_;
};

}  // namespace dynamo_items::storage
