// Capacity accounting by DynamoDB's published rules, for
// ReturnConsumedCapacity (NONE, TOTAL, INDEXES):
//   reads   one unit per 4 KB of item size, rounded up per item (GetItem,
//           BatchGetItem) or over the sum of all items read before any
//           filter (Query, Scan); half of that when eventually consistent;
//           a missing item still costs the minimum;
//   writes  one unit per 1 KB, rounded up, of the larger of the old and the
//           new item (a delete of a missing item costs one unit).
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "catalog/table_schema.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

double read_capacity_units(std::size_t bytes, bool consistent);
double write_capacity_units(std::size_t bytes);

enum class CapacityKind { kRead, kWrite };

struct WriteOutcome;
// Write units of one item write on the table: the larger of the old and the
// new item.
double write_capacity_units(const WriteOutcome& outcome);

// Write units of one item write, split between the table and each secondary
// index it changed: an index whose entry appears, disappears or changes costs
// one write (by the projected size), two when the index key moves.
struct WriteCost {
  double table = 0;
  std::map<std::string, double> global_indexes, local_indexes;
  double total() const;
};
WriteCost write_cost(const catalog::TableSchema& table, const WriteOutcome& outcome);

// "ConsumedCapacity" for a single-item write, with the per-index breakdown
// when INDEXES was asked for.
void add_write_consumed_capacity(const Json& req, Response& res, const std::string& table, const WriteCost& cost);

// Adds "ConsumedCapacity": {...} for single-table operations when the request
// asked for it (TOTAL or INDEXES).
void add_consumed_capacity(const Json& req, Response& res, const std::string& table, double units, CapacityKind kind);

// "ConsumedCapacity" for a Query or Scan: index_units are charged to the
// index read (when index_name is set), table_units to the table (the table
// itself, or the items an LSI read fetched from it).
void add_read_consumed_capacity(const Json& req, Response& res, const std::string& table,
                                const std::string* index_name, bool global_index, double index_units,
                                double table_units);

// BatchWriteItem's per-table list, with per-index breakdowns under INDEXES.
void add_batch_write_consumed_capacity(const Json& req, Response& res, const std::map<std::string, WriteCost>& costs);

// Adds "ConsumedCapacity": [{...}, ...] for batch operations, one per table.
void add_batch_consumed_capacity(const Json& req, Response& res, const std::map<std::string, double>& units_by_table,
                                 CapacityKind kind);

}  // namespace dynamo_items::ops
