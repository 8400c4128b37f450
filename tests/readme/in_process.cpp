// README.md's "In-process use", verbatim where the README shows it
// (check_readme.py), made a program: the engine called directly, then the
// HTTP server started inside the process and asked for one table list.
#include <iostream>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "dynamo_items/engine.h"
#include "dynamo_items/server/server.h"

namespace {

// One POST to the in-process server: the status of a ListTables.
int list_tables_status(std::uint16_t port) {
  namespace http = boost::beast::http;
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::beast::tcp_stream stream(io);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  http::request<http::string_body> req{http::verb::post, "/", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/x-amz-json-1.0");
  req.set("X-Amz-Target", "DynamoDB_20120810.ListTables");
  req.body() = "{}";
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return static_cast<int>(res.result_int());
}

}  // namespace

int main() {
auto opened = dynamo_items::Engine::open({});            // in memory; {.db_path = "dir"} persists
auto& engine = *opened.value();
rapidjson::Document req;
req.Parse(R"({"TableName":"music","Key":{"artist":{"S":"Arvo Part"},"song":{"S":"Fur Alina"}}})");
auto res = engine.execute("GetItem", req);
if (!res) std::cerr << res.error().type() << ": " << res.error().message() << "\n";

std::string json;                                        // or the response as JSON text,
engine.execute_to("GetItem", req, json);                 // what the server sends

  // A fresh in-memory engine has no table "music": the README's GetItem is a
  // ResourceNotFoundException.
  if (res || res.error().type() != "ResourceNotFoundException") return 1;

dynamo_items::server::Server server(engine, {.host = "127.0.0.1", .port = 0});
std::uint16_t port = server.start();                     // serving on background threads
// ... http://127.0.0.1:<port> ...
  const int status = list_tables_status(port);

server.stop();

  return status == 200 ? 0 : 1;
}
