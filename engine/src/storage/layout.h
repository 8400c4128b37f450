// Storage layout: the only module that builds raw RocksDB keys.
//
// Grammar (all integers big-endian so keys sort by them):
//   catalog entry : 0x00 'T' table_name                 -> table schema (JSON text)
//   meta entry    : 0x00 'M' name                       -> value (e.g. next table id)
//   item          : 0x01 table_id:u64 0x00 hash:u32 enc(pk) [enc(sk)]  -> item_codec bytes
//   index entry   : 0x01 table_id:u64 index_no:u8 hash:u32 ipk isk enc(pk) [enc(sk)]
//                                                        -> item_codec bytes (projected)
//       ipk  := enc(ipk_1) .. enc(ipk_n)    the index's HASH attributes, 1 <= n <= 4
//       isk  := enc(isk_1) .. enc(isk_m)    its RANGE attributes, 0 <= m <= 4
//       hash  = keys::partition_hash(ipk)   over the concatenation
//   stream record : 0x02 stream_no:u64 seq:u64          -> the record (streams/stream_log.h)
//   history entry : 0x03 table_id:u64 time_ms:u64 seq:u64 -> an item's state before a write
//                                                        (backups/recovery_log.h)
//   backup entry  : 0x00 'B' image_id:u64               -> the backup's details (backups/backup_store.h)
//   snapshot entry: 0x00 'S' name                       -> its tables and images (backups/snapshot_store.h)
// A backup's items are a frozen table image: item keys under a table id the
// catalog reserved for it and never gives to a table, so the image is read,
// restored and dropped with the same prefixes as a table's items.
// where enc() is keys::encode_key_component and, for items, hash =
// keys::partition_hash(enc(pk)). index_no >= 1 (0x00 is the items' space).
// A one-attribute index key is the n = m = 1 case of the same grammar, so
// entries written before multi-attribute keys keep their bytes. Components
// are self-delimiting and memcmp-ordered, so one index partition (one ipk)
// is one contiguous range sorted by isk_1, then isk_2, ...: a Query with
// equalities on a prefix of the RANGE attributes is one range scan.
//
// Putting the partition hash first spreads partitions like DynamoDB does, gives
// Scan a stable hash order and lets parallel-scan segments be hash ranges;
// a partition's items stay contiguous and sorted by sort key, so Query is one
// range scan. Every key of a table starts with 0x01 table_id, so DeleteTable
// is one DeleteRange. Table ids are never reused.
// Do not change: these bytes are on disk.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::storage {

constexpr std::uint8_t kItemSpace = 0x00;
constexpr std::uint8_t kStreamSpace = 0x02;
constexpr std::uint8_t kHistorySpace = 0x03;

std::string catalog_key(std::string_view table_name);
std::string catalog_prefix();
std::string meta_key(std::string_view name);
// Backups, in the order they were taken: [backup_prefix(), successor).
std::string backup_prefix();
std::string backup_key(std::uint64_t image_id);
// Named snapshots, by name: snapshot_key("") is their prefix.
std::string snapshot_key(std::string_view name);

// All keys of a table: [table_prefix(id), table_prefix(id + 1)).
std::string table_prefix(std::uint64_t table_id);
// All items of a table (excluding index entries).
std::string items_prefix(std::uint64_t table_id);

// Key prefix of one partition: items_prefix, hash, enc(pk).
std::string partition_prefix(std::uint64_t table_id, const AttributeValue& pk);
// Full item key. sk is null for tables without a sort key.
std::string item_key(std::uint64_t table_id, const AttributeValue& pk, const AttributeValue* sk);

// Secondary index entries of a table (grammar above). The table key makes
// entries unique; the index key in front keeps an index partition contiguous
// and sorted. Values are given in KeySchema order.
using KeyValues = std::vector<const AttributeValue*>;
std::string index_prefix(std::uint64_t table_id, std::uint8_t index_no);
// REQUIRES: ipk is not empty.
std::string index_partition_prefix(std::uint64_t table_id, std::uint8_t index_no, const KeyValues& ipk);
std::string index_entry_key(std::uint64_t table_id, std::uint8_t index_no, const KeyValues& ipk,
                            const KeyValues& isk, const AttributeValue& pk, const AttributeValue* sk);
// The entries of one index partition whose first RANGE attributes are
// isk_prefix (the index partition itself when it is empty).
std::string index_sort_prefix(std::uint64_t table_id, std::uint8_t index_no, const KeyValues& ipk,
                              const KeyValues& isk_prefix);

// Start of the hash range [hash_begin, ...) within a key space whose keys are
// space_prefix hash:u32 ... (a table's items_prefix or an index_prefix):
// parallel-scan segments are such ranges.
std::string space_hash_start(std::string_view space_prefix, std::uint32_t hash_begin);
std::string hash_range_start(std::uint64_t table_id, std::uint32_t hash_begin);
std::string index_hash_range_start(std::uint64_t table_id, std::uint8_t index_no, std::uint32_t hash_begin);
// The partition hash of an item key of the table.
std::uint32_t item_key_hash(std::uint64_t table_id, std::string_view item_key);

// Streams: record `seq` of stream `stream_no`; a stream's records are
// [stream_prefix(n), stream_prefix(n + 1)).
std::string stream_prefix(std::uint64_t stream_no);
std::string stream_record_key(std::uint64_t stream_no, std::uint64_t seq);
// The sequence number in a stream record key.
std::uint64_t stream_record_sequence(std::string_view record_key);

// Point-in-time recovery: the history of table_id's items, in time order;
// [history_start(t, 0), history_start(t + 1, 0)) is all of it.
std::string history_start(std::uint64_t table_id, std::uint64_t time_ms);
std::string history_key(std::uint64_t table_id, std::uint64_t time_ms, std::uint64_t seq);
std::uint64_t history_time(std::string_view history_key);

void append_u32(std::string& out, std::uint32_t v);
void append_u64(std::string& out, std::uint64_t v);
std::uint64_t read_u64(std::string_view bytes);

}  // namespace dynamo_items::storage
