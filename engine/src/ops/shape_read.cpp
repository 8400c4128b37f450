// Filter and projection of Query/Scan results. Until the expression module
// is wired in, only the legacy AttributesToGet projection is applied here.
#include "dynamo_items/error.h"
#include "ops/read_request.h"

namespace dynamo_items::ops {

void shape_read(const Json& req, const char* legacy_filter, const catalog::TableSchema& table, ReadPlan& plan) {
  (void)legacy_filter;
  (void)table;
  if (const Json* attrs = opt_array(req, "AttributesToGet")) {
    std::vector<std::string> names;
    for (const auto& n : attrs->GetArray()) names.emplace_back(as_string(n));
    plan.project = [names](const Item& item) {
      Item out;
      for (const auto& n : names) {
        if (auto it = item.find(n); it != item.end()) out.insert(*it);
      }
      return out;
    };
  }
}

}  // namespace dynamo_items::ops
