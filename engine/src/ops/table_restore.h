// What RestoreTableFromBackup and RestoreTableToPointInTime share: a new
// table with the source's definition (and the request's overrides of billing
// mode, throughput, indexes and encryption), checked by CreateTable's own
// rules (a CreateTable request is built from it), filled under a reserved
// table id in batches with the items' index entries, and published only
// when it is full: nobody sees it half restored, and no lock other tables
// need is held while it fills. As on DynamoDB, streams, Time to Live, tags
// and deletion protection are not restored.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include <rocksdb/write_batch.h>

#include "catalog/table_schema.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

// Throws TableAlreadyExistsException("Table already exists: <name>").
[[noreturn]] void table_already_exists(std::string_view name);

// Writes the restored items under target_id, calling `each` with every
// item written (in the same batch).
using EachItem = std::function<void(std::string_view stored, rocksdb::WriteBatch&)>;
using Fill = std::function<void(std::uint64_t target_id, const EachItem& each)>;

// {"TableDescription": ...} of the new table.
Response restore_table(EngineImpl& engine, const Request& req, const catalog::TableSchema& source,
                       std::string_view target, catalog::TableSchema::RestoreSource from, const Fill& fill);

}  // namespace dynamo_items::ops
