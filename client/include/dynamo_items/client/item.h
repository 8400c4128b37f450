// Item<Model>: an item type, the C++ form of the seed's `Item`. It maps a
// described model struct (marshal.h) to a table's keys and runs the item
// operations.
//
//   struct Command { boost::uuids::uuid command_id; Statuses status = Statuses::pending; int retry = 0; };
//   BOOST_DESCRIBE_STRUCT(Command, (), (command_id, status, retry))
//
//   Item<Command> commands;                       // default table, pk = first field
//   Item<CommandV2> v2(table, Key{"device_id"}, Key{"command_id"});
//   Item<CommandV2Log> logs(table, Key{"device_id", v2.pk().prefix_value}, Key{"timestamp"});
//   commands.put_item(cmd);                        // {"pk": {"S": "CC#<id>"}, ...fields}
//   std::optional<Command> c = commands.get_item(id);
//   commands.update_item(id).set(&Command::status, Statuses::failed).add(&Command::retry, 1).execute();
//   for (const CommandV2Log& log : logs.query(device).after(t0).reverse().limit(10)) ...
//
// Key values: a prefixed key is {"S": prefix + separator + text}, where text
// is the field's S text or N text; a table with a sort key and an item type
// without one stores the constant sort key "A". Model fields must not be
// named like the table's key attributes (unless the key is that field,
// unprefixed).
//
// Optimistic locking (opt-in, ItemOptions::version_field naming an integer
// field): put_item writes version+1 on condition that the stored version is
// the model's (or that no item exists when it is 0); update_item adds 1 and
// checks the version given to if_version(); a conflict is ConditionFailed.
//
// Construction registers the type on its table (prefixes are allocated in
// construction order) and throws std::invalid_argument for a definition that
// cannot work. A constructed Item is immutable and safe to share between
// threads; its table must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dynamo_items/client/expression.h"
#include "dynamo_items/client/item_support.h"
#include "dynamo_items/client/marshal.h"
#include "dynamo_items/client/retry.h"
#include "dynamo_items/client/table.h"

namespace dynamo_items::client {

// The key of an item type on one secondary index of its table (the
// table's TableSpec::indexes): which fields form the index's key attributes,
// with the Key forms, generated prefixes and value-ordered numbers of the
// primary key. Types that share an index and its attributes overload it.
//
//   IndexKey::global("gsi1", Key{&Order::status}, Key{&Order::placed_at})
//   IndexKey::local("lsi1", Key{&Order::total})
//
// An index key field may be a std::optional: an item whose field is empty
// has no index key attributes and is not in the index (a sparse index). An
// index sort key left out is the constant "A". An index attribute that is
// one of the table's key attributes (an inverted index) holds the primary
// key's value, so its Key must name the same fields.
struct IndexKey {
  std::string index;
  std::optional<Key> pk;  // global indexes; a local index has the table's
  std::optional<Key> sk;

  static IndexKey global(std::string index, Key pk, std::optional<Key> sk = std::nullopt) {
    return IndexKey{std::move(index), std::move(pk), std::move(sk)};
  }
  static IndexKey local(std::string index, Key sk) { return IndexKey{std::move(index), std::nullopt, std::move(sk)}; }
};

struct ItemOptions {
  std::optional<Key> pk;      // default: Key{first field}
  std::optional<Key> sk;      // default: none ("A" when the table has a sort key)
  std::string name;           // for prefixes; default: the model's C++ name
  std::string version_field;  // opt-in optimistic locking
  RetryPolicy batch_retry;    // unprocessed batch entries
  std::vector<IndexKey> indexes;  // keys on the table's secondary indexes
  // Time to Live: a std::chrono::system_clock::time_point field (or an
  // optional one, empty meaning "never") stored as epoch seconds (N), the
  // form DynamoDB's TTL reads; the table's TTL attribute becomes this field.
  std::string ttl_field;
};

struct PutOptions {
  bool if_absent = false;  // attribute_not_exists(pk)
  std::optional<Condition> condition;

  static PutOptions absent() {
    PutOptions o;
    o.if_absent = true;
    return o;
  }
  static PutOptions when(Condition c) {
    PutOptions o;
    o.condition = std::move(c);
    return o;
  }
};

struct DeleteOptions {
  std::optional<Condition> condition;
  std::optional<std::int64_t> expected_version;  // with a version field

  static DeleteOptions when(Condition c) {
    DeleteOptions o;
    o.condition = std::move(c);
    return o;
  }
  static DeleteOptions at_version(std::int64_t v) {
    DeleteOptions o;
    o.expected_version = v;
    return o;
  }
};

template <class Model>
class RangeQuery;
template <class Model>
class ScanQuery;
template <class Model>
class Item;

// The primary key of one item of type Model, as Item<Model>::key(...) makes
// it: batch_get and batch_delete take only keys of their own type.
template <class Model>
class ItemKey {
 public:
  ItemKey(const ItemKey& other) { doc_.CopyFrom(other.doc_, doc_.GetAllocator()); }
  ItemKey(ItemKey&&) noexcept = default;
  ItemKey& operator=(const ItemKey& other) {
    if (this != &other) doc_.CopyFrom(other.doc_, doc_.GetAllocator());
    return *this;
  }
  ItemKey& operator=(ItemKey&&) noexcept = default;
  bool operator==(const ItemKey& other) const { return doc_ == other.doc_; }

  // The DynamoDB Key map ({"pk": {"S": "CC#..."}, ...}).
  const rapidjson::Document& document() const { return doc_; }
  operator const rapidjson::Value&() const { return doc_; }  // NOLINT: reads as its key map
  rapidjson::Document release() && { return std::move(doc_); }
  // The key fields' bare texts (field name, text), partition key first: what
  // an upsert writes into the fields.
  const std::vector<std::pair<std::string, std::string>>& field_texts() const { return fields_; }

 private:
  friend class Item<Model>;
  ItemKey(rapidjson::Document doc, std::vector<std::pair<std::string, std::string>> fields)
      : doc_(std::move(doc)), fields_(std::move(fields)) {}
  rapidjson::Document doc_;
  std::vector<std::pair<std::string, std::string>> fields_;
};
template <class Model>
class UpdateBuilder;

namespace detail {
// A key-capable model field by name: its kind and bare text.
template <class Model>
struct FieldText {
  char kind = 0;
  std::function<std::string(const Model&)> text;
  bool is_time = false;  // a system_clock time_point
  char number = 0;       // 'i' an integer, 'f' a floating-point field
  // A std::optional field (index keys only): whether it holds a value.
  std::function<bool(const Model&)> present{};
};

template <class F>
constexpr char number_class() {
  if constexpr (std::is_floating_point_v<F>) return 'f';
  else if constexpr (std::is_integral_v<F>) return 'i';
  else return 0;
}
template <class F>
inline constexpr bool is_system_time = false;
template <class D>
inline constexpr bool is_system_time<std::chrono::time_point<std::chrono::system_clock, D>> = true;
template <class Model>
std::optional<FieldText<Model>> find_key_field(std::string_view name) {
  std::optional<FieldText<Model>> found;
  boost::mp11::mp_for_each<members_of<Model>>([&](auto D) {
    using F = std::remove_cvref_t<decltype(std::declval<const Model&>().*D.pointer)>;
    if (found || name != D.name) return;
    if constexpr (Marshaler<F>::key_kind != 0) {
      found = FieldText<Model>{Marshaler<F>::key_kind,
                               [](const Model& m) { return Marshaler<F>::to_text(m.*decltype(D)::pointer); },
                               is_system_time<F>, number_class<F>()};
    } else if constexpr (is_optional<F>::value) {
      using V = typename F::value_type;
      if constexpr (Marshaler<V>::key_kind != 0) {
        found = FieldText<Model>{
            Marshaler<V>::key_kind,
            [](const Model& m) {
              const auto& v = m.*decltype(D)::pointer;
              return v ? Marshaler<V>::to_text(*v) : std::string();
            },
            is_system_time<V>, number_class<V>(), [](const Model& m) { return (m.*decltype(D)::pointer).has_value(); }};
      } else {
        found = FieldText<Model>{};
      }
    } else {
      found = FieldText<Model>{};
    }
  });
  return found;
}
template <class P>
decltype(auto) normalize_key(const P& v) {
  if constexpr (std::is_convertible_v<const P&, std::string_view> && !std::is_same_v<P, std::string>)
    return std::string(std::string_view(v));
  else
    return (v);
}
template <class T>
inline constexpr bool is_tuple = false;
template <class... T>
inline constexpr bool is_tuple<std::tuple<T...>> = true;

// The bare text of a key value: one field's text, or a composite key's part
// texts joined (a std::tuple in field order; leading parts only when
// `partial`).
template <class V>
std::string key_value_text(const KeySpec& spec, const V& value, const std::string& what, bool partial = false) {
  if constexpr (is_tuple<V>) {
    if (!spec.composite())
      throw ValidationError("ValidationException", what + " is one field: give its value, not a tuple");
    constexpr std::size_t n = std::tuple_size_v<V>;
    if (n > spec.parts.size() || n == 0 || (!partial && n != spec.parts.size()))
      throw ValidationError("ValidationException", what + " has " + std::to_string(spec.parts.size()) +
                                                       " parts; " + std::to_string(n) + " given");
    std::string text;
    std::size_t i = 0;
    auto append = [&](const auto& part) {
      const auto& v = normalize_key(part);
      using P = std::remove_cvref_t<decltype(v)>;
      if constexpr (Marshaler<P>::key_kind == 'B') {
        throw ValidationError("ValidationException", what + ": bytes cannot be part of a composite key");
      } else {
        if (i > 0) text += spec.joiner;
        text += ordered_text(spec.part_numbers[i], key_text(v, what + "." + spec.parts[i]));
        ++i;
      }
    };
    std::apply([&](const auto&... parts) { (append(parts), ...); }, value);
    return text;
  } else {
    if (spec.composite())
      throw ValidationError("ValidationException", what + " is a composite key: give a std::tuple of its " +
                                                       std::to_string(spec.parts.size()) + " parts");
    const auto& v = normalize_key(value);
    using P = std::remove_cvref_t<decltype(v)>;
    check_key_kind(spec, Marshaler<P>::key_kind);
    return ordered_text(spec.number, key_text(v, what));
  }
}
}  // namespace detail

template <class Model>
class Item {
 public:
  explicit Item(ItemOptions options = {}) : Item(Table::default_table(), std::move(options)) {}
  Item(Table& table, ItemOptions options = {});
  // The seed's Item(item_model, pk=Key(...), sk=Key(...)).
  explicit Item(Key pk, std::optional<Key> sk = std::nullopt) : Item(Table::default_table(), std::move(pk), std::move(sk)) {}
  Item(Table& table, Key pk, std::optional<Key> sk = std::nullopt) : Item(table, options_for(std::move(pk), std::move(sk))) {}

  Table& table() const { return *table_; }
  const std::string& name() const { return name_; }
  // The resolved keys; prefix_value is filled in.
  const Key& pk() const { return pk_key_; }
  const std::optional<Key>& sk() const { return sk_key_; }
  const detail::KeySpec& pk_spec() const { return pk_; }
  const std::optional<detail::KeySpec>& sk_spec() const { return sk_; }

  // This type's key on a secondary index, as resolved from its IndexKey.
  struct IndexKeys {
    const IndexSpec* index = nullptr;
    detail::KeySpec pk;
    std::optional<detail::KeySpec> sk;
    bool pk_is_table_key = false, sk_is_table_key = false;  // attributes the primary key writes
    std::vector<detail::FieldText<Model>> pk_parts, sk_parts;
  };
  const std::vector<IndexKeys>& indexes() const { return indexes_; }
  // The keys a query runs on: the table's (index "") or an index's. Throws
  // std::invalid_argument when this type has no key on that index.
  detail::QueryKeys query_keys(std::string_view index = {}) const;
  // The attribute holding the TTL field's epoch seconds, or "".
  const std::string& ttl_field() const { return ttl_field_; }

  // ---- Mapping ----
  rapidjson::Document to_item(const Model& model) const;
  Model from_item(const Json& item) const {
    if (ttl_field_.empty()) return decode_item<Model>(item);
    return decode_item<Model>(detail::ttl_from_epoch(item, ttl_field_));
  }
  // A projected item: the attributes it has, the key fields recovered from
  // its key attributes, defaults for the rest.
  Model from_partial_item(const Json& item) const;
  // The primary key of a stored item (its table key attributes), e.g. of
  // an item a KEYS_ONLY index returned, for get_item or batch_get.
  ItemKey<Model> key_of_item(const Json& item) const;
  // The item a failed condition found (puts, updates and deletes with a
  // condition or a version ask for it), or nullopt when there was none.
  std::optional<Model> current(const ConditionFailed& failure) const {
    if (!failure.item || !failure.item->IsObject()) return std::nullopt;
    return from_item(*failure.item);
  }
  rapidjson::Document key_of(const Model& model) const;
  template <class P>
  ItemKey<Model> key(const P& pk) const;
  template <class P, class S>
  ItemKey<Model> key(const P& pk, const S& sk) const;
  template <class P>
  std::string pk_text(const P& pk) const;

  // ---- Operations ----
  void put_item(const Model& model, const PutOptions& options = {}) const { put(model, options, nullptr); }
  // Also stores the new version in `model` when versioned.
  void put_item(Model& model, const PutOptions& options = {}) const { put(model, options, &model); }

  template <class P>
  std::optional<Model> get_item(const P& pk, bool consistent = false) const { return get(key(pk).release(), consistent); }
  template <class P, class S>
  std::optional<Model> get_item(const P& pk, const S& sk, bool consistent = false) const {
    return get(key(pk, sk).release(), consistent);
  }
  // Like get_item, but a missing item is NotFound.
  template <class... K>
  Model require_item(const K&... key_values) const {
    auto m = get(key(key_values...).release(), true);
    if (!m) throw NotFound("ItemNotFound", name_ + " item not found in table " + table_->name());
    return std::move(*m);
  }

  // Returns the deleted item, if there was one.
  template <class P>
  std::optional<Model> delete_item(const P& pk, const DeleteOptions& options = {}) const {
    return remove(key(pk).release(), options);
  }
  template <class P, class S>
  std::optional<Model> delete_item(const P& pk, const S& sk, const DeleteOptions& options = {}) const {
    return remove(key(pk, sk).release(), options);
  }

  template <class... K>
  UpdateBuilder<Model> update_item(const K&... key_values) const {
    return UpdateBuilder<Model>(*this, key(key_values...));
  }

  // The items of this type under one partition key, in sort-key order.
  template <class P>
  RangeQuery<Model> query(const P& pk) const;
  // The same on a secondary index: `pk` is the value of this type's index
  // partition key (a local index: the table's), ranges are on its index
  // sort key. Items come as the index projects them (see RangeQuery).
  template <class P>
  RangeQuery<Model> query_index(std::string_view index, const P& pk) const;
  // Every item of this type in the table (Scan, filtered to the type's key
  // prefixes), optionally in parallel segments.
  ScanQuery<Model> scan() const;

  // BatchWriteItem / BatchGetItem in chunks of 25 / 100, retrying unprocessed
  // entries. Keys come from key(...). batch_get returns the items found, in
  // no particular order.
  void batch_put(const std::vector<Model>& models) const;
  void batch_delete(const std::vector<ItemKey<Model>>& keys) const;
  std::vector<Model> batch_get(const std::vector<ItemKey<Model>>& keys, bool consistent = false) const;

  // The requests put_item and delete_item send (without ReturnValues), for
  // transactions (transaction.h). put_request stores the version it writes
  // in *next_version when the type is versioned.
  rapidjson::Document put_request(const Model& model, const PutOptions& options = {},
                                  std::int64_t* next_version = nullptr) const;
  rapidjson::Document delete_request(const Json& key, const DeleteOptions& options = {}) const;
  // The item a failed action of a transaction found, decoded.
  std::optional<Model> current(const CancellationReason& reason) const {
    if (!reason.item || !reason.item->IsObject()) return std::nullopt;
    return from_item(*reason.item);
  }

  // Internal, for UpdateBuilder.
  const std::string& version_field() const { return version_field_; }

 private:
  static ItemOptions options_for(Key pk, std::optional<Key> sk) {
    ItemOptions o;
    o.pk = std::move(pk);
    o.sk = std::move(sk);
    return o;
  }
  detail::KeySpec resolve(Key& key, const std::string& attribute, KeyType type, const char* role,
                          bool optional_fields = false);
  void resolve_index(IndexKey key);
  void add_index_attributes(const Model& model, rapidjson::Document& item) const;
  static std::function<std::string(const Model&)> field_text(const detail::KeySpec& spec);
  template <class V>
  void key_field_texts(const V& value, const detail::KeySpec& spec,
                       std::vector<std::pair<std::string, std::string>>& out) const;
  void put(const Model& model, const PutOptions& options, Model* out) const;
  std::optional<Model> get(rapidjson::Document key, bool consistent) const;
  std::optional<Model> remove(rapidjson::Document key, const DeleteOptions& options) const;
  std::optional<Condition> version_condition(std::int64_t expected) const;

  Table* table_;
  std::string name_;
  Key pk_key_;
  std::optional<Key> sk_key_;
  detail::KeySpec pk_;
  std::optional<detail::KeySpec> sk_;
  std::function<std::string(const Model&)> pk_field_, sk_field_;
  std::string version_field_;
  std::function<std::int64_t(const Model&)> get_version_;
  std::function<void(Model&, std::int64_t)> set_version_;
  RetryPolicy batch_retry_;
  std::vector<IndexKeys> indexes_;
  std::string ttl_field_;
};

// ---- UpdateBuilder ------------------------------------------------------

// A typed UpdateItem: set/remove/add/append on model fields (values must
// convert to the field's type) or on paths, plus conditions.
template <class Model>
class UpdateBuilder {
 public:
  UpdateBuilder(const Item<Model>& type, ItemKey<Model> key) : type_(&type), key_(std::move(key)) {}
  const Item<Model>& type() const { return *type_; }

  template <class T, class U>
  UpdateBuilder& set(T Model::*member, const U& value) {
    const std::string name(field_name(member));
    refuse_key_field(name);
    const T converted = value;
    note(name, converted);
    if (detail::is_absent(converted)) update_.remove(Path::field(name));
    else if (name == type_->ttl_field()) update_.set(Path::field(name), ttl_operand(converted));
    else update_.set(Path::field(name), Operand::of(converted));
    return *this;
  }
  template <class T, class U>
  UpdateBuilder& set_if_not_exists(T Model::*member, const U& value) {
    refuse_key_field(field_name(member));
    update_.set_if_not_exists(Path::field(std::string(field_name(member))), Operand::of(static_cast<T>(value)));
    return *this;
  }
  template <class T>
  UpdateBuilder& remove(T Model::*member) {
    refuse_key_field(field_name(member));
    noted_.emplace_back(std::string(field_name(member)), std::nullopt);
    update_.remove(Path::field(std::string(field_name(member))));
    return *this;
  }
  // Numbers: add; sets: union.
  template <class T, class U>
  UpdateBuilder& add(T Model::*member, const U& value) {
    refuse_key_field(field_name(member));
    update_.add(Path::field(std::string(field_name(member))), Operand::of(static_cast<T>(value)));
    return *this;
  }
  // Lists: append / prepend elements.
  template <class T>
  UpdateBuilder& append(T Model::*member, const T& elements) {
    refuse_key_field(field_name(member));
    update_.append(Path::field(std::string(field_name(member))), Operand::of(elements));
    return *this;
  }
  template <class T>
  UpdateBuilder& prepend(T Model::*member, const T& elements) {
    refuse_key_field(field_name(member));
    update_.prepend(Path::field(std::string(field_name(member))), Operand::of(elements));
    return *this;
  }
  // Sets: remove these members.
  template <class T>
  UpdateBuilder& delete_elements(T Model::*member, const T& elements) {
    refuse_key_field(field_name(member));
    update_.delete_elements(Path::field(std::string(field_name(member))), Operand::of(elements));
    return *this;
  }
  // Untyped paths ("tags[0]", "meta.owner").
  template <class U>
  UpdateBuilder& set(Path path, const U& value) {
    refuse_key_path(path);
    update_.set(std::move(path), Operand::of(value));
    return *this;
  }
  UpdateBuilder& remove(Path path) {
    refuse_key_path(path);
    update_.remove(std::move(path));
    return *this;
  }
  UpdateBuilder& condition(Condition c) {
    condition_ = detail::all_of(std::move(condition_), std::move(c));
    return *this;
  }
  // Only update an existing item (no upsert).
  UpdateBuilder& if_exists() { return condition(Condition::attribute_exists(Path::field(type_->pk_spec().attribute))); }
  // Optimistic locking: the stored version must be `expected`.
  UpdateBuilder& if_version(std::int64_t expected) {
    if (type_->version_field().empty()) throw std::logic_error(type_->name() + " has no version field");
    return condition(attr(Path::field(type_->version_field())) == expected);
  }

  // The request that execute() sends (for inspection and tests). Besides the
  // actions asked for, every attribute the model stores that no action
  // touches is set to its default if absent (SET a = if_not_exists(a, v)),
  // and so are the key fields, so an update of a missing key (an upsert)
  // stores an item get_item can decode.
  rapidjson::Document request() const;
  // Runs UpdateItem and returns the item as stored afterwards (ALL_NEW).
  std::optional<Model> execute() const;

 private:
  // Key fields are written with the key: an update that changes one would
  // leave the item's key and its field disagreeing.
  void refuse_key_field(std::string_view name) const {
    const auto& sk = type_->sk_spec();
    if (type_->pk_spec().holds(name) || (sk && sk->holds(name)))
      throw ValidationError("ValidationException", type_->name() + "." + std::string(name) +
                                                       " is a key field: an update cannot change it");
  }
  void refuse_key_path(const Path& path) const {
    if (!path.steps().empty() && !path.steps().front().name.empty()) refuse_key_field(path.steps().front().name);
  }
  // Index key attributes are rewritten from the texts of the fields set.
  template <class T>
  void note(const std::string& name, const T& value) {
    if constexpr (Marshaler<T>::key_kind != 0) {
      noted_.emplace_back(name, key_text(value, name));
    } else if constexpr (detail::is_optional<T>::value) {
      if constexpr (Marshaler<typename T::value_type>::key_kind != 0)
        noted_.emplace_back(name, value ? std::optional<std::string>(key_text(*value, name)) : std::nullopt);
    }
  }
  template <class T>
  static Operand ttl_operand(const T& time) {
    rapidjson::Document v;
    if constexpr (detail::is_optional<T>::value) v.CopyFrom(detail::ttl_value(key_text(*time), v.GetAllocator()), v.GetAllocator());
    else if constexpr (detail::is_system_time<T>) v.CopyFrom(detail::ttl_value(key_text(time), v.GetAllocator()), v.GetAllocator());
    return Operand::raw(v);
  }
  // The SET / REMOVE actions that keep the index key attributes equal to
  // what put_item would write.
  void maintain_indexes(Update& update) const;

  const Item<Model>* type_;
  ItemKey<Model> key_;
  Update update_;
  std::optional<Condition> condition_;
  std::vector<std::pair<std::string, std::optional<std::string>>> noted_;  // field -> text (nullopt: removed)
};

}  // namespace dynamo_items::client

#include "dynamo_items/client/item_impl.h"  // IWYU pragma: export
