// GetRecords (DynamoDB Streams API): up to Limit records (1,000 at most) from
// a shard iterator's position, in sequence order, and the iterator to
// continue from. A disabled stream's shard is closed: once its records are
// read there is no next iterator.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/request_context.h"
#include "ops/stream_lookup.h"
#include "storage/layout.h"
#include "streams/stream_log.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kGetRecordsRequest[] = {
    {"ShardIterator", Shape::kString, true, {}, NameRule::kNone, 1, 2048},
    {"Limit", Shape::kInteger, false, {}, NameRule::kNone, 1, 1000},
};

}  // namespace

namespace {

// awsRegion is filled in when a record is read, not when it is written: a
// table here has no region of its own (one database answers every region),
// so the region a record belongs to is the one its reader addresses, the
// same region the stream ARN it read from carries. Writes outside any
// request (Time to Live deletions) would otherwise get the default region.
// Records written before this rule carry a placeholder, replaced here too.
rapidjson::Value with_region(rapidjson::Value& record, rapidjson::Document::AllocatorType& a) {
  const std::string& region = current_request_context().region;
  rapidjson::Value value(region.c_str(), static_cast<rapidjson::SizeType>(region.size()), a);
  if (auto it = record.FindMember("awsRegion"); it != record.MemberEnd()) {
    it->value = value;
    rapidjson::Value same;
    same.Swap(record);
    return same;
  }
  // After eventSource, where DynamoDB puts it.
  rapidjson::Value out(rapidjson::kObjectType);
  for (auto& m : record.GetObject()) {
    const bool after = m.name == "eventSource";
    out.AddMember(m.name, m.value, a);
    if (after) out.AddMember("awsRegion", value, a);
  }
  if (!out.HasMember("awsRegion")) out.AddMember("awsRegion", value, a);
  return out;
}

}  // namespace

Response get_records(EngineImpl& engine, const Request& req) {
  check_request(req, kGetRecordsRequest);
  auto text = opt_string(req, "ShardIterator");
  auto limit = opt_int(req, "Limit");

  ShardIterator position = parse_iterator(*text);
  catalog::SchemaPtr table = require_stream(engine.catalog, position.stream_arn);
  if (position.shard_id != streams::shard_id(*table)) {
    throw Error::resource_not_found("Requested resource not found: Shard does not exist");
  }

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value records(rapidjson::kArrayType);
  const std::string lower = storage::stream_record_key(table->stream_no, position.next_seq);
  const std::string upper = storage::stream_prefix(table->stream_no + 1);
  rocksdb::Slice lo(lower), hi(upper);
  auto it = engine.store.iterator(&lo, &hi);
  const std::int64_t max = limit.value_or(1000);
  bool more = false;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (static_cast<std::int64_t>(records.Size()) == max) {
      more = true;
      break;
    }
    rapidjson::Document record(&a);
    const auto value = it->value();
    record.Parse(value.data(), value.size());
    if (record.HasParseError() || !record.IsObject()) throw Error::internal("malformed stream record");
    records.PushBack(with_region(record, a), a);
    position.next_seq = storage::stream_record_sequence(it->key().ToStringView()) + 1;
  }
  if (!it->status().ok()) throw Error::internal("read failed: " + it->status().ToString());
  res.AddMember("Records", records, a);
  // A closed shard (stream disabled) ends once everything in it was read.
  if (table->stream_enabled || more) {
    res.AddMember("NextShardIterator", rapidjson::Value(format_iterator(position).c_str(), a), a);
  }
  return res;
}

}  // namespace dynamo_items::ops
