// DescribeStream (DynamoDB Streams API): a stream's status, view type, key
// schema and its one shard with the range of sequence numbers it holds.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/stream_lookup.h"
#include "ops/table_description.h"
#include "streams/stream_log.h"

namespace dynamo_items::ops {

namespace {

// The first and last sequence numbers of the stream's records, if any.
bool record_bounds(EngineImpl& engine, std::uint64_t stream_no, std::uint64_t& first, std::uint64_t& last) {
  const std::string lower = streams::stream_prefix(stream_no);
  const std::string upper = streams::stream_prefix(stream_no + 1);
  rocksdb::Slice lo(lower), hi(upper);
  auto it = engine.store.iterator(&lo, &hi);
  it->SeekToFirst();
  if (!it->Valid()) return false;
  first = streams::record_sequence(it->key().ToStringView());
  it->SeekToLast();
  last = streams::record_sequence(it->key().ToStringView());
  return true;
}

}  // namespace

Response describe_stream(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto arn = stream_arn_member(req, errors);
  auto limit = opt_int(req, "Limit");
  errors.min_value(limit, 1, "limit");
  errors.max_value(limit, 100, "limit");
  opt_string(req, "ExclusiveStartShardId");
  errors.throw_if_any();

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
  if (opt_string(req, "ExclusiveStartShardId").value_or("") != shard) {
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
