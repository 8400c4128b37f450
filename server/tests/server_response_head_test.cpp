// write_response_head: the exact bytes of a response's status line and
// fields, for keep-alive and close on HTTP/1.1 and 1.0, CORS and HEAD.
#include <catch2/catch.hpp>
#include <string>

#include "http/response_head.h"
#include "router.h"

using namespace dynamo_items::server;

namespace {

HttpResponse json_answer() {
  HttpResponse res;
  res.content_type = "application/x-amz-json-1.0";
  res.request_id.fill('R');
  res.has_crc32 = true;
  res.crc32 = 1315925753;
  return res;
}

const std::string kRequestId(52, 'R');
constexpr const char* kDate = "Mon, 07 Dec 2026 11:31:08 GMT";

}  // namespace

TEST_CASE("response head: a keep-alive HTTP/1.1 answer", "[server][response_head]") {
  std::string out = "left over";
  write_response_head(json_answer(), {11, true, 17, kDate}, out);
  CHECK(out ==
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/x-amz-json-1.0\r\n"
        "Date: Mon, 07 Dec 2026 11:31:08 GMT\r\n"
        "Server: Server\r\n"
        "x-amzn-RequestId: " + kRequestId + "\r\n"
        "x-amz-crc32: 1315925753\r\n"
        "Content-Length: 17\r\n"
        "\r\n");
}

TEST_CASE("response head: Connection only where the version's default differs", "[server][response_head]") {
  HttpResponse res = json_answer();
  res.status = 413;
  res.has_crc32 = false;
  std::string out;
  write_response_head(res, {11, false, 0, kDate}, out);
  CHECK(out.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
  CHECK(out.find("x-amz-crc32") == std::string::npos);
  CHECK(out.find("Content-Length: 0\r\nConnection: close\r\n\r\n") != std::string::npos);

  write_response_head(json_answer(), {10, true, 5, kDate}, out);
  CHECK(out.rfind("HTTP/1.0 200 OK\r\n", 0) == 0);
  CHECK(out.find("Content-Length: 5\r\nConnection: keep-alive\r\n\r\n") != std::string::npos);

  write_response_head(json_answer(), {10, false, 5, kDate}, out);
  CHECK(out.find("Connection") == std::string::npos);
}

TEST_CASE("response head: CORS fields of an answer and of a preflight", "[server][response_head]") {
  HttpResponse res = json_answer();
  res.allow_origin = true;
  std::string out;
  write_response_head(res, {11, true, 2, kDate}, out);
  CHECK(out.find("Access-Control-Allow-Origin: *\r\n"
                 "Access-Control-Expose-Headers: x-amzn-RequestId,x-amz-crc32\r\n") != std::string::npos);

  res.preflight = true;
  res.content_type = {};
  res.allow_headers = "content-type,x-amz-target";
  res.allow_methods = "POST";
  write_response_head(res, {11, true, 0, kDate}, out);
  CHECK(out.find("Content-Type") == std::string::npos);
  CHECK(out.find("Access-Control-Allow-Origin: *\r\n"
                 "Access-Control-Allow-Headers: content-type,x-amz-target\r\n"
                 "Access-Control-Allow-Methods: POST\r\n"
                 "Access-Control-Max-Age: 172800\r\n") != std::string::npos);
  CHECK(out.find("Expose") == std::string::npos);
}
