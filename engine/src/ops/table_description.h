// TableDescription: the JSON structure CreateTable, DescribeTable, UpdateTable
// and DeleteTable return, built from a TableSchema.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <rapidjson/document.h>

#include "catalog/table_schema.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::ops {

struct TableStats {
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> indexes;  // name -> (items, bytes)
};

// Counts items and their DynamoDB sizes (DynamoDB refreshes these every few
// hours; an emulator can afford to be exact).
TableStats table_stats(EngineImpl& engine, const catalog::TableSchema& table);

// [{"AttributeName": ..., "KeyType": "HASH"}, ...]
rapidjson::Value key_schema(const catalog::KeyAttribute& hash, const std::optional<catalog::KeyAttribute>& range,
                            rapidjson::Document::AllocatorType& a);
// An index's, in KeySchema order: every HASH attribute, then every RANGE one.
rapidjson::Value key_schema(const catalog::IndexSchema& index, rapidjson::Document::AllocatorType& a);

// {"ProjectionType", ["NonKeyAttributes"]}
rapidjson::Value projection(const catalog::Projection& p, rapidjson::Document::AllocatorType& a);
// {"ReadCapacityUnits", "WriteCapacityUnits"}, as requests and backups give it.
rapidjson::Value capacity(std::int64_t read, std::int64_t write, rapidjson::Document::AllocatorType& a);

rapidjson::Value table_description(const catalog::TableSchema& table, std::string_view status, const TableStats& stats,
                                   rapidjson::Document::AllocatorType& a);

}  // namespace dynamo_items::ops
