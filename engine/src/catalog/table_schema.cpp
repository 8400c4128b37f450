#include "catalog/table_schema.h"

#include <algorithm>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/error.h"

namespace dynamo_items::catalog {

std::optional<AttrType> key_type_from_name(std::string_view name) {
  if (name == "S") return AttrType::S;
  if (name == "N") return AttrType::N;
  if (name == "B") return AttrType::B;
  return std::nullopt;
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_key(Writer& w, const char* field, const KeyAttribute& k) {
  w.Key(field);
  w.StartObject();
  w.Key("name");
  w.String(k.name.c_str(), static_cast<rapidjson::SizeType>(k.name.size()));
  w.Key("type");
  w.String(std::string(attr_type_name(k.type)).c_str());
  w.EndObject();
}

KeyAttribute read_key(const rapidjson::Value& v) {
  KeyAttribute k;
  k.name = v["name"].GetString();
  k.type = key_type_from_name(v["type"].GetString()).value_or(AttrType::S);
  return k;
}

void write_more_keys(Writer& w, const char* field, const std::vector<KeyAttribute>& keys) {
  if (keys.size() < 2) return;
  w.Key(field);
  w.StartArray();
  for (std::size_t i = 1; i < keys.size(); ++i) {
    w.StartObject();
    w.Key("name");
    w.String(keys[i].name.c_str(), static_cast<rapidjson::SizeType>(keys[i].name.size()));
    w.Key("type");
    w.String(std::string(attr_type_name(keys[i].type)).c_str());
    w.EndObject();
  }
  w.EndArray();
}

void read_more_keys(const rapidjson::Value& v, const char* field, std::vector<KeyAttribute>& keys) {
  if (!v.HasMember(field)) return;
  for (const auto& k : v[field].GetArray()) keys.push_back(read_key(k));
}

}  // namespace

std::string serialize_schema(const TableSchema& s) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("name");
  w.String(s.name.c_str());
  w.Key("id");
  w.Uint64(s.id);
  write_key(w, "hash", s.hash);
  if (s.range) write_key(w, "range", *s.range);
  w.Key("attributes");
  w.StartArray();
  for (const auto& a : s.attribute_definitions) {
    w.StartObject();
    w.Key("name");
    w.String(a.name.c_str());
    w.Key("type");
    w.String(std::string(attr_type_name(a.type)).c_str());
    w.EndObject();
  }
  w.EndArray();
  w.Key("billing");
  w.String(s.billing_mode.c_str());
  w.Key("rcu");
  w.Int64(s.read_capacity);
  w.Key("wcu");
  w.Int64(s.write_capacity);
  w.Key("created");
  w.Double(s.creation_time);
  w.Key("uuid");
  w.String(s.table_uuid.c_str());
  w.Key("ttl");
  w.String(s.ttl_attribute.c_str());
  if (s.stream_no != 0) {
    w.Key("stream");
    w.StartObject();
    w.Key("enabled");
    w.Bool(s.stream_enabled);
    w.Key("view");
    w.String(s.stream_view_type.c_str());
    w.Key("label");
    w.String(s.stream_label.c_str());
    w.Key("no");
    w.Uint64(s.stream_no);
    w.Key("created");
    w.Double(s.stream_created);
    w.EndObject();
  }
  w.Key("insights");
  w.StartArray();
  for (const auto& name : s.contributor_insights) w.String(name.c_str());
  w.EndArray();
  w.Key("settings");
  w.StartObject();
  w.Key("protect");
  w.Bool(s.deletion_protection);
  w.Key("class");
  w.String(s.table_class.c_str());
  w.Key("class_at");
  w.Double(s.table_class_updated);
  w.Key("sse");
  w.Bool(s.sse_enabled);
  w.Key("kms");
  w.String(s.sse_kms_key.c_str());
  w.Key("max_rru");
  w.Int64(s.max_read_request_units);
  w.Key("max_wru");
  w.Int64(s.max_write_request_units);
  w.EndObject();
  if (s.pitr_enabled) {
    w.Key("pitr");
    w.StartObject();
    w.Key("days");
    w.Int(s.pitr_recovery_days);
    w.Key("since");
    w.Double(s.pitr_enabled_time);
    w.EndObject();
  }
  if (s.restored_from) {
    w.Key("restore");
    w.StartObject();
    w.Key("table");
    w.String(s.restored_from->table.c_str(), static_cast<rapidjson::SizeType>(s.restored_from->table.size()));
    w.Key("backup");
    w.String(s.restored_from->backup.c_str(), static_cast<rapidjson::SizeType>(s.restored_from->backup.size()));
    w.Key("time");
    w.Double(s.restored_from->time);
    w.EndObject();
  }
  w.Key("tags");
  w.StartObject();
  for (const auto& [k, v] : s.tags) {
    w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  w.Key("next_ix");
  w.Uint(s.next_index_no);
  w.Key("indexes");
  w.StartArray();
  for (const auto& ix : s.indexes) {
    w.StartObject();
    w.Key("name");
    w.String(ix.name.c_str());
    w.Key("no");
    w.Uint(ix.index_no);
    w.Key("global");
    w.Bool(ix.global);
    // The first HASH and RANGE attributes keep the fields every earlier
    // catalog has; further ones follow in "more_hash" / "more_range", so a
    // catalog written before multi-attribute keys reads unchanged.
    write_key(w, "hash", ix.hash_keys.front());
    if (!ix.range_keys.empty()) write_key(w, "range", ix.range_keys.front());
    write_more_keys(w, "more_hash", ix.hash_keys);
    write_more_keys(w, "more_range", ix.range_keys);
    w.Key("projection");
    w.String(ix.projection.type.c_str());
    w.Key("include");
    w.StartArray();
    for (const auto& a : ix.projection.non_key_attributes) w.String(a.c_str());
    w.EndArray();
    w.Key("rcu");
    w.Int64(ix.read_capacity);
    w.Key("wcu");
    w.Int64(ix.write_capacity);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

TableSchema parse_schema(std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError() || !d.IsObject()) throw Error::internal("corrupt catalog entry");
  TableSchema s;
  s.name = d["name"].GetString();
  s.id = d["id"].GetUint64();
  s.hash = read_key(d["hash"]);
  if (d.HasMember("range")) s.range = read_key(d["range"]);
  for (const auto& a : d["attributes"].GetArray()) s.attribute_definitions.push_back(read_key(a));
  s.billing_mode = d["billing"].GetString();
  s.read_capacity = d["rcu"].GetInt64();
  s.write_capacity = d["wcu"].GetInt64();
  s.creation_time = d["created"].GetDouble();
  if (d.HasMember("uuid")) s.table_uuid = d["uuid"].GetString();
  if (d.HasMember("ttl")) s.ttl_attribute = d["ttl"].GetString();
  if (d.HasMember("stream")) {
    const auto& st = d["stream"];
    s.stream_enabled = st["enabled"].GetBool();
    s.stream_view_type = st["view"].GetString();
    s.stream_label = st["label"].GetString();
    s.stream_no = st["no"].GetUint64();
    s.stream_created = st["created"].GetDouble();
  }
  if (d.HasMember("insights")) {
    for (const auto& v : d["insights"].GetArray()) s.contributor_insights.emplace_back(v.GetString());
  }
  if (d.HasMember("settings")) {
    const auto& st = d["settings"];
    s.deletion_protection = st["protect"].GetBool();
    s.table_class = st["class"].GetString();
    s.table_class_updated = st["class_at"].GetDouble();
    s.sse_enabled = st["sse"].GetBool();
    s.sse_kms_key = st["kms"].GetString();
    s.max_read_request_units = st["max_rru"].GetInt64();
    s.max_write_request_units = st["max_wru"].GetInt64();
  }
  if (d.HasMember("pitr")) {
    s.pitr_enabled = true;
    s.pitr_recovery_days = d["pitr"]["days"].GetInt();
    s.pitr_enabled_time = d["pitr"]["since"].GetDouble();
  }
  if (d.HasMember("restore")) {
    const auto& r = d["restore"];
    s.restored_from = TableSchema::RestoreSource{r["table"].GetString(), r["backup"].GetString(), r["time"].GetDouble()};
  }
  if (d.HasMember("tags")) {
    for (const auto& [k, v] : d["tags"].GetObject()) s.tags.emplace_back(k.GetString(), v.GetString());
  }
  if (d.HasMember("next_ix")) s.next_index_no = static_cast<std::uint8_t>(d["next_ix"].GetUint());
  for (const auto& v : d["indexes"].GetArray()) {
    IndexSchema ix;
    ix.name = v["name"].GetString();
    ix.index_no = static_cast<std::uint8_t>(v["no"].GetUint());
    ix.global = v["global"].GetBool();
    ix.hash_keys.push_back(read_key(v["hash"]));
    if (v.HasMember("range")) ix.range_keys.push_back(read_key(v["range"]));
    read_more_keys(v, "more_hash", ix.hash_keys);
    read_more_keys(v, "more_range", ix.range_keys);
    ix.projection.type = v["projection"].GetString();
    for (const auto& a : v["include"].GetArray()) ix.projection.non_key_attributes.emplace_back(a.GetString());
    ix.read_capacity = v["rcu"].GetInt64();
    ix.write_capacity = v["wcu"].GetInt64();
    s.next_index_no = std::max<std::uint8_t>(s.next_index_no, ix.index_no + 1);
    s.indexes.push_back(std::move(ix));
  }
  return s;
}

}  // namespace dynamo_items::catalog
