// Transport: how the client reaches DynamoDB. One call per operation:
// execute("PutItem", request) takes a DynamoDB JSON 1.0 request document and
// returns the response document, or throws the ClientError subclass matching
// the error (errors.h).
//
//   auto engine = dynamo_items::Engine::open({}).value();
//   auto in_process = std::make_shared<InProcessTransport>(*engine);
//   auto over_http  = HttpTransport::from_environment();  // http_transport.h
//
// Both implement the same wire API, so a program switches between them by
// changing the one line that builds the transport.
//
// Thread safety: implementations must allow concurrent execute() calls.
#pragma once

#include <memory>
#include <string_view>

#include <rapidjson/document.h>

namespace dynamo_items {
class Engine;
}

namespace dynamo_items::client {

class Transport {
 public:
  virtual ~Transport() = default;
  // Throws ClientError (or a subclass) on any failure.
  virtual rapidjson::Document execute(std::string_view operation, rapidjson::Document request) = 0;
};

// Calls Engine::execute directly: no HTTP and no JSON text. The engine must
// outlive the transport.
class InProcessTransport : public Transport {
 public:
  explicit InProcessTransport(Engine& engine) : engine_(engine) {}
  rapidjson::Document execute(std::string_view operation, rapidjson::Document request) override;

 private:
  Engine& engine_;
};

}  // namespace dynamo_items::client
