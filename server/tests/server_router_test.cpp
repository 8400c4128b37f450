#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "dynamo_items/engine.h"
#include "router.h"

using namespace dynamo_items;
using namespace dynamo_items::server;

namespace {

class RouterFixture {
 public:
  RouterFixture() : engine_(std::move(Engine::open({}).value())), router_(*engine_) {}

  HttpResponse post(std::string target, std::string body,
                    std::string content_type = "application/x-amz-json-1.0") {
    HttpRequest req;
    req.method = Method::post;
    req.content_type = content_type;
    req.amz_target = target;
    req.body = &body;
    HttpResponse res;
    router_.handle(req, res);
    return res;
  }

  HttpResponse call(Method method, std::string body = "", std::string origin = "") {
    HttpRequest req;
    req.method = method;
    req.origin = origin;
    req.access_control_request_headers = "a, b";
    req.access_control_request_method = "POST";
    req.body = &body;
    HttpResponse res;
    router_.handle(req, res);
    return res;
  }

  HttpResponse op(const std::string& operation, std::string body) {
    return post("DynamoDB_20120810." + operation, std::move(body));
  }

 private:
  std::unique_ptr<Engine> engine_;
  Router router_;
};

bool request_id_ok(const HttpResponse& res) {
  for (char c : res.request_id)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace

TEST_CASE_METHOD(RouterFixture, "GET answers the health check", "[server][router]") {
  HttpResponse res = call(Method::get);
  CHECK(res.status == 200);
  CHECK(res.body == "healthy: dynamodb.us-east-1.amazonaws.com ");
  CHECK(res.has_crc32);
  CHECK(res.crc32 == 3128867991u);
  CHECK(request_id_ok(res));
}

TEST_CASE_METHOD(RouterFixture, "other methods and foreign content types are 404", "[server][router]") {
  HttpResponse res = call(Method::other);
  CHECK(res.status == 404);
  CHECK(res.body == "<UnknownOperationException/>\n");
  CHECK(res.crc32 == 3552371480u);

  res = post("DynamoDB_20120810.ListTables", "{}", "text/plain");
  CHECK(res.status == 404);
  res = post("DynamoDB_20120810.ListTables", "{}", "application/x-amz-json-1.1");
  CHECK(res.status == 404);
  // Without a body the content type does not matter.
  res = post("", "", "");
  CHECK(res.status == 400);
  CHECK(res.body == R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
}

TEST_CASE_METHOD(RouterFixture, "unknown or malformed targets are UnknownOperationException",
                 "[server][router]") {
  for (const char* target : {"", "whatever", "DynamoDB_20120810.ListTable", "DynamoDB_20111205.ListTables",
                             "DynamoDB_20120810.ListTables.x", "DynamoDB_20120810."}) {
    HttpResponse res = post(target, "{}");
    CHECK(res.status == 400);
    CHECK(res.body == R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
    CHECK(res.crc32 == 1368724161u);
  }
}

TEST_CASE_METHOD(RouterFixture, "bodies that are not JSON objects are SerializationException",
                 "[server][router]") {
  const std::string plain = R"({"__type":"com.amazon.coral.service#SerializationException"})";
  HttpResponse res = op("ListTables", "hi");
  CHECK(res.status == 400);
  CHECK(res.body == plain);
  CHECK(res.crc32 == 3948637019u);
  // Malformed JSON wins over an unknown operation, as in DynamoDB.
  CHECK(post("nope", "{bad").body == plain);
  CHECK(op("ListTables", "").body == plain);
  CHECK(op("ListTables", "   ").body == plain);
  CHECK(op("ListTables", "{} x").body == plain);
  CHECK(op("ListTables", std::string("{}\0x", 4)).body == plain);
  CHECK(op("ListTables", "{\"a\":\"\xff\"}").body == plain);
  CHECK(op("ListTables", std::string(5000, '[') + std::string(5000, ']')).body == plain);
  CHECK(
      op("ListTables", "[]").body ==
      R"({"__type":"com.amazon.coral.service#SerializationException","Message":"Start of list found where not expected"})");
  CHECK(op("ListTables", "\"x\"").body == plain);
}

TEST_CASE_METHOD(RouterFixture, "requests reach the engine", "[server][router]") {
  HttpResponse res = op("ListTables", "{}");
  CHECK(res.status == 200);
  CHECK(res.content_type == "application/x-amz-json-1.0");
  rapidjson::Document doc;
  doc.Parse(res.body.data(), res.body.size());
  REQUIRE(doc.IsObject());
  CHECK(doc["TableNames"].IsArray());

  // A JSON null body is no request object: nothing runs.
  res = op("ListTables", "null");
  CHECK(res.status == 400);
  CHECK(res.body == R"({"__type":"com.amazon.coral.service#SerializationException"})");
  CHECK(op("DescribeEndpoints", "null").status == 400);

  // application/json (with parameters) is accepted and mirrored.
  res = post("DynamoDB_20120810.ListTables", "{}", " application/json ; charset=utf-8");
  CHECK(res.status == 200);
  CHECK(res.content_type == "application/json");
}

TEST_CASE_METHOD(RouterFixture, "engine errors keep their type, message and status", "[server][router]") {
  HttpResponse res = op("DescribeTable", R"({"TableName":"missing_table"})");
  CHECK(res.status == 400);
  rapidjson::Document doc;
  doc.Parse(res.body.data(), res.body.size());
  REQUIRE(doc.IsObject());
  CHECK(std::string(doc["__type"].GetString()) ==
        "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  CHECK(doc.HasMember("message"));
}

TEST_CASE_METHOD(RouterFixture, "CORS", "[server][router]") {
  HttpResponse res = call(Method::options, "", "http://example.com");
  CHECK(res.status == 200);
  CHECK(res.preflight);
  CHECK(res.allow_origin);
  CHECK(res.allow_headers == "a, b");
  CHECK(res.allow_methods == "POST");
  CHECK(res.body.empty());

  CHECK(call(Method::options).status == 404);  // no Origin: not a preflight
  res = call(Method::get, "", "http://example.com");
  CHECK(res.allow_origin);
  CHECK_FALSE(res.preflight);
}

TEST_CASE_METHOD(RouterFixture, "request ids are 52 characters of [0-9A-Z] and unique", "[server][router]") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    HttpResponse res = call(Method::get);
    REQUIRE(request_id_ok(res));
    ids.insert(std::string(res.request_id_view()));
  }
  CHECK(ids.size() == 1000);
}

TEST_CASE("the operation table knows DynamoDB's API", "[server][router]") {
  CHECK(is_dynamodb_operation("PutItem"));
  CHECK(is_dynamodb_operation("TransactWriteItems"));
  CHECK(is_dynamodb_operation("UpdateTimeToLive"));
  CHECK_FALSE(is_dynamodb_operation("putItem"));
  CHECK_FALSE(is_dynamodb_operation("GetRecords"));
  CHECK(is_streams_operation("GetRecords"));
}

TEST_CASE("too_large and bad_request close the connection", "[server][router]") {
  HttpResponse res;
  res.body = "leftover";
  Router::too_large(res);
  CHECK(res.status == 413);
  CHECK(res.close);
  CHECK(res.body.empty());
  Router::bad_request(res);
  CHECK(res.status == 400);
  CHECK(res.close);
}
