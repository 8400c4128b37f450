#include "ops/key_range.h"

#include "keys/key_codec.h"
#include "storage/layout.h"

namespace dynamo_items::ops {

std::string key_after(const std::string& key) { return key + std::string(1, '\0'); }

KeyRange query_range(std::uint64_t table_id, const AttributeValue& pk, const std::optional<SortKeyCondition>& sk) {
  return partition_range(storage::partition_prefix(table_id, pk), sk);
}

KeyRange partition_range(const std::string& p, const std::optional<SortKeyCondition>& sk) {
  const std::string partition_end = keys::prefix_successor(p);
  if (!sk) return {p, partition_end};
  auto at = [&](const AttributeValue& v) { return p + keys::encode_key_component(v); };
  // Everything that starts with at(v): the value itself plus, in an index,
  // the table key after it.
  auto past = [&](const AttributeValue& v) { return keys::prefix_successor(at(v)); };
  using Op = SortKeyCondition::Op;
  switch (sk->op) {
    case Op::EQ: return {at(sk->first), past(sk->first)};
    case Op::LT: return {p, at(sk->first)};
    case Op::LE: return {p, past(sk->first)};
    case Op::GT: return {past(sk->first), partition_end};
    case Op::GE: return {at(sk->first), partition_end};
    case Op::BETWEEN: return {at(sk->first), past(sk->second)};
    case Op::BEGINS_WITH: {
      std::string prefix = p + keys::encode_begins_with_prefix(sk->first);
      std::string end = keys::prefix_successor(prefix);
      return {prefix, end.empty() ? partition_end : end};
    }
  }
  return {p, partition_end};
}

namespace {
std::uint32_t segment_start(std::uint32_t segment, std::uint32_t total) {
  // Rounding up makes segment_start and segment_of agree exactly:
  // hash h is in segment s iff floor(h * total / 2^32) == s.
  return static_cast<std::uint32_t>(((static_cast<std::uint64_t>(segment) << 32) + total - 1) / total);
}
}  // namespace

KeyRange scan_range(std::uint64_t table_id, std::uint32_t segment, std::uint32_t total_segments) {
  return scan_range_in(storage::items_prefix(table_id), segment, total_segments);
}

KeyRange scan_range_in(const std::string& space_prefix, std::uint32_t segment, std::uint32_t total_segments) {
  auto start = [&](std::uint32_t s) { return storage::space_hash_start(space_prefix, segment_start(s, total_segments)); };
  if (segment + 1 >= total_segments) return {start(segment), keys::prefix_successor(space_prefix)};
  return {start(segment), start(segment + 1)};
}

std::uint32_t segment_of(std::uint64_t table_id, const std::string& storage_key, std::uint32_t total_segments) {
  const std::uint32_t hash = storage::item_key_hash(table_id, storage_key);
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(hash) * total_segments) >> 32);
}

}  // namespace dynamo_items::ops
