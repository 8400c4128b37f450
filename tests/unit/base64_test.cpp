#include "value/base64.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

using namespace dynamo_items;

TEST_CASE("base64: RFC 4648 test vectors", "[base64]") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [raw, text] : vectors) {
    CHECK(base64::encode(raw) == text);
    const auto r = base64::decode(text);
    CHECK(r.error == base64::DecodeError::kNone);
    CHECK(r.bytes == raw);
  }
  CHECK(base64::encode(std::string("\xFB\xFF", 2)) == "+/8=");
}

TEST_CASE("base64: random round trip", "[base64]") {
  std::mt19937 rng(11);
  for (int k = 0; k < 2000; ++k) {
    std::string raw(rng() % 40, '\0');
    for (auto& c : raw) c = static_cast<char>(rng());
    const auto r = base64::decode(base64::encode(raw));
    REQUIRE(r.error == base64::DecodeError::kNone);
    REQUIRE(r.bytes == raw);
  }
}

TEST_CASE("base64: strict decoding", "[base64]") {
  CHECK(base64::decode("Zg=").error == base64::DecodeError::kLength);
  CHECK(base64::decode("Zg").error == base64::DecodeError::kLength);
  CHECK(base64::decode("Z g=").error == base64::DecodeError::kCharacter);
  CHECK(base64::decode("Z g=").bad_char == ' ');
  CHECK(base64::decode("Zg==Zg==").error == base64::DecodeError::kCharacter);
  CHECK(base64::decode("Z===").error == base64::DecodeError::kCharacter);
  CHECK(base64::decode("Zh==").error == base64::DecodeError::kLastCharacter);
  CHECK(base64::decode("Zm9=").error == base64::DecodeError::kLastCharacter);
  CHECK(base64::decode("Zm8=").error == base64::DecodeError::kNone);
  CHECK(base64::decode("Zm9v-_==").error == base64::DecodeError::kCharacter);  // URL alphabet is not base64
}
