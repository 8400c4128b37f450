// Stream ARNs and shard iterators; see stream_lookup.h.
#include "ops/stream_lookup.h"

#include "dynamo_items/error.h"
#include "ops/resource_arn.h"
#include "streams/stream_log.h"

namespace dynamo_items::ops {

namespace {

// The table name in arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>,
// empty when `arn` does not have that shape.
std::string_view stream_table_name(std::string_view arn) {
  if (arn.substr(0, 16) != "arn:aws:dynamodb") return {};
  const std::size_t table_at = arn.find(":table/");
  const std::size_t stream_at = arn.rfind("/stream/");
  if (table_at == std::string_view::npos || stream_at == std::string_view::npos || stream_at <= table_at + 7 ||
      stream_at + 8 == arn.size()) {
    return {};
  }
  const std::string_view name = arn.substr(table_at + 7, stream_at - table_at - 7);
  return name.find('/') == std::string_view::npos ? name : std::string_view{};
}

}  // namespace

catalog::SchemaPtr require_stream(const catalog::Catalog& catalog, std::string_view arn) {
  const std::string_view name = stream_table_name(arn);
  // Text that is no stream ARN at all is a bad parameter; a well-formed ARN
  // of a stream that is not there (another table, label, region or account)
  // is a missing resource.
  if (name.empty()) throw Error::validation("Invalid StreamArn");
  catalog::SchemaPtr table = catalog.find(name);
  if (table != nullptr && table->stream_no != 0 && stream_arn(*table) == arn) return table;
  throw Error::resource_not_found("Requested resource not found: Stream: " + std::string(arn) + " not found");
}

std::string format_iterator(const ShardIterator& it) {
  return it.stream_arn + "|" + it.shard_id + "|" + streams::sequence_text(it.next_seq);
}

ShardIterator parse_iterator(std::string_view text) {
  const std::size_t last = text.rfind('|');
  const std::size_t middle = last == std::string_view::npos || last == 0 ? std::string_view::npos
                                                                           : text.rfind('|', last - 1);
  ShardIterator it;
  if (middle == std::string_view::npos || !streams::parse_sequence(text.substr(last + 1), it.next_seq)) {
    throw Error::validation("Invalid ShardIterator");
  }
  it.stream_arn = std::string(text.substr(0, middle));
  it.shard_id = std::string(text.substr(middle + 1, last - middle - 1));
  return it;
}

}  // namespace dynamo_items::ops
