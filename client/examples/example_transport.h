// The one line that picks the transport for the examples: HTTP to
// $AWS_ENDPOINT_URL when it is set (this project's server, DynamoDB Local,
// AWS), else an in-process engine in memory.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"

namespace example {

inline std::shared_ptr<dynamo_items::client::Transport> open_transport() {
  using namespace dynamo_items::client;
  const char* endpoint = std::getenv("AWS_ENDPOINT_URL");
  if (endpoint != nullptr && *endpoint != '\0') return HttpTransport::from_environment();
  // The engine lives as long as the program.
  static std::unique_ptr<dynamo_items::Engine> engine = std::move(dynamo_items::Engine::open({}).value());
  return std::make_shared<InProcessTransport>(*engine);
}

// Prints an item as stored (DynamoDB JSON), one per line.
inline void print_stored(dynamo_items::client::Transport& transport, const std::string& table,
                         const rapidjson::Value& key) {
  rapidjson::Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  req.AddMember("TableName", rapidjson::Value(table.c_str(), a), a);
  req.AddMember("Key", rapidjson::Value().CopyFrom(key, a), a);
  req.AddMember("ConsistentRead", true, a);
  rapidjson::Document res = transport.execute("GetItem", std::move(req));
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  res["Item"].Accept(writer);
  std::printf("%s\n", buffer.GetString());
}

}  // namespace example
