// Base64 (RFC 4648, standard alphabet, padded) for B/BS values, which
// DynamoDB JSON carries as base64 text. Internal to the client.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dynamo_items::client::base64 {

std::string encode(std::string_view bytes);
// nullopt when `text` is not canonical padded base64.
std::optional<std::string> decode(std::string_view text);

}  // namespace dynamo_items::client::base64
