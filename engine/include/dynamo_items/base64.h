// Base64 (RFC 4648 standard alphabet, with '=' padding) for B and BS values,
// which DynamoDB JSON carries as base64 text while the engine holds raw bytes.
// Decoding is strict, like DynamoDB's: the length must be a multiple of 4,
// padding only at the end, and unused bits of the last character zero.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dynamo_items::base64 {

std::string encode(std::string_view bytes);
void encode_to(std::string& out, std::string_view bytes);

// Why decoding failed, so the JSON codec can word DynamoDB's message.
enum class DecodeError { kNone, kLength, kCharacter, kLastCharacter };

struct DecodeResult {
  std::string bytes;
  DecodeError error = DecodeError::kNone;
  char bad_char = 0;  // for kCharacter: the first offending character
};

DecodeResult decode(std::string_view text);

}  // namespace dynamo_items::base64
