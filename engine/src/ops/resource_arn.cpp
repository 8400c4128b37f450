// ARNs as the caller sees them; see resource_arn.h.
#include "ops/resource_arn.h"

#include <array>

#include "dynamo_items/error.h"
#include "ops/request.h"
#include "ops/request_context.h"

namespace dynamo_items::ops {

std::string table_arn(const catalog::TableSchema& table) {
  const RequestContext& context = current_request_context();
  return table.arn(context.region, context.account_id);
}

std::string table_arn(std::string_view table_name) {
  const RequestContext& context = current_request_context();
  return "arn:aws:dynamodb:" + context.region + ":" + context.account_id + ":table/" + std::string(table_name);
}

std::string backup_arn(std::string_view table_name, std::string_view suffix) {
  return table_arn(table_name) + "/backup/" + std::string(suffix);
}

std::string index_arn(const catalog::TableSchema& table, std::string_view index) {
  return table_arn(table) + "/index/" + std::string(index);
}

std::string stream_arn(const catalog::TableSchema& table) { return table_arn(table) + "/stream/" + table.stream_label; }

namespace {

// arn:partition:service:region:account:resource; false when there are fewer
// than six parts (the resource may itself hold ':').
bool split_arn(std::string_view arn, std::array<std::string_view, 6>& parts) {
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    parts[i] = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  parts[5] = arn;
  return true;
}

}  // namespace

catalog::SchemaPtr require_tagged_table(const catalog::Catalog& catalog, std::string_view arn,
                                        std::string_view operation) {
  const std::string text(arn);
  if (arn.substr(0, 4) != "arn:") {
    invalid_parameter("ARNs must start with 'arn:': " + text);
  }
  std::array<std::string_view, 6> parts;
  if (!split_arn(arn, parts) || parts[2] != "dynamodb") {
    invalid_parameter("Provided Arn is not a DynamoDB resource arn: " + text);
  }
  const RequestContext& context = current_request_context();
  // Another account's table: the caller may not look there, whether or not
  // it exists. Another region's is a malformed ARN to this region's endpoint.
  if (parts[4] != context.account_id) {
    const std::string op(operation);
    throw Error("AccessDeniedException", "User: arn:aws:iam::" + context.account_id +
                                             ":root is not authorized to perform: dynamodb:" + op + " on resource: " +
                                             text + " because no resource-based policy allows the dynamodb:" + op +
                                             " action");
  }
  const std::string_view resource = parts[5];
  const std::string_view prefix = "table/";
  if (parts[3] != context.region || resource.substr(0, prefix.size()) != prefix) {
    throw Error::validation("Invalid TableArn: Invalid ResourceArn provided as input " + text);
  }
  const std::string_view rest = resource.substr(prefix.size());
  const std::size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    if (rest.substr(slash, 7) == "/index/") {
      invalid_parameter("Invalid resource arn provided, only table or stream is accepted. Provided resource arn: " +
                        text);
    }
    throw Error::validation("Invalid TableArn: Invalid ResourceArn provided as input " + text);
  }
  if (catalog::SchemaPtr table = catalog.find(rest)) return table;
  throw Error::resource_not_found("Requested resource not found: ResourcArn: " + text + " not found");
}

}  // namespace dynamo_items::ops
