#include <zlib.h>

#include <catch2/catch.hpp>
#include <string>

#include "http/content_coding.h"
#include "router.h"

using namespace dynamo_items::server;

namespace {

// zlib's own compressor, independent of encode_content, for the inputs.
std::string compress_with(int window_bits, const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, in.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}
std::string gz(const std::string& in) { return compress_with(15 + 16, in); }
std::string zl(const std::string& in) { return compress_with(15, in); }
std::string raw(const std::string& in) { return compress_with(-15, in); }

}  // namespace

TEST_CASE("request bodies in gzip, deflate and stacked codings are decoded", "[content_coding]") {
  const std::string json = R"({"TableName":"t","Limit":5})";
  std::string body = gz(json);
  REQUIRE(decode_content("gzip", body, kMaxBodyBytes) == DecodeStatus::ok);
  CHECK(body == json);

  body = zl(json);
  REQUIRE(decode_content("Deflate", body, kMaxBodyBytes) == DecodeStatus::ok);
  CHECK(body == json);

  body = raw(json);  // deflate without the zlib wrapper, as some clients send it
  REQUIRE(decode_content("deflate", body, kMaxBodyBytes) == DecodeStatus::ok);
  CHECK(body == json);

  body = gz(zl(json));
  REQUIRE(decode_content("deflate, gzip", body, kMaxBodyBytes) == DecodeStatus::ok);
  CHECK(body == json);

  body = gz(json.substr(0, 7)) + gz(json.substr(7));
  REQUIRE(decode_content("gzip", body, kMaxBodyBytes) == DecodeStatus::ok);
  CHECK(body == json);

  body = json;
  REQUIRE(decode_content("identity", body, kMaxBodyBytes) == DecodeStatus::ok);
  CHECK(body == json);
}

TEST_CASE("broken, unknown and oversized codings are told apart", "[content_coding]") {
  const std::string json = R"({"TableName":"t"})";
  std::string body = json;
  CHECK(decode_content("br", body, kMaxBodyBytes) == DecodeStatus::unknown_coding);
  body = json;
  CHECK(decode_content("gzip", body, kMaxBodyBytes) == DecodeStatus::corrupt);
  body.clear();
  CHECK(decode_content("gzip", body, kMaxBodyBytes) == DecodeStatus::corrupt);
  body = gz(json);
  body.pop_back();
  CHECK(decode_content("gzip", body, kMaxBodyBytes) == DecodeStatus::corrupt);
  body = gz(json) + "junk";
  CHECK(decode_content("gzip", body, kMaxBodyBytes) == DecodeStatus::corrupt);
  body = gz(std::string(100000, ' '));
  CHECK(decode_content("gzip", body, 99999) == DecodeStatus::too_large);
  body = gz(std::string(100000, ' '));
  CHECK(decode_content("gzip", body, 100000) == DecodeStatus::ok);
}

TEST_CASE("Accept-Encoding picks gzip, then deflate, honouring q=0", "[content_coding]") {
  CHECK(preferred_coding("gzip, deflate, br") == Coding::gzip);
  CHECK(preferred_coding("deflate") == Coding::deflate);
  CHECK(preferred_coding("br;q=1.0, gzip;q=0.5") == Coding::gzip);
  CHECK(preferred_coding("gzip;q=0, deflate") == Coding::deflate);
  CHECK(preferred_coding("*") == Coding::gzip);
  CHECK(preferred_coding("identity") == Coding::identity);
  CHECK(preferred_coding("") == Coding::identity);
}

TEST_CASE("encoded answers decode back to the body", "[content_coding]") {
  std::string json(20000, 'x');
  for (Coding coding : {Coding::gzip, Coding::deflate}) {
    std::string out;
    encode_content(coding, json, out);
    CHECK(out.size() < json.size() / 10);
    REQUIRE(decode_content(coding_name(coding), out, kMaxBodyBytes) == DecodeStatus::ok);
    CHECK(out == json);
  }
}

TEST_CASE("the SigV4 credential scope gives the key and region", "[content_coding]") {
  auto scope = credential_scope(
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-3/dynamodb/aws4_request, SignedHeaders=host, "
      "Signature=abc");
  CHECK(scope.access_key_id == "AKID");
  CHECK(scope.region == "eu-west-3");
  CHECK(credential_scope("Bearer x").region.empty());
  CHECK(credential_scope("AWS4-HMAC-SHA256 Credential=AKID/20260101").region.empty());
}
