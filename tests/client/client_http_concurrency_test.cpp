// One HttpTransport shared by several threads against the in-process server:
// pooled keep-alive connections, no lost or mixed-up answers.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "client_test_models.h"
#include "dynamo_items/engine.h"
#include "dynamo_items/server/server.h"

using namespace client_test;
using namespace dynamo_items::client;

TEST_CASE("client http: one transport, many threads", "[client][http]") {
  auto engine = std::move(dynamo_items::Engine::open({}).value());
  dynamo_items::server::ServerOptions options;
  options.port = 0;
  options.threads = 2;
  dynamo_items::server::Server server(*engine, options);
  std::uint16_t port = server.start();
  HttpOptions http;
  http.endpoint = Endpoint::parse("http://127.0.0.1:" + std::to_string(port));
  auto transport = std::make_shared<HttpTransport>(http);
  Table table("concurrent", KeyType::S, std::nullopt, false, transport);
  table.create();
  Item<Command> commands(table);

  constexpr int kThreads = 4, kPerThread = 40;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        char id[37];
        std::snprintf(id, sizeof id, "00000000-0000-0000-%04d-%012d", t, i);
        Command c{uuid_of(id), Statuses::pending, t * 1000 + i};
        commands.put_item(c);
        auto back = commands.get_item(c.command_id, true);
        if (!back || !(*back == c)) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
  rapidjson::Document scan(rapidjson::kObjectType);
  scan.AddMember("TableName", "concurrent", scan.GetAllocator());
  scan.AddMember("Select", "COUNT", scan.GetAllocator());
  auto res = transport->execute("Scan", std::move(scan));
  CHECK(res["Count"].GetInt() == kThreads * kPerThread);
  server.stop();
}
