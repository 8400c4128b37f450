// Table settings; see table_settings.h.
#include "ops/table_settings.h"

#include <algorithm>
#include <chrono>

#include "dynamo_items/error.h"
#include "ops/request_context.h"
#include "ops/tags.h"

namespace dynamo_items::ops {

namespace {

double now_seconds() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return static_cast<double>(ms) / 1000.0;
}

void apply_on_demand(const Json& spec, bool on_create, catalog::TableSchema& table) {
  for (const char* name : {"MaxReadRequestUnits", "MaxWriteRequestUnits"}) {
    auto units = opt_int(spec, name);
    if (!units) continue;
    if (table.billing_mode != "PAY_PER_REQUEST") {
      invalid_parameter(std::string(name) + " for OnDemandThroughput cannot be specified when the table BillingMode "
                        "is PROVISIONED");
    }
    // -1 clears a limit on UpdateTable; other values below 1 are refused.
    if (*units < 1 && !(!on_create && *units == -1)) {
      invalid_parameter("Requested " + std::string(name) + " for OnDemandThroughput for table is outside of valid "
                        "range");
    }
    (std::string_view(name) == "MaxReadRequestUnits" ? table.max_read_request_units
                                                     : table.max_write_request_units) = *units;
  }
}

// A key named by id or alias lives in the account and region of the
// request that names it.
std::string kms_key_arn(const std::string& id) {
  const RequestContext& context = current_request_context();
  return "arn:aws:kms:" + context.region + ":" + context.account_id + ":key/" + id;
}

void apply_sse(const Json& spec, catalog::TableSchema& table) {
  const bool enabled = opt_bool(spec, "Enabled").value_or(false);
  auto type = opt_string(spec, "SSEType");
  auto key = opt_string(spec, "KMSMasterKeyId");
  if (!enabled && type) invalid_parameter("SSEType can not be specified if Enabled is false");
  if (!enabled && key) invalid_parameter("KMSMasterKeyId can not be specified if Enabled is false");
  if (type && *type == "AES256") invalid_parameter("SSEType AES256 is not supported");
  table.sse_enabled = enabled;
  table.sse_kms_key.clear();
  if (enabled) {
    // An AWS managed key unless one is named; an ARN is kept as given.
    const std::string id = key ? std::string(*key) : "aws/dynamodb";
    table.sse_kms_key = id.rfind("arn:", 0) == 0 ? id : kms_key_arn(id);
  }
}

}  // namespace

bool has_table_settings(const Json& req) {
  for (const char* name : {"DeletionProtectionEnabled", "TableClass", "SSESpecification", "OnDemandThroughput"}) {
    if (member(req, name) != nullptr) return true;
  }
  return false;
}

void apply_table_settings(const Json& req, bool on_create, catalog::TableSchema& table) {
  if (auto protect = opt_bool(req, "DeletionProtectionEnabled")) table.deletion_protection = *protect;
  if (auto table_class = opt_string(req, "TableClass")) {
    if (*table_class != "STANDARD" && *table_class != "STANDARD_INFREQUENT_ACCESS") {
      throw Error::validation("Invalid table-class parameter provided. Please try again with a valid table-class "
                              "value: [STANDARD, STANDARD_INFREQUENT_ACCESS].");
    }
    table.table_class = std::string(*table_class);
    table.table_class_updated = now_seconds();
  }
  if (const Json* sse = opt_object(req, "SSESpecification")) apply_sse(*sse, table);
  if (const Json* on_demand = opt_object(req, "OnDemandThroughput")) apply_on_demand(*on_demand, on_create, table);
  if (table.billing_mode != "PAY_PER_REQUEST") table.max_read_request_units = table.max_write_request_units = -1;
  if (on_create) {
    if (const Json* tags = opt_array(req, "Tags")) merge_tags(*tags, table.tags);
  }
}

void add_table_settings_description(const catalog::TableSchema& table, rapidjson::Value& out,
                                    rapidjson::Document::AllocatorType& a) {
  if (!table.table_class.empty()) {
    rapidjson::Value summary(rapidjson::kObjectType);
    summary.AddMember("TableClass", rapidjson::Value(table.table_class.c_str(), a), a);
    summary.AddMember("LastUpdateDateTime", table.table_class_updated, a);
    out.AddMember("TableClassSummary", summary, a);
  }
  if (table.sse_enabled) {
    rapidjson::Value sse(rapidjson::kObjectType);
    sse.AddMember("Status", "ENABLED", a);
    sse.AddMember("SSEType", "KMS", a);
    sse.AddMember("KMSMasterKeyArn", rapidjson::Value(table.sse_kms_key.c_str(), a), a);
    out.AddMember("SSEDescription", sse, a);
  }
  if (table.max_read_request_units > 0 || table.max_write_request_units > 0) {
    rapidjson::Value limits(rapidjson::kObjectType);
    limits.AddMember("MaxReadRequestUnits", table.max_read_request_units, a);
    limits.AddMember("MaxWriteRequestUnits", table.max_write_request_units, a);
    out.AddMember("OnDemandThroughput", limits, a);
  }
  out.AddMember("DeletionProtectionEnabled", table.deletion_protection, a);
}

}  // namespace dynamo_items::ops
