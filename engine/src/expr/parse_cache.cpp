#include "expr/parse_cache.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace dynamo_items::expr {

namespace {

template <class Parsed>
class Cache {
 public:
  template <class ParseFn>
  std::shared_ptr<const Parsed> get(std::string key, ParseFn parse) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(key);
      if (it != entries_.end()) return it->second;
    }
    // Parse outside the lock; a racing thread may parse the same text too.
    auto parsed = std::make_shared<const Parsed>(parse());
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxCachedExpressions) entries_.clear();
    entries_.emplace(std::move(key), parsed);
    return parsed;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Parsed>> entries_;
};

}  // namespace

std::shared_ptr<const ParsedCondition> cached_condition(std::string_view text, std::string_view param) {
  static Cache<ParsedCondition> cache;
  std::string key(param);
  key.push_back('\0');
  key.append(text);
  return cache.get(std::move(key), [&] { return parse_condition_text(text, param); });
}

std::shared_ptr<const ParsedUpdate> cached_update(std::string_view text) {
  static Cache<ParsedUpdate> cache;
  return cache.get(std::string(text), [&] { return parse_update_text(text); });
}

std::shared_ptr<const ParsedProjection> cached_projection(std::string_view text) {
  static Cache<ParsedProjection> cache;
  return cache.get(std::string(text), [&] { return parse_projection_text(text); });
}

}  // namespace dynamo_items::expr
