#include "ops/expression_params.h"

#include "dynamo_items/error.h"

namespace dynamo_items::ops {

namespace {
std::string present(const Json& req, std::initializer_list<const char*> names) {
  std::string out;
  for (const char* n : names) {
    if (member(req, n) != nullptr) out += (out.empty() ? "" : ", ") + std::string(n);
  }
  return out;
}
}  // namespace

void check_expression_parameters(const Json& req, std::initializer_list<const char*> legacy,
                                 std::initializer_list<const char*> expressions) {
  const std::string old_style = present(req, legacy);
  const std::string new_style = present(req, expressions);
  if (!old_style.empty() && !new_style.empty()) {
    throw Error::validation("Can not use both expression and non-expression parameters in the same request: "
                            "Non-expression parameters: {" + old_style + "} Expression parameters: {" + new_style +
                            "}");
  }
  if (new_style.empty()) {
    if (member(req, "ExpressionAttributeNames") != nullptr) {
      throw Error::validation("ExpressionAttributeNames can only be specified when using expressions");
    }
    if (member(req, "ExpressionAttributeValues") != nullptr) {
      throw Error::validation("ExpressionAttributeValues can only be specified when using expressions");
    }
  }
}

}  // namespace dynamo_items::ops
