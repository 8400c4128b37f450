// ExpressionContext from a request's JSON. Kept apart from expressions.cpp so
// code that builds contexts by hand does not depend on the JSON codec.
#include "dynamo_items/error.h"
#include "expr/expressions.h"
#include "ops/request.h"
#include "value/json_codec.h"

namespace dynamo_items::expr {

namespace {

bool valid_key(std::string_view key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (char c : key.substr(1)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

ExpressionContext ExpressionContext::from_request(const rapidjson::Value& request) {
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::pair<std::string, AttributeValue>> values;
  const rapidjson::Value* names_json = ops::opt_object(request, "ExpressionAttributeNames");
  const rapidjson::Value* values_json = ops::opt_object(request, "ExpressionAttributeValues");
  if (names_json != nullptr) {
    if (names_json->MemberCount() == 0) throw Error::validation("ExpressionAttributeNames must not be empty");
    for (const auto& m : names_json->GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      if (!valid_key(key, '#')) {
        throw Error::validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key +
                                "\"");
      }
      std::string name(ops::as_string(m.value));
      if (name.empty())
        throw Error::validation("ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
      if (name.size() > 65535) {
        throw Error::validation("ExpressionAttributeNames contains invalid value: Attribute name is too large, "
                                "must be less than 65536 bytes for key " + key);
      }
      names.emplace_back(std::move(key), std::move(name));
    }
  }
  if (values_json != nullptr) {
    if (values_json->MemberCount() == 0)
      throw Error::validation("ExpressionAttributeValues must not be empty");
    for (const auto& m : values_json->GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      if (!valid_key(key, ':')) {
        throw Error::validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" +
                                key + "\"");
      }
    }
    for (const auto& m : values_json->GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      try {
        values.emplace_back(key, json::decode_value(m.value));
      } catch (const Error& e) {
        if (e.type() != "ValidationException") throw;
        throw Error::validation("ExpressionAttributeValues contains invalid value: " + e.message() +
                                " for key " + key);
      }
    }
  }
  ExpressionContext ctx(std::move(names), std::move(values));
  ctx.has_names_ = names_json != nullptr;
  ctx.has_values_ = values_json != nullptr;
  return ctx;
}

}  // namespace dynamo_items::expr
