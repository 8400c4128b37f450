// DynamoDB Streams: the change log of tables whose StreamSpecification is
// enabled. Every item write that changes an item appends one record (INSERT,
// MODIFY or REMOVE, with the images the stream's view type asks for) in the
// same WriteBatch as the item, so a record exists exactly when its change
// does. Records live under their own key space (keys built by storage/layout):
//
//   0x02 stream_no:u64 seq:u64  -> the record, as the JSON GetRecords returns
//   0x00 'M' "stream-seq"       -> the next sequence number (u64, big-endian)
//
// Sequence numbers are assigned and written under one mutex held until the
// batch is in RocksDB, so they are in commit order and a reader that resumes
// after number n never misses a record committed later with a smaller one.
// Each stream has one shard, which never splits.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include <rocksdb/write_batch.h>

#include "catalog/table_schema.h"
#include "dynamo_items/attribute_value.h"

namespace dynamo_items::storage {
class Store;
}

namespace dynamo_items::streams {

class StreamLog {
 public:
  explicit StreamLog(storage::Store& store);

  // Held by a writer of a table with an enabled stream from before append()
  // until its batch is written.
  std::mutex& write_mutex() { return mu_; }

  // Adds the record of moving an item from old_item to new_item (either may be
  // null; nothing when both are equal). REQUIRES: write_mutex() held.
  // by_ttl marks deletions by Time to Live (userIdentity in the record).
  void append(const catalog::TableSchema& table, const Item* old_item, const Item* new_item, bool by_ttl,
              rocksdb::WriteBatch& batch);

  // The sequence number the next record will get.
  std::uint64_t next_sequence() const;

 private:
  storage::Store& store_;
  mutable std::mutex mu_;
  std::uint64_t next_seq_ = 1;
};


// DynamoDB's 21-digit sequence number text, and back (nullopt if malformed).
std::string sequence_text(std::uint64_t seq);
bool parse_sequence(std::string_view text, std::uint64_t& seq);

// The shard id of a table's latest stream (its ARN: ops::stream_arn).
std::string shard_id(const catalog::TableSchema& table);

// While one lives on a thread, deletions written there are Time to Live's.
struct TtlDeletionScope {
  TtlDeletionScope();
  ~TtlDeletionScope();
};
bool in_ttl_deletion();

}  // namespace dynamo_items::streams
