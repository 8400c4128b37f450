// RestoreTableToPointInTime: a new table holding the source table's items as
// they were at a moment of its recovery window (from when point-in-time
// recovery was enabled, at most RecoveryPeriodInDays back, to now), rebuilt
// from the recovery history (backups/recovery_log.h); the rest as
// RestoreTableFromBackup (ops/table_restore.h).
#include <algorithm>
#include <chrono>
#include <cmath>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/continuous_backups.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/table_restore.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kRestoreTableToPointInTimeRequest[] = {
    {"SourceTableArn", Shape::kString, false, {}, NameRule::kNone, 1, 1024},
    {"SourceTableName", Shape::kString, false, {}, NameRule::kTableName},
    {"TargetTableName", Shape::kString, true, {}, NameRule::kIndexName},
    {"UseLatestRestorableTime", Shape::kBoolean},
    {"RestoreDateTime", Shape::kTimestamp},
    {"BillingModeOverride", Shape::kString, false, {"PROVISIONED", "PAY_PER_REQUEST"}},
    {"GlobalSecondaryIndexOverride", Shape::kList},
    {"LocalSecondaryIndexOverride", Shape::kList},
    {"OnDemandThroughputOverride", Shape::kStructure},
    {"ProvisionedThroughputOverride", Shape::kStructure},
    {"SSESpecificationOverride", Shape::kStructure},
};

}  // namespace

namespace {

// The table name in arn:aws:dynamodb:<region>:<account>:table/<name>.
std::string table_of_arn(std::string_view arn) {
  const std::size_t at = arn.find(":table/");
  if (at == std::string_view::npos) throw Error::validation("Invalid TableArn: " + std::string(arn));
  return std::string(arn.substr(at + 7));
}

}  // namespace

Response restore_table_to_point_in_time(EngineImpl& engine, const Request& req) {
  check_request(req, kRestoreTableToPointInTimeRequest);
  auto source_arn = opt_string(req, "SourceTableArn");
  auto source_name = opt_string(req, "SourceTableName");
  auto target = opt_string(req, "TargetTableName");
  const bool use_latest = opt_bool(req, "UseLatestRestorableTime").value_or(false);
  const std::optional<double> at = opt_timestamp(req, "RestoreDateTime");
  if (!source_arn && !source_name) {
    throw Error::validation("Either SourceTableArn or SourceTableName must be specified");
  }
  if (source_arn && source_name) {
    throw Error::validation("Only one of SourceTableArn or SourceTableName can be specified");
  }
  if (use_latest && at) {
    throw Error::validation("Only one of RestoreDateTime or UseLatestRestorableTime can be specified");
  }
  if (!use_latest && !at) {
    throw Error::validation("Either RestoreDateTime or UseLatestRestorableTime must be specified");
  }

  const std::string name = source_name ? std::string(*source_name) : table_of_arn(*source_arn);
  catalog::SchemaPtr source = require_backup_table(engine.catalog, name);
  if (!source->pitr_enabled) {
    throw Error("PointInTimeRecoveryUnavailableException",
                "Point in time recovery is not enabled for table '" + name + "'");
  }
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const double earliest = std::max(source->pitr_enabled_time, now - source->pitr_recovery_days * 86400.0);
  const double when = use_latest ? now : *at;
  if (when < std::floor(earliest) || when > now) {
    throw Error("InvalidRestoreTimeException",
                "RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime");
  }
  const std::uint64_t when_ms = static_cast<std::uint64_t>(std::floor(when * 1000));
  catalog::TableSchema::RestoreSource from{source->name, "", static_cast<double>(when_ms) / 1000.0};
  return restore_table(engine, req, *source, *target, std::move(from),
                       [&](std::uint64_t target_id, const EachItem& each) {
                         engine.recovery.restore(source->id, when_ms, target_id, each);
                       });
}

}  // namespace dynamo_items::ops
