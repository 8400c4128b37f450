// Store: the RocksDB database under the engine, opened on disk or in memory
// (RocksDB's in-memory Env), with the options tuned for an emulator: small
// memory footprint, fast start, WAL on disk so that an acknowledged write
// survives a crash of the process. Writes go through rocksdb::WriteBatch so
// that an item, its index entries and its stream record change together.
//
// Thread-safe: RocksDB handles concurrency; atomic read-modify-write is the
// caller's job (see key_locks.h).
#pragma once

#include <memory>
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
  explicit Store(const std::string& path);
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

  rocksdb::DB* db() { return db_.get(); }

 private:
  bool in_memory_;
  std::unique_ptr<rocksdb::Env> mem_env_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::WriteOptions write_options_;
  rocksdb::ReadOptions read_options_;
};

}  // namespace dynamo_items::storage
