// CreateBackup: a consistent copy of the table's items as of one moment,
// taken while the table keeps serving reads and writes (backups/backup_store.h).
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/continuous_backups.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response create_backup(EngineImpl& engine, const Request& req) {
  check_table_name_present(req);
  ConstraintErrors errors;
  auto table_name = opt_string(req, "TableName");
  errors.table_name(table_name, "tableName");
  errors.index_name(opt_string(req, "BackupName"), "backupName");
  errors.throw_if_any();
  catalog::SchemaPtr table = require_backup_table(engine.catalog, std::string(*table_name));
  backups::Backup backup = engine.backups.create(*table, std::string(*opt_string(req, "BackupName")));
  Response res(rapidjson::kObjectType);
  res.AddMember("BackupDetails", backup_details(backup, "AVAILABLE", res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
