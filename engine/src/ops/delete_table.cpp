// DeleteTable: drops the catalog entry and every key of the table in one
// WriteBatch (a DeleteRange, not an item-by-item walk), after a SYSTEM backup
// when point-in-time recovery is on. The deleted keys stay as the image of an
// automatic snapshot, "deleted.<table>", restorable with RestoreSnapshot.
//
// The answer is DynamoDB's short description of a deleted table: status,
// identity, sizes, throughput and settings, without the key schema,
// attribute definitions, creation time or index descriptions that
// DescribeTable gives.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/table_description.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDeleteTableRequest[] = {
    table_name_member(),
};

}  // namespace

Response delete_table(EngineImpl& engine, const Request& req) {
  check_request(req, kDeleteTableRequest);
  std::string name(*opt_string(req, "TableName"));
  auto table = engine.catalog.require_described(name);
  if (table->deletion_protection) {
    throw Error::validation("Resource cannot be deleted as it is currently protected against deletion. Disable "
                            "deletion protection first.");
  }
  TableStats stats = table_stats(engine, *table);
  // As DynamoDB does for a table with point-in-time recovery: a SYSTEM backup
  // of what is deleted, kept 35 days (here: until DeleteBackup).
  if (table->pitr_enabled) engine.backups.create(*table, name + "$DeletedTableBackup", "SYSTEM");
  // The table's keys become the image of its automatic snapshot: no copy.
  table = engine.catalog.remove(name, [&](const catalog::TableSchema& removed, rocksdb::WriteBatch& batch) {
    engine.snapshots.adopt_deleted(removed, stats.item_count, batch);
  });
  Response res(rapidjson::kObjectType);
  rapidjson::Value description = table_description(*table, "DELETING", stats, res.GetAllocator());
  for (const char* omitted :
       {"KeySchema", "AttributeDefinitions", "CreationDateTime", "GlobalSecondaryIndexes", "LocalSecondaryIndexes"})
    description.RemoveMember(omitted);
  res.AddMember("TableDescription", description, res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
