// RequestAuth: signatures made by the shared signer are accepted; each way a
// request can be unsigned, mis-signed, stale or from an unknown key gets
// DynamoDB's error.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "auth/request_auth.h"
#include "dynamo_items/aws/sigv4.h"

using namespace dynamo_items;
using namespace dynamo_items::server;
namespace sigv4 = dynamo_items::aws::sigv4;
using Clock = std::chrono::system_clock;

namespace {

const Clock::time_point kNow = Clock::from_time_t(1796418000);  // 2026-12-04T21:00:00Z

RequestAuth make_auth() {
  return RequestAuth({{"AKIDLOCAL", {"secret-one", ""}}, {"ASIATEMP", {"secret-two", "token-two"}}});
}

// A request signed as the client layer (and botocore) sign it.
struct Signed {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body = R"({"TableName":"t"})";
  std::string target = "/";

  SignedRequest view() const {
    SignedRequest r{.method = "POST", .target = target, .headers = {}, .body = body};
    for (const auto& [n, v] : headers) r.headers.emplace_back(n, v);
    return r;
  }
};

Signed sign(std::string key, std::string secret, Clock::time_point when, std::string token = "",
            std::string region = "eu-west-1", std::string service = "dynamodb") {
  Signed s;
  std::string date = sigv4::amz_date(when);
  s.headers = {{"Host", "localhost:8000"},
               {"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "DynamoDB_20120810.DescribeTable"},
               {"X-Amz-Date", date}};
  if (!token.empty()) s.headers.emplace_back("X-Amz-Security-Token", token);
  sigv4::Request r{.method = "POST", .path = "/", .query = {}, .headers = s.headers, .payload = s.body};
  s.headers.emplace_back("Authorization",
                         sigv4::authorization({key, secret, token}, r, date, region, service));
  // Unsigned headers may come too.
  s.headers.emplace_back("User-Agent", "test");
  return s;
}

Error error_of(const std::variant<SignedBy, Error>& v) {
  REQUIRE(std::holds_alternative<Error>(v));
  return std::get<Error>(v);
}

}  // namespace

TEST_CASE("a correctly signed request is accepted and names its key and region", "[auth]") {
  auto auth = make_auth();
  auto s = sign("AKIDLOCAL", "secret-one", kNow);
  auto result = auth.check(s.view(), kNow + std::chrono::minutes(3));
  REQUIRE(std::holds_alternative<SignedBy>(result));
  CHECK(std::get<SignedBy>(result).access_key_id == "AKIDLOCAL");
  CHECK(std::get<SignedBy>(result).region == "eu-west-1");
}

TEST_CASE("temporary credentials need their session token, long-term ones none", "[auth]") {
  auto auth = make_auth();
  CHECK(std::holds_alternative<SignedBy>(auth.check(sign("ASIATEMP", "secret-two", kNow, "token-two").view(), kNow)));
  CHECK(error_of(auth.check(sign("ASIATEMP", "secret-two", kNow).view(), kNow)).type() ==
        "UnrecognizedClientException");
  CHECK(error_of(auth.check(sign("ASIATEMP", "secret-two", kNow, "other").view(), kNow)).type() ==
        "UnrecognizedClientException");
  CHECK(error_of(auth.check(sign("AKIDLOCAL", "secret-one", kNow, "stray").view(), kNow)).type() ==
        "UnrecognizedClientException");
}

TEST_CASE("unknown keys, wrong secrets and changed bodies are refused", "[auth]") {
  auto auth = make_auth();
  auto unknown = error_of(auth.check(sign("AKIDOTHER", "secret-one", kNow).view(), kNow));
  CHECK(unknown.type() == "UnrecognizedClientException");
  CHECK(unknown.message() == "The security token included in the request is invalid.");

  auto wrong = error_of(auth.check(sign("AKIDLOCAL", "not-the-secret", kNow).view(), kNow));
  CHECK(wrong.type() == "InvalidSignatureException");
  CHECK(wrong.message().starts_with("The request signature we calculated does not match"));

  auto changed = sign("AKIDLOCAL", "secret-one", kNow);
  changed.body = R"({"TableName":"u"})";
  CHECK(error_of(auth.check(changed.view(), kNow)).type() == "InvalidSignatureException");

  auto retargeted = sign("AKIDLOCAL", "secret-one", kNow);
  for (auto& [n, v] : retargeted.headers) {
    if (n == "X-Amz-Target") v = "DynamoDB_20120810.DeleteTable";
  }
  CHECK(error_of(auth.check(retargeted.view(), kNow)).type() == "InvalidSignatureException");
}

TEST_CASE("requests outside the 15-minute window are refused with both times", "[auth]") {
  auto auth = make_auth();
  auto s = sign("AKIDLOCAL", "secret-one", kNow);
  auto late = error_of(auth.check(s.view(), kNow + std::chrono::minutes(16)));
  CHECK(late.type() == "InvalidSignatureException");
  CHECK(late.message() == "Signature expired: 20261204T210000Z is now earlier than 20261204T210100Z "
                          "(20261204T211600Z - 15 min.)");
  auto early = error_of(auth.check(s.view(), kNow - std::chrono::minutes(16)));
  CHECK(early.message() == "Signature not yet current: 20261204T210000Z is still later than 20261204T205900Z "
                           "(20261204T204400Z + 15 min.)");
}

TEST_CASE("missing and malformed signatures", "[auth]") {
  auto auth = make_auth();
  SignedRequest bare{.method = "POST", .target = "/", .headers = {{"Host", "h"}}, .body = "{}"};
  auto missing = error_of(auth.check(bare, kNow));
  CHECK(missing.type() == "MissingAuthenticationTokenException");
  CHECK(missing.message() == "Request is missing Authentication Token");

  SignedRequest partial = bare;
  partial.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261204/us-east-1/dynamodb/aws4_request");
  auto incomplete = error_of(auth.check(partial, kNow));
  CHECK(incomplete.type() == "IncompleteSignatureException");
  CHECK(incomplete.message() ==
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' "
        "parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        "Authorization=AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261204/us-east-1/dynamodb/aws4_request");

  SignedRequest short_scope = bare;
  short_scope.headers = {{"Host", "h"}, {"X-Amz-Date", "20261204T210000Z"},
                         {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261204, SignedHeaders=host, Signature=00"}};
  CHECK(error_of(auth.check(short_scope, kNow)).message() ==
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got "
        "'AKIDLOCAL/20261204'");
}

TEST_CASE("the credential scope must name dynamodb and the request's date", "[auth]") {
  auto auth = make_auth();
  auto other_service = error_of(auth.check(sign("AKIDLOCAL", "secret-one", kNow, "", "us-east-1", "s3").view(), kNow));
  CHECK(other_service.message() == "Credential should be scoped to correct service: 'dynamodb'. ");

  auto s = sign("AKIDLOCAL", "secret-one", kNow);
  for (auto& [n, v] : s.headers) {
    if (n == "Authorization") v.replace(v.find("/20261204/"), 10, "/20261203/");
  }
  CHECK(error_of(auth.check(s.view(), kNow)).message() ==
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261203' != "
        "'20261204', from '20261204T210000Z'.");
}

TEST_CASE("presigned query strings are verified like headers", "[auth]") {
  auto auth = make_auth();
  std::string date = sigv4::amz_date(kNow);
  std::string query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDLOCAL%2F20261204%2Fus-east-1%2Fdynamodb%2F"
                      "aws4_request&X-Amz-Date=" + date + "&X-Amz-Expires=300&X-Amz-SignedHeaders=host";
  std::string body = "{}";
  sigv4::Request r{.method = "POST", .path = "/", .query = query, .headers = {{"host", "localhost"}}, .payload = body};
  std::string scope = sigv4::credential_scope("20261204", "us-east-1", "dynamodb");
  std::string signature = sigv4::hex(sigv4::hmac_sha256(sigv4::signing_key("secret-one", "20261204", "us-east-1", "dynamodb"),
                                                         sigv4::string_to_sign(date, scope, sigv4::canonical_request(r))));
  std::string target = "/?" + query + "&X-Amz-Signature=" + signature;
  SignedRequest req{.method = "POST", .target = target, .headers = {{"Host", "localhost"}}, .body = body};
  auto ok = auth.check(req, kNow + std::chrono::seconds(100));
  REQUIRE(std::holds_alternative<SignedBy>(ok));
  CHECK(std::get<SignedBy>(ok).region == "us-east-1");
  CHECK(error_of(auth.check(req, kNow + std::chrono::seconds(301))).message().starts_with("Signature expired: "));

  SignedRequest incomplete{.method = "POST", .target = "/?X-Amz-Algorithm=AWS4-HMAC-SHA256", .headers = {}, .body = body};
  CHECK(error_of(auth.check(incomplete, kNow)).message() ==
        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include "
        "'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string "
        "parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.");
}

TEST_CASE("credentials files: comments, tokens and errors with line numbers", "[auth]") {
  char path[] = "/tmp/dynamo-items-credsXXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  {
    std::ofstream out(path);
    out << "# local keys\n\nAKIDLOCAL secret-one\nASIATEMP secret-two token-two  # temporary\n";
  }
  CHECK(RequestAuth::load(path).size() == 2);
  {
    std::ofstream out(path);
    out << "AKIDLOCAL\n";
  }
  CHECK_THROWS_WITH(RequestAuth::load(path), std::string(path) + ":1: expected ACCESS_KEY_ID SECRET_ACCESS_KEY [SESSION_TOKEN]");
  std::remove(path);
  CHECK_THROWS(RequestAuth::load("/nonexistent/credentials"));
}
