#include "ops/snapshot_operations.h"

#include "dynamo_items/error.h"
#include "engine_impl.h"

namespace dynamo_items::ops {

MemberRule snapshot_name_member() {
  return {"SnapshotName", Shape::kString, true, {}, NameRule::kItemTableName};
}

backups::Snapshot require_snapshot(EngineImpl& engine, const std::string& name) {
  if (auto s = engine.snapshots.find(name)) return *s;
  throw Error("SnapshotNotFoundException", "Snapshot not found: " + name);
}

rapidjson::Value snapshot_description(const backups::Snapshot& s, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value d(rapidjson::kObjectType);
  d.AddMember("SnapshotName", rapidjson::Value(s.name.c_str(), a), a);
  d.AddMember("CreationDateTime", s.created, a);
  d.AddMember("Whole", s.whole, a);
  d.AddMember("Automatic", s.automatic, a);
  rapidjson::Value names(rapidjson::kArrayType);
  std::int64_t items = 0;
  for (const auto& t : s.tables) {
    names.PushBack(rapidjson::Value(t.table.name.c_str(), a), a);
    items += t.item_count;
  }
  d.AddMember("TableNames", names, a);
  d.AddMember("ItemCount", items, a);
  return d;
}

}  // namespace dynamo_items::ops
