// DynamoDB Streams records; see stream_log.h.
#include "streams/stream_log.h"

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "dynamo_items/error.h"
#include "dynamo_items/string_sink.h"
#include "storage/layout.h"
#include "storage/store.h"
#include "value/item_size.h"
#include "value/json_codec.h"

namespace dynamo_items::streams {

namespace {

const char* const kSequenceMeta = "stream-seq";

thread_local int ttl_depth = 0;

std::string event_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

Item keys_of(const catalog::TableSchema& table, const Item& item) {
  Item keys;
  for (const std::string& name : table.key_attribute_names()) {
    auto it = item.find(name);
    if (it != item.end()) keys.emplace(name, it->second);
  }
  return keys;
}

}  // namespace

StreamLog::StreamLog(storage::Store& store) : store_(store) {
  if (auto stored = store_.get(storage::meta_key(kSequenceMeta))) next_seq_ = storage::read_u64(*stored);
}

std::uint64_t StreamLog::next_sequence() const {
  std::lock_guard lock(mu_);
  return next_seq_;
}

void StreamLog::append(const catalog::TableSchema& table, const Item* old_item, const Item* new_item, bool by_ttl,
                       rocksdb::WriteBatch& batch) {
  if (old_item == nullptr && new_item == nullptr) return;
  if (old_item != nullptr && new_item != nullptr && *old_item == *new_item) return;  // nothing changed
  const std::string& view = table.stream_view_type;
  const bool new_image = view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES";
  const bool old_image = view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES";
  const std::uint64_t seq = next_seq_++;

  rapidjson::Document record(rapidjson::kObjectType);
  auto& a = record.GetAllocator();
  const char* event = old_item == nullptr ? "INSERT" : new_item == nullptr ? "REMOVE" : "MODIFY";
  record.AddMember("eventID", rapidjson::Value(event_id().c_str(), a), a);
  record.AddMember("eventName", rapidjson::StringRef(event), a);
  record.AddMember("eventVersion", "1.1", a);
  record.AddMember("eventSource", "aws:dynamodb", a);
  // No awsRegion here: GetRecords adds the reader's (see get_records.cpp).
  rapidjson::Value change(rapidjson::kObjectType);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  change.AddMember("ApproximateCreationDateTime",
                   static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count()), a);
  const Item keys = keys_of(table, new_item != nullptr ? *new_item : *old_item);
  std::size_t size = item_size(keys);
  change.AddMember("Keys", json::encode_item(keys, a), a);
  if (new_image && new_item != nullptr) {
    change.AddMember("NewImage", json::encode_item(*new_item, a), a);
    size += item_size(*new_item);
  }
  if (old_image && old_item != nullptr) {
    change.AddMember("OldImage", json::encode_item(*old_item, a), a);
    size += item_size(*old_item);
  }
  change.AddMember("SequenceNumber", rapidjson::Value(sequence_text(seq).c_str(), a), a);
  change.AddMember("SizeBytes", static_cast<std::uint64_t>(size), a);
  change.AddMember("StreamViewType", rapidjson::Value(view.c_str(), a), a);
  record.AddMember("dynamodb", change, a);
  if (by_ttl) {
    rapidjson::Value identity(rapidjson::kObjectType);
    identity.AddMember("PrincipalId", "dynamodb.amazonaws.com", a);
    identity.AddMember("Type", "Service", a);
    record.AddMember("userIdentity", identity, a);
  }
  std::string text;
  {
    StringSink sink{&text};
    rapidjson::Writer<StringSink> writer(sink);
    record.Accept(writer);
  }
  batch.Put(storage::stream_record_key(table.stream_no, seq), text);
  std::string next;
  storage::append_u64(next, next_seq_);
  batch.Put(storage::meta_key(kSequenceMeta), next);
}

std::string sequence_text(std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020llu", static_cast<unsigned long long>(seq));
  return buf;
}

bool parse_sequence(std::string_view text, std::uint64_t& seq) {
  if (text.size() != 21 || text[0] != '1') return false;
  std::uint64_t v = 0;
  for (char c : text.substr(1)) {
    if (c < '0' || c > '9') return false;
    if (v > (UINT64_MAX - 9) / 10) return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  seq = v;
  return true;
}

std::string shard_id(const catalog::TableSchema& table) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "shardId-%020llu-%08llx", static_cast<unsigned long long>(table.stream_no),
                static_cast<unsigned long long>(table.id & 0xFFFFFFFFu));
  return buf;
}

TtlDeletionScope::TtlDeletionScope() { ++ttl_depth; }
TtlDeletionScope::~TtlDeletionScope() { --ttl_depth; }
bool in_ttl_deletion() { return ttl_depth > 0; }

}  // namespace dynamo_items::streams
