// DescribeContinuousBackups: continuous backups are always ENABLED, as on
// DynamoDB; point-in-time recovery is what UpdateContinuousBackups set, with
// its window true to the recovery history kept.
// Tools such as Terraform call this for every table they manage.
#include <algorithm>
#include <chrono>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/continuous_backups.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDescribeContinuousBackupsRequest[] = {
    table_name_member(),
};

}  // namespace

catalog::SchemaPtr require_backup_table(const catalog::Catalog& catalog, const std::string& name) {
  catalog::SchemaPtr table = catalog.find(name);
  if (table == nullptr) throw Error("TableNotFoundException", "Table not found: " + name);
  return table;
}

Response continuous_backups_response(const catalog::TableSchema& table) {
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value pitr(rapidjson::kObjectType);
  if (table.pitr_enabled) {
    // Restorable from when recovery was turned on (at most RecoveryPeriodInDays
    // back) to now: every write since is in the recovery history.
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    const double earliest = std::max(table.pitr_enabled_time, now - table.pitr_recovery_days * 86400.0);
    pitr.AddMember("PointInTimeRecoveryStatus", "ENABLED", a);
    pitr.AddMember("RecoveryPeriodInDays", table.pitr_recovery_days, a);
    pitr.AddMember("EarliestRestorableDateTime", earliest, a);
    pitr.AddMember("LatestRestorableDateTime", now, a);
  } else {
    pitr.AddMember("PointInTimeRecoveryStatus", "DISABLED", a);
  }
  rapidjson::Value description(rapidjson::kObjectType);
  description.AddMember("ContinuousBackupsStatus", "ENABLED", a);
  description.AddMember("PointInTimeRecoveryDescription", pitr, a);
  res.AddMember("ContinuousBackupsDescription", description, a);
  return res;
}

Response describe_continuous_backups(EngineImpl& engine, const Request& req) {
  check_request(req, kDescribeContinuousBackupsRequest);
  return continuous_backups_response(
      *require_backup_table(engine.catalog, std::string(*opt_string(req, "TableName"))));
}

}  // namespace dynamo_items::ops
