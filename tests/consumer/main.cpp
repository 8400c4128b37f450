// The consumer program: the engine in process (open, CreateTable, PutItem,
// GetItem, an error), then the server in process on an ephemeral port and one
// GetItem over a plain socket. Exits 0 and prints "consumer: ok" when every
// answer is what DynamoDB would give.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "dynamo_items/engine.h"
#include "dynamo_items/server/server.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "consumer: %s\n", what.c_str());
  std::exit(1);
}

rapidjson::Document parse(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) fail("bad JSON in the test: " + std::string(json));
  return doc;
}

rapidjson::Document run(dynamo_items::Engine& engine, std::string_view operation, std::string_view json) {
  auto result = engine.execute(operation, parse(json));
  if (!result) fail(std::string(operation) + ": " + result.error().type() + ": " + result.error().message());
  return std::move(result).value();
}

// One HTTP/1.1 request to 127.0.0.1:port; returns the whole response text.
std::string http_post(std::uint16_t port, std::string_view target, std::string_view body) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) fail("socket()");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("connect()");
  std::string request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810." +
                        std::string(target) + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                        std::string(body);
  for (std::size_t sent = 0; sent < request.size();) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, 0);
    if (n <= 0) fail("send()");
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return response;
}

}  // namespace

int main() {
  auto opened = dynamo_items::Engine::open({});
  if (!opened) fail("Engine::open: " + opened.error().message());
  auto engine = std::move(opened).value();

  run(*engine, "CreateTable", R"({"TableName":"users",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
  run(*engine, "PutItem", R"({"TableName":"users","Item":{"id":{"S":"ann"},"age":{"N":"42.50"}}})");
  auto got = run(*engine, "GetItem", R"({"TableName":"users","Key":{"id":{"S":"ann"}}})");
  if (!got.HasMember("Item") || std::string_view(got["Item"]["age"]["N"].GetString()) != "42.5") {
    fail("GetItem in process did not return the item with its normalized number");
  }
  auto missing = engine->execute("GetItem", parse(R"({"TableName":"nope","Key":{"id":{"S":"a"}}})"));
  if (missing || missing.error().type() != "ResourceNotFoundException") {
    fail("GetItem on a missing table must be ResourceNotFoundException");
  }

  dynamo_items::server::Server server(*engine, {.port = 0});
  std::uint16_t port = server.start();
  if (port == 0) fail("Server::start returned port 0");
  std::string response = http_post(port, "GetItem", R"({"TableName":"users","Key":{"id":{"S":"ann"}}})");
  if (response.rfind("HTTP/1.1 200", 0) != 0) fail("HTTP GetItem: " + response);
  if (response.find(R"("age":{"N":"42.5"})") == std::string::npos) fail("HTTP GetItem body: " + response);
  std::string error = http_post(port, "GetItem", R"({"TableName":"nope","Key":{"id":{"S":"a"}}})");
  if (error.rfind("HTTP/1.1 400", 0) != 0 || error.find("ResourceNotFoundException") == std::string::npos) {
    fail("HTTP GetItem on a missing table: " + error);
  }
  server.stop();
  std::printf("consumer: ok (engine in process, server on port %u)\n", static_cast<unsigned>(port));
  return 0;
}
