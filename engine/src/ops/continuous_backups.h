// What DescribeContinuousBackups and UpdateContinuousBackups share: the
// table lookup with their own error (TableNotFoundException, not
// ResourceNotFoundException) and the ContinuousBackupsDescription.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "ops/operations.h"

namespace dynamo_items::ops {

catalog::SchemaPtr require_backup_table(const catalog::Catalog& catalog, const std::string& name);

// {"ContinuousBackupsDescription": {...}} for the table as it is now.
Response continuous_backups_response(const catalog::TableSchema& table);

}  // namespace dynamo_items::ops
