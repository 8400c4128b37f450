// DynamoDB's list of reserved words, checked case-insensitively.
#pragma once

#include <cstddef>
#include <string_view>

namespace dynamo_items::expr {

bool is_reserved_word(std::string_view name);
std::size_t reserved_word_count();

}  // namespace dynamo_items::expr
