// DescribeBackup: a backup's details and the definition of the table it was
// taken from.
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDescribeBackupRequest[] = {
    arn_member("BackupArn", true),
};

}  // namespace

Response describe_backup(EngineImpl& engine, const Request& req) {
  check_request(req, kDescribeBackupRequest);
  const std::string arn(*opt_string(req, "BackupArn"));
  backups::Backup backup = require_backup(engine, arn);
  Response res(rapidjson::kObjectType);
  res.AddMember("BackupDescription", backup_description(backup, "AVAILABLE", res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
