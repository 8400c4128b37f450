// Table settings recorded and described: deletion protection, table class,
// server-side encryption, on-demand throughput limits and CreateTable's tags,
// with the rules that tie them to the billing mode and to CreateTable vs
// UpdateTable.
#include "ops/table_settings.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "dynamo_items/error.h"
#include "ops/request_context.h"

using namespace dynamo_items;
namespace ops = dynamo_items::ops;

namespace {

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

catalog::TableSchema table(const char* billing = "PAY_PER_REQUEST") {
  catalog::TableSchema t;
  t.name = "Music";
  t.billing_mode = billing;
  return t;
}

catalog::TableSchema applied(const std::string& json, bool on_create, catalog::TableSchema t = table()) {
  ops::apply_table_settings(parse(json), on_create, t);
  return t;
}

template <class Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.type() == "ValidationException");
    return e.message();
  }
  return "<no error>";
}

std::string apply_error(const std::string& json, bool on_create, catalog::TableSchema t = table()) {
  return error_of([&] { ops::apply_table_settings(parse(json), on_create, t); });
}

rapidjson::Document describe(const catalog::TableSchema& t) {
  rapidjson::Document out(rapidjson::kObjectType);
  ops::add_table_settings_description(t, out, out.GetAllocator());
  return out;
}

}  // namespace

TEST_CASE("table settings: which members count as a settings change", "[table_settings]") {
  CHECK_FALSE(ops::has_table_settings(parse(R"({"TableName": "t", "BillingMode": "PROVISIONED"})")));
  CHECK_FALSE(ops::has_table_settings(parse(R"({"DeletionProtectionEnabled": null})")));
  for (const char* m :
       {"DeletionProtectionEnabled", "TableClass", "SSESpecification", "OnDemandThroughput"}) {
    INFO(m);
    CHECK(ops::has_table_settings(parse(std::string(R"({")") + m + R"(": {}})")));
  }
}

TEST_CASE("table settings: deletion protection and table class", "[table_settings]") {
  CHECK(applied(R"({"DeletionProtectionEnabled": true})", true).deletion_protection);
  CHECK_FALSE(applied(R"({"DeletionProtectionEnabled": false})", false).deletion_protection);
  // Absent: unchanged.
  catalog::TableSchema protected_table = table();
  protected_table.deletion_protection = true;
  CHECK(applied("{}", false, protected_table).deletion_protection);

  const double before = static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  const catalog::TableSchema ia = applied(R"({"TableClass": "STANDARD_INFREQUENT_ACCESS"})", false);
  CHECK(ia.table_class == "STANDARD_INFREQUENT_ACCESS");
  CHECK(ia.table_class_updated >= before);
  CHECK(ia.table_class_updated < before + 60);
  CHECK(applied(R"({"TableClass": "STANDARD"})", true).table_class == "STANDARD");
  CHECK(applied("{}", true).table_class.empty());
  for (const char* bad : {"standard", "GLACIER", ""}) {
    INFO(bad);
    CHECK(apply_error(std::string(R"({"TableClass": ")") + bad + R"("})", true)
              .find("STANDARD_INFREQUENT_ACCESS") != std::string::npos);
  }
}

TEST_CASE("table settings: server-side encryption", "[table_settings]") {
  // The key's ARN is in the caller's region and account; outside any request
  // the defaults (us-east-1, 000000000000) apply.
  const catalog::TableSchema managed = applied(R"({"SSESpecification": {"Enabled": true}})", true);
  CHECK(managed.sse_enabled);
  CHECK(managed.sse_kms_key == "arn:aws:kms:us-east-1:000000000000:key/aws/dynamodb");
  const RequestContext eu{"eu-west-1", "123456789012"};
  const ops::RequestContextScope scope(eu);
  const catalog::TableSchema named = applied(
      R"({"SSESpecification": {"Enabled": true, "SSEType": "KMS", "KMSMasterKeyId": "my-key"}})", true);
  CHECK(named.sse_kms_key == "arn:aws:kms:eu-west-1:123456789012:key/my-key");
  const std::string arn = "arn:aws:kms:us-east-1:123456789012:key/abcd";
  CHECK(applied(R"({"SSESpecification": {"Enabled": true, "KMSMasterKeyId": ")" + arn + R"("}})", true)
            .sse_kms_key == arn);
  // Turning it off clears the key.
  const catalog::TableSchema off = applied(R"({"SSESpecification": {"Enabled": false}})", false, named);
  CHECK_FALSE(off.sse_enabled);
  CHECK(off.sse_kms_key.empty());
  CHECK(apply_error(R"({"SSESpecification": {"Enabled": false, "SSEType": "KMS"}})", true) ==
        "One or more parameter values were invalid: SSEType can not be specified if Enabled is false");
  CHECK(apply_error(R"({"SSESpecification": {"KMSMasterKeyId": "k"}})", true) ==
        "One or more parameter values were invalid: KMSMasterKeyId can not be specified if Enabled is false");
}

TEST_CASE("table settings: on-demand throughput limits", "[table_settings]") {
  const catalog::TableSchema limited =
      applied(R"({"OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}})", true);
  CHECK(limited.max_read_request_units == 100);
  CHECK(limited.max_write_request_units == 50);
  // One limit alone leaves the other as it was.
  const catalog::TableSchema read_only =
      applied(R"({"OnDemandThroughput": {"MaxReadRequestUnits": 7}})", false, limited);
  CHECK(read_only.max_read_request_units == 7);
  CHECK(read_only.max_write_request_units == 50);
  // -1 clears a limit on UpdateTable, but is not a value for CreateTable.
  CHECK(applied(R"({"OnDemandThroughput": {"MaxWriteRequestUnits": -1}})", false, limited)
            .max_write_request_units == -1);
  CHECK(apply_error(R"({"OnDemandThroughput": {"MaxWriteRequestUnits": -1}})", true) ==
        "One or more parameter values were invalid: Requested MaxWriteRequestUnits for OnDemandThroughput "
        "for table "
        "is outside of valid range");
  CHECK(apply_error(R"({"OnDemandThroughput": {"MaxReadRequestUnits": 0}})", false) ==
        "One or more parameter values were invalid: Requested MaxReadRequestUnits for OnDemandThroughput for "
        "table "
        "is outside of valid range");
  CHECK(apply_error(R"({"OnDemandThroughput": {"MaxReadRequestUnits": 5}})", true, table("PROVISIONED")) ==
        "One or more parameter values were invalid: MaxReadRequestUnits for OnDemandThroughput cannot be "
        "specified "
        "when the table BillingMode is PROVISIONED");
  // Switching to PROVISIONED drops the limits.
  const catalog::TableSchema provisioned = applied("{}", false, [&] {
    catalog::TableSchema t = limited;
    t.billing_mode = "PROVISIONED";
    return t;
  }());
  CHECK(provisioned.max_read_request_units == -1);
  CHECK(provisioned.max_write_request_units == -1);
}

TEST_CASE("table settings: tags only on CreateTable, each key once", "[table_settings]") {
  const catalog::TableSchema tagged =
      applied(R"({"Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": ""}]})", true);
  REQUIRE(tagged.tags.size() == 2);
  CHECK(tagged.tags[0] == std::pair<std::string, std::string>("env", "prod"));
  CHECK(tagged.tags[1] == std::pair<std::string, std::string>("team", ""));
  CHECK(applied(R"({"Tags": [{"Key": "env", "Value": "prod"}]})", false).tags.empty());
  CHECK(apply_error(R"({"Tags": [{"Key": "env", "Value": "a"}, {"Key": "env", "Value": "b"}]})", true) ==
        "Duplicate Tag Keys provided as input: Duplicate Tag Key found env");
  // Keys are case-sensitive.
  CHECK(applied(R"({"Tags": [{"Key": "env", "Value": "a"}, {"Key": "Env", "Value": "b"}]})", true)
            .tags.size() == 2);
}

TEST_CASE("table settings: description", "[table_settings]") {
  const auto plain = describe(table());
  CHECK_FALSE(plain.HasMember("TableClassSummary"));
  CHECK_FALSE(plain.HasMember("SSEDescription"));
  CHECK_FALSE(plain.HasMember("OnDemandThroughput"));
  REQUIRE(plain.HasMember("DeletionProtectionEnabled"));
  CHECK(plain["DeletionProtectionEnabled"].GetBool() == false);

  catalog::TableSchema t = table();
  t.deletion_protection = true;
  t.table_class = "STANDARD_INFREQUENT_ACCESS";
  t.table_class_updated = 1700000000.5;
  t.sse_enabled = true;
  t.sse_kms_key = "arn:aws:kms:ddblocal:000000000000:key/k";
  t.max_read_request_units = 10;
  const auto full = describe(t);
  CHECK(full["DeletionProtectionEnabled"].GetBool());
  CHECK(std::string(full["TableClassSummary"]["TableClass"].GetString()) == "STANDARD_INFREQUENT_ACCESS");
  CHECK(full["TableClassSummary"]["LastUpdateDateTime"].GetDouble() == 1700000000.5);
  CHECK(std::string(full["SSEDescription"]["Status"].GetString()) == "ENABLED");
  CHECK(std::string(full["SSEDescription"]["SSEType"].GetString()) == "KMS");
  CHECK(std::string(full["SSEDescription"]["KMSMasterKeyArn"].GetString()) == t.sse_kms_key);
  // One limit set: both reported, the other as -1 (no limit).
  CHECK(full["OnDemandThroughput"]["MaxReadRequestUnits"].GetInt64() == 10);
  CHECK(full["OnDemandThroughput"]["MaxWriteRequestUnits"].GetInt64() == -1);
}
