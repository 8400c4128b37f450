// DeleteBackup: drops the backup's entry and its items in one batch and
// answers its description with BackupStatus DELETED.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/backup_description.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDeleteBackupRequest[] = {
    arn_member("BackupArn", true),
};

}  // namespace

Response delete_backup(EngineImpl& engine, const Request& req) {
  check_request(req, kDeleteBackupRequest);
  const std::string arn(*opt_string(req, "BackupArn"));
  backups::Backup backup = require_backup(engine, arn);
  // A concurrent DeleteBackup of the same backup may have won.
  if (!engine.backups.remove(backup.image_id)) {
    throw Error("BackupNotFoundException", "Backup not found: " + arn);
  }
  Response res(rapidjson::kObjectType);
  res.AddMember("BackupDescription", backup_description(backup, "DELETED", res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
