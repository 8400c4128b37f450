// A process-wide cache of parsed expressions, keyed by kind and text.
//
// Parsing depends only on the text (resolve.h does the per-request part), so
// requests that repeat the same expression text, as applications do, share
// one parsed tree. Texts that fail to parse are not cached: their error is
// thrown again on every use. The cache holds at most kMaxEntries trees and
// starts over when full, which keeps it simple and bounded.
//
// Thread-safe; the returned trees are immutable and shared.
#pragma once

#include <memory>
#include <string_view>

#include "expr/parser.h"

namespace dynamo_items::expr {

inline constexpr std::size_t kMaxCachedExpressions = 4096;

std::shared_ptr<const ParsedCondition> cached_condition(std::string_view text, std::string_view param);
std::shared_ptr<const ParsedUpdate> cached_update(std::string_view text);
std::shared_ptr<const ParsedProjection> cached_projection(std::string_view text);

}  // namespace dynamo_items::expr
