#include "ops/backup_description.h"

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/resource_arn.h"
#include "ops/table_description.h"

namespace dynamo_items::ops {

namespace {

using Alloc = rapidjson::Document::AllocatorType;
using rapidjson::Value;

Value str(std::string_view s, Alloc& a) { return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a); }

// The definition-level parts of each index of the table's description.
Value indexes(Value& description, const char* kind, bool with_throughput, Alloc& a) {
  Value out(rapidjson::kArrayType);
  if (!description.HasMember(kind)) return out;
  for (auto& ix : description[kind].GetArray()) {
    Value v(rapidjson::kObjectType);
    v.AddMember("IndexName", ix["IndexName"], a);
    v.AddMember("KeySchema", ix["KeySchema"], a);
    v.AddMember("Projection", ix["Projection"], a);
    if (with_throughput) {
      v.AddMember("ProvisionedThroughput",
                  capacity(ix["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(),
                             ix["ProvisionedThroughput"]["WriteCapacityUnits"].GetInt64(), a),
                  a);
    }
    out.PushBack(v, a);
  }
  return out;
}

}  // namespace

std::string backup_arn(const backups::Backup& backup) { return backup_arn(backup.table.name, backup.arn_suffix()); }

backups::Backup require_backup(EngineImpl& engine, std::string_view arn) {
  const std::size_t at = arn.rfind("/backup/");
  if (at != std::string_view::npos) {
    if (auto id = backups::BackupStore::image_of(arn.substr(at + 8))) {
      if (auto backup = engine.backups.find(*id); backup && backup_arn(*backup) == arn) return *backup;
    }
  }
  throw Error("BackupNotFoundException", "Backup not found: " + std::string(arn));
}

Value backup_details(const backups::Backup& b, std::string_view status, Alloc& a) {
  Value d(rapidjson::kObjectType);
  d.AddMember("BackupArn", str(backup_arn(b), a), a);
  d.AddMember("BackupName", str(b.name, a), a);
  d.AddMember("BackupSizeBytes", b.size_bytes, a);
  d.AddMember("BackupStatus", str(status, a), a);
  d.AddMember("BackupType", str(b.type, a), a);
  d.AddMember("BackupCreationDateTime", b.created, a);
  if (b.type == "SYSTEM") d.AddMember("BackupExpiryDateTime", b.created + 35 * 86400.0, a);
  return d;
}

Value backup_summary(const backups::Backup& b, Alloc& a) {
  Value s(rapidjson::kObjectType);
  s.AddMember("TableName", str(b.table.name, a), a);
  s.AddMember("TableId", str(b.table.table_uuid, a), a);
  s.AddMember("TableArn", str(table_arn(std::string_view(b.table.name)), a), a);
  s.AddMember("BackupArn", str(backup_arn(b), a), a);
  s.AddMember("BackupName", str(b.name, a), a);
  s.AddMember("BackupCreationDateTime", b.created, a);
  if (b.type == "SYSTEM") s.AddMember("BackupExpiryDateTime", b.created + 35 * 86400.0, a);
  s.AddMember("BackupStatus", "AVAILABLE", a);
  s.AddMember("BackupType", str(b.type, a), a);
  s.AddMember("BackupSizeBytes", b.size_bytes, a);
  return s;
}

Value backup_description(const backups::Backup& b, std::string_view status, Alloc& a) {
  TableStats stats;
  stats.item_count = b.item_count;
  stats.size_bytes = b.size_bytes;
  Value table = table_description(b.table, "ACTIVE", stats, a);

  Value source(rapidjson::kObjectType);
  source.AddMember("TableName", str(b.table.name, a), a);
  source.AddMember("TableId", str(b.table.table_uuid, a), a);
  source.AddMember("TableArn", str(table_arn(std::string_view(b.table.name)), a), a);
  source.AddMember("TableSizeBytes", b.size_bytes, a);
  source.AddMember("KeySchema", table["KeySchema"], a);
  source.AddMember("TableCreationDateTime", b.table.creation_time, a);
  source.AddMember("ProvisionedThroughput", capacity(b.table.read_capacity, b.table.write_capacity, a), a);
  source.AddMember("ItemCount", b.item_count, a);
  source.AddMember("BillingMode", str(b.table.billing_mode, a), a);

  Value features(rapidjson::kObjectType);
  Value lsis = indexes(table, "LocalSecondaryIndexes", false, a);
  Value gsis = indexes(table, "GlobalSecondaryIndexes", true, a);
  if (!lsis.Empty()) features.AddMember("LocalSecondaryIndexes", lsis, a);
  if (!gsis.Empty()) features.AddMember("GlobalSecondaryIndexes", gsis, a);
  if (b.table.stream_enabled) {
    Value stream(rapidjson::kObjectType);
    stream.AddMember("StreamEnabled", true, a);
    stream.AddMember("StreamViewType", str(b.table.stream_view_type, a), a);
    features.AddMember("StreamDescription", stream, a);
  }
  Value ttl(rapidjson::kObjectType);
  ttl.AddMember("TimeToLiveStatus", rapidjson::StringRef(b.table.ttl_attribute.empty() ? "DISABLED" : "ENABLED"), a);
  if (!b.table.ttl_attribute.empty()) ttl.AddMember("AttributeName", str(b.table.ttl_attribute, a), a);
  features.AddMember("TimeToLiveDescription", ttl, a);
  if (table.HasMember("SSEDescription")) features.AddMember("SSEDescription", table["SSEDescription"], a);

  Value d(rapidjson::kObjectType);
  d.AddMember("BackupDetails", backup_details(b, status, a), a);
  d.AddMember("SourceTableDetails", source, a);
  d.AddMember("SourceTableFeatureDetails", features, a);
  return d;
}

}  // namespace dynamo_items::ops
