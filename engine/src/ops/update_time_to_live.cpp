// UpdateTimeToLive: turns expiry on (by a Number attribute holding epoch
// seconds) or off. The sweeper (ttl_sweeper.cpp) deletes expired items.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response update_time_to_live(EngineImpl& engine, const Request& req) {
  check_table_name_present(req);
  ConstraintErrors errors;
  errors.table_name(opt_string(req, "TableName"), "tableName");
  const Json* spec = opt_object(req, "TimeToLiveSpecification");
  errors.not_null(spec, "timeToLiveSpecification");
  if (spec != nullptr) {
    errors.not_null(member(*spec, "Enabled"), "timeToLiveSpecification.enabled");
    auto name = opt_string(*spec, "AttributeName");
    errors.not_null(member(*spec, "AttributeName"), "timeToLiveSpecification.attributeName");
    if (name) {
      errors.min_length(name->size(), 1, std::string(*name), "timeToLiveSpecification.attributeName");
      errors.max_length(name->size(), 255, std::string(*name), "timeToLiveSpecification.attributeName");
    }
  }
  errors.throw_if_any();

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
