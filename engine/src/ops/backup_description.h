// What the backup operations share: finding a backup by its ARN (with
// DynamoDB's BackupNotFoundException) and the BackupDetails, BackupSummary and
// BackupDescription structures they answer with.
#pragma once

#include <string_view>

#include <rapidjson/document.h>

#include "backups/backup_store.h"
#include "ops/request.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::ops {

using Request = rapidjson::Value;

std::string backup_arn(const backups::Backup& backup);

// Throws BackupNotFoundException("Backup not found: <arn>").
backups::Backup require_backup(EngineImpl& engine, std::string_view arn);

// BackupStatus: AVAILABLE, or DELETED in DeleteBackup's answer.
rapidjson::Value backup_details(const backups::Backup& backup, std::string_view status,
                                rapidjson::Document::AllocatorType& a);
rapidjson::Value backup_summary(const backups::Backup& backup, rapidjson::Document::AllocatorType& a);
// {BackupDetails, SourceTableDetails, SourceTableFeatureDetails}
rapidjson::Value backup_description(const backups::Backup& backup, std::string_view status,
                                    rapidjson::Document::AllocatorType& a);

}  // namespace dynamo_items::ops
