// What the snapshot operations (dynamo-items' own API, target prefix
// DynamoItems_20261201) share: the SnapshotName rule, the lookup with
// SnapshotNotFoundException, and the SnapshotDescription they answer with.
#pragma once

#include <string>

#include <rapidjson/document.h>

#include "backups/snapshot_store.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::ops {

// SnapshotName: required, 1 to 255 of [a-zA-Z0-9_.-].
MemberRule snapshot_name_member();
backups::Snapshot require_snapshot(EngineImpl& engine, const std::string& name);
// {SnapshotName, CreationDateTime, Whole, TableNames, ItemCount}
rapidjson::Value snapshot_description(const backups::Snapshot& snapshot, rapidjson::Document::AllocatorType& a);

}  // namespace dynamo_items::ops
