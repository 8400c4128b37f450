// DescribeBackup: a backup's details and the definition of the table it was
// taken from.
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response describe_backup(EngineImpl& engine, const Request& req) {
  const std::string arn = required_backup_arn(req);
  backups::Backup backup = require_backup(engine, arn);
  Response res(rapidjson::kObjectType);
  res.AddMember("BackupDescription", backup_description(backup, "AVAILABLE", res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
