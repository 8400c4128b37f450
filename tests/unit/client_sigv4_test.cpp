// SigV4 against AWS's published examples: the IAM ListUsers walkthrough of
// the "Signature Version 4 signing process" documentation (canonical request
// hash, signing key, signature) and vectors of AWS's SigV4 test suite
// (get-vanilla, get-vanilla-query-order-key-case, get-utf8).
#include <catch2/catch.hpp>

#include "dynamo_items/client/sigv4.h"

using namespace dynamo_items::client;

namespace {
const sigv4::Credentials kExample{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
}

TEST_CASE("client sigv4: the IAM ListUsers example", "[client][sigv4]") {
  sigv4::Request r;
  r.method = "GET";
  r.path = "/";
  r.query = "Action=ListUsers&Version=2010-05-08";
  r.headers = {{"Host", "iam.amazonaws.com"},
               {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"X-Amz-Date", "20150830T123600Z"}};
  std::string signed_headers;
  std::string canonical = sigv4::canonical_request(r, &signed_headers);
  CHECK(canonical ==
        "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
        "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
        "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sigv4::hex(sigv4::sha256(canonical)) == "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  CHECK(sigv4::hex(sigv4::signing_key(kExample.secret_access_key, "20150830", "us-east-1", "iam")) ==
        "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  CHECK(sigv4::string_to_sign("20150830T123600Z", sigv4::credential_scope("20150830", "us-east-1", "iam"), canonical) ==
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
        "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  CHECK(sigv4::authorization(kExample, r, "20150830T123600Z", "us-east-1", "iam") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST_CASE("client sigv4: AWS test suite vectors", "[client][sigv4]") {
  auto sign = [](std::string path, std::string query) {
    sigv4::Request r;
    r.method = "GET";
    r.path = std::move(path);
    r.query = std::move(query);
    r.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
    return sigv4::authorization(kExample, r, "20150830T123600Z", "us-east-1", "service");
  };
  CHECK(sign("/", "") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  CHECK_THAT(sign("/", "Param2=value2&Param1=value1"),
             Catch::EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
  CHECK_THAT(sign("/\xE1\x88\xB4", ""),
             Catch::EndsWith("Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"));
}

TEST_CASE("client sigv4: canonical forms", "[client][sigv4]") {
  CHECK(sigv4::uri_encode("a b/c~d*", true) == "a%20b/c~d%2A");
  CHECK(sigv4::uri_encode("a/b", false) == "a%2Fb");
  CHECK(sigv4::canonical_query("b=2&a=%7e&a=1") == "a=1&a=~&b=2");
  sigv4::Request r;
  r.method = "POST";
  r.headers = {{"X-Multi", "  a   b  "}, {"x-multi", "c"}};
  CHECK(sigv4::canonical_request(r) ==
        "POST\n/\n\nx-multi:a b,c\n\nx-multi\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sigv4::amz_date(std::chrono::sys_seconds(std::chrono::seconds(1440938160))) == "20150830T123600Z");
}
