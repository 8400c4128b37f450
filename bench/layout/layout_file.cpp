// Layout file parsing and validation; the format is in README.md. Every
// object rejects members it does not know, so a typo is an error rather than
// a silently ignored setting, and every error names the member's path.
#include "layout/layout_file.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>

namespace dynamo_items::layout_bench {

const AttributeSpec* ItemTypeSpec::attribute(std::string_view wanted) const {
  for (const auto& a : attributes) {
    if (a.name == wanted) return &a;
  }
  return nullptr;
}

const IndexKeys* ItemTypeSpec::keys_for_index(std::size_t index) const {
  for (const auto& k : index_keys) {
    if (k.index == index) return &k;
  }
  return nullptr;
}

std::string_view op_name(Op op) {
  switch (op) {
    case Op::kGet:
      return "get";
    case Op::kQuery:
      return "query";
    case Op::kPut:
      return "put";
    case Op::kUpdate:
      return "update";
  }
  return "?";
}

namespace {

using Json = rapidjson::Value;

struct LayoutError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw LayoutError(path + ": " + what);
}

// A JSON object being read, with the path used in error messages.
class Obj {
 public:
  Obj(const Json& v, std::string path) : v_(v), path_(std::move(path)) {
    if (!v.IsObject()) fail(path_, "expected an object");
  }

  const std::string& path() const { return path_; }
  std::string at(std::string_view member) const { return path_ + "." + std::string(member); }
  const Json* find(const char* member) const {
    auto it = v_.FindMember(member);
    return it == v_.MemberEnd() ? nullptr : &it->value;
  }
  const Json& require(const char* member) const {
    const Json* v = find(member);
    if (v == nullptr) fail(at(member), "missing");
    return *v;
  }
  void only(std::initializer_list<std::string_view> allowed) const {
    for (auto it = v_.MemberBegin(); it != v_.MemberEnd(); ++it) {
      std::string_view name(it->name.GetString(), it->name.GetStringLength());
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(at(name), "unknown member (expected one of: " + list + ")");
      }
    }
  }

  std::string str(const char* member) const { return as_string(require(member), at(member)); }
  std::string str_or(const char* member, std::string fallback) const {
    const Json* v = find(member);
    return v == nullptr ? fallback : as_string(*v, at(member));
  }
  std::int64_t int_or(const char* member, std::int64_t fallback) const {
    const Json* v = find(member);
    if (v == nullptr) return fallback;
    if (!v->IsInt64()) fail(at(member), "expected an integer");
    return v->GetInt64();
  }
  double number_or(const char* member, double fallback) const {
    const Json* v = find(member);
    if (v == nullptr) return fallback;
    if (!v->IsNumber()) fail(at(member), "expected a number");
    return v->GetDouble();
  }
  bool bool_or(const char* member, bool fallback) const {
    const Json* v = find(member);
    if (v == nullptr) return fallback;
    if (!v->IsBool()) fail(at(member), "expected true or false");
    return v->GetBool();
  }
  const Json& array(const char* member) const {
    const Json& v = require(member);
    if (!v.IsArray()) fail(at(member), "expected an array");
    return v;
  }

  static std::string as_string(const Json& v, const std::string& path) {
    if (!v.IsString()) fail(path, "expected a string");
    return {v.GetString(), v.GetStringLength()};
  }

 private:
  const Json& v_;
  std::string path_;
};

std::string index_path(const std::string& path, rapidjson::SizeType i) {
  return path + "[" + std::to_string(i) + "]";
}

bool is_number_text(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(std::strtod(s.c_str(), nullptr));
}

KeyAttribute parse_key_attribute(const Obj& o) {
  o.only({"name", "type"});
  KeyAttribute k;
  k.name = o.str("name");
  if (k.name.empty()) fail(o.at("name"), "must not be empty");
  const std::string type = o.str_or("type", "S");
  if (type == "S") {
    k.type = KeyType::kString;
  } else if (type == "N") {
    k.type = KeyType::kNumber;
  } else {
    fail(o.at("type"), "expected \"S\" or \"N\" (binary keys are not supported by the benchmark)");
  }
  return k;
}

IndexSpec parse_index(const Obj& o, const TableSpec& table) {
  o.only({"name", "partition_key", "sort_key", "projection"});
  IndexSpec ix;
  ix.name = o.str("name");
  if (ix.name.size() < 3) fail(o.at("name"), "an index name has at least 3 characters");
  ix.partition_key = parse_key_attribute(Obj(o.require("partition_key"), o.at("partition_key")));
  if (const Json* sk = o.find("sort_key")) ix.sort_key = parse_key_attribute(Obj(*sk, o.at("sort_key")));
  for (const auto* k : {&ix.partition_key, ix.sort_key ? &*ix.sort_key : nullptr}) {
    if (k == nullptr) continue;
    const KeyAttribute* same = k->name == table.partition_key.name                 ? &table.partition_key
                               : table.sort_key && k->name == table.sort_key->name ? &*table.sort_key
                                                                                   : nullptr;
    if (same != nullptr && same->type != k->type) fail(o.path(), k->name + " has another type in the table");
  }
  const Json* projection = o.find("projection");
  if (projection == nullptr ||
      (projection->IsString() && std::string_view(projection->GetString()) == "ALL")) {
    ix.projection = Projection::kAll;
  } else if (projection->IsString() && std::string_view(projection->GetString()) == "KEYS_ONLY") {
    ix.projection = Projection::kKeysOnly;
  } else if (projection->IsObject()) {
    Obj p(*projection, o.at("projection"));
    p.only({"include"});
    ix.projection = Projection::kInclude;
    const Json& include = p.array("include");
    for (rapidjson::SizeType i = 0; i < include.Size(); ++i) {
      ix.non_key_attributes.push_back(Obj::as_string(include[i], index_path(p.at("include"), i)));
    }
    if (ix.non_key_attributes.empty()) fail(p.at("include"), "at least one attribute");
  } else {
    fail(o.at("projection"), "expected \"ALL\", \"KEYS_ONLY\" or {\"include\": [...]}");
  }
  return ix;
}

TableSpec parse_table(const Obj& o) {
  o.only({"name", "partition_key", "sort_key", "billing", "read_capacity", "write_capacity", "indexes"});
  TableSpec t;
  t.name = o.str("name");
  if (t.name.size() < 3) fail(o.at("name"), "a table name has at least 3 characters");
  t.partition_key = parse_key_attribute(Obj(o.require("partition_key"), o.at("partition_key")));
  if (const Json* sk = o.find("sort_key")) t.sort_key = parse_key_attribute(Obj(*sk, o.at("sort_key")));
  if (t.sort_key && t.sort_key->name == t.partition_key.name)
    fail(o.at("sort_key"), "same name as the partition key");
  t.billing_mode = o.str_or("billing", "PAY_PER_REQUEST");
  if (t.billing_mode == "PROVISIONED") {
    t.read_capacity = o.int_or("read_capacity", 0);
    t.write_capacity = o.int_or("write_capacity", 0);
    if (t.read_capacity < 1 || t.write_capacity < 1) {
      fail(o.path(), "PROVISIONED needs read_capacity and write_capacity of at least 1");
    }
  } else if (t.billing_mode != "PAY_PER_REQUEST") {
    fail(o.at("billing"), "expected \"PAY_PER_REQUEST\" or \"PROVISIONED\"");
  }
  if (o.find("indexes") != nullptr) {
    const Json& indexes = o.array("indexes");
    for (rapidjson::SizeType i = 0; i < indexes.Size(); ++i) {
      const std::string path = index_path(o.at("indexes"), i);
      t.indexes.push_back(parse_index(Obj(indexes[i], path), t));
      for (std::size_t j = 0; j + 1 < t.indexes.size(); ++j) {
        if (t.indexes[j].name == t.indexes.back().name) fail(path, "duplicate index name");
      }
    }
  }
  return t;
}

AttributeSpec parse_attribute(std::string name, const Obj& o) {
  o.only({"type", "per", "size", "width", "max", "interval_seconds", "values"});
  AttributeSpec a;
  a.name = std::move(name);
  const std::string type = o.str("type");
  if (type == "uuid") {
    a.generator = Generator::kUuid;
  } else if (type == "timestamp") {
    a.generator = Generator::kTimestamp;
  } else if (type == "sequence") {
    a.generator = Generator::kSequence;
  } else if (type == "string") {
    a.generator = Generator::kString;
  } else if (type == "number") {
    a.generator = Generator::kNumber;
  } else if (type == "enum") {
    a.generator = Generator::kEnum;
  } else if (type == "bool") {
    a.generator = Generator::kBool;
  } else {
    fail(o.at("type"), "expected uuid, timestamp, sequence, string, number, enum or bool");
  }
  const std::string per = o.str_or("per", "item");
  if (per == "partition") {
    a.scope = Scope::kPartition;
  } else if (per != "item") {
    fail(o.at("per"), "expected \"partition\" or \"item\"");
  }
  const std::int64_t size = o.int_or("size", 16);
  if (size < 1 || size > 300 * 1024) fail(o.at("size"), "expected 1 to 307200 bytes");
  a.size = static_cast<std::size_t>(size);
  const std::int64_t width = o.int_or("width", 8);
  if (width < 1 || width > 18) fail(o.at("width"), "expected 1 to 18 digits");
  a.width = static_cast<int>(width);
  a.max = o.int_or("max", 0);
  if (a.max < 0) fail(o.at("max"), "must not be negative");
  a.interval_seconds = o.int_or("interval_seconds", 60);
  if (a.interval_seconds < 1) fail(o.at("interval_seconds"), "at least 1");
  if (const Json* values = o.find("values")) {
    if (!values->IsArray() || values->Empty()) fail(o.at("values"), "expected a non-empty array of strings");
    for (rapidjson::SizeType i = 0; i < values->Size(); ++i) {
      a.values.push_back(Obj::as_string((*values)[i], index_path(o.at("values"), i)));
    }
  }
  if (a.generator == Generator::kEnum && a.values.empty()) fail(o.path(), "an enum needs \"values\"");
  return a;
}

KeyTemplate parse_key_template(const Obj& o, const ItemTypeSpec& type, const KeyAttribute& key) {
  o.only({"prefix", "attribute", "value"});
  KeyTemplate t;
  t.prefix = o.str_or("prefix", "");
  t.attribute = o.str_or("attribute", "");
  t.constant = o.str_or("value", "");
  if (t.attribute.empty() == t.constant.empty())
    fail(o.path(), "give exactly one of \"attribute\" and \"value\"");
  if (!t.constant.empty() && !t.prefix.empty()) fail(o.at("prefix"), "a constant \"value\" takes no prefix");
  if (!t.attribute.empty()) {
    const AttributeSpec* a = type.attribute(t.attribute);
    if (a == nullptr)
      fail(o.at("attribute"), "no attribute \"" + t.attribute + "\" in item type " + type.name);
    if (key.type == KeyType::kNumber) {
      if (!t.prefix.empty()) fail(o.at("prefix"), "a number key (" + key.name + ") takes no prefix");
      if (a->generator != Generator::kSequence && a->generator != Generator::kNumber) {
        fail(o.at("attribute"), "a number key needs a sequence or number attribute");
      }
    }
  } else if (key.type == KeyType::kNumber && !is_number_text(t.constant)) {
    fail(o.at("value"), "a number key needs a number");
  }
  return t;
}

std::size_t find_table(const std::vector<TableSpec>& tables, const std::string& name,
                       const std::string& path) {
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (tables[i].name == name) return i;
  }
  fail(path, "no table \"" + name + "\"");
}

std::size_t find_item_type(const std::vector<ItemTypeSpec>& types, const std::string& name,
                           const std::string& path) {
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i].name == name) return i;
  }
  fail(path, "no item type \"" + name + "\"");
}

ItemTypeSpec parse_item_type(const Obj& o, const std::vector<TableSpec>& tables) {
  o.only({"name", "table", "partition_key", "sort_key", "index_keys", "attributes", "padding_attribute"});
  ItemTypeSpec t;
  t.name = o.str("name");
  t.table = find_table(tables, o.str("table"), o.at("table"));
  const TableSpec& table = tables[t.table];
  Obj attrs(o.require("attributes"), o.at("attributes"));
  for (auto it = o.require("attributes").MemberBegin(); it != o.require("attributes").MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    t.attributes.push_back(parse_attribute(name, Obj(it->value, attrs.at(name))));
  }
  t.padding_attribute = o.str_or("padding_attribute", "data");
  if (t.attribute(t.padding_attribute) != nullptr) {
    fail(o.at("padding_attribute"), "\"" + t.padding_attribute + "\" is also a declared attribute");
  }
  t.partition_key =
      parse_key_template(Obj(o.require("partition_key"), o.at("partition_key")), t, table.partition_key);
  const Json* sk = o.find("sort_key");
  if (table.sort_key && sk == nullptr)
    fail(o.at("sort_key"), "missing (table " + table.name + " has a sort key)");
  if (!table.sort_key && sk != nullptr) fail(o.at("sort_key"), "table " + table.name + " has no sort key");
  if (sk != nullptr) t.sort_key = parse_key_template(Obj(*sk, o.at("sort_key")), t, *table.sort_key);
  if (const Json* index_keys = o.find("index_keys")) {
    Obj keys(*index_keys, o.at("index_keys"));
    for (auto it = index_keys->MemberBegin(); it != index_keys->MemberEnd(); ++it) {
      const std::string name(it->name.GetString(), it->name.GetStringLength());
      Obj k(it->value, keys.at(name));
      k.only({"partition_key", "sort_key"});
      IndexKeys ik;
      ik.index = table.indexes.size();
      for (std::size_t i = 0; i < table.indexes.size(); ++i) {
        if (table.indexes[i].name == name) ik.index = i;
      }
      if (ik.index == table.indexes.size())
        fail(keys.at(name), "table " + table.name + " has no index " + name);
      const IndexSpec& ix = table.indexes[ik.index];
      // An index key that is also a table key (an inverted index: pk and sk
      // swapped) takes the table key's template.
      auto index_key = [&](const KeyAttribute& key, const char* member) -> KeyTemplate {
        const Json* given = k.find(member);
        const KeyTemplate* table_template = key.name == table.partition_key.name ? &t.partition_key
                                            : table.sort_key && key.name == table.sort_key->name
                                                ? &*t.sort_key
                                                : nullptr;
        if (table_template != nullptr) {
          if (given != nullptr)
            fail(k.at(member), key.name + " is a table key; its value comes from the table's template");
          return *table_template;
        }
        if (given == nullptr) fail(k.at(member), "missing");
        return parse_key_template(Obj(*given, k.at(member)), t, key);
      };
      ik.partition_key = index_key(ix.partition_key, "partition_key");
      if (!ix.sort_key && k.find("sort_key") != nullptr)
        fail(k.at("sort_key"), "index " + name + " has no sort key");
      if (ix.sort_key) ik.sort_key = index_key(*ix.sort_key, "sort_key");
      t.index_keys.push_back(std::move(ik));
    }
  }
  for (const auto& a : t.attributes) {
    auto feeds = [&](const KeyAttribute& key, const KeyTemplate& tmpl) {
      return a.name == key.name && a.name != tmpl.attribute;
    };
    bool clash = feeds(table.partition_key, t.partition_key) ||
                 (table.sort_key && feeds(*table.sort_key, *t.sort_key));
    for (const auto& ik : t.index_keys) {
      const IndexSpec& ix = table.indexes[ik.index];
      clash = clash || feeds(ix.partition_key, ik.partition_key) ||
              (ix.sort_key && feeds(*ix.sort_key, *ik.sort_key));
    }
    if (clash)
      fail(attrs.at(a.name),
           "is a key attribute of table " + table.name + "; its value comes from a key template");
  }
  return t;
}

void parse_volume(const Obj& o, Layout& layout) {
  o.only({"partitions", "skew", "items"});
  layout.partitions = o.int_or("partitions", 0);
  if (layout.partitions < 1) fail(o.at("partitions"), "expected a positive integer");
  if (const Json* skew = o.find("skew")) {
    Obj s(*skew, o.at("skew"));
    s.only({"distribution", "exponent"});
    const std::string kind = s.str("distribution");
    if (kind == "uniform") {
      layout.skew.kind = SkewKind::kUniform;
    } else if (kind == "zipf") {
      layout.skew.kind = SkewKind::kZipf;
      layout.skew.exponent = s.number_or("exponent", 1.0);
      if (!(layout.skew.exponent > 0.0 && layout.skew.exponent <= 10.0)) {
        fail(s.at("exponent"), "expected a number in (0, 10]");
      }
    } else {
      fail(s.at("distribution"), "expected \"uniform\" or \"zipf\"");
    }
  }
  Obj items(o.require("items"), o.at("items"));
  for (auto it = o.require("items").MemberBegin(); it != o.require("items").MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    ItemTypeSpec& type = layout.item_types[find_item_type(layout.item_types, name, items.at(name))];
    Obj v(it->value, items.at(name));
    v.only({"per_partition", "item_size"});
    type.per_partition = v.int_or("per_partition", 1);
    if (type.per_partition < 1) fail(v.at("per_partition"), "expected a positive integer");
    const std::int64_t size = v.int_or("item_size", 0);
    if (size < 0 || size > 400 * 1024) fail(v.at("item_size"), "expected 0 to 409600 bytes");
    type.item_size = static_cast<std::size_t>(size);
  }
  for (const auto& type : layout.item_types) {
    if (type.per_partition <= 1) continue;
    auto item_scoped = [&](const std::optional<KeyTemplate>& k) {
      if (!k || k->attribute.empty()) return false;
      return type.attribute(k->attribute)->scope == Scope::kItem;
    };
    if (!item_scoped(type.partition_key) && !item_scoped(type.sort_key)) {
      fail(items.at(type.name),
           "item type " + type.name + " has " + std::to_string(type.per_partition) +
               " items per partition, but no key part differs between them (key it by an "
               "attribute with \"per\": \"item\")");
    }
  }
}

void parse_query(const Obj& o, const Layout& layout, RequestSpec& r) {
  const ItemTypeSpec& type = layout.item_types[r.item_type];
  const TableSpec& table = layout.tables[type.table];
  // The key space the query reads: the table, or one of its indexes.
  std::string where = "table " + table.name;
  const KeyAttribute* sk_attribute = table.sort_key ? &*table.sort_key : nullptr;
  const KeyTemplate* sk_template = type.sort_key ? &*type.sort_key : nullptr;
  if (o.find("index") != nullptr) {
    const std::string name = o.str("index");
    for (std::size_t i = 0; i < table.indexes.size(); ++i) {
      if (table.indexes[i].name == name) r.index = i;
    }
    if (!r.index) fail(o.at("index"), "table " + table.name + " has no index " + name);
    const IndexKeys* keys = type.keys_for_index(*r.index);
    if (keys == nullptr)
      fail(o.at("index"), "item type " + type.name + " declares no index_keys for " + name);
    if (r.consistent) fail(o.at("consistent"), "global secondary indexes do not support consistent reads");
    where = "index " + name;
    const IndexSpec& ix = table.indexes[*r.index];
    sk_attribute = ix.sort_key ? &*ix.sort_key : nullptr;
    sk_template = keys->sort_key ? &*keys->sort_key : nullptr;
  }
  r.forward = o.bool_or("forward", true);
  if (const Json* limit = o.find("limit")) {
    if (!limit->IsInt64() || limit->GetInt64() < 1) fail(o.at("limit"), "expected a positive integer");
    r.limit = limit->GetInt64();
  }
  const Json* sk = o.find("sort_key");
  if (sk == nullptr) return;
  const std::string path = o.at("sort_key");
  if (sk_attribute == nullptr) fail(path, where + " has no sort key");
  const bool numeric = sk_attribute->type == KeyType::kNumber;
  auto literal = [&](const Json& v, const std::string& p) {
    std::string s = Obj::as_string(v, p);
    if (numeric && !is_number_text(s)) fail(p, "the sort key is a number");
    return s;
  };
  if (sk->IsString() && std::string_view(sk->GetString()) == "item_type") {
    // Every item of this type in the collection: begins_with its key prefix.
    if (numeric) fail(path, "begins_with needs a string sort key");
    r.condition = SortCondition::kBeginsWith;
    r.operand = sk_template->attribute.empty() ? sk_template->constant : sk_template->prefix;
    if (r.operand.empty()) fail(path, "item type " + type.name + " has no sort-key prefix to match");
    return;
  }
  Obj c(*sk, path);
  c.only({"range", "begins_with", "between", "<", "<=", ">", ">="});
  if (sk->MemberCount() != 1) fail(path, "give exactly one condition");
  const auto& m = *sk->MemberBegin();
  const std::string op(m.name.GetString(), m.name.GetStringLength());
  const std::string p = c.at(op);
  if (op == "range") {
    r.condition = SortCondition::kRange;
    if (!m.value.IsInt64() || m.value.GetInt64() < 1) fail(p, "expected a positive number of items");
    r.range_items = m.value.GetInt64();
    if (sk_template->attribute.empty() || !type.attribute(sk_template->attribute)->ordered()) {
      fail(p, "needs a sort key made from a timestamp or sequence attribute (item type " + type.name + ")");
    }
    if (r.range_items > type.per_partition) {
      fail(p,
           "wider than the " + std::to_string(type.per_partition) + " items per partition of " + type.name);
    }
  } else if (op == "begins_with") {
    if (numeric) fail(p, "begins_with needs a string sort key");
    r.condition = SortCondition::kBeginsWith;
    r.operand = literal(m.value, p);
  } else if (op == "between") {
    if (!m.value.IsArray() || m.value.Size() != 2) fail(p, "expected [low, high]");
    r.condition = SortCondition::kBetween;
    r.operand = literal(m.value[0], index_path(p, 0));
    r.operand2 = literal(m.value[1], index_path(p, 1));
  } else {
    r.condition = op == "<"    ? SortCondition::kLess
                  : op == "<=" ? SortCondition::kLessEqual
                  : op == ">"  ? SortCondition::kGreater
                               : SortCondition::kGreaterEqual;
    r.operand = literal(m.value, p);
  }
}

void parse_update(const Obj& o, const Layout& layout, RequestSpec& r) {
  const ItemTypeSpec& type = layout.item_types[r.item_type];
  const TableSpec& table = layout.tables[type.table];
  auto names = [&](const char* member) {
    std::vector<std::string> out;
    const Json* v = o.find(member);
    if (v == nullptr) return out;
    if (!v->IsArray()) fail(o.at(member), "expected an array of attribute names");
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      const std::string p = index_path(o.at(member), i);
      std::string name = Obj::as_string((*v)[i], p);
      const AttributeSpec* a = type.attribute(name);
      if (a == nullptr) fail(p, "no attribute \"" + name + "\" in item type " + type.name);
      if (name == table.partition_key.name || (table.sort_key && name == table.sort_key->name)) {
        fail(p, "key attributes cannot be updated");
      }
      if (std::string_view(member) == "add" && a->generator != Generator::kNumber) {
        fail(p, "ADD needs a number attribute");
      }
      if (name == type.partition_key.attribute || (type.sort_key && name == type.sort_key->attribute)) {
        fail(p, "feeds the item's primary key, which cannot change");
      }
      for (const auto& ik : type.index_keys) {
        const bool feeds =
            ik.partition_key.attribute == name || (ik.sort_key && ik.sort_key->attribute == name);
        if (feeds && std::string_view(member) == "add")
          fail(p, "ADD to an attribute that feeds an index key");
      }
      out.push_back(std::move(name));
    }
    return out;
  };
  r.set_attributes = names("set");
  r.add_attributes = names("add");
  if (r.set_attributes.empty() && r.add_attributes.empty())
    fail(o.path(), "an update needs \"set\" or \"add\"");
  const std::string condition = o.str_or("condition", "none");
  if (condition == "exists") {
    r.require_exists = true;
  } else if (condition != "none") {
    fail(o.at("condition"), "expected \"exists\" or \"none\"");
  }
}

RequestSpec parse_request(const Obj& o, const Layout& layout, bool in_pattern) {
  if (in_pattern) {
    o.only({"name", "weight", "op", "item_type", "consistent", "index", "sort_key", "limit", "forward", "new",
            "set", "add", "condition"});
  } else {
    o.only({"op", "item_type", "consistent", "index", "sort_key", "limit", "forward", "new", "set", "add",
            "condition"});
  }
  RequestSpec r;
  const std::string op = o.str("op");
  r.item_type = find_item_type(layout.item_types, o.str("item_type"), o.at("item_type"));
  auto reject = [&](std::initializer_list<const char*> members) {
    for (const char* m : members) {
      if (o.find(m) != nullptr) fail(o.at(m), "not used by a " + op);
    }
  };
  if (op == "get") {
    r.op = Op::kGet;
    reject({"index", "sort_key", "limit", "forward", "new", "set", "add", "condition"});
    r.consistent = o.bool_or("consistent", false);
  } else if (op == "query") {
    r.op = Op::kQuery;
    reject({"new", "set", "add", "condition"});
    r.consistent = o.bool_or("consistent", false);
    parse_query(o, layout, r);
  } else if (op == "put") {
    r.op = Op::kPut;
    reject({"consistent", "index", "sort_key", "limit", "forward", "set", "add", "condition"});
    r.new_item = o.bool_or("new", true);
    const ItemTypeSpec& type = layout.item_types[r.item_type];
    auto varies_by_item = [&](const std::optional<KeyTemplate>& k) {
      return k && !k->attribute.empty() && type.attribute(k->attribute)->scope == Scope::kItem;
    };
    if (r.new_item && !varies_by_item(type.partition_key) && !varies_by_item(type.sort_key)) {
      fail(o.path(), "a new " + type.name +
                         " needs a key part that differs between items; use \"new\": false to "
                         "overwrite existing items");
    }
  } else if (op == "update") {
    r.op = Op::kUpdate;
    reject({"consistent", "index", "sort_key", "limit", "forward", "new"});
    parse_update(o, layout, r);
  } else {
    fail(o.at("op"), "expected get, query, put or update");
  }
  return r;
}

AccessPattern parse_pattern(const Obj& o, const Layout& layout) {
  AccessPattern p;
  p.name = o.str("name");
  if (p.name.empty()) fail(o.at("name"), "must not be empty");
  p.weight = o.number_or("weight", 1.0);
  if (!(p.weight > 0.0)) fail(o.at("weight"), "must be positive");
  if (const Json* requests = o.find("requests")) {
    o.only({"name", "weight", "requests"});
    if (!requests->IsArray() || requests->Empty()) fail(o.at("requests"), "expected a non-empty array");
    for (rapidjson::SizeType i = 0; i < requests->Size(); ++i) {
      const std::string path = index_path(o.at("requests"), i);
      p.requests.push_back(parse_request(Obj((*requests)[i], path), layout, false));
    }
  } else {
    p.requests.push_back(parse_request(o, layout, true));
  }
  return p;
}

}  // namespace

ParsedLayout parse_layout(std::string_view json_text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(json_text.data(),
                                                                                 json_text.size());
  if (doc.HasParseError()) {
    return {std::nullopt, "invalid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                              rapidjson::GetParseError_En(doc.GetParseError())};
  }
  try {
    Obj root(doc, "layout");
    root.only({"name", "description", "tables", "item_types", "volume", "access_patterns"});
    Layout layout;
    layout.name = root.str("name");
    layout.description = root.str_or("description", "");
    const Json& tables = root.array("tables");
    if (tables.Empty()) fail(root.at("tables"), "at least one table");
    std::set<std::string> names;
    for (rapidjson::SizeType i = 0; i < tables.Size(); ++i) {
      const std::string path = index_path(root.at("tables"), i);
      layout.tables.push_back(parse_table(Obj(tables[i], path)));
      if (!names.insert(layout.tables.back().name).second) fail(path, "duplicate table name");
    }
    const Json& types = root.array("item_types");
    if (types.Empty()) fail(root.at("item_types"), "at least one item type");
    names.clear();
    for (rapidjson::SizeType i = 0; i < types.Size(); ++i) {
      const std::string path = index_path(root.at("item_types"), i);
      layout.item_types.push_back(parse_item_type(Obj(types[i], path), layout.tables));
      if (!names.insert(layout.item_types.back().name).second) fail(path, "duplicate item type name");
    }
    parse_volume(Obj(root.require("volume"), root.at("volume")), layout);
    const Json& patterns = root.array("access_patterns");
    if (patterns.Empty()) fail(root.at("access_patterns"), "at least one access pattern");
    names.clear();
    for (rapidjson::SizeType i = 0; i < patterns.Size(); ++i) {
      const std::string path = index_path(root.at("access_patterns"), i);
      layout.patterns.push_back(parse_pattern(Obj(patterns[i], path), layout));
      if (!names.insert(layout.patterns.back().name).second) fail(path, "duplicate access pattern name");
    }
    return {std::move(layout), {}};
  } catch (const LayoutError& e) {
    return {std::nullopt, e.what()};
  }
}

ParsedLayout load_layout_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path + ": cannot open"};
  std::ostringstream text;
  text << in.rdbuf();
  ParsedLayout parsed = parse_layout(text.str());
  if (!parsed.layout) parsed.error = path + ": " + parsed.error;
  return parsed;
}

}  // namespace dynamo_items::layout_bench
