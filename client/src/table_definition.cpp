// Table definitions: the CreateTable request of a TableSpec (keys, global
// and local indexes), the comparison of a spec with DescribeTable's answer
// (drift), and migrate(), which repairs what UpdateTable can repair.
#include <algorithm>
#include <set>
#include <thread>

#include "dynamo_items/client/errors.h"
#include "dynamo_items/client/marshal.h"
#include "dynamo_items/client/table.h"

namespace dynamo_items::client {

namespace {

rapidjson::Value str(std::string_view s, JsonAllocator& a) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

std::string text_of(const rapidjson::Value& obj, const char* name) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                       : "";
}

const char* projection_type(Projection::Type t) {
  switch (t) {
    case Projection::Type::all: return "ALL";
    case Projection::Type::keys_only: return "KEYS_ONLY";
    case Projection::Type::include: return "INCLUDE";
  }
  return "ALL";
}

rapidjson::Value key_schema(const std::string& pk, const std::optional<std::string>& sk, JsonAllocator& a) {
  rapidjson::Value schema(rapidjson::kArrayType);
  auto add = [&](const std::string& attr, const char* role) {
    rapidjson::Value k(rapidjson::kObjectType);
    k.AddMember("AttributeName", str(attr, a), a);
    k.AddMember("KeyType", rapidjson::StringRef(role), a);
    schema.PushBack(k, a);
  };
  add(pk, "HASH");
  if (sk) add(*sk, "RANGE");
  return schema;
}

// A global index's KeySchema: every HASH attribute, then every RANGE one.
rapidjson::Value index_key_schema(const IndexSpec& index, JsonAllocator& a) {
  rapidjson::Value schema(rapidjson::kArrayType);
  auto add = [&](const std::string& attr, const char* role) {
    rapidjson::Value k(rapidjson::kObjectType);
    k.AddMember("AttributeName", str(attr, a), a);
    k.AddMember("KeyType", rapidjson::StringRef(role), a);
    schema.PushBack(k, a);
  };
  for (const auto& [attr, type] : index.hash_attributes()) add(attr, "HASH");
  for (const auto& [attr, type] : index.range_attributes()) add(attr, "RANGE");
  return schema;
}

std::string index_schema_text(const IndexSpec& index) {
  std::string out;
  for (const auto& [attr, type] : index.hash_attributes())
    out += (out.empty() ? "" : ", ") + attr + ":" + key_type_char(type) + " HASH";
  for (const auto& [attr, type] : index.range_attributes())
    out += ", " + attr + ":" + key_type_char(type) + " RANGE";
  return out;
}

rapidjson::Value projection_of(const Projection& p, JsonAllocator& a) {
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("ProjectionType", rapidjson::StringRef(projection_type(p.type)), a);
  if (p.type == Projection::Type::include) {
    rapidjson::Value names(rapidjson::kArrayType);
    for (const auto& n : p.attributes) names.PushBack(str(n, a), a);
    out.AddMember("NonKeyAttributes", names, a);
  }
  return out;
}

// "pk:S HASH, sk:S RANGE" for a KeySchema, with types from the definitions.
std::string schema_text(const rapidjson::Value& schema, const rapidjson::Value* defs) {
  std::string out;
  if (!schema.IsArray()) return out;
  for (const auto& k : schema.GetArray()) {
    const std::string name = text_of(k, "AttributeName");
    std::string type;
    if (defs != nullptr && defs->IsArray())
      for (const auto& d : defs->GetArray())
        if (text_of(d, "AttributeName") == name) type = text_of(d, "AttributeType");
    out += (out.empty() ? "" : ", ") + name + ":" + type + " " + text_of(k, "KeyType");
  }
  return out;
}

std::string spec_schema_text(const std::string& pk, KeyType pk_type, const std::optional<std::string>& sk,
                             KeyType sk_type) {
  std::string out = pk + ":" + key_type_char(pk_type) + " HASH";
  if (sk) out += ", " + *sk + ":" + key_type_char(sk_type) + " RANGE";
  return out;
}

std::string projection_text(const rapidjson::Value& p) {
  std::string out = text_of(p, "ProjectionType");
  if (out.empty()) out = "ALL";
  auto names = p.IsObject() ? p.FindMember("NonKeyAttributes") : p.MemberEnd();
  if (p.IsObject() && names != p.MemberEnd() && names->value.IsArray()) {
    std::vector<std::string> sorted;
    for (const auto& n : names->value.GetArray())
      if (n.IsString()) sorted.emplace_back(n.GetString());
    std::sort(sorted.begin(), sorted.end());
    for (const auto& n : sorted) out += " " + n;
  }
  return out;
}

std::string projection_text(const Projection& p) {
  std::string out = projection_type(p.type);
  std::vector<std::string> sorted = p.attributes;
  std::sort(sorted.begin(), sorted.end());
  if (p.type == Projection::Type::include)
    for (const auto& n : sorted) out += " " + n;
  return out;
}

rapidjson::Document table_name_request(const std::string& name) {
  rapidjson::Document req(rapidjson::kObjectType);
  req.AddMember("TableName", str(name, req.GetAllocator()), req.GetAllocator());
  return req;
}

const rapidjson::Value* find_described_index(const rapidjson::Value& table, const char* member,
                                              const std::string& name) {
  auto list = table.FindMember(member);
  if (list == table.MemberEnd() || !list->value.IsArray()) return nullptr;
  for (const auto& i : list->value.GetArray())
    if (text_of(i, "IndexName") == name) return &i;
  return nullptr;
}

}  // namespace

std::string TableDrift::describe() const {
  std::string out;
  auto line = [&](const std::string& s) { out += (out.empty() ? "" : "\n") + s; };
  if (table_missing) line("the table does not exist");
  for (const auto& s : key_schema) line("key schema: " + s);
  for (const auto& s : missing_indexes) line("missing index: " + s);
  for (const auto& s : extra_indexes) line("index not in the definition: " + s);
  for (const auto& s : changed_indexes) line("changed index: " + s);
  for (const auto& s : local_indexes) line("local index: " + s);
  if (ttl_differs) line("time to live is not the defined one");
  return out;
}

const IndexSpec* Table::find_index(std::string_view name) const {
  for (const auto& i : spec_.indexes)
    if (i.name == name) return &i;
  return nullptr;
}

void Table::set_ttl_attribute(const std::string& attribute) {
  std::lock_guard lock(mu_);
  if (!spec_.ttl_attribute.empty() && spec_.ttl_attribute != attribute)
    throw std::invalid_argument("table " + spec_.name + " already has the TTL attribute " + spec_.ttl_attribute +
                                "; a table has one");
  spec_.ttl_attribute = attribute;
}

rapidjson::Document Table::create_request() const {
  rapidjson::Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  req.AddMember("TableName", str(spec_.name, a), a);
  rapidjson::Value defs(rapidjson::kArrayType);
  std::set<std::string> defined;
  auto define = [&](const std::string& attr, KeyType type) {
    if (!defined.insert(attr).second) return;
    rapidjson::Value d(rapidjson::kObjectType);
    const char t[2] = {key_type_char(type), 0};
    d.AddMember("AttributeName", str(attr, a), a);
    d.AddMember("AttributeType", str(t, a), a);
    defs.PushBack(d, a);
  };
  define(spec_.partition_key_attribute, spec_.partition_key);
  std::optional<std::string> sk;
  if (spec_.sort_key) {
    define(spec_.sort_key_attribute, *spec_.sort_key);
    sk = spec_.sort_key_attribute;
  }
  rapidjson::Value globals(rapidjson::kArrayType), locals(rapidjson::kArrayType);
  for (const IndexSpec& index : spec_.indexes) {
    rapidjson::Value i(rapidjson::kObjectType);
    i.AddMember("IndexName", str(index.name, a), a);
    if (index.is_local) {
      i.AddMember("KeySchema", key_schema(spec_.partition_key_attribute, index.sort_key_attribute, a), a);
      if (index.sort_key_attribute) define(*index.sort_key_attribute, index.sort_key);
    } else {
      for (const auto& [attr, type] : index.hash_attributes()) define(attr, type);
      for (const auto& [attr, type] : index.range_attributes()) define(attr, type);
      i.AddMember("KeySchema", index_key_schema(index, a), a);
    }
    i.AddMember("Projection", projection_of(index.projection, a), a);
    (index.is_local ? locals : globals).PushBack(i, a);
  }
  req.AddMember("AttributeDefinitions", defs, a);
  req.AddMember("KeySchema", key_schema(spec_.partition_key_attribute, sk, a), a);
  if (!globals.Empty()) req.AddMember("GlobalSecondaryIndexes", globals, a);
  if (!locals.Empty()) req.AddMember("LocalSecondaryIndexes", locals, a);
  req.AddMember("BillingMode", "PAY_PER_REQUEST", a);
  return req;
}

TableDrift Table::compare() const {
  TableDrift drift;
  rapidjson::Document res;
  try {
    res = transport_->execute("DescribeTable", table_name_request(spec_.name));
  } catch (const NotFound&) {
    drift.table_missing = true;
    return drift;
  }
  auto table_it = res.FindMember("Table");
  if (table_it == res.MemberEnd() || !table_it->value.IsObject()) throw ClientError("InvalidResponse", "DescribeTable has no Table");
  const rapidjson::Value& table = table_it->value;
  auto defs_it = table.FindMember("AttributeDefinitions");
  const rapidjson::Value* defs = defs_it != table.MemberEnd() ? &defs_it->value : nullptr;
  auto schema_of = [&](const rapidjson::Value& v) {
    auto k = v.FindMember("KeySchema");
    return k == v.MemberEnd() ? std::string() : schema_text(k->value, defs);
  };
  std::optional<std::string> sk;
  if (spec_.sort_key) sk = spec_.sort_key_attribute;
  const std::string want = spec_schema_text(spec_.partition_key_attribute, spec_.partition_key, sk,
                                            spec_.sort_key.value_or(KeyType::S));
  if (const std::string have = schema_of(table); have != want)
    drift.key_schema.push_back("(" + have + "), defined (" + want + ")");

  std::set<std::string> defined_globals;
  for (const IndexSpec& index : spec_.indexes) {
    const std::string want_keys =
        index.is_local ? spec_schema_text(spec_.partition_key_attribute, spec_.partition_key, index.sort_key_attribute,
                                       index.sort_key)
                    : index_schema_text(index);
    const std::string want_index = want_keys + " " + projection_text(index.projection);
    const rapidjson::Value* found =
        find_described_index(table, index.is_local ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes", index.name);
    if (!index.is_local) defined_globals.insert(index.name);
    if (found == nullptr) {
      (index.is_local ? drift.local_indexes : drift.missing_indexes).push_back(index.name + " (" + want_index + ")");
      continue;
    }
    auto p = found->FindMember("Projection");
    const std::string have_index =
        schema_of(*found) + " " + (p == found->MemberEnd() ? std::string("ALL") : projection_text(p->value));
    if (have_index != want_index)
      (index.is_local ? drift.local_indexes : drift.changed_indexes)
          .push_back(index.name + ": (" + have_index + "), defined (" + want_index + ")");
  }
  for (const char* member : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    auto list = table.FindMember(member);
    if (list == table.MemberEnd() || !list->value.IsArray()) continue;
    for (const auto& i : list->value.GetArray()) {
      const std::string name = text_of(i, "IndexName");
      const bool global = std::string_view(member) == "GlobalSecondaryIndexes";
      if (global && !defined_globals.count(name)) drift.extra_indexes.push_back(name);
      if (!global && find_index(name) == nullptr) drift.local_indexes.push_back(name + " is not in the definition");
    }
  }
  if (!spec_.ttl_attribute.empty()) {
    rapidjson::Document ttl = transport_->execute("DescribeTimeToLive", table_name_request(spec_.name));
    auto d = ttl.FindMember("TimeToLiveDescription");
    const bool on = d != ttl.MemberEnd() && text_of(d->value, "TimeToLiveStatus") == "ENABLED" &&
                    text_of(d->value, "AttributeName") == spec_.ttl_attribute;
    drift.ttl_differs = !on;
  }
  return drift;
}

// Polls DescribeTable until `ready` holds for the table; returns its status.
std::string Table::wait_for_table(const std::function<bool(const rapidjson::Value&)>& ready,
                                  std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    rapidjson::Document res = transport_->execute("DescribeTable", table_name_request(spec_.name));
    auto t = res.FindMember("Table");
    if (t != res.MemberEnd() && t->value.IsObject() && ready(t->value)) return text_of(t->value, "TableStatus");
    if (std::chrono::steady_clock::now() > deadline)
      throw ClientError("Timeout", "table " + spec_.name + " did not reach the expected state in time");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

TableDrift Table::migrate(const MigrateOptions& options) {
  const TableDrift drift = compare();
  if (drift.table_missing) {
    create(options.timeout);
    return drift;
  }
  if (!drift.key_schema.empty() || !drift.local_indexes.empty())
    throw ClientError("TableMismatch", "table " + spec_.name + " differs in what only recreating it can change:\n" +
                                           drift.describe());
  auto active = [](const rapidjson::Value& t) {
    if (text_of(t, "TableStatus") != "ACTIVE") return false;
    auto list = t.FindMember("GlobalSecondaryIndexes");
    if (list == t.MemberEnd() || !list->value.IsArray()) return true;
    for (const auto& i : list->value.GetArray())
      if (text_of(i, "IndexStatus") != "ACTIVE") return false;
    return true;
  };
  auto index_update = [&](const char* action, const IndexSpec* index, const std::string& name) {
    rapidjson::Document req = table_name_request(spec_.name);
    auto& a = req.GetAllocator();
    rapidjson::Value body(rapidjson::kObjectType);
    body.AddMember("IndexName", str(name, a), a);
    if (index != nullptr) {
      body.AddMember("KeySchema", index_key_schema(*index, a), a);
      body.AddMember("Projection", projection_of(index->projection, a), a);
      rapidjson::Value defs(rapidjson::kArrayType);
      std::set<std::string> defined;
      auto define = [&](const std::string& attr, KeyType type) {
        if (!defined.insert(attr).second) return;
        rapidjson::Value d(rapidjson::kObjectType);
        const char t[2] = {key_type_char(type), 0};
        d.AddMember("AttributeName", str(attr, a), a);
        d.AddMember("AttributeType", str(t, a), a);
        defs.PushBack(d, a);
      };
      for (const auto& [attr, type] : index->hash_attributes()) define(attr, type);
      for (const auto& [attr, type] : index->range_attributes()) define(attr, type);
      req.AddMember("AttributeDefinitions", defs, a);
    }
    rapidjson::Value update(rapidjson::kObjectType), updates(rapidjson::kArrayType);
    update.AddMember(rapidjson::StringRef(action), body, a);
    updates.PushBack(update, a);
    req.AddMember("GlobalSecondaryIndexUpdates", updates, a);
    transport_->execute("UpdateTable", std::move(req));
    wait_for_table(active, options.timeout);
  };
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find_first_of(" :")); };
  if (options.delete_extra_indexes)
    for (const auto& name : drift.extra_indexes) index_update("Delete", nullptr, name);
  if (!drift.changed_indexes.empty() && !options.rebuild_changed_indexes)
    throw ClientError("TableMismatch", "table " + spec_.name +
                                           " has indexes that differ from the definition (MigrateOptions::"
                                           "rebuild_changed_indexes drops and recreates them):\n" + drift.describe());
  for (const auto& entry : drift.changed_indexes) {
    const std::string name = name_of(entry);
    index_update("Delete", nullptr, name);
    index_update("Create", find_index(name), name);
  }
  for (const auto& entry : drift.missing_indexes) {
    const std::string name = name_of(entry);
    index_update("Create", find_index(name), name);
  }
  if (drift.ttl_differs) enable_ttl();
  return drift;
}

void Table::enable_ttl() {
  rapidjson::Document req = table_name_request(spec_.name);
  auto& a = req.GetAllocator();
  rapidjson::Value spec(rapidjson::kObjectType);
  spec.AddMember("Enabled", true, a);
  spec.AddMember("AttributeName", str(spec_.ttl_attribute, a), a);
  req.AddMember("TimeToLiveSpecification", spec, a);
  transport_->execute("UpdateTimeToLive", std::move(req));
}

}  // namespace dynamo_items::client
