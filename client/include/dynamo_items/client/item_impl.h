// Member definitions of Item<Model> and UpdateBuilder<Model> (item.h), and
// the query types RangeQuery<Model> and query_collection(). Include item.h
// (or client.h), not this file.
#pragma once

#include <iterator>
#include <memory>
#include <tuple>
#include <variant>

#include <boost/mp11/algorithm.hpp>

#include "dynamo_items/client/item.h"

namespace dynamo_items::client {

// ---- Item: definition checks and registration ---------------------------

template <class Model>
Item<Model>::Item(Table& table, ItemOptions options)
    : table_(&table),
      name_(options.name.empty() ? model_name<Model>() : options.name),
      version_field_(options.version_field),
      batch_retry_(options.batch_retry) {
  auto fields = field_names<Model>();
  if (fields.empty()) throw std::invalid_argument(name_ + " has no described fields");
  const TableSpec& spec = table.spec();
  pk_key_ = options.pk ? *options.pk : Key{std::string(fields.front())};
  pk_ = resolve(pk_key_, spec.partition_key_attribute, spec.partition_key, "pk");
  pk_field_ = field_text(pk_);
  if (options.sk) {
    if (!table.has_sort_key())
      throw std::invalid_argument(name_ + " has a sort key but table " + table.name() + " does not");
    sk_key_ = *options.sk;
    sk_ = resolve(*sk_key_, spec.sort_key_attribute, *spec.sort_key, "sk");
    sk_field_ = field_text(*sk_);
  } else if (table.has_sort_key()) {
    if (*spec.sort_key != KeyType::S)
      throw std::invalid_argument(name_ + " needs a sort key: table " + table.name() +
                                  "'s sort key is not a string, so the constant \"A\" cannot be used");
    sk_ = detail::KeySpec{"", spec.sort_key_attribute, 'S', 'S', false, "", true};
  }
  for (std::string_view f : fields) {
    auto clash = [&](const detail::KeySpec& k) {
      return f == k.attribute && !(f == k.field && !k.prefixed && !k.composite());
    };
    if (clash(pk_) || (sk_ && clash(*sk_)))
      throw std::invalid_argument(name_ + "." + std::string(f) + " has the name of a key attribute of table " +
                                  table.name());
  }
  if (!version_field_.empty()) {
    bool found = false;
    boost::mp11::mp_for_each<detail::members_of<Model>>([&](auto D) {
      using F = std::remove_cvref_t<decltype(std::declval<const Model&>().*D.pointer)>;
      if (version_field_ != D.name) return;
      if constexpr (std::is_integral_v<F> && !std::is_same_v<F, bool>) {
        found = true;
        get_version_ = [](const Model& m) { return static_cast<std::int64_t>(m.*decltype(D)::pointer); };
        set_version_ = [](Model& m, std::int64_t v) { m.*decltype(D)::pointer = static_cast<F>(v); };
      }
    });
    if (!found) throw std::invalid_argument(name_ + "." + version_field_ + " is not an integer field");
  }
  for (IndexKey& index : options.indexes) resolve_index(std::move(index));
  for (const IndexKeys& index : indexes_) {
    for (std::string_view f : fields) {
      for (const detail::KeySpec* k : {&index.pk, index.sk ? &*index.sk : nullptr}) {
        if (k != nullptr && f == k->attribute && !(f == k->field && !k->prefixed && !k->composite()))
          throw std::invalid_argument(name_ + "." + std::string(f) + " has the name of a key attribute of index " +
                                      index.index->name);
      }
    }
  }
  if (!options.ttl_field.empty()) {
    bool found = false;
    boost::mp11::mp_for_each<detail::members_of<Model>>([&](auto D) {
      using F = std::remove_cvref_t<decltype(std::declval<const Model&>().*D.pointer)>;
      if (options.ttl_field != D.name) return;
      if constexpr (detail::is_system_time<F>) found = true;
      else if constexpr (detail::is_optional<F>::value) found = detail::is_system_time<typename F::value_type>;
    });
    if (!found)
      throw std::invalid_argument(name_ + "." + options.ttl_field +
                                  " is not a std::chrono::system_clock::time_point field: it cannot be the TTL field");
    ttl_field_ = options.ttl_field;
    table.set_ttl_attribute(ttl_field_);
  }
  auto joined = [](const detail::KeySpec& k) {
    if (!k.composite()) return k.field;
    std::string out;
    for (const auto& p : k.parts) out += (out.empty() ? "" : ",") + p;
    return out;
  };
  table.add_registration({name_, joined(pk_), pk_.prefix, sk_ ? joined(*sk_) : "", sk_ ? sk_->prefix : ""});
}

template <class Model>
std::function<std::string(const Model&)> Item<Model>::field_text(const detail::KeySpec& spec) {
  if (!spec.composite()) {
    auto text = detail::find_key_field<Model>(spec.field)->text;
    if (spec.number == 0) return text;
    return [text = std::move(text), number = spec.number](const Model& m) { return detail::ordered_text(number, text(m)); };
  }
  std::vector<std::function<std::string(const Model&)>> parts;
  for (const auto& p : spec.parts) parts.push_back(detail::find_key_field<Model>(p)->text);
  return [parts = std::move(parts), numbers = spec.part_numbers, joiner = spec.joiner](const Model& m) {
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i)
      text += (i == 0 ? "" : joiner) + detail::ordered_text(numbers[i], parts[i](m));
    return text;
  };
}

template <class Model>
void Item<Model>::resolve_index(IndexKey key) {
  const IndexSpec* index = table_->find_index(key.index);
  if (index == nullptr)
    throw std::invalid_argument(name_ + " has a key on index '" + key.index + "', which table " + table_->name() +
                                " does not define (TableSpec::indexes)");
  for (const IndexKeys& other : indexes_)
    if (other.index == index) throw std::invalid_argument(name_ + " has two keys on index " + key.index);
  if (index->is_multi_attribute())
    throw std::invalid_argument("index " + key.index + " has a multi-attribute key: its key attributes are " + name_ +
                                "'s own fields, so it needs no IndexKey (query it with query_index)");
  const TableSpec& spec = table_->spec();
  IndexKeys out;
  out.index = index;
  // An index attribute the primary key writes holds the primary key's value.
  auto primary = [&](const std::string& attribute, const std::optional<Key>& given,
                     const char* role) -> const detail::KeySpec* {
    const detail::KeySpec* p = attribute == pk_.attribute ? &pk_ : (sk_ && attribute == sk_->attribute ? &*sk_ : nullptr);
    if (p == nullptr) return nullptr;
    if (given && given->fields() != (p->composite() ? p->parts : std::vector<std::string>{p->field}))
      throw std::invalid_argument("The " + name_ + " " + role + " on index " + key.index + " is the table's '" +
                                  attribute + "', so it must name the fields of that key");
    return p;
  };
  if (index->is_local) {
    if (key.pk) throw std::invalid_argument(name_ + ": local index " + key.index + " has the table's partition key; give only a sort key");
    out.pk = pk_;
    out.pk_is_table_key = true;
  } else if (const detail::KeySpec* p = primary(index->partition_key_attribute, key.pk, "pk")) {
    out.pk = *p;
    out.pk_is_table_key = true;
  } else {
    if (!key.pk) throw std::invalid_argument(name_ + ": global index " + key.index + " needs a partition key");
    out.pk = resolve(*key.pk, index->partition_key_attribute, index->partition_key, "pk", true);
  }
  if (index->sort_key_attribute) {
    if (const detail::KeySpec* p = primary(*index->sort_key_attribute, key.sk, "sk")) {
      out.sk = *p;
      out.sk_is_table_key = true;
    } else if (key.sk) {
      out.sk = resolve(*key.sk, *index->sort_key_attribute, index->sort_key, "sk", true);
    } else if (index->sort_key == KeyType::S) {
      out.sk = detail::KeySpec{"", *index->sort_key_attribute, 'S', 'S', false, "", true};
    } else {
      throw std::invalid_argument(name_ + " needs a sort key on index " + key.index +
                                  ": its sort key is not a string, so the constant \"A\" cannot be used");
    }
  } else if (key.sk) {
    throw std::invalid_argument(name_ + " has a sort key on index " + key.index + ", which has none");
  }
  auto parts = [&](const detail::KeySpec& k) {
    std::vector<detail::FieldText<Model>> p;
    if (k.constant) return p;
    for (const std::string& f : k.composite() ? k.parts : std::vector<std::string>{k.field})
      p.push_back(*detail::find_key_field<Model>(f));
    return p;
  };
  out.pk_parts = parts(out.pk);
  if (out.sk) out.sk_parts = parts(*out.sk);
  indexes_.push_back(std::move(out));
  (void)spec;
}

template <class Model>
detail::QueryKeys Item<Model>::query_keys(std::string_view index) const {
  if (index.empty()) return detail::QueryKeys{nullptr, &pk_, sk_ ? &*sk_ : nullptr, table_->has_sort_key()};
  for (const IndexKeys& k : indexes_)
    if (k.index->name == index)
      return detail::QueryKeys{k.index, &k.pk, k.sk ? &*k.sk : nullptr, k.index->sort_key_attribute.has_value()};
  throw std::invalid_argument(name_ + " has no key on index '" + std::string(index) + "'");
}

// Writes the index key attributes an item of this type has (none for an
// index whose optional key field is empty).
template <class Model>
void Item<Model>::add_index_attributes(const Model& model, rapidjson::Document& item) const {
  auto& a = item.GetAllocator();
  for (const IndexKeys& index : indexes_) {
    std::vector<std::pair<const detail::KeySpec*, std::string>> values;
    bool present = true;
    auto text = [&](const detail::KeySpec& spec, const std::vector<detail::FieldText<Model>>& parts) {
      std::vector<std::string> texts;
      for (const auto& p : parts) {
        if (p.present && !p.present(model)) present = false;
        texts.push_back(present ? p.text(model) : std::string());
      }
      return detail::join_key_parts(spec, texts);
    };
    if (!index.pk_is_table_key) values.emplace_back(&index.pk, text(index.pk, index.pk_parts));
    if (index.sk && !index.sk_is_table_key) values.emplace_back(&*index.sk, text(*index.sk, index.sk_parts));
    if (!present) continue;
    for (const auto& [spec, value] : values) {
      if (item.HasMember(spec->attribute.c_str())) continue;  // another index shares the attribute
      item.AddMember(detail::make_string(spec->attribute, a), detail::key_value(*spec, value, a), a);
    }
  }
}

template <class Model>
detail::KeySpec Item<Model>::resolve(Key& key, const std::string& attribute, KeyType type, const char* role,
                                     bool optional_fields) {
  if (key.model != nullptr && *key.model != typeid(Model))
    throw std::invalid_argument("The " + name_ + " '" + role + "' names a field of another model");
  const std::vector<std::string> names = key.fields();
  // Sort keys written as text order numbers by value (pk order never matters).
  const bool ordered = std::string_view(role) == "sk" && !key.numbers_as_text && (key.prefix || names.size() > 1);
  std::vector<char> kinds, numbers;
  for (const std::string& name : names) {
    auto field = detail::find_key_field<Model>(name);
    if (!field) throw std::invalid_argument("The item model " + name_ + " does not have the attribute '" + name + "'");
    if (field->kind == 0 || (field->present && !optional_fields))
      throw std::invalid_argument("The attribute '" + name + "' of " + name_ +
                                  " cannot be a key: keys are strings, numbers or bytes (not optional)");
    if (names.size() > 1 && field->kind == 'B')
      throw std::invalid_argument("The attribute '" + name + "' of " + name_ +
                                  " is binary and cannot be part of a composite key");
    kinds.push_back(field->kind);
    numbers.push_back(ordered ? field->number : 0);
  }
  auto field = detail::find_key_field<Model>(key.attribute);
  detail::KeySpec spec{key.attribute, attribute, key_type_char(type), field->kind, key.prefix, "", false};
  spec.number = numbers.front();
  if (names.size() > 1) {
    spec.number = 0;
    spec.part_numbers = numbers;
    if (type != KeyType::S)
      throw std::invalid_argument("The " + name_ + " '" + role + "' is a composite key but '" + role +
                                  "' for the table is not a string");
    if (key.time_format == TimeFormat::python)
      throw std::invalid_argument("The " + name_ + " '" + role + "' is a composite key: TimeFormat::python applies to one-field keys");
    spec.field_kind = 'S';
    spec.parts = names;
    spec.part_kinds = kinds;
    spec.joiner = key.separator;
  }
  if (key.time_format == TimeFormat::python) {
    if (!field->is_time)
      throw std::invalid_argument("The attribute '" + key.attribute + "' of " + name_ +
                                  " is not a time: TimeFormat::python applies to time fields only");
    if (type != KeyType::S)
      throw std::invalid_argument("The " + name_ + " '" + role + "' is a time in Python's format but '" + role +
                                  "' for the table is not a string");
    spec.python_time = true;
  }
  if (key.prefix) {
    if (type != KeyType::S)
      throw std::invalid_argument("The " + name_ + " '" + role + "' uses a prefix but '" + role +
                                  "' for the table is not a string");
    if (field->kind == 'B')
      throw std::invalid_argument("The attribute '" + key.attribute + "' of " + name_ + " is binary and cannot be prefixed");
    if (key.prefix_value) table_->prefixes().reserve(*key.prefix_value);
    else key.prefix_value = table_->prefixes().allocate(name_, key.attribute);
    spec.prefix = *key.prefix_value + key.separator;
  } else if (spec.field_kind != spec.table_type) {
    throw std::invalid_argument("The attribute '" + key.attribute + "' of " + name_ + " has type " +
                                std::string(1, field->kind) + " but the table's '" + role + "' has type " +
                                std::string(1, spec.table_type));
  }
  return spec;
}

// ---- Item: mapping ------------------------------------------------------

template <class Model>
rapidjson::Document Item<Model>::to_item(const Model& model) const {
  rapidjson::Document item(rapidjson::kObjectType);
  auto& a = item.GetAllocator();
  item.AddMember(detail::make_string(pk_.attribute, a), detail::key_value(pk_, pk_field_(model), a), a);
  if (sk_)
    item.AddMember(detail::make_string(sk_->attribute, a),
                   detail::key_value(*sk_, sk_->constant ? "" : sk_field_(model), a), a);
  try {
    detail::encode_fields(model, item, a);
  } catch (const detail::Problem& p) {
    throw EncodeError(name_, p.path, p.what());
  }
  if (!ttl_field_.empty()) detail::ttl_to_epoch(item, ttl_field_);
  add_index_attributes(model, item);
  return item;
}

template <class Model>
Model Item<Model>::from_partial_item(const Json& item) const {
  Model model = ttl_field_.empty() ? decode_partial_item<Model>(item)
                                   : decode_partial_item<Model>(detail::ttl_from_epoch(item, ttl_field_));
  // Key fields are recovered from the key attributes (the table's, then the
  // indexes'), which every projection holds.
  std::vector<const detail::KeySpec*> specs{&pk_, sk_ ? &*sk_ : nullptr};
  for (const IndexKeys& index : indexes_) {
    specs.push_back(&index.pk);
    if (index.sk) specs.push_back(&*index.sk);
  }
  std::vector<std::string> recovered;
  for (const detail::KeySpec* spec : specs) {
    if (spec == nullptr) continue;
    auto stored = detail::key_attribute_text(item, spec->attribute);
    if (!stored) continue;
    for (const auto& [name, text] : detail::key_field_texts_of(*spec, *stored)) {
      if (item.HasMember(name.c_str()) || std::find(recovered.begin(), recovered.end(), name) != recovered.end())
        continue;  // the attribute itself came back, or an earlier key gave it
      recovered.push_back(name);
      boost::mp11::mp_for_each<detail::members_of<Model>>([&, &name = name, &text = text](auto D) {
        using F = std::remove_cvref_t<decltype(std::declval<const Model&>().*D.pointer)>;
        if (name != D.name) return;
        try {
          if constexpr (Marshaler<F>::key_kind != 0) {
            Marshaler<F>::from_text(text, model.*decltype(D)::pointer);
          } else if constexpr (detail::is_optional<F>::value) {
            if constexpr (Marshaler<typename F::value_type>::key_kind != 0)
              Marshaler<typename F::value_type>::from_text(text, (model.*decltype(D)::pointer).emplace());
          }
        } catch (const detail::Problem& p) {
          throw DecodeError(name_, name, p.what());
        }
      });
    }
  }
  return model;
}

template <class Model>
ItemKey<Model> Item<Model>::key_of_item(const Json& item) const {
  rapidjson::Document key(rapidjson::kObjectType);
  auto& a = key.GetAllocator();
  std::vector<std::pair<std::string, std::string>> fields;
  for (const detail::KeySpec* spec : {&pk_, sk_ ? &*sk_ : nullptr}) {
    if (spec == nullptr) continue;
    auto it = item.IsObject() ? item.FindMember(spec->attribute.c_str()) : item.MemberEnd();
    if (!item.IsObject() || it == item.MemberEnd())
      throw ValidationError("ValidationException", name_ + " item has no key attribute " + spec->attribute);
    key.AddMember(detail::make_string(spec->attribute, a), Json().CopyFrom(it->value, a), a);
    if (auto stored = detail::key_attribute_text(item, spec->attribute))
      for (auto& f : detail::key_field_texts_of(*spec, *stored)) fields.push_back(std::move(f));
  }
  return ItemKey<Model>(std::move(key), std::move(fields));
}

template <class Model>
rapidjson::Document Item<Model>::key_of(const Model& model) const {
  rapidjson::Document key(rapidjson::kObjectType);
  auto& a = key.GetAllocator();
  key.AddMember(detail::make_string(pk_.attribute, a), detail::key_value(pk_, pk_field_(model), a), a);
  if (sk_)
    key.AddMember(detail::make_string(sk_->attribute, a),
                  detail::key_value(*sk_, sk_->constant ? "" : sk_field_(model), a), a);
  return key;
}

template <class Model>
template <class P>
std::string Item<Model>::pk_text(const P& pk) const {
  return detail::key_value_text(pk_, pk, name_ + "." + pk_.field);
}

template <class Model>
template <class P>
ItemKey<Model> Item<Model>::key(const P& pk) const {
  if (sk_ && !sk_->constant)
    throw ValidationError("ValidationException", name_ + " has a sort key (" + sk_->field + "): give both key values");
  rapidjson::Document key(rapidjson::kObjectType);
  auto& a = key.GetAllocator();
  const std::string text = pk_text(pk);
  key.AddMember(detail::make_string(pk_.attribute, a), detail::key_value(pk_, text, a), a);
  if (sk_) key.AddMember(detail::make_string(sk_->attribute, a), detail::key_value(*sk_, "", a), a);
  std::vector<std::pair<std::string, std::string>> fields;
  key_field_texts(pk, pk_, fields);
  return ItemKey<Model>(std::move(key), std::move(fields));
}

template <class Model>
template <class P, class S>
ItemKey<Model> Item<Model>::key(const P& pk, const S& sk) const {
  if (!sk_ || sk_->constant) throw ValidationError("ValidationException", name_ + " has no sort key field");
  rapidjson::Document key(rapidjson::kObjectType);
  auto& a = key.GetAllocator();
  key.AddMember(detail::make_string(pk_.attribute, a), detail::key_value(pk_, pk_text(pk), a), a);
  key.AddMember(detail::make_string(sk_->attribute, a),
                detail::key_value(*sk_, detail::key_value_text(*sk_, sk, name_ + "." + sk_->field), a), a);
  std::vector<std::pair<std::string, std::string>> fields;
  key_field_texts(pk, pk_, fields);
  key_field_texts(sk, *sk_, fields);
  return ItemKey<Model>(std::move(key), std::move(fields));
}

template <class Model>
template <class V>
void Item<Model>::key_field_texts(const V& value, const detail::KeySpec& spec,
                                  std::vector<std::pair<std::string, std::string>>& out) const {
  if constexpr (detail::is_tuple<V>) {
    std::size_t i = 0;
    std::apply([&](const auto&... part) {
      ((out.emplace_back(spec.parts[i], key_text(detail::normalize_key(part), spec.parts[i])), ++i), ...);
    }, value);
  } else {
    out.emplace_back(spec.field, key_text(detail::normalize_key(value), spec.field));
  }
}

// ---- Item: operations ---------------------------------------------------

template <class Model>
std::optional<Condition> Item<Model>::version_condition(std::int64_t expected) const {
  if (expected == 0) return Condition::attribute_not_exists(Path::field(pk_.attribute));
  return attr(Path::field(version_field_)) == expected;
}

template <class Model>
rapidjson::Document Item<Model>::put_request(const Model& model, const PutOptions& options,
                                             std::int64_t* next_version) const {
  rapidjson::Document req = detail::request_for(*table_);
  auto& a = req.GetAllocator();
  std::optional<Condition> condition = options.condition;
  rapidjson::Document item;
  if (get_version_) {
    Model copy = model;
    std::int64_t current = get_version_(model);
    set_version_(copy, current + 1);
    if (next_version != nullptr) *next_version = current + 1;
    item = to_item(copy);
    condition = detail::all_of(version_condition(current), std::move(condition));
  } else {
    item = to_item(model);
  }
  if (options.if_absent)
    condition = detail::all_of(Condition::attribute_not_exists(Path::field(pk_.attribute)), std::move(condition));
  req.AddMember("Item", Json().CopyFrom(item, a), a);
  ExpressionNames names;
  detail::add_condition(req, condition, names);
  names.write_to(req);
  return req;
}

template <class Model>
void Item<Model>::put(const Model& model, const PutOptions& options, Model* out) const {
  std::int64_t next_version = 0;
  table_->transport().execute("PutItem", put_request(model, options, &next_version));
  if (out != nullptr && set_version_) set_version_(*out, next_version);
}

template <class Model>
std::optional<Model> Item<Model>::get(rapidjson::Document key, bool consistent) const {
  rapidjson::Document req = detail::request_for(*table_);
  auto& a = req.GetAllocator();
  req.AddMember("Key", Json().CopyFrom(key, a), a);
  if (consistent) req.AddMember("ConsistentRead", true, a);
  rapidjson::Document res = table_->transport().execute("GetItem", std::move(req));
  auto it = res.FindMember("Item");
  if (it == res.MemberEnd() || !it->value.IsObject()) return std::nullopt;
  return from_item(it->value);
}

template <class Model>
rapidjson::Document Item<Model>::delete_request(const Json& key, const DeleteOptions& options) const {
  rapidjson::Document req = detail::request_for(*table_);
  auto& a = req.GetAllocator();
  req.AddMember("Key", Json().CopyFrom(key, a), a);
  std::optional<Condition> condition = options.condition;
  if (options.expected_version) {
    if (version_field_.empty()) throw std::logic_error(name_ + " has no version field");
    condition = detail::all_of(attr(Path::field(version_field_)) == *options.expected_version, std::move(condition));
  }
  ExpressionNames names;
  detail::add_condition(req, condition, names);
  names.write_to(req);
  return req;
}

template <class Model>
std::optional<Model> Item<Model>::remove(rapidjson::Document key, const DeleteOptions& options) const {
  rapidjson::Document req = delete_request(key, options);
  req.AddMember("ReturnValues", "ALL_OLD", req.GetAllocator());
  rapidjson::Document res = table_->transport().execute("DeleteItem", std::move(req));
  auto it = res.FindMember("Attributes");
  if (it == res.MemberEnd() || !it->value.IsObject()) return std::nullopt;
  return from_item(it->value);
}

template <class Model>
void Item<Model>::batch_put(const std::vector<Model>& models) const {
  std::vector<rapidjson::Document> writes;
  writes.reserve(models.size());
  for (const Model& m : models) {
    rapidjson::Document w(rapidjson::kObjectType);
    auto& a = w.GetAllocator();
    Json put(rapidjson::kObjectType);
    put.AddMember("Item", Json().CopyFrom(to_item(m), a), a);
    w.AddMember("PutRequest", put, a);
    writes.push_back(std::move(w));
  }
  detail::batch_write(table_->transport(), table_->name(), std::move(writes), batch_retry_);
}

template <class Model>
void Item<Model>::batch_delete(const std::vector<ItemKey<Model>>& keys) const {
  std::vector<rapidjson::Document> writes;
  writes.reserve(keys.size());
  for (const auto& k : keys) {
    rapidjson::Document w(rapidjson::kObjectType);
    auto& a = w.GetAllocator();
    Json del(rapidjson::kObjectType);
    del.AddMember("Key", Json().CopyFrom(k.document(), a), a);
    w.AddMember("DeleteRequest", del, a);
    writes.push_back(std::move(w));
  }
  detail::batch_write(table_->transport(), table_->name(), std::move(writes), batch_retry_);
}

template <class Model>
std::vector<Model> Item<Model>::batch_get(const std::vector<ItemKey<Model>>& keys, bool consistent) const {
  std::vector<rapidjson::Document> copies;
  copies.reserve(keys.size());
  for (const auto& k : keys) {
    rapidjson::Document d;
    d.CopyFrom(k.document(), d.GetAllocator());
    copies.push_back(std::move(d));
  }
  std::vector<Model> out;
  for (const auto& item : detail::batch_get(table_->transport(), table_->name(), std::move(copies), consistent, batch_retry_))
    out.push_back(from_item(item));
  return out;
}

// ---- UpdateBuilder ------------------------------------------------------

template <class Model>
void UpdateBuilder<Model>::maintain_indexes(Update& update) const {
  const Model defaults{};
  std::vector<std::string> done;  // attributes shared by several indexes are written once
  auto maintain = [&](const detail::KeySpec& spec, const std::vector<detail::FieldText<Model>>& parts,
                      const std::string& index) {
    if (spec.constant || std::find(done.begin(), done.end(), spec.attribute) != done.end()) return;
    done.push_back(spec.attribute);
    const std::vector<std::string> fields = spec.composite() ? spec.parts : std::vector<std::string>{spec.field};
    bool touched = false;
    for (const auto& f : fields) touched = touched || update_.touches(f);
    std::vector<std::string> texts;
    bool removed = false;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::optional<std::string>* noted = nullptr;
      for (const auto& [name, text] : noted_)
        if (name == fields[i]) noted = &text;  // the last action on a field wins
      const std::string* from_key = nullptr;
      for (const auto& [name, text] : key_.field_texts())
        if (name == fields[i]) from_key = &text;
      if (noted != nullptr) {
        if (!*noted) removed = true;
        texts.push_back(noted->value_or(""));
      } else if (from_key != nullptr) {
        texts.push_back(*from_key);
      } else if (touched) {
        throw ValidationError("ValidationException",
                              type_->name() + "." + fields[i] + " is part of the key of index " + index + " (" +
                                  spec.attribute + "): set all of that key's fields with set() in the same update, "
                                  "or use put_item");
      } else {
        if (parts[i].present && !parts[i].present(defaults)) removed = true;
        texts.push_back(removed ? std::string() : parts[i].text(defaults));
      }
    }
    rapidjson::Document value;
    if (!removed) value.CopyFrom(detail::key_value(spec, detail::join_key_parts(spec, texts), value.GetAllocator()),
                                 value.GetAllocator());
    if (touched && removed) update.remove(Path::field(spec.attribute));  // the item leaves a sparse index
    else if (touched) update.set(Path::field(spec.attribute), Operand::raw(value));
    else if (!removed) update.set_if_not_exists(Path::field(spec.attribute), Operand::raw(value));  // upserts
  };
  for (const auto& index : type_->indexes()) {
    if (!index.pk_is_table_key) maintain(index.pk, index.pk_parts, index.index->name);
    if (index.sk && !index.sk_is_table_key) maintain(*index.sk, index.sk_parts, index.index->name);
  }
}

template <class Model>
rapidjson::Document UpdateBuilder<Model>::request() const {
  rapidjson::Document req = detail::request_for(type_->table());
  auto& a = req.GetAllocator();
  req.AddMember("Key", Json().CopyFrom(key_.document(), a), a);
  Update update = update_;
  maintain_indexes(update);
  if (!type_->version_field().empty()) update.add(Path::field(type_->version_field()), Operand::of(1));
  // Upserts store decodable items: the key fields from the key, the other
  // attributes from a default model, where absent and untouched.
  for (const detail::KeySpec* spec : {&type_->pk_spec(), type_->sk_spec() ? &*type_->sk_spec() : nullptr}) {
    if (spec == nullptr || spec->constant || spec->field.empty()) continue;
    if (!spec->prefixed && !spec->composite()) {
      if (!update.touches(spec->field))
        update.set_if_not_exists(Path::field(spec->field), Operand::raw(key_.document()[spec->attribute.c_str()]));
      continue;
    }
    for (std::size_t i = 0; i < (spec->composite() ? spec->parts.size() : 1); ++i) {
      const std::string& field = spec->composite() ? spec->parts[i] : spec->field;
      const char kind[2] = {spec->composite() ? spec->part_kinds[i] : spec->field_kind, '\0'};
      if (update.touches(field)) continue;
      for (const auto& [name, text] : key_.field_texts()) {
        if (name != field) continue;
        rapidjson::Document value(rapidjson::kObjectType);
        value.AddMember(detail::make_string(kind, value.GetAllocator()), detail::make_string(text, value.GetAllocator()),
                        value.GetAllocator());
        update.set_if_not_exists(Path::field(field), Operand::raw(value));
        break;
      }
    }
  }
  {
    rapidjson::Document defaults(rapidjson::kObjectType);
    detail::encode_fields(Model{}, defaults, defaults.GetAllocator());
    for (const auto& m : defaults.GetObject()) {
      const std::string name(m.name.GetString(), m.name.GetStringLength());
      const auto& sk = type_->sk_spec();
      if (type_->pk_spec().holds(name) || (sk && sk->holds(name)) || update.touches(name)) continue;
      if (name == type_->ttl_field() && m.value.IsObject() && m.value.HasMember("S")) {
        rapidjson::Document n;
        n.CopyFrom(detail::ttl_value(m.value["S"].GetString(), n.GetAllocator()), n.GetAllocator());
        update.set_if_not_exists(Path::field(name), Operand::raw(n));
        continue;
      }
      update.set_if_not_exists(Path::field(name), Operand::raw(m.value));
    }
  }
  ExpressionNames names;
  if (!update.empty()) req.AddMember("UpdateExpression", detail::make_string(update.render(names), a), a);
  detail::add_condition(req, condition_, names);
  names.write_to(req);
  req.AddMember("ReturnValues", "ALL_NEW", a);
  return req;
}

template <class Model>
std::optional<Model> UpdateBuilder<Model>::execute() const {
  rapidjson::Document res = type_->table().transport().execute("UpdateItem", request());
  auto it = res.FindMember("Attributes");
  if (it == res.MemberEnd() || !it->value.IsObject()) return std::nullopt;
  return type_->from_item(it->value);
}

}  // namespace dynamo_items::client

#include "dynamo_items/client/query.h"  // IWYU pragma: export
