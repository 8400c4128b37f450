// Tag rules; see tags.h.
#include "ops/tags.h"

#include <algorithm>
#include <set>

#include "dynamo_items/error.h"

namespace dynamo_items::ops {

namespace {

constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxKeyChars = 128;
constexpr std::size_t kMaxValueChars = 256;

// Characters (code points) of UTF-8 text, and whether each is allowed.
// Bytes of multi-byte sequences count as letters: DynamoDB allows letters
// of every script, and the JSON parser has already checked the encoding.
bool allowed_text(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    ++chars;
    if (c >= 0x80) continue;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                    c == '\t' || c == '\n' || c == '\r' || std::string_view("_.:/=+-@").find(static_cast<char>(c)) !=
                                                                       std::string_view::npos;
    if (!ok) return false;
  }
  return chars <= max_chars;
}

}  // namespace

void merge_tags(const Json& request_tags, TagList& tags) {
  std::set<std::string, std::less<>> seen;
  for (const auto& t : request_tags.GetArray()) {
    const Json& tag = as_object(t);
    auto key = opt_string(tag, "Key");
    auto value = opt_string(tag, "Value");
    if (!key || key->empty() || !allowed_text(*key, kMaxKeyChars)) {
      throw Error::validation("The Tag Key provided is invalid, Key: " + (key ? std::string(*key) : "null"));
    }
    if (!value || !allowed_text(*value, kMaxValueChars)) {
      throw Error::validation("The Tag Value provided is invalid, Value: " + (value ? std::string(*value) : "null"));
    }
    if (key->substr(0, 4) == "aws:") {
      throw Error::validation("Tag Key cannot be prefixed with aws:, Key: " + std::string(*key));
    }
    if (!seen.emplace(*key).second) {
      throw Error::validation("Duplicate Tag Keys provided as input: Duplicate Tag Key found " + std::string(*key));
    }
    auto it = std::find_if(tags.begin(), tags.end(), [&](const auto& kv) { return kv.first == *key; });
    if (it != tags.end()) {
      it->second = std::string(*value);
    } else {
      tags.emplace_back(std::string(*key), std::string(*value));
    }
  }
  if (tags.size() > kMaxTags) {
    throw Error::validation("Number of Tags exceed the current limit for the provided ResourceArn");
  }
}

}  // namespace dynamo_items::ops
