#include "ops/capacity.h"

#include <algorithm>
#include <cmath>

#include "ops/index_maintenance.h"
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

double WriteCost::total() const {
  double sum = table;
  for (const auto& [_, u] : global_indexes) sum += u;
  for (const auto& [_, u] : local_indexes) sum += u;
  return sum;
}

WriteCost write_cost(const catalog::TableSchema& table, const WriteOutcome& outcome) {
  WriteCost cost;
  cost.table = write_capacity_units(outcome);
  for (const auto& index : table.indexes) {
    const Item* old_item = outcome.old_item ? &*outcome.old_item : nullptr;
    const Item* new_item = outcome.new_item ? &*outcome.new_item : nullptr;
    auto old_key = old_item ? index_entry_key(table, index, *old_item) : std::nullopt;
    auto new_key = new_item ? index_entry_key(table, index, *new_item) : std::nullopt;
    double units = 0;
    if (old_key && new_key && *old_key == *new_key) {
      Item before = project_for_index(table, index, *old_item);
      Item after = project_for_index(table, index, *new_item);
      if (before != after) units = write_capacity_units(item_size(after));
    } else {
      if (old_key) units += write_capacity_units(item_size(project_for_index(table, index, *old_item)));
      if (new_key) units += write_capacity_units(item_size(project_for_index(table, index, *new_item)));
    }
    if (units > 0) (index.global ? cost.global_indexes : cost.local_indexes)[index.name] += units;
  }
  return cost;
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

namespace {

rapidjson::Value units_object(double u, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("CapacityUnits", u, a);
  return v;
}

rapidjson::Value write_capacity_value(const std::string& table, const WriteCost& cost, bool indexes,
                                      rapidjson::Document::AllocatorType& a) {
  rapidjson::Value c = capacity_object(table, cost.total(), CapacityKind::kWrite, false, false, a);
  if (!indexes) return c;
  c.AddMember("Table", units_object(cost.table, a), a);
  for (const auto& [field, map] : {std::pair{"GlobalSecondaryIndexes", &cost.global_indexes},
                                   std::pair{"LocalSecondaryIndexes", &cost.local_indexes}}) {
    if (map->empty()) continue;
    rapidjson::Value m(rapidjson::kObjectType);
    for (const auto& [name, u] : *map) m.AddMember(rapidjson::Value(name.c_str(), a), units_object(u, a), a);
    c.AddMember(rapidjson::StringRef(field), m, a);
  }
  return c;
}

}  // namespace

void add_write_consumed_capacity(const Json& req, Response& res, const std::string& table, const WriteCost& cost) {
  auto mode = requested(req);
  if (mode != "TOTAL" && mode != "INDEXES") return;
  res.AddMember("ConsumedCapacity", write_capacity_value(table, cost, mode == "INDEXES", res.GetAllocator()),
                res.GetAllocator());
}

void add_batch_write_consumed_capacity(const Json& req, Response& res, const std::map<std::string, WriteCost>& costs) {
  auto mode = requested(req);
  if (mode != "TOTAL" && mode != "INDEXES") return;
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& [table, cost] : costs) {
    list.PushBack(write_capacity_value(table, cost, mode == "INDEXES", res.GetAllocator()), res.GetAllocator());
  }
  res.AddMember("ConsumedCapacity", list, res.GetAllocator());
}

void add_read_consumed_capacity(const Json& req, Response& res, const std::string& table,
                                const std::string* index_name, bool global_index, double index_units,
                                double table_units) {
  auto mode = requested(req);
  if (mode != "TOTAL" && mode != "INDEXES") return;
  auto& a = res.GetAllocator();
  const double total = index_units + table_units;
  rapidjson::Value c = capacity_object(table, total, CapacityKind::kRead, false, false, a);
  if (mode == "INDEXES") {
    if (index_name == nullptr) {
      c.AddMember("Table", units_object(total, a), a);
    } else {
      c.AddMember("Table", units_object(table_units, a), a);
      rapidjson::Value m(rapidjson::kObjectType);
      m.AddMember(rapidjson::Value(index_name->c_str(), a), units_object(index_units, a), a);
      c.AddMember(rapidjson::StringRef(global_index ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"), m, a);
    }
  }
  res.AddMember("ConsumedCapacity", c, a);
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
