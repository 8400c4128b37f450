// The operation tests of operations_cases.inc over HTTP: an in-process
// Server on an ephemeral loopback port, reached through HttpTransport with
// SigV4-signed requests and pooled keep-alive connections.
#include <memory>

#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"
#include "dynamo_items/server/server.h"

namespace {
std::shared_ptr<dynamo_items::client::Transport> make_transport(dynamo_items::Engine& engine,
                                                                std::shared_ptr<void>& keep_alive) {
  dynamo_items::server::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  auto server = std::make_shared<dynamo_items::server::Server>(engine, options);
  std::uint16_t port = server->start();
  keep_alive = server;
  dynamo_items::client::HttpOptions http;
  http.endpoint = dynamo_items::client::Endpoint::parse("http://127.0.0.1:" + std::to_string(port));
  http.credentials = dynamo_items::client::sigv4::Credentials{"AKIDEXAMPLE", "secret", "token"};
  return std::make_shared<dynamo_items::client::HttpTransport>(http);
}
}  // namespace

#define CLIENT_TRANSPORT "client http "
#include "operations_cases.inc"
#include "keys_paging_cases.inc"
#include "transaction_cases.inc"
#include "indexes_cases.inc"
#include "reads_cases.inc"
