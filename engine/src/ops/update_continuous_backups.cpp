// UpdateContinuousBackups: turns point-in-time recovery on or off and sets
// its recovery period (1 to 35 days, 35 when not given), answering the new
// ContinuousBackupsDescription. While it is on, every write keeps the item's
// previous state (backups/recovery_log.h) for RestoreTableToPointInTime.
#include <chrono>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/continuous_backups.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const std::vector<MemberRule> kPointInTimeRecoverySpecification = {
    {"PointInTimeRecoveryEnabled", Shape::kBoolean, true},
    {"RecoveryPeriodInDays", Shape::kInteger, false, {}, NameRule::kNone, 1, 35},
};

const MemberRule kUpdateContinuousBackupsRequest[] = {
    table_name_member(),
    {"PointInTimeRecoverySpecification", Shape::kStructure, true, {}, NameRule::kNone, {}, {}, &kPointInTimeRecoverySpecification},
};

}  // namespace

Response update_continuous_backups(EngineImpl& engine, const Request& req) {
  check_request(req, kUpdateContinuousBackupsRequest);
  auto name = opt_string(req, "TableName");
  const Json* spec = opt_object(req, "PointInTimeRecoverySpecification");
  const std::optional<std::int64_t> days = opt_int(*spec, "RecoveryPeriodInDays");

  const bool enable = *opt_bool(*spec, "PointInTimeRecoveryEnabled");
  if (!enable && days) {
    throw Error::validation("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time "
                            "recovery.");
  }
  require_backup_table(engine.catalog, std::string(*name));
  auto changed = engine.catalog.update(*name, [&](catalog::TableSchema& table, rocksdb::WriteBatch& batch) {
    if (enable) {
      if (!table.pitr_enabled) {
        table.pitr_enabled_time =
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
      }
      table.pitr_enabled = true;
      table.pitr_recovery_days = static_cast<int>(days.value_or(35));
    } else {
      // Nothing recorded before now can be restored any more.
      if (table.pitr_enabled) backups::RecoveryLog::drop(table.id, batch);
      table.pitr_enabled = false;
      table.pitr_recovery_days = 35;
    }
  });
  return continuous_backups_response(*changed);
}

}  // namespace dynamo_items::ops
