// CreateBackup: a consistent copy of the table's items as of one moment,
// taken while the table keeps serving reads and writes (backups/backup_store.h).
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/continuous_backups.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kCreateBackupRequest[] = {
    table_name_member(),
    {"BackupName", Shape::kString, true, {}, NameRule::kIndexName},
};

}  // namespace

Response create_backup(EngineImpl& engine, const Request& req) {
  check_request(req, kCreateBackupRequest);
  auto table_name = opt_string(req, "TableName");
  catalog::SchemaPtr table = require_backup_table(engine.catalog, std::string(*table_name));
  backups::Backup backup = engine.backups.create(*table, std::string(*opt_string(req, "BackupName")));
  Response res(rapidjson::kObjectType);
  res.AddMember("BackupDetails", backup_details(backup, "AVAILABLE", res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
