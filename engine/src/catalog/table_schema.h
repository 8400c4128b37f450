// TableSchema: what the catalog knows about one table: its id (the storage
// prefix), key schema, attribute definitions, billing settings, creation time
// and secondary indexes. Immutable once published in the catalog; a change
// (UpdateTable) publishes a new shared_ptr, so readers never lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::catalog {

struct KeyAttribute {
  std::string name;
  AttrType type = AttrType::S;  // S, N or B
};

struct Projection {
  std::string type = "ALL";  // ALL, KEYS_ONLY, INCLUDE
  std::vector<std::string> non_key_attributes;
};

// An index key is ordered lists of attributes: a GSI may name up to four
// HASH and up to four RANGE attributes (multi-attribute keys); an LSI has one
// of each. The order is KeySchema's: it is echoed by DescribeTable and it is
// the order in which the sort attributes compare.
struct IndexSchema {
  std::string name;
  std::uint8_t index_no = 0;  // storage space of the index, >= 1
  bool global = true;
  std::vector<KeyAttribute> hash_keys;   // 1..4
  std::vector<KeyAttribute> range_keys;  // 0..4
  Projection projection;
  std::int64_t read_capacity = 0, write_capacity = 0;

  // Every key attribute, HASH ones first, in KeySchema order.
  std::vector<const KeyAttribute*> key_attributes() const {
    std::vector<const KeyAttribute*> out;
    for (const auto& k : hash_keys) out.push_back(&k);
    for (const auto& k : range_keys) out.push_back(&k);
    return out;
  }
  bool is_key_attribute(std::string_view attr) const {
    for (const KeyAttribute* k : key_attributes()) {
      if (k->name == attr) return true;
    }
    return false;
  }
  bool multi_attribute() const { return hash_keys.size() > 1 || range_keys.size() > 1; }
};

// Set by the catalog once a newer schema of the table is published (or the
// table is deleted). A writer checks it under its item's key lock: a schema
// fetched before an UpdateTable must not write an item the index backfill has
// already visited without maintaining the new index. A copy (a draft of the
// next schema) starts current.
class SupersededFlag {
 public:
  SupersededFlag() = default;
  SupersededFlag(const SupersededFlag&) {}
  SupersededFlag& operator=(const SupersededFlag&) { return *this; }
  bool get() const { return flag_.load(std::memory_order_acquire); }
  void set() const { flag_.store(true, std::memory_order_release); }

 private:
  mutable std::atomic<bool> flag_{false};
};

struct TableSchema {
  std::string name;
  std::uint64_t id = 0;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  std::vector<KeyAttribute> attribute_definitions;  // in request order
  std::string billing_mode = "PROVISIONED";
  std::int64_t read_capacity = 0, write_capacity = 0;
  double creation_time = 0;  // seconds since epoch
  std::string table_uuid;    // DescribeTable's TableId
  std::string ttl_attribute;  // empty: Time to Live disabled
  // DynamoDB Streams (streams/stream_log.h). The latest stream: stream_no 0
  // and an empty label when the table never had one; a disabled stream keeps
  // its records readable.
  bool stream_enabled = false;
  std::string stream_view_type;  // NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY
  std::string stream_label;      // e.g. 2026-11-25T15:04:05.123
  std::uint64_t stream_no = 0;   // the key space of its records
  double stream_created = 0;     // seconds since epoch
  // Settings recorded and described (ops/table_settings.h).
  bool deletion_protection = false;
  std::string table_class;  // empty: never set (STANDARD)
  double table_class_updated = 0;
  bool sse_enabled = false;
  std::string sse_kms_key;  // ARN
  std::int64_t max_read_request_units = -1, max_write_request_units = -1;  // -1: no limit
  // Contributor Insights enabled: "" for the table itself, else index names.
  std::vector<std::string> contributor_insights;
  // Point-in-time recovery (UpdateContinuousBackups): while enabled, writes
  // keep the history RestoreTableToPointInTime restores from.
  bool pitr_enabled = false;
  int pitr_recovery_days = 35;
  double pitr_enabled_time = 0;  // seconds since epoch
  std::vector<std::pair<std::string, std::string>> tags;
  // Set on a table made by RestoreTableFromBackup or RestoreTableToPointInTime
  // (DescribeTable's RestoreSummary): the source table's name, the backup's
  // ARN suffix (backups/backup_store.h; empty for a point in time) and the
  // time restored to.
  struct RestoreSource {
    std::string table;
    std::string backup;
    double time = 0;
  };
  std::optional<RestoreSource> restored_from;
  std::vector<IndexSchema> indexes;
  // Index spaces are never reused, so entries a racing writer left in a
  // deleted index can never show up in a new one.
  std::uint8_t next_index_no = 1;
  SupersededFlag superseded;

  // The table's ARN as a caller in `region` and `account` sees it. Tables
  // have no region of their own here: one database answers every region and
  // account, so ARNs are built per request (ops::table_arn).
  std::string arn(std::string_view region, std::string_view account) const {
    return "arn:aws:dynamodb:" + std::string(region) + ":" + std::string(account) + ":table/" + name;
  }
  std::vector<std::string> key_attribute_names() const {
    std::vector<std::string> names{hash.name};
    if (range) names.push_back(range->name);
    return names;
  }
  bool is_key_attribute(std::string_view attr) const {
    return attr == hash.name || (range && attr == range->name);
  }
};

// Catalog persistence: JSON text, so an on-disk catalog can be read by eye.
std::string serialize_schema(const TableSchema& schema);
TableSchema parse_schema(std::string_view json);

// Parses "S" / "N" / "B".
std::optional<AttrType> key_type_from_name(std::string_view name);

}  // namespace dynamo_items::catalog
