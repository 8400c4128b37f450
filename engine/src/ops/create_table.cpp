// CreateTable: validates the request as DynamoDB does (constraint errors
// first, then the key schema and billing rules) and publishes the table,
// ACTIVE at once as in DynamoDB Local.
#include <algorithm>
#include <chrono>

#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_generators.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/stream_specification.h"
#include "ops/table_settings.h"
#include "ops/table_description.h"
#include "ops/table_definition.h"

namespace dynamo_items::ops {

namespace {

using catalog::KeyAttribute;



// Checks one KeySchema list (table or index) for constraint errors.
// A GSI's KeySchema has no upper length (multi-attribute keys have their own
// limits, checked later); the table's and an LSI's have at most two elements.
void constrain_key_schema(const Json* ks, const std::string& path, ConstraintErrors& errors,
                          bool global_index = false) {
  errors.not_null(ks, path);
  if (ks == nullptr) return;
  const auto& arr = as_array(*ks);
  for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
    const auto& e = as_object(arr[i]);
    std::string p = path + "." + std::to_string(i + 1) + ".member";
    auto name = opt_string(e, "AttributeName");
    auto type = opt_string(e, "KeyType");
    errors.not_null(member(e, "KeyType"), p + ".keyType");
    errors.enum_value(type, p + ".keyType", {"HASH", "RANGE"});
    errors.not_null(member(e, "AttributeName"), p + ".attributeName");
    if (name) {
      errors.min_length(name->size(), 1, std::string(*name), p + ".attributeName");
      errors.max_length(name->size(), 255, std::string(*name), p + ".attributeName");
    }
  }
  if (arr.Size() > 2 && !global_index) {
    // Echoed as the Java SDK model prints it.
    std::string echo = "[";
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const auto& e = arr[i];
      auto text = [&](const char* m) {
        auto v = e.IsObject() ? opt_string(e, m) : std::nullopt;
        return v ? std::string(*v) : std::string("null");
      };
      echo += (i ? ", " : "") + std::string("KeySchemaElement(attributeName=") + text("AttributeName") +
              ", keyType=" + text("KeyType") + ")";
    }
    errors.max_length(arr.Size(), 2, echo + "]", path);
  }
  if (arr.Size() < 1) errors.min_length(arr.Size(), 1, "[]", path);
}

void constrain_throughput(const Json* pt, const std::string& path, ConstraintErrors& errors) {
  if (pt == nullptr) return;
  const auto& o = as_object(*pt);
  errors.not_null(member(o, "WriteCapacityUnits"), path + ".writeCapacityUnits");
  errors.min_value(opt_int(o, "WriteCapacityUnits"), 1, path + ".writeCapacityUnits");
  errors.not_null(member(o, "ReadCapacityUnits"), path + ".readCapacityUnits");
  errors.min_value(opt_int(o, "ReadCapacityUnits"), 1, path + ".readCapacityUnits");
}

void check_throughput_bounds(const Json* pt) {
  if (pt == nullptr) return;
  for (const char* field : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    auto v = opt_int(*pt, field);
    if (v && *v > 1000000000000LL) {
      throw Error::validation("Given value " + std::to_string(*v) + " for " + field + " is out of bounds");
    }
  }
}

KeyAttribute defined(const std::map<std::string, AttrType>& defs, const std::string& name) {
  return {name, defs.at(name)};
}

std::vector<catalog::IndexSchema> read_indexes(const Json* list, bool global, const KeySchemaSpec& table_keys,
                                               const std::map<std::string, AttrType>& defs,
                                               const std::vector<std::string>& def_names, const std::string& billing,
                                               std::set<std::string>& used, std::uint8_t& next_no,
                                               std::set<std::string>& names) {
  std::vector<catalog::IndexSchema> out;
  if (list == nullptr) return out;
  for (const auto& v : list->GetArray()) {
    catalog::IndexSchema ix;
    ix.global = global;
    ix.name = v["IndexName"].GetString();
    KeySchemaSpec spec = check_key_schema(v["KeySchema"], defs, def_names, false, global);
    if (!global) {
      if (spec.range.empty()) {
        invalid_parameter("Index KeySchema does not have a range key for index: " + ix.name);
      }
      if (spec.hash != table_keys.hash) {
        invalid_parameter("Index KeySchema does not have the same leading hash key as table KeySchema for index: " +
                          ix.name + ". index hash key: " + spec.hash + ", table hash key: " + table_keys.hash);
      }
    }
    for (const auto& name : spec.hash_keys) ix.hash_keys.push_back(defined(defs, name));
    for (const auto& name : spec.range_keys) ix.range_keys.push_back(defined(defs, name));
    used.insert(spec.hash_keys.begin(), spec.hash_keys.end());
    used.insert(spec.range_keys.begin(), spec.range_keys.end());
    const Json* proj = opt_object(v, "Projection");
    if (proj == nullptr) throw Error::validation("1 validation error detected: Value null at 'projection' failed to satisfy constraint: Member must not be null");
    auto projection_type = opt_string(*proj, "ProjectionType");
    if (!projection_type) invalid_parameter("Unknown ProjectionType: null");
    ix.projection.type = std::string(*projection_type);
    const Json* nk = opt_array(*proj, "NonKeyAttributes");
    if (nk != nullptr && ix.projection.type != "INCLUDE") {
      invalid_parameter("ProjectionType is " + ix.projection.type + ", but NonKeyAttributes is specified");
    }
    if (nk == nullptr && ix.projection.type == "INCLUDE") {
      invalid_parameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
    if (nk != nullptr) {
      std::set<std::string> seen;
      for (const auto& n : nk->GetArray()) {
        std::string name(as_string(n));
        if (!seen.insert(name).second) invalid_parameter("Duplicate element in NonKeyAttributes: " + name);
        ix.projection.non_key_attributes.push_back(std::move(name));
      }
    }
    const Json* pt = opt_object(v, "ProvisionedThroughput");
    if (global) {
      if (billing == "PAY_PER_REQUEST" && pt != nullptr) {
        invalid_parameter("ProvisionedThroughput should not be specified for index: " + ix.name +
                          " when BillingMode is PAY_PER_REQUEST");
      }
      if (billing != "PAY_PER_REQUEST" && pt == nullptr) {
        invalid_parameter("ProvisionedThroughput is not specified for index: " + ix.name);
      }
      if (pt != nullptr) {
        ix.read_capacity = opt_int(*pt, "ReadCapacityUnits").value_or(0);
        ix.write_capacity = opt_int(*pt, "WriteCapacityUnits").value_or(0);
      }
    }
    if (!names.insert(ix.name).second) invalid_parameter("Duplicate index name: " + ix.name);
    ix.index_no = next_no++;
    out.push_back(std::move(ix));
  }
  return out;
}

}  // namespace

// DynamoDB's order: count against definitions, undefined names, same name,
// then HASH/RANGE positions.
KeySchemaSpec check_key_schema(const Json& ks, const std::map<std::string, AttrType>& defs,
                               const std::vector<std::string>& def_names, bool table_level, bool global_index) {
  const auto& arr = ks.GetArray();
  std::vector<std::string> keys;
  for (const auto& e : arr) keys.emplace_back(e["AttributeName"].GetString());
  if (table_level && keys.size() > def_names.size()) {
    throw Error::validation("Invalid KeySchema: Some index key attribute have no definition");
  }
  for (const auto& k : keys) {
    if (!defs.count(k)) {
      auto join = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
        return "[" + out + "]";
      };
      invalid_parameter("Some index key attributes are not defined in AttributeDefinitions. Keys: " + join(keys) +
                        ", AttributeDefinitions: " + join(def_names));
    }
  }
  auto key_type = [&arr](rapidjson::SizeType i) { return std::string_view(arr[i]["KeyType"].GetString()); };
  if (keys.size() == 2 && keys[0] == keys[1] && (!global_index || key_type(1) == "RANGE")) {
    throw Error::validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (global_index) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(i), keys[i]) !=
          keys.begin() + static_cast<std::ptrdiff_t>(i)) {
        throw Error::validation("The KeySchema contains multiple key attributes with the same name");
      }
    }
  }
  if (key_type(0) != "HASH") {
    throw Error::validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  KeySchemaSpec spec;
  if (!global_index) {
    if (arr.Size() == 2 && key_type(1) != "RANGE") {
      throw Error::validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    spec.hash_keys = {keys[0]};
    if (keys.size() == 2) spec.range_keys = {keys[1]};
  } else {
    // Multi-attribute keys: HASH attributes, then RANGE ones, four of each at most.
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      if (key_type(i) == "HASH" && !spec.range_keys.empty()) {
        throw Error::validation("All HASH key attributes must precede RANGE key attributes in the KeySchema");
      }
      (key_type(i) == "HASH" ? spec.hash_keys : spec.range_keys).push_back(keys[i]);
    }
    if (spec.hash_keys.size() > kMaxIndexKeyAttributes) {
      throw Error::validation("The KeySchema exceeds the maximum allowed number of HASH key attributes");
    }
    if (spec.range_keys.size() > kMaxIndexKeyAttributes) {
      throw Error::validation("The KeySchema exceeds the maximum allowed number of RANGE key attributes");
    }
  }
  spec.hash = spec.hash_keys.front();
  if (!spec.range_keys.empty()) spec.range = spec.range_keys.front();
  return spec;
}

NewTable read_new_table(const Request& req) {
  check_table_name_present(req);
  ConstraintErrors errors;
  const Json* defs_json = opt_array(req, "AttributeDefinitions");
  errors.not_null(defs_json, "attributeDefinitions");
  if (defs_json != nullptr) {
    for (rapidjson::SizeType i = 0; i < defs_json->Size(); ++i) {
      const auto& d = as_object((*defs_json)[i]);
      std::string p = "attributeDefinitions." + std::to_string(i + 1) + ".member";
      errors.not_null(member(d, "AttributeName"), p + ".attributeName");
      if (auto name = opt_string(d, "AttributeName")) {
        errors.min_length(name->size(), 1, std::string(*name), p + ".attributeName");
        errors.max_length(name->size(), 255, std::string(*name), p + ".attributeName");
      }
      errors.not_null(member(d, "AttributeType"), p + ".attributeType");
      errors.enum_value(opt_string(d, "AttributeType"), p + ".attributeType", {"B", "N", "S"});
    }
  }
  auto table_name = opt_string(req, "TableName");
  errors.table_name(table_name, "tableName");
  auto billing = opt_string(req, "BillingMode");
  errors.enum_value(billing, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  const Json* pt = opt_object(req, "ProvisionedThroughput");
  constrain_throughput(pt, "provisionedThroughput", errors);
  const Json* ks = opt_array(req, "KeySchema");
  constrain_key_schema(ks, "keySchema", errors);
  for (const char* kind : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
    if (const Json* list = opt_array(req, kind)) {
      std::string base = kind[0] == 'L' ? "localSecondaryIndexes" : "globalSecondaryIndexes";
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        const auto& ix = as_object((*list)[i]);
        std::string p = base + "." + std::to_string(i + 1) + ".member";
        errors.index_name(opt_string(ix, "IndexName"), p + ".indexName");
        constrain_key_schema(opt_array(ix, "KeySchema"), p + ".keySchema", errors, kind[0] == 'G');
        const Json* projection = opt_object(ix, "Projection");
        errors.not_null(projection, p + ".projection");
        if (projection != nullptr) {
          errors.enum_value(opt_string(*projection, "ProjectionType"), p + ".projection.projectionType",
                            {"ALL", "INCLUDE", "KEYS_ONLY"});
          if (const Json* nk = opt_array(*projection, "NonKeyAttributes")) {
            errors.min_length(nk->Size(), 1, "[]", p + ".projection.nonKeyAttributes");
          }
        }
        constrain_throughput(opt_object(ix, "ProvisionedThroughput"), p + ".provisionedThroughput", errors);
      }
    }
  }
  const std::optional<StreamSpec> stream = read_stream_specification(req, errors);
  errors.throw_if_any();

  catalog::TableSchema schema;
  schema.name = std::string(*table_name);
  schema.billing_mode = std::string(billing.value_or("PROVISIONED"));
  if (schema.billing_mode == "PAY_PER_REQUEST") {
    if (pt != nullptr) {
      invalid_parameter(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
  } else {
    if (pt == nullptr) {
      invalid_parameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    check_throughput_bounds(pt);
    schema.read_capacity = *opt_int(*pt, "ReadCapacityUnits");
    schema.write_capacity = *opt_int(*pt, "WriteCapacityUnits");
  }

  std::map<std::string, AttrType> defs;
  std::vector<std::string> def_names;
  for (const auto& d : defs_json->GetArray()) {
    std::string name(as_string(d["AttributeName"]));
    AttrType type = *catalog::key_type_from_name(as_string(d["AttributeType"]));
    if (defs.count(name)) invalid_parameter("Duplicate AttributeName in AttributeDefinitions: " + name);  // best effort
    defs.emplace(name, type);
    def_names.push_back(name);
    schema.attribute_definitions.push_back({name, type});
  }
  KeySchemaSpec keys = check_key_schema(*ks, defs, def_names, true);
  schema.hash = defined(defs, keys.hash);
  if (!keys.range.empty()) schema.range = defined(defs, keys.range);

  if (opt_array(req, "LocalSecondaryIndexes") == nullptr && opt_array(req, "GlobalSecondaryIndexes") == nullptr &&
      def_names.size() != (keys.range.empty() ? 1u : 2u)) {
    invalid_parameter("Number of attributes in KeySchema does not exactly match number of attributes defined in "
                      "AttributeDefinitions");
  }
  std::set<std::string> used{keys.hash};
  if (!keys.range.empty()) used.insert(keys.range);
  const Json* lsi_list = opt_array(req, "LocalSecondaryIndexes");
  const Json* gsi_list = opt_array(req, "GlobalSecondaryIndexes");
  if (lsi_list != nullptr) {
    if (lsi_list->Empty()) invalid_parameter("List of LocalSecondaryIndexes is empty");
    if (keys.range.empty()) {
      invalid_parameter(
          "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    }
  }
  if (gsi_list != nullptr && gsi_list->Empty()) invalid_parameter("List of GlobalSecondaryIndexes is empty");
  if (lsi_list != nullptr || gsi_list != nullptr) {
    // Every definition must be some key: checked before any index's own rules.
    std::vector<std::string> keys_used{keys.hash};
    if (!keys.range.empty()) keys_used.push_back(keys.range);
    for (const Json* list : {lsi_list, gsi_list}) {
      if (list == nullptr) continue;
      for (const auto& ix : list->GetArray()) {
        for (const auto& e : ix["KeySchema"].GetArray()) {
          std::string name(as_string(e["AttributeName"]));
          if (std::find(keys_used.begin(), keys_used.end(), name) == keys_used.end()) keys_used.push_back(name);
        }
      }
    }
    for (const auto& d : def_names) {
      if (std::find(keys_used.begin(), keys_used.end(), d) == keys_used.end()) {
        auto join = [](const std::vector<std::string>& v) {
          std::string out;
          for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
          return "[" + out + "]";
        };
        invalid_parameter("Some AttributeDefinitions are not used. AttributeDefinitions: " + join(def_names) +
                          ", keys used: " + join(keys_used));
      }
    }
  }
  std::uint8_t next_no = 1;
  std::set<std::string> index_names;
  auto lsis = read_indexes(lsi_list, false, keys, defs, def_names, schema.billing_mode, used, next_no, index_names);
  if (lsis.size() > 5) invalid_parameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  auto gsis = read_indexes(gsi_list, true, keys, defs, def_names, schema.billing_mode, used, next_no, index_names);
  if (gsis.size() > 20) invalid_parameter("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  schema.next_index_no = next_no;
  schema.indexes = std::move(lsis);
  for (auto& g : gsis) schema.indexes.push_back(std::move(g));
  if (used.size() != defs.size()) {
    invalid_parameter("Number of attributes in KeySchema does not exactly match number of attributes defined in "
                      "AttributeDefinitions");
  }

  NewTable out;
  if (stream && check_stream_on_create(*stream)) out.stream_view_type = *stream->view_type;
  apply_table_settings(req, true, schema);
  schema.creation_time =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  schema.creation_time = static_cast<double>(static_cast<std::int64_t>(schema.creation_time * 1000)) / 1000.0;
  schema.table_uuid = boost::uuids::to_string(boost::uuids::random_generator()());
  out.schema = std::move(schema);
  return out;
}

Response create_table(EngineImpl& engine, const Request& req) {
  NewTable table = read_new_table(req);
  // A stream's key space is numbered from the table id, known only once the
  // catalog assigns it: started in the same catalog write.
  auto created = engine.catalog.create(std::move(table.schema), [&](catalog::TableSchema& draft, rocksdb::WriteBatch&) {
    if (table.stream_view_type) start_stream(draft, *table.stream_view_type);
  });

  Response res(rapidjson::kObjectType);
  res.AddMember("TableDescription", table_description(*created, "ACTIVE", {}, res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
