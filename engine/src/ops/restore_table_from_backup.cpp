// RestoreTableFromBackup: a new table with the backup's definition and items
// (ops/table_restore.h).
#include <chrono>

#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/table_restore.h"

namespace dynamo_items::ops {

Response restore_table_from_backup(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto target = opt_string(req, "TargetTableName");
  errors.not_null(member(req, "TargetTableName"), "targetTableName");
  errors.table_name(target, "targetTableName");
  auto arn = opt_string(req, "BackupArn");
  errors.not_null(member(req, "BackupArn"), "backupArn");
  if (arn) {
    errors.min_length(arn->size(), 37, std::string(*arn), "backupArn");
    errors.max_length(arn->size(), 1024, std::string(*arn), "backupArn");
  }
  check_restore_overrides(req, errors);
  errors.throw_if_any();

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
