// ListBackups: backups oldest first, filtered by table, creation time range
// (lower bound inclusive, upper exclusive) and type (USER unless told), paged
// by ExclusiveStartBackupArn / LastEvaluatedBackupArn.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response list_backups(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto table_name = opt_string(req, "TableName");
  if (table_name) errors.table_name(table_name, "tableName");
  auto limit = opt_int(req, "Limit");
  errors.min_value(limit, 1, "limit");
  errors.max_value(limit, 100, "limit");
  const std::optional<double> lower = opt_timestamp(req, "TimeRangeLowerBound");
  const std::optional<double> upper = opt_timestamp(req, "TimeRangeUpperBound");
  auto start = opt_string(req, "ExclusiveStartBackupArn");
  if (start) {
    errors.min_length(start->size(), 37, std::string(*start), "exclusiveStartBackupArn");
    errors.max_length(start->size(), 1024, std::string(*start), "exclusiveStartBackupArn");
  }
  auto type = opt_string(req, "BackupType");
  errors.enum_value(type, "backupType", {"USER", "SYSTEM", "AWS_BACKUP", "ALL"});
  errors.throw_if_any();
  if (lower && upper && *lower > *upper) {
    throw Error::validation("TimeRangeUpperBound cannot be smaller than TimeRangeLowerBound");
  }

  std::uint64_t after = 0;  // image ids grow with creation time
  if (start) after = require_backup(engine, *start).image_id;
  const std::string wanted(type.value_or("USER"));
  const std::int64_t max = limit.value_or(100);
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::string last;
  bool more = false;
  for (const backups::Backup& b : engine.backups.list()) {
    if (b.image_id <= after) continue;
    if (table_name && b.table.name != *table_name) continue;
    if (wanted != "ALL" && b.type != wanted) continue;
    if (lower && b.created < *lower) continue;
    if (upper && b.created >= *upper) continue;
    if (static_cast<std::int64_t>(list.Size()) == max) {
      more = true;
      break;
    }
    last = backup_arn(b);
    list.PushBack(backup_summary(b, a), a);
  }
  res.AddMember("BackupSummaries", list, a);
  if (more) res.AddMember("LastEvaluatedBackupArn", rapidjson::Value(last.c_str(), a), a);
  return res;
}

}  // namespace dynamo_items::ops
