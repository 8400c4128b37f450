// RestoreTableFromBackup: a new table with the backup's definition and items
// (ops/table_restore.h).
#include <chrono>

#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/table_restore.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kRestoreTableFromBackupRequest[] = {
    {"TargetTableName", Shape::kString, true, {}, NameRule::kIndexName},
    arn_member("BackupArn", true),
    {"BillingModeOverride", Shape::kString, false, {"PROVISIONED", "PAY_PER_REQUEST"}},
    {"GlobalSecondaryIndexOverride", Shape::kList},
    {"LocalSecondaryIndexOverride", Shape::kList},
    {"OnDemandThroughputOverride", Shape::kStructure},
    {"ProvisionedThroughputOverride", Shape::kStructure},
    {"SSESpecificationOverride", Shape::kStructure},
};

}  // namespace

Response restore_table_from_backup(EngineImpl& engine, const Request& req) {
  check_request(req, kRestoreTableFromBackupRequest);
  auto target = opt_string(req, "TargetTableName");
  auto arn = opt_string(req, "BackupArn");

  const backups::Backup backup = require_backup(engine, *arn);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  catalog::TableSchema::RestoreSource from{backup.table.name, backup.arn_suffix(),
                                           static_cast<double>(static_cast<std::int64_t>(now * 1000)) / 1000.0};
  return restore_table(engine, req, backup.table, *target, std::move(from),
                       [&](std::uint64_t target_id, const EachItem& each) {
                         engine.backups.copy_into(backup, target_id, each);
                       });
}

}  // namespace dynamo_items::ops
