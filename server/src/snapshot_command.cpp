#include "snapshot_command.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/aws/sigv4.h"

namespace dynamo_items::server {

namespace {

namespace http = boost::beast::http;
using boost::asio::ip::tcp;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

std::string request_body(const SnapshotCommand& c) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  if (c.action != "list") {
    w.Key("SnapshotName");
    w.String(c.name.c_str(), static_cast<rapidjson::SizeType>(c.name.size()));
  }
  if (c.action == "create" && !c.tables.empty()) {
    w.Key("TableNames");
    w.StartArray();
    for (const auto& t : c.tables) w.String(t.c_str(), static_cast<rapidjson::SizeType>(t.size()));
    w.EndArray();
  }
  w.EndObject();
  return buf.GetString();
}

const char* operation_of(const std::string& action) {
  if (action == "create") return "CreateSnapshot";
  if (action == "restore") return "RestoreSnapshot";
  if (action == "list") return "ListSnapshots";
  if (action == "delete") return "DeleteSnapshot";
  return nullptr;
}

}  // namespace

int run_snapshot_command(const SnapshotCommand& c) {
  const char* operation = operation_of(c.action);
  if (operation == nullptr) {
    std::fprintf(stderr, "dynamo-items snapshot: unknown action '%s' (create, restore, list, delete)\n",
                 c.action.c_str());
    return 2;
  }
  // http://HOST[:PORT][/]
  std::string rest = c.endpoint;
  if (rest.rfind("http://", 0) != 0) {
    std::fprintf(stderr, "dynamo-items snapshot: the endpoint must be an http:// URL: %s\n", c.endpoint.c_str());
    return 2;
  }
  rest = rest.substr(7);
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  std::string host = rest, port = "80";
  if (auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }

  std::string region = c.region;
  if (region.empty()) region = env("AWS_REGION");
  if (region.empty()) region = env("AWS_DEFAULT_REGION");
  if (region.empty()) region = "us-east-1";
  const std::string body = request_body(c);
  const std::string amz_date = aws::sigv4::amz_date(std::chrono::system_clock::now());
  std::vector<std::pair<std::string, std::string>> headers = {
      {"host", rest},
      {"content-type", "application/x-amz-json-1.0"},
      {"x-amz-date", amz_date},
      {"x-amz-target", std::string("DynamoItems_20261201.") + operation}};
  const std::string key = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY");
  const std::string token = env("AWS_SESSION_TOKEN");
  if (!token.empty()) headers.emplace_back("x-amz-security-token", token);
  if (!key.empty() && !secret.empty()) {
    aws::sigv4::Request r{.method = "POST", .path = "/", .query = "", .headers = headers, .payload = body};
    headers.emplace_back("authorization",
                         aws::sigv4::authorization({key, secret, token}, r, amz_date, region, "dynamodb"));
  }

  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    boost::beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(resolver.resolve(host, port));
    http::request<http::string_body> req{http::verb::post, "/", 11};
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    if (res.result_int() == 200) {
      std::printf("%s\n", res.body().c_str());
      return 0;
    }
    std::fprintf(stderr, "dynamo-items snapshot: %s\n", res.body().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dynamo-items snapshot: cannot reach %s: %s\n", c.endpoint.c_str(), e.what());
    return 2;
  }
}

}  // namespace dynamo_items::server
