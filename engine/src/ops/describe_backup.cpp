// DescribeBackup: a backup's details and the definition of the table it was
// taken from.
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response describe_backup(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto arn = opt_string(req, "BackupArn");
  errors.not_null(member(req, "BackupArn"), "backupArn");
  if (arn) {
    errors.min_length(arn->size(), 37, std::string(*arn), "backupArn");
    errors.max_length(arn->size(), 1024, std::string(*arn), "backupArn");
  }
  errors.throw_if_any();
  backups::Backup backup = require_backup(engine, *arn);
  Response res(rapidjson::kObjectType);
  res.AddMember("BackupDescription", backup_description(backup, "AVAILABLE", res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
