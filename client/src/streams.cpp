// StreamReader: DescribeTable for the stream, DescribeStream for its shards,
// GetShardIterator and GetRecords per shard, records routed to item types.
#include "dynamo_items/client/streams.h"

#include <algorithm>

#include "dynamo_items/client/errors.h"

namespace dynamo_items::client {

namespace {

std::string text_of(const Json& obj, const char* name) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                       : "";
}

rapidjson::Document request_with(std::initializer_list<std::pair<const char*, std::string>> members) {
  rapidjson::Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  for (const auto& [name, value] : members)
    req.AddMember(rapidjson::StringRef(name), detail::make_string(value, a), a);
  return req;
}

ChangeType change_of(const std::string& event) {
  if (event == "MODIFY") return ChangeType::modify;
  if (event == "REMOVE") return ChangeType::remove;
  return ChangeType::insert;
}

}  // namespace

StreamReader::StreamReader(const Table& table, Start start, std::shared_ptr<Transport> streams_transport)
    : table_(&table), start_(start), streams_(streams_transport ? std::move(streams_transport) : table.shared_transport()) {}

std::vector<std::string> StreamReader::shards_in_order() {
  struct Shard {
    std::string id, parent;
  };
  std::vector<Shard> shards;
  std::string last;
  for (;;) {
    rapidjson::Document req = request_with({{"StreamArn", stream_arn_}});
    if (!last.empty()) req.AddMember("ExclusiveStartShardId", detail::make_string(last, req.GetAllocator()), req.GetAllocator());
    rapidjson::Document res = streams_->execute("DescribeStream", std::move(req));
    const Json& d = res["StreamDescription"];
    if (auto list = d.FindMember("Shards"); list != d.MemberEnd() && list->value.IsArray())
      for (const auto& s : list->value.GetArray()) shards.push_back({text_of(s, "ShardId"), text_of(s, "ParentShardId")});
    last = text_of(d, "LastEvaluatedShardId");
    if (last.empty()) break;
  }
  // Parents first: a shard comes after the shard it split from.
  std::vector<std::string> ordered;
  std::set<std::string> known, placed;
  for (const auto& s : shards) known.insert(s.id);
  while (ordered.size() < shards.size()) {
    const std::size_t before = ordered.size();
    for (const auto& s : shards) {
      if (placed.count(s.id)) continue;
      if (s.parent.empty() || !known.count(s.parent) || placed.count(s.parent)) {
        ordered.push_back(s.id);
        placed.insert(s.id);
      }
    }
    if (ordered.size() == before) break;  // a cycle cannot happen; stop rather than spin
  }
  return ordered;
}

std::size_t StreamReader::poll() {
  if (stream_arn_.empty()) {
    rapidjson::Document res = table_->transport().execute("DescribeTable", request_with({{"TableName", table_->name()}}));
    stream_arn_ = text_of(res["Table"], "LatestStreamArn");
    if (stream_arn_.empty())
      throw ClientError("StreamNotEnabled", "table " + table_->name() + " has no stream (StreamSpecification)");
  }
  std::size_t read = 0;
  for (const std::string& shard : shards_in_order()) {
    if (finished_.count(shard)) continue;
    auto it = iterators_.find(shard);
    if (it == iterators_.end()) {
      rapidjson::Document req = request_with(
          {{"StreamArn", stream_arn_}, {"ShardId", shard},
           {"ShardIteratorType", start_ == Start::latest ? "LATEST" : "TRIM_HORIZON"}});
      rapidjson::Document res = streams_->execute("GetShardIterator", std::move(req));
      it = iterators_.emplace(shard, text_of(res, "ShardIterator")).first;
    }
    for (;;) {
      rapidjson::Document res = streams_->execute("GetRecords", request_with({{"ShardIterator", it->second}}));
      std::size_t records = 0;
      if (auto list = res.FindMember("Records"); list != res.MemberEnd() && list->value.IsArray()) {
        for (const auto& r : list->value.GetArray()) dispatch(r);
        records = list->value.Size();
      }
      read += records;
      const std::string next = text_of(res, "NextShardIterator");
      if (next.empty()) {  // a closed shard, read to its end
        finished_.insert(shard);
        iterators_.erase(it);
        break;
      }
      it->second = next;
      if (records == 0) break;  // an open shard: nothing more for now
    }
  }
  return read;
}

void StreamReader::dispatch(const Json& record) {
  const Json& d = record["dynamodb"];
  const Json& keys = d["Keys"];
  const ChangeType change = change_of(text_of(record, "eventName"));
  bool by_ttl = false;
  if (auto who = record.FindMember("userIdentity"); who != record.MemberEnd())
    by_ttl = text_of(who->value, "principalId") == "dynamodb.amazonaws.com";
  // The types whose partition key prefix the record's key has, then the
  // one whose sort key fits best (item_support's collection rule).
  std::vector<const Route*> candidates;
  std::vector<const detail::KeySpec*> sort_keys;
  for (const Route& r : routes_) {
    auto pk = detail::key_attribute_text(keys, r.pk->attribute);
    if (!pk || (r.pk->prefixed && pk->compare(0, r.pk->prefix.size(), r.pk->prefix) != 0)) continue;
    candidates.push_back(&r);
    sort_keys.push_back(r.sk);
  }
  const std::string sk_attribute = table_->has_sort_key() ? table_->spec().sort_key_attribute : "";
  const int best = candidates.empty() ? -1 : detail::match_sort_key(keys, sk_attribute, sort_keys);
  std::string error;
  if (best >= 0) {
    try {
      candidates[static_cast<std::size_t>(best)]->deliver(record, change, by_ttl);
      return;
    } catch (const DecodeError& e) {
      error = e.what();
    }
  }
  if (!unknown_) return;
  StoredChange c;
  c.type = change;
  c.keys = detail::stored_item(keys);
  if (auto it = d.FindMember("OldImage"); it != d.MemberEnd()) c.old_image = detail::stored_item(it->value);
  if (auto it = d.FindMember("NewImage"); it != d.MemberEnd()) c.new_image = detail::stored_item(it->value);
  c.sequence_number = text_of(d, "SequenceNumber");
  c.error = std::move(error);
  unknown_(c);
}

}  // namespace dynamo_items::client
