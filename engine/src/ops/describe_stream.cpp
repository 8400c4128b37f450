// DescribeStream (DynamoDB Streams API): a stream's status, view type, key
// schema and its one shard with the range of sequence numbers it holds.
// Shards are listed in shard id order after ExclusiveStartShardId (an id
// that is not a shard of the stream just marks a place in that order, as
// DynamoDB treats it). ShardFilter CHILD_SHARDS lists the children of a
// shard: shards here never split, so there are none.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/stream_lookup.h"
#include "ops/table_description.h"
#include "storage/layout.h"
#include "streams/stream_log.h"

namespace dynamo_items::ops {

namespace {

const std::vector<MemberRule> kShardFilter = {
    {"Type", Shape::kString, true, {"CHILD_SHARDS"}},
    {"ShardId", Shape::kString, true, {}, NameRule::kNone, 28, 65},
};

const MemberRule kDescribeStreamRequest[] = {
    arn_member("StreamArn", true),
    {"Limit", Shape::kInteger, false, {}, NameRule::kNone, 1, 100},
    {"ExclusiveStartShardId", Shape::kString, false, {}, NameRule::kNone, 28, 65},
    {"ShardFilter", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kShardFilter},
};

}  // namespace

namespace {

// The first and last sequence numbers of the stream's records, if any.
bool record_bounds(EngineImpl& engine, std::uint64_t stream_no, std::uint64_t& first, std::uint64_t& last) {
  const std::string lower = storage::stream_prefix(stream_no);
  const std::string upper = storage::stream_prefix(stream_no + 1);
  rocksdb::Slice lo(lower), hi(upper);
  auto it = engine.store.iterator(&lo, &hi);
  it->SeekToFirst();
  if (!it->Valid()) return false;
  first = storage::stream_record_sequence(it->key().ToStringView());
  it->SeekToLast();
  last = storage::stream_record_sequence(it->key().ToStringView());
  return true;
}

}  // namespace

Response describe_stream(EngineImpl& engine, const Request& req) {
  check_request(req, kDescribeStreamRequest);
  auto arn = opt_string(req, "StreamArn");
  auto start = opt_string(req, "ExclusiveStartShardId");
  const Json* filter = opt_object(req, "ShardFilter");

  catalog::SchemaPtr table = require_stream(engine.catalog, *arn);
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value d(rapidjson::kObjectType);
  d.AddMember("StreamArn", rapidjson::Value(arn->data(), static_cast<rapidjson::SizeType>(arn->size()), a), a);
  d.AddMember("StreamLabel", rapidjson::Value(table->stream_label.c_str(), a), a);
  d.AddMember("StreamStatus", rapidjson::StringRef(table->stream_enabled ? "ENABLED" : "DISABLED"), a);
  d.AddMember("StreamViewType", rapidjson::Value(table->stream_view_type.c_str(), a), a);
  d.AddMember("CreationRequestDateTime", table->stream_created, a);
  d.AddMember("TableName", rapidjson::Value(table->name.c_str(), a), a);
  d.AddMember("KeySchema", key_schema(table->hash, table->range, a), a);

  rapidjson::Value shards(rapidjson::kArrayType);
  const std::string shard = streams::shard_id(*table);
  if (filter == nullptr && (!start || *start < shard)) {
    std::uint64_t first = 0, last = 0;
    const bool any = record_bounds(engine, table->stream_no, first, last);
    rapidjson::Value range(rapidjson::kObjectType);
    const std::string starting = streams::sequence_text(any ? first : engine.streams.next_sequence());
    range.AddMember("StartingSequenceNumber", rapidjson::Value(starting.c_str(), a), a);
    if (!table->stream_enabled && any) {
      range.AddMember("EndingSequenceNumber", rapidjson::Value(streams::sequence_text(last).c_str(), a), a);
    }
    rapidjson::Value s(rapidjson::kObjectType);
    s.AddMember("ShardId", rapidjson::Value(shard.c_str(), a), a);
    s.AddMember("SequenceNumberRange", range, a);
    shards.PushBack(s, a);
  }
  d.AddMember("Shards", shards, a);
  res.AddMember("StreamDescription", d, a);
  return res;
}

}  // namespace dynamo_items::ops
