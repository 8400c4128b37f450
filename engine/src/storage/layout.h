// Storage layout: the only module that builds raw RocksDB keys.
//
// Grammar (all integers big-endian so keys sort by them):
//   catalog entry : 0x00 'T' table_name                 -> table schema (JSON text)
//   meta entry    : 0x00 'M' name                       -> value (e.g. next table id)
//   item          : 0x01 table_id:u64 0x00 hash:u32 enc(pk) [enc(sk)]  -> item_codec bytes
//   index entry   : 0x01 table_id:u64 index_no:u8 ...   (index_no >= 1, reserved for indexes)
// where enc() is keys::encode_key_component and hash = keys::partition_hash(enc(pk)).
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

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::storage {

constexpr std::uint8_t kItemSpace = 0x00;

std::string catalog_key(std::string_view table_name);
std::string catalog_prefix();
std::string meta_key(std::string_view name);

// All keys of a table: [table_prefix(id), table_prefix(id + 1)).
std::string table_prefix(std::uint64_t table_id);
// All items of a table (excluding index entries).
std::string items_prefix(std::uint64_t table_id);

// Key prefix of one partition: items_prefix, hash, enc(pk).
std::string partition_prefix(std::uint64_t table_id, const AttributeValue& pk);
// Full item key. sk is null for tables without a sort key.
std::string item_key(std::uint64_t table_id, const AttributeValue& pk, const AttributeValue* sk);

// Secondary index entries of a table: 0x01 table_id index_no hash enc(ipk)
// [enc(isk)] enc(pk) [enc(sk)]. The table key makes entries unique; the
// index key in front keeps an index partition contiguous and sorted.
std::string index_prefix(std::uint64_t table_id, std::uint8_t index_no);
std::string index_partition_prefix(std::uint64_t table_id, std::uint8_t index_no, const AttributeValue& ipk);
std::string index_entry_key(std::uint64_t table_id, std::uint8_t index_no, const AttributeValue& ipk,
                            const AttributeValue* isk, const AttributeValue& pk, const AttributeValue* sk);
std::string index_hash_range_start(std::uint64_t table_id, std::uint8_t index_no, std::uint32_t hash_begin);

// Start of the hash range [hash_begin, ...) within a table's items.
std::string hash_range_start(std::uint64_t table_id, std::uint32_t hash_begin);

void append_u32(std::string& out, std::uint32_t v);
void append_u64(std::string& out, std::uint64_t v);
std::uint64_t read_u64(std::string_view bytes);

}  // namespace dynamo_items::storage
