// ListStreams (DynamoDB Streams API): the latest stream of every table that
// has had one, enabled or not, by table name; optionally one table's.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/resource_arn.h"
#include "ops/stream_lookup.h"
#include "streams/stream_log.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kListStreamsRequest[] = {
    {"TableName", Shape::kString, false, {}, NameRule::kTableName},
    {"Limit", Shape::kInteger, false, {}, NameRule::kNone, 1, 100},
    arn_member("ExclusiveStartStreamArn", false),
};

}  // namespace

Response list_streams(EngineImpl& engine, const Request& req) {
  check_request(req, kListStreamsRequest);
  auto table_name = opt_string(req, "TableName");
  auto limit = opt_int(req, "Limit");
  auto start = opt_string(req, "ExclusiveStartStreamArn");
  if (table_name) engine.catalog.require(*table_name);

  std::string after;  // the table name of ExclusiveStartStreamArn
  if (start) after = require_stream(engine.catalog, *start)->name;
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  const std::int64_t max = limit.value_or(100);
  std::string last;
  bool more = false;
  for (const std::string& name : engine.catalog.names()) {
    if (table_name && name != *table_name) continue;
    if (!after.empty() && name <= after) continue;
    catalog::SchemaPtr table = engine.catalog.find(name);
    if (table == nullptr || table->stream_no == 0) continue;
    if (static_cast<std::int64_t>(list.Size()) == max) {
      more = true;
      break;
    }
    rapidjson::Value s(rapidjson::kObjectType);
    last = stream_arn(*table);
    s.AddMember("StreamArn", rapidjson::Value(last.c_str(), a), a);
    s.AddMember("TableName", rapidjson::Value(table->name.c_str(), a), a);
    s.AddMember("StreamLabel", rapidjson::Value(table->stream_label.c_str(), a), a);
    list.PushBack(s, a);
  }
  res.AddMember("Streams", list, a);
  if (more) res.AddMember("LastEvaluatedStreamArn", rapidjson::Value(last.c_str(), a), a);
  return res;
}

}  // namespace dynamo_items::ops
