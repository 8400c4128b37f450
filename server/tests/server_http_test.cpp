// The Server in-process: started on an ephemeral port, driven over real
// sockets with Beast's synchronous client, stopped.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "dynamo_items/engine.h"
#include "dynamo_items/server/server.h"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

struct Client {
  net::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;

  explicit Client(std::uint16_t port) { socket.connect({net::ip::make_address("127.0.0.1"), port}); }

  http::response<http::string_body> post(const std::string& operation, const std::string& body) {
    http::request<http::string_body> req{http::verb::post, "/", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/x-amz-json-1.0");
    req.set("X-Amz-Target", "DynamoDB_20120810." + operation);
    req.body() = body;
    req.prepare_payload();
    http::write(socket, req);
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    return res;
  }
};

std::unique_ptr<dynamo_items::Engine> open_engine() {
  return std::move(dynamo_items::Engine::open({}).value());
}

}  // namespace

TEST_CASE("the server answers on an ephemeral port and keeps connections alive", "[server][http]") {
  auto engine = open_engine();
  dynamo_items::server::Server server(*engine, {.host = "127.0.0.1", .port = 0, .threads = 2});
  std::uint16_t port = server.start();
  REQUIRE(port != 0);
  CHECK(server.port() == port);

  Client client(port);
  for (int i = 0; i < 3; ++i) {
    auto res = client.post("ListTables", "{}");
    CHECK(res.result_int() == 200);
    CHECK(res.body() == R"({"TableNames":[]})");
    CHECK(res["x-amzn-RequestId"].size() == 52);
    CHECK(res["x-amz-crc32"] == "1315925753");
    CHECK(res[http::field::content_type] == "application/x-amz-json-1.0");
    CHECK(res.keep_alive());
  }
  auto res = client.post("NoSuchOperation", "{}");
  CHECK(res.result_int() == 400);
  CHECK(client.post("ListTables", "{}").result_int() == 200);  // still the same connection
  server.stop();
  server.stop();  // idempotent
}

TEST_CASE("an announced body over 16 MiB is refused before it is sent", "[server][http]") {
  auto engine = open_engine();
  dynamo_items::server::Server server(*engine, {.port = 0, .threads = 1});
  Client client(server.start());
  std::string head =
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 16777217\r\n\r\n";
  net::write(client.socket, net::buffer(head));
  http::response<http::string_body> res;
  http::read(client.socket, client.buffer, res);
  CHECK(res.result_int() == 413);
  CHECK_FALSE(res.keep_alive());
}

TEST_CASE("stop closes idle keep-alive connections promptly", "[server][http]") {
  auto engine = open_engine();
  dynamo_items::server::Server server(*engine, {.port = 0, .threads = 2});
  std::uint16_t port = server.start();
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::make_unique<Client>(port));
    CHECK(clients.back()->post("ListTables", "{}").result_int() == 200);
  }
  auto start = std::chrono::steady_clock::now();
  server.stop();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  // The idle connections were closed by the server.
  for (auto& c : clients) {
    char byte;
    beast::error_code ec;
    c->socket.read_some(net::buffer(&byte, 1), ec);
    CHECK(ec == net::error::eof);
  }
}

TEST_CASE("many connections on several threads", "[server][http]") {
  auto engine = open_engine();
  dynamo_items::server::Server server(*engine, {.port = 0, .threads = 2});
  std::uint16_t port = server.start();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      Client client(port);
      for (int i = 0; i < 50; ++i)
        if (client.post("ListTables", "{}").result_int() == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 16 * 50);
}

TEST_CASE("a client that stalls is disconnected after idle_timeout, an active one is not", "[server][http]") {
  using namespace std::chrono_literals;
  auto engine = open_engine();
  dynamo_items::server::ServerOptions options{.port = 0, .threads = 2};
  options.idle_timeout = 200ms;
  dynamo_items::server::Server server(*engine, options);
  std::uint16_t port = server.start();

  auto closed_after = [](Client& c) {
    const auto start = std::chrono::steady_clock::now();
    char byte;
    beast::error_code ec;
    c.socket.read_some(net::buffer(&byte, 1), ec);
    CHECK(ec == net::error::eof);
    return std::chrono::steady_clock::now() - start;
  };

  // Half a request header, then nothing.
  Client stalled(port);
  net::write(stalled.socket, net::buffer(std::string("POST / HTTP/1.1\r\nHost: x\r\n")));
  // A body announced and never sent.
  Client no_body(port);
  net::write(no_body.socket, net::buffer(std::string("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                                                     "DynamoDB_20120810.ListTables\r\nContent-Length: 10\r\n\r\n{")));
  // Requests 50 ms apart for twice the timeout: each one restarts it.
  Client active(port);
  for (int i = 0; i < 8; ++i) {
    CHECK(active.post("ListTables", "{}").result_int() == 200);
    std::this_thread::sleep_for(50ms);
  }
  const auto stalled_for = closed_after(stalled);
  const auto no_body_for = closed_after(no_body);
  CHECK(stalled_for < 3s);
  CHECK(no_body_for < 3s);
  // Idle between requests counts as stalled too.
  const auto start = std::chrono::steady_clock::now();
  closed_after(active);
  CHECK(std::chrono::steady_clock::now() - start >= 100ms);
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  server.stop();
}
