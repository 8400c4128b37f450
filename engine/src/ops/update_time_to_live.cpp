// UpdateTimeToLive: turns expiry on (by a Number attribute holding epoch
// seconds) or off. The sweeper (ttl_sweeper.cpp) deletes expired items.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const std::vector<MemberRule> kTimeToLiveSpecification = {
    {"Enabled", Shape::kBoolean, true},
    {"AttributeName", Shape::kString, true, {}, NameRule::kNone, 1, 255},
};

const MemberRule kUpdateTimeToLiveRequest[] = {
    table_name_member(),
    {"TimeToLiveSpecification", Shape::kStructure, true, {}, NameRule::kNone, {}, {}, &kTimeToLiveSpecification},
};

}  // namespace

Response update_time_to_live(EngineImpl& engine, const Request& req) {
  check_request(req, kUpdateTimeToLiveRequest);
  const Json* spec = opt_object(req, "TimeToLiveSpecification");

  const bool enable = *opt_bool(*spec, "Enabled");
  const std::string attribute(*opt_string(*spec, "AttributeName"));
  const std::string name(*opt_string(req, "TableName"));
  engine.catalog.require(name);
  engine.catalog.update(name, [&](catalog::TableSchema& schema, rocksdb::WriteBatch&) {
    if (enable && !schema.ttl_attribute.empty()) throw Error::validation("TimeToLive is already enabled");
    if (!enable && schema.ttl_attribute.empty()) throw Error::validation("TimeToLive is already disabled");
    if (!enable && attribute != schema.ttl_attribute) {
      throw Error::validation("TimeToLive is active on a different AttributeName: current AttributeName is " +
                              schema.ttl_attribute);
    }
    schema.ttl_attribute = enable ? attribute : "";
  });

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("Enabled", enable, a);
  out.AddMember("AttributeName", rapidjson::Value(attribute.c_str(), a), a);
  res.AddMember("TimeToLiveSpecification", out, a);
  return res;
}

}  // namespace dynamo_items::ops
