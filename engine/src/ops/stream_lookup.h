// What the Streams operations (ListStreams, DescribeStream, GetShardIterator,
// GetRecords) share: finding a table by its stream's ARN, and the shard
// iterator, an opaque string to clients: "<stream arn>|<shard id>|<next seq>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "ops/request.h"

namespace dynamo_items::ops {

// The table whose latest stream `arn` names; ValidationException ("Invalid
// StreamArn") when `arn` is not shaped like a stream ARN,
// ResourceNotFoundException ("Requested resource not found: Stream: <arn>
// not found") when it names no current stream.
catalog::SchemaPtr require_stream(const catalog::Catalog& catalog, std::string_view arn);


struct ShardIterator {
  std::string stream_arn;
  std::string shard_id;
  std::uint64_t next_seq = 0;
};

std::string format_iterator(const ShardIterator& it);
// ValidationException when `text` is not an iterator this server made.
ShardIterator parse_iterator(std::string_view text);

}  // namespace dynamo_items::ops
