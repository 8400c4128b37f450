#include "ops/capacity.h"

#include <algorithm>
#include <cmath>

#include "ops/item_write.h"
#include "value/item_size.h"

namespace dynamo_items::ops {

double read_capacity_units(std::size_t bytes, bool consistent) {
  const double units = std::max<double>(1.0, std::ceil(static_cast<double>(bytes) / 4096.0));
  return consistent ? units : units / 2.0;
}

double write_capacity_units(std::size_t bytes) {
  return std::max<double>(1.0, std::ceil(static_cast<double>(bytes) / 1024.0));
}

double write_capacity_units(const WriteOutcome& outcome) {
  const std::size_t old_size = outcome.old_item ? item_size(*outcome.old_item) : 0;
  const std::size_t new_size = outcome.new_item ? item_size(*outcome.new_item) : 0;
  return write_capacity_units(std::max(old_size, new_size));
}

namespace {

std::string_view requested(const Json& req) { return opt_string(req, "ReturnConsumedCapacity").value_or("NONE"); }

// DynamoDB splits the units into ReadCapacityUnits / WriteCapacityUnits for
// transactions only (TransactGetItems, TransactWriteItems, whose requests
// carry TransactItems); GetItem, PutItem, UpdateItem, DeleteItem, the batch
// operations, Query and Scan report CapacityUnits alone.
bool reports_split(const Json& req) { return member(req, "TransactItems") != nullptr; }

rapidjson::Value capacity_object(const std::string& table, double units, CapacityKind kind, bool indexes,
                                 bool split, rapidjson::Document::AllocatorType& a) {
  const char* kind_field = kind == CapacityKind::kRead ? "ReadCapacityUnits" : "WriteCapacityUnits";
  rapidjson::Value c(rapidjson::kObjectType);
  c.AddMember("TableName", rapidjson::Value(table.c_str(), a), a);
  c.AddMember("CapacityUnits", units, a);
  if (split) c.AddMember(rapidjson::StringRef(kind_field), units, a);
  if (indexes) {
    rapidjson::Value t(rapidjson::kObjectType);
    t.AddMember("CapacityUnits", units, a);
    if (split) t.AddMember(rapidjson::StringRef(kind_field), units, a);
    c.AddMember("Table", t, a);
  }
  return c;
}

}  // namespace

void add_consumed_capacity(const Json& req, Response& res, const std::string& table, double units,
                           CapacityKind kind) {
  auto mode = requested(req);
  if (mode != "TOTAL" && mode != "INDEXES") return;
  res.AddMember(
      "ConsumedCapacity",
      capacity_object(table, units, kind, mode == "INDEXES", reports_split(req), res.GetAllocator()),
      res.GetAllocator());
}

void add_batch_consumed_capacity(const Json& req, Response& res, const std::map<std::string, double>& units_by_table,
                                 CapacityKind kind) {
  auto mode = requested(req);
  if (mode != "TOTAL" && mode != "INDEXES") return;
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& [table, units] : units_by_table) {
    list.PushBack(
        capacity_object(table, units, kind, mode == "INDEXES", reports_split(req), res.GetAllocator()),
        res.GetAllocator());
  }
  res.AddMember("ConsumedCapacity", list, res.GetAllocator());
}

}  // namespace dynamo_items::ops
