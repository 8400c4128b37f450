// ListBackups: backups oldest first, filtered by table, creation time range
// (lower bound inclusive, upper exclusive) and type (USER unless told), paged
// by ExclusiveStartBackupArn / LastEvaluatedBackupArn.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kListBackupsRequest[] = {
    {"TableName", Shape::kString, false, {}, NameRule::kTableName},
    {"Limit", Shape::kInteger, false, {}, NameRule::kNone, 1, 100},
    {"TimeRangeLowerBound", Shape::kTimestamp},
    {"TimeRangeUpperBound", Shape::kTimestamp},
    arn_member("ExclusiveStartBackupArn", false),
    {"BackupType", Shape::kString, false, {"USER", "SYSTEM", "AWS_BACKUP", "ALL"}},
};

}  // namespace

Response list_backups(EngineImpl& engine, const Request& req) {
  check_request(req, kListBackupsRequest);
  auto table_name = opt_string(req, "TableName");
  auto limit = opt_int(req, "Limit");
  const std::optional<double> lower = opt_timestamp(req, "TimeRangeLowerBound");
  const std::optional<double> upper = opt_timestamp(req, "TimeRangeUpperBound");
  auto start = opt_string(req, "ExclusiveStartBackupArn");
  auto type = opt_string(req, "BackupType");
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
