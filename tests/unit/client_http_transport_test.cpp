// HttpTransport without a network: a scripted Connection checks the wire
// request (target, headers, signature, body), error mapping, retries with
// back-off on throttling / 5xx / bad CRC / broken connections, and the
// keep-alive pool. Also endpoint parsing and the environment variables.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <deque>
#include <zlib.h>

#include <boost/asio/ip/tcp.hpp>

#include "../client/client_test_models.h"

using namespace client_test;
using namespace dynamo_items::client;

namespace {

struct Script {
  std::deque<WireResponse> responses;  // status 0: the exchange fails
  std::vector<WireRequest> requests;
  int connections = 0;
};

class ScriptedConnection : public Connection {
 public:
  explicit ScriptedConnection(std::shared_ptr<Script> s) : script_(std::move(s)) {}
  WireResponse round_trip(const WireRequest& request) override {
    script_->requests.push_back(request);
    REQUIRE_FALSE(script_->responses.empty());
    WireResponse r = script_->responses.front();
    script_->responses.pop_front();
    if (r.status == 0) throw TransportError("connection reset");
    return r;
  }

 private:
  std::shared_ptr<Script> script_;
};

WireResponse reply(int status, std::string body, bool keep_alive = true) {
  WireResponse r;
  r.status = status;
  r.body = std::move(body);
  r.keep_alive = keep_alive;
  return r;
}

std::string header(const WireRequest& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

std::pair<std::shared_ptr<Script>, std::shared_ptr<HttpTransport>> make(int max_attempts = 4) {
  auto script = std::make_shared<Script>();
  HttpOptions o;
  o.endpoint = Endpoint::parse("http://localhost:8000");
  o.region = "eu-west-1";
  o.credentials = sigv4::Credentials{"AKID", "SECRET", "TOKEN"};
  o.retry.max_attempts = max_attempts;
  o.retry.base_delay = std::chrono::milliseconds(1);
  auto transport = std::make_shared<HttpTransport>(o, [script](const HttpOptions&) {
    ++script->connections;
    return std::make_unique<ScriptedConnection>(script);
  });
  return {script, transport};
}

}  // namespace

TEST_CASE("client http: the JSON 1.0 request, signed", "[client][http]") {
  auto [script, transport] = make();
  script->responses.push_back(reply(200, R"({"TableNames":[]})"));
  auto res = transport->execute("ListTables", parse(R"({"Limit":5})"));
  CHECK(to_json(res) == R"({"TableNames":[]})");
  REQUIRE(script->requests.size() == 1);
  const WireRequest& w = script->requests[0];
  CHECK(w.target == "/");
  CHECK(w.body == R"({"Limit":5})");
  CHECK(header(w, "host") == "localhost:8000");
  CHECK(header(w, "content-type") == "application/x-amz-json-1.0");
  CHECK(header(w, "x-amz-target") == "DynamoDB_20120810.ListTables");
  CHECK(header(w, "x-amz-security-token") == "TOKEN");
  std::string date = header(w, "x-amz-date");
  REQUIRE(date.size() == 16);
  // The signature is the one SigV4 gives for exactly these headers and body.
  sigv4::Request r;
  r.method = "POST";
  r.path = "/";
  for (const auto& h : w.headers)
    if (h.first != "authorization") r.headers.push_back(h);
  r.payload = w.body;
  CHECK(header(w, "authorization") ==
        sigv4::authorization({"AKID", "SECRET", "TOKEN"}, r, date, "eu-west-1", "dynamodb"));
  CHECK_THAT(header(w, "authorization"),
             Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKID/" + date.substr(0, 8) +
                               "/eu-west-1/dynamodb/aws4_request, SignedHeaders="
                               "content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="));
}

TEST_CASE("client http: errors become typed exceptions", "[client][http]") {
  auto [script, transport] = make();
  script->responses.push_back(reply(
      400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"a":{"S":"x"}}})"));
  try {
    transport->execute("PutItem", parse("{}"));
    FAIL("no exception");
  } catch (const ConditionFailed& e) {
    CHECK(e.type() == "ConditionalCheckFailedException");
    CHECK(e.message() == "The conditional request failed");
    REQUIRE(e.item);
    CHECK(to_json(*e.item) == R"({"a":{"S":"x"}})");
  }
  script->responses.push_back(reply(400, R"({"__type":"com.amazon.coral.validate#ValidationException","Message":"bad"})"));
  CHECK_THROWS_AS(transport->execute("PutItem", parse("{}")), ValidationError);
  script->responses.push_back(reply(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"x"})"));
  CHECK_THROWS_AS(transport->execute("GetItem", parse("{}")), NotFound);
  script->responses.push_back(reply(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceInUseException","message":"x"})"));
  CHECK_THROWS_WITH(transport->execute("CreateTable", parse("{}")), "ResourceInUseException: x");
  script->responses.push_back(reply(404, "not json"));
  CHECK_THROWS_WITH(transport->execute("GetItem", parse("{}")), "HttpError: HTTP 404: not json");
  CHECK(script->requests.size() == 5);  // none of these is retried
}

TEST_CASE("client http: throttling, 5xx, bad CRC and broken connections are retried", "[client][http]") {
  auto [script, transport] = make(4);
  script->responses.push_back(
      reply(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow"})"));
  script->responses.push_back(reply(500, R"({"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"x"})"));
  WireResponse bad_crc = reply(200, R"({"ok":1})");
  bad_crc.headers.emplace_back("x-amz-crc32", "12345");
  script->responses.push_back(bad_crc);
  WireResponse good = reply(200, R"({"ok":2})");
  good.headers.emplace_back("x-amz-crc32",
                            std::to_string(crc32(0L, reinterpret_cast<const Bytef*>(good.body.data()), good.body.size())));
  script->responses.push_back(good);
  CHECK(to_json(transport->execute("GetItem", parse("{}"))) == R"({"ok":2})");
  CHECK(script->requests.size() == 4);

  for (int i = 0; i < 4; ++i)
    script->responses.push_back(reply(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow"})"));
  CHECK_THROWS_AS(transport->execute("GetItem", parse("{}")), Throttled);
  CHECK(script->requests.size() == 8);

  // A pooled connection that broke is replaced at once, without a retry turn.
  int before = script->connections;
  script->responses.push_back(reply(0, ""));
  script->responses.push_back(reply(200, "{}"));
  transport->execute("GetItem", parse("{}"));
  CHECK(script->connections == before + 1);
}

TEST_CASE("client http: failures that cannot succeed are not retried", "[client][http]") {
  auto script = std::make_shared<Script>();
  HttpOptions o;
  o.endpoint = Endpoint::parse("http://localhost:8000");
  o.retry.max_attempts = 5;
  o.retry.base_delay = std::chrono::milliseconds(1);
  int attempts = 0;
  HttpTransport refused(o, [&](const HttpOptions&) -> std::unique_ptr<Connection> {
    ++attempts;
    throw TransportError("cannot connect", 0, TransportError::Retry::cannot_succeed);
  });
  CHECK_THROWS_AS(refused.execute("ListTables", parse("{}")), TransportError);
  CHECK(attempts == 1);
  HttpTransport flaky(o, [&](const HttpOptions&) -> std::unique_ptr<Connection> {
    ++attempts;
    throw TransportError("timed out");
  });
  CHECK_THROWS_AS(flaky.execute("ListTables", parse("{}")), TransportError);
  CHECK(attempts == 1 + 5);

  // A real refused connection: a port just bound and closed again.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor probe(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = probe.local_endpoint().port();
  probe.close();
  o.endpoint = Endpoint::parse("http://127.0.0.1:" + std::to_string(port));
  try {
    HttpTransport(o).execute("ListTables", parse("{}"));
    FAIL("connected to a closed port");
  } catch (const TransportError& e) {
    CHECK_FALSE(e.retryable());
    CHECK_THAT(e.what(), Catch::Contains("refused"));
  }
}

TEST_CASE("client http: keep-alive connections are pooled", "[client][http]") {
  auto [script, transport] = make();
  for (int i = 0; i < 3; ++i) script->responses.push_back(reply(200, "{}"));
  for (int i = 0; i < 3; ++i) transport->execute("ListTables", parse("{}"));
  CHECK(script->connections == 1);
  script->responses.push_back(reply(200, "{}", false));  // Connection: close
  script->responses.push_back(reply(200, "{}"));
  transport->execute("ListTables", parse("{}"));
  transport->execute("ListTables", parse("{}"));
  CHECK(script->connections == 2);
}

TEST_CASE("client http: endpoints and the AWS environment", "[client][http]") {
  Endpoint e = Endpoint::parse("http://127.0.0.1:8000");
  CHECK((e.scheme == "http" && e.host == "127.0.0.1" && e.port == "8000" && e.path == "/"));
  CHECK(e.host_header() == "127.0.0.1:8000");
  e = Endpoint::parse("HTTPS://dynamodb.eu-west-1.amazonaws.com");
  CHECK((e.scheme == "https" && e.port == "443" && e.host_header() == "dynamodb.eu-west-1.amazonaws.com"));
  e = Endpoint::parse("http://[::1]:9000/base");
  CHECK((e.host == "::1" && e.port == "9000" && e.path == "/base" && e.host_header() == "[::1]:9000"));
  CHECK_THROWS_AS(Endpoint::parse("localhost:8000"), std::invalid_argument);
  CHECK_THROWS_AS(Endpoint::parse("ftp://x"), std::invalid_argument);

  for (const char* v : {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION",
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_PROFILE", "AWS_CA_BUNDLE"})
    unsetenv(v);
  // No shared files: this machine's ~/.aws must not decide the outcome.
  setenv("AWS_CONFIG_FILE", "/nonexistent/config", 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", 1);
  HttpOptions o = http_options_from_environment();
  CHECK(o.region == "us-east-1");
  CHECK(o.endpoint.host == "dynamodb.us-east-1.amazonaws.com");
  CHECK_FALSE(o.credentials);
  setenv("AWS_DEFAULT_REGION", "eu-west-2", 1);
  setenv("AWS_ENDPOINT_URL", "http://localhost:1", 1);
  setenv("AWS_ACCESS_KEY_ID", "AK", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "SK", 1);
  o = http_options_from_environment();
  CHECK((o.region == "eu-west-2" && o.endpoint.port == "1" && o.credentials && o.credentials->access_key_id == "AK"));
  setenv("AWS_REGION", "ap-south-1", 1);
  setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:2", 1);
  o = http_options_from_environment();
  CHECK((o.region == "ap-south-1" && o.endpoint.port == "2"));
  setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
  CHECK(http_options_from_environment().endpoint.host == "dynamodb.ap-south-1.amazonaws.com");
  for (const char* v : {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION",
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                        "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
    unsetenv(v);
}

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = "/tmp/client_aws_config_test_" + std::to_string(::getpid()) + "_" + name;
  std::FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  return path;
}
}  // namespace

TEST_CASE("client http: the shared config and credentials files and their profiles", "[client][http]") {
  for (const char* v : {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION",
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CA_BUNDLE"})
    unsetenv(v);
  const std::string config = write_temp("config", R"(# shared config
[default]
region = eu-central-1
endpoint_url = http://localhost:8000

[profile dev]
region=ap-northeast-1
aws_access_key_id = CONFIGKEY
aws_secret_access_key = CONFIGSECRET
s3 =
  addressing_style = path
ca_bundle = /etc/dev-ca.pem

[profile cloud]
region = us-west-2
ignore_configured_endpoint_urls = true
endpoint_url = http://localhost:9
)");
  const std::string credentials = write_temp("credentials", R"(; credentials
[default]
aws_access_key_id = DEFAULTKEY
aws_secret_access_key = DEFAULTSECRET

[dev]
aws_access_key_id = DEVKEY
aws_secret_access_key = DEVSECRET
aws_session_token = DEVTOKEN
)");
  setenv("AWS_CONFIG_FILE", config.c_str(), 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", credentials.c_str(), 1);

  HttpOptions o = http_options_from_environment();  // the default profile
  CHECK(o.region == "eu-central-1");
  CHECK(o.endpoint.host_header() == "localhost:8000");
  REQUIRE(o.credentials);
  CHECK((o.credentials->access_key_id == "DEFAULTKEY" && o.credentials->secret_access_key == "DEFAULTSECRET"));

  o = http_options_from_environment("dev");  // credentials file wins over config
  CHECK(o.region == "ap-northeast-1");
  CHECK(o.endpoint.host == "dynamodb.ap-northeast-1.amazonaws.com");
  CHECK((o.credentials->access_key_id == "DEVKEY" && o.credentials->session_token == "DEVTOKEN"));
  CHECK(o.ca_file == "/etc/dev-ca.pem");
  CHECK(load_shared_profile("dev").region == "ap-northeast-1");  // the nested s3 block did not end the section

  setenv("AWS_PROFILE", "cloud", 1);
  o = http_options_from_environment();
  CHECK(o.region == "us-west-2");
  CHECK(o.endpoint.host == "dynamodb.us-west-2.amazonaws.com");  // its endpoint_url is ignored
  CHECK_FALSE(o.credentials);

  // The environment wins over every file.
  setenv("AWS_PROFILE", "dev", 1);
  setenv("AWS_REGION", "sa-east-1", 1);
  setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "ENVSECRET", 1);
  setenv("AWS_ENDPOINT_URL", "http://localhost:7", 1);
  o = http_options_from_environment();
  CHECK((o.region == "sa-east-1" && o.endpoint.port == "7" && o.credentials->access_key_id == "ENVKEY"));

  CHECK_THROWS_AS(http_options_from_environment("missing"), std::invalid_argument);
  setenv("AWS_PROFILE", "missing", 1);
  CHECK_THROWS_AS(http_options_from_environment(), std::invalid_argument);

  for (const char* v : {"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE",
                        "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
    unsetenv(v);
  std::remove(config.c_str());
  std::remove(credentials.c_str());
}
