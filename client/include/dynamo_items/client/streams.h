// StreamReader: a typed reader of a table's DynamoDB Stream. Each record is
// matched to a registered item type by its keys (the types' key prefixes,
// as in item collections) and its old and new images are decoded into that
// type's model.
//
//   StreamReader reader(table);                       // from the oldest record
//   reader.on(orders, [](const Change<Order>& c) {
//     if (c.type == ChangeType::modify) audit(*c.old_image, *c.new_image);
//   });
//   reader.on_unknown([](const StoredChange& c) { ... });  // no registered type, or undecodable
//   std::size_t n = reader.poll();                    // what the stream holds now
//
// poll() reads every shard (parents before their children, so an item's
// changes come in order), remembers where it stopped and resumes there on
// the next call. Images are present as the table's StreamViewType provides
// them (NEW_AND_OLD_IMAGES gives both). The table's stream must be enabled
// (CreateTable/UpdateTable StreamSpecification).
//
// The Streams API is its own service (DynamoDBStreams_20120810): against
// AWS, pass a transport for streams.dynamodb.<region>.amazonaws.com; the
// table's transport serves it for dynamo-items and DynamoDB Local. A reader
// belongs to one thread at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dynamo_items/client/query.h"

namespace dynamo_items::client {

enum class ChangeType { insert, modify, remove };

template <class Model>
struct Change {
  ChangeType type = ChangeType::insert;
  std::optional<Model> old_image, new_image;
  std::string sequence_number;
  bool by_ttl = false;  // a remove done by Time to Live
};

// A record no registered type took, or whose image did not decode.
struct StoredChange {
  ChangeType type = ChangeType::insert;
  StoredItem keys;
  std::optional<StoredItem> old_image, new_image;
  std::string sequence_number;
  std::string error;  // why it did not decode; empty when no type matched
};

class StreamReader {
 public:
  enum class Start { trim_horizon, latest };
  explicit StreamReader(const Table& table, Start start = Start::trim_horizon,
                        std::shared_ptr<Transport> streams_transport = nullptr);

  // handler: callable with const Change<Model>&.
  template <class Model, class Handler>
  StreamReader& on(const Item<Model>& type, Handler handler_fn) {
    std::function<void(const Change<Model>&)> handler = std::move(handler_fn);
    if (&type.table() != table_) throw std::invalid_argument(type.name() + " is not an item type of " + table_->name());
    Route r;
    r.pk = &type.pk_spec();
    r.sk = type.sk_spec() ? &*type.sk_spec() : nullptr;
    r.deliver = [&type, handler = std::move(handler)](const Json& record, ChangeType change, bool by_ttl) {
      Change<Model> c;
      c.type = change;
      c.by_ttl = by_ttl;
      const Json& d = record["dynamodb"];
      if (auto it = d.FindMember("OldImage"); it != d.MemberEnd()) c.old_image = type.from_item(it->value);
      if (auto it = d.FindMember("NewImage"); it != d.MemberEnd()) c.new_image = type.from_item(it->value);
      if (auto it = d.FindMember("SequenceNumber"); it != d.MemberEnd() && it->value.IsString())
        c.sequence_number = it->value.GetString();
      handler(c);
    };
    routes_.push_back(std::move(r));
    return *this;
  }
  StreamReader& on_unknown(std::function<void(const StoredChange&)> handler) {
    unknown_ = std::move(handler);
    return *this;
  }

  // Reads the records the stream holds now, calling the handlers; returns
  // how many records were read. Throws ClientError "StreamNotEnabled" when
  // the table has no stream.
  std::size_t poll();

 private:
  struct Route {
    const detail::KeySpec* pk = nullptr;
    const detail::KeySpec* sk = nullptr;
    std::function<void(const Json& record, ChangeType, bool by_ttl)> deliver;
  };
  void dispatch(const Json& record);
  std::vector<std::string> shards_in_order();

  const Table* table_;
  Start start_;
  std::shared_ptr<Transport> streams_;
  std::string stream_arn_;
  std::vector<Route> routes_;
  std::function<void(const StoredChange&)> unknown_;
  std::map<std::string, std::string> iterators_;  // shard -> next iterator
  std::set<std::string> finished_;                // closed shards read to the end
};

}  // namespace dynamo_items::client
