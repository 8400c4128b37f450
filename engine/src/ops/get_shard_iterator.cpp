// GetShardIterator (DynamoDB Streams API): where in a shard GetRecords
// starts: its oldest record (TRIM_HORIZON), after its newest (LATEST), or at
// or after a sequence number.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/stream_lookup.h"
#include "streams/stream_log.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kGetShardIteratorRequest[] = {
    arn_member("StreamArn", true),
    {"ShardId", Shape::kString, true, {}, NameRule::kNone, 28, 65},
    {"ShardIteratorType", Shape::kString, true, {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"}},
    {"SequenceNumber", Shape::kString, false, {}, NameRule::kNone, 21, 40},
};

}  // namespace

Response get_shard_iterator(EngineImpl& engine, const Request& req) {
  check_request(req, kGetShardIteratorRequest);
  auto arn = opt_string(req, "StreamArn");
  auto shard = opt_string(req, "ShardId");
  auto type = opt_string(req, "ShardIteratorType");
  auto sequence = opt_string(req, "SequenceNumber");

  catalog::SchemaPtr table = require_stream(engine.catalog, *arn);
  if (*shard != streams::shard_id(*table)) {
    throw Error::resource_not_found("Requested resource not found: Shard does not exist");
  }
  ShardIterator it{std::string(*arn), std::string(*shard), 0};
  const bool positional = *type == "AT_SEQUENCE_NUMBER" || *type == "AFTER_SEQUENCE_NUMBER";
  // A position has no meaning for the two ends of the shard: DynamoDB
  // refuses the request rather than ignoring it.
  if (!positional && sequence) {
    throw Error::validation("Invalid Request: SequenceNumber must not be specified when using ShardIteratorType " +
                            std::string(*type));
  }
  if (*type == "LATEST") {
    it.next_seq = engine.streams.next_sequence();
  } else if (positional) {
    if (!sequence) {
      throw Error::validation("Must specify a SequenceNumber when using ShardIteratorType " + std::string(*type));
    }
    std::uint64_t seq = 0;
    if (!streams::parse_sequence(*sequence, seq)) {
      throw Error::validation("Invalid SequenceNumber: " + std::string(*sequence));
    }
    it.next_seq = *type == "AT_SEQUENCE_NUMBER" ? seq : seq + 1;
  }
  Response res(rapidjson::kObjectType);
  res.AddMember("ShardIterator", rapidjson::Value(format_iterator(it).c_str(), res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
