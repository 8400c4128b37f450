// Table: one DynamoDB table and the key prefixes of the item types stored in
// it. Item types (item.h) register on a table when they are constructed; the
// table hands out their key prefixes with the seed's algorithm:
//
//   prefix(model, attribute) = upper(model[0]) + upper(attribute[0..k])
//   for the smallest k >= 1 whose result no item type on this table has
//   reserved yet; once every character is used, "2", "3", ... are appended.
//
// So on one table Command.command_id gets "CC", CommandV2.device_id "CD", and
// CommandV2.command_id "CCO" (because "CC" is taken). The same (model,
// attribute) pair always gets the same prefix; item types defined in the same
// order get the same prefixes on every run. A Key with an explicit
// prefix_value uses it as given (adopting another type's prefix, like the
// seed's prefix_value=commands_v2.pk.prefix_value) and reserves it.
//
//   Table items("dynamo-items-2", KeyType::S, KeyType::S, /*make_default=*/true, transport);
//   items.create();  // idempotent; waits until ACTIVE
//
// Ownership: a Table shares its transport; item types keep a reference to
// their table, which must outlive them. Registration (constructing item
// types) is thread-safe; a constructed table is safe to use from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "dynamo_items/client/marshal.h"
#include "dynamo_items/client/transport.h"

namespace dynamo_items::client {

enum class KeyType { S, N, B };
char key_type_char(KeyType t);  // 'S', 'N', 'B'

// How a time field's value is written into a key attribute.
//   iso8601: "2023-08-27T01:10:36.357227Z", the field's own text (default).
//   python:  "2023-08-27 01:10:36.357227", Python's str(datetime), which is
//            what the seed library writes into keys: microseconds, and no
//            fraction at all when they are zero. Both sort in time order.
// Only the key attribute changes; the field's attribute stays ISO 8601.
enum class TimeFormat { iso8601, python };

// The partition or sort key of an item type: which model field (or fields)
// hold the value, and how the key attribute is formed from it.
//
//   Key{"device_id"}                            one field, by name
//   Key{&Order::customer_id}                    one field, checked at compile time
//   Key{&Order::region, &Order::placed_at}      a composite key, as ElectroDB's
//                                               composite: [...]; the attribute
//                                               holds prefix#region#placed_at
//   Key::composite({"region", "placed_at"})     the same, by names
//
// A composite key's parts are the fields' texts joined by the separator, so
// a range on a composite sort key may give leading parts only (see
// RangeQuery). Values are passed as std::tuple in field order.
struct Key {
  Key() = default;
  Key(std::string attribute_, std::optional<std::string> prefix_value_ = std::nullopt, bool prefix_ = true,  // NOLINT
      std::string separator_ = "#")
      : attribute(std::move(attribute_)),
        prefix_value(std::move(prefix_value_)),
        prefix(prefix_),
        separator(std::move(separator_)) {}
  // Member pointers of a described model: a field that does not exist or
  // cannot be a key does not compile; a key of another model is refused
  // when the item type is constructed.
  template <class M, class T, class... More>
  Key(T M::*first, More M::*... more) : model(&typeid(M)) {  // NOLINT: reads as the field it names
    static_assert(key_capable<T>() && (... && key_capable<More>()),
                  "key fields must be strings, numbers, bytes, enums, uuids or times (optional ones only in "
                  "index keys)");
    parts = {std::string(field_name(first)), std::string(field_name(more))...};
    attribute = parts.front();
    if (parts.size() == 1) parts.clear();
  }
  template <class T>
  static constexpr bool key_capable() {
    if constexpr (detail::is_optional<T>::value) return Marshaler<typename T::value_type>::key_kind != 0;
    else return Marshaler<T>::key_kind != 0;
  }
  static Key composite(std::vector<std::string> fields, std::optional<std::string> prefix_value_ = std::nullopt) {
    Key k(fields.empty() ? std::string() : fields.front(), std::move(prefix_value_));
    if (fields.size() > 1) k.parts = std::move(fields);
    return k;
  }

  std::string attribute;                    // model field (the first one of a composite key)
  std::optional<std::string> prefix_value;  // generated when empty
  bool prefix = true;                       // false: the field's value as is
  std::string separator = "#";
  TimeFormat time_format = TimeFormat::iso8601;  // time fields only
  std::vector<std::string> parts;           // a composite key's fields, in order (empty: one field)
  // Numbers in a prefixed sort key are written value-ordered (see
  // item_support.h) so ranges follow numeric order; true keeps their plain
  // text, as the seed writes them.
  bool numbers_as_text = false;
  const std::type_info* model = nullptr;    // set by the member-pointer form

  // The fields this key is made of.
  std::vector<std::string> fields() const { return parts.empty() ? std::vector<std::string>{attribute} : parts; }

  // Key("timestamp").with(TimeFormat::python): the seed's key text.
  Key with(TimeFormat format) const {
    Key k = *this;
    k.time_format = format;
    return k;
  }
  Key with_prefix(std::string value) const {
    Key k = *this;
    k.prefix_value = std::move(value);
    return k;
  }
  Key as_text() const {
    Key k = *this;
    k.numbers_as_text = true;
    return k;
  }
  Key unprefixed() const {
    Key k = *this;
    k.prefix = false;
    return k;
  }
};

// The seed's prefix algorithm (see above), one per table.
class PrefixAllocator {
 public:
  std::string allocate(std::string_view model, std::string_view attribute);
  // Marks an explicitly chosen prefix as taken. Adopting a taken one is fine.
  void reserve(std::string_view prefix);
  bool reserved(std::string_view prefix) const;
  // "Model.attribute" -> prefix, in allocation order.
  std::vector<std::pair<std::string, std::string>> assignments() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> assigned_;
  std::vector<std::string> taken_;
};

// Which attributes an index holds besides the keys.
struct Projection {
  enum class Type { all, keys_only, include };
  Type type = Type::all;
  std::vector<std::string> attributes;  // include: the non-key attributes

  static Projection all() { return {}; }
  static Projection keys_only() { return {Type::keys_only, {}}; }
  static Projection include(std::vector<std::string> attributes) { return {Type::include, std::move(attributes)}; }
  bool operator==(const Projection&) const = default;
};

// A secondary index of a table, as CreateTable declares it. Item types
// (item.h) put their index keys into its attributes with IndexKey; several
// types sharing one index and its attributes is index overloading.
//
//   IndexSpec::global("gsi1", "gsi1pk", "gsi1sk")     // strings, all attributes
//   IndexSpec::local("lsi1", "lsi1sk", Projection::keys_only())
struct IndexSpec {
  std::string name;
  bool is_local = false;
  std::string partition_key_attribute;  // global indexes; a local one has the table's
  KeyType partition_key = KeyType::S;
  std::optional<std::string> sort_key_attribute;
  KeyType sort_key = KeyType::S;
  Projection projection;
  // A multi-attribute key (global indexes only: up to four partition and
  // four sort key attributes, each with its own type): model fields read as
  // they are stored, no key attribute of their own. Empty: a one-attribute
  // key as above.
  std::vector<std::pair<std::string, KeyType>> partition_attributes, sort_attributes;

  static IndexSpec multi_attribute(std::string name, std::vector<std::pair<std::string, KeyType>> pk,
                                   std::vector<std::pair<std::string, KeyType>> sk = {}, Projection projection = {}) {
    IndexSpec i;
    i.name = std::move(name);
    i.partition_key_attribute = pk.empty() ? std::string() : pk.front().first;
    i.partition_key = pk.empty() ? KeyType::S : pk.front().second;
    if (!sk.empty()) {
      i.sort_key_attribute = sk.front().first;
      i.sort_key = sk.front().second;
    }
    i.partition_attributes = std::move(pk);
    i.sort_attributes = std::move(sk);
    i.projection = std::move(projection);
    return i;
  }
  bool is_multi_attribute() const { return !partition_attributes.empty(); }
  // Every key attribute, partition first, with its type and role.
  std::vector<std::pair<std::string, KeyType>> hash_attributes() const {
    if (is_multi_attribute()) return partition_attributes;
    return {{partition_key_attribute, partition_key}};
  }
  std::vector<std::pair<std::string, KeyType>> range_attributes() const {
    if (is_multi_attribute()) return sort_attributes;
    if (sort_key_attribute) return {{*sort_key_attribute, sort_key}};
    return {};
  }

  static IndexSpec global(std::string name, std::string pk_attribute, std::optional<std::string> sk_attribute = {},
                          Projection projection = {}) {
    IndexSpec i;
    i.name = std::move(name);
    i.partition_key_attribute = std::move(pk_attribute);
    i.sort_key_attribute = std::move(sk_attribute);
    i.projection = std::move(projection);
    return i;
  }
  static IndexSpec local(std::string name, std::string sk_attribute, Projection projection = {}) {
    IndexSpec i;
    i.name = std::move(name);
    i.is_local = true;
    i.sort_key_attribute = std::move(sk_attribute);
    i.projection = std::move(projection);
    return i;
  }
  IndexSpec& types(KeyType pk, KeyType sk = KeyType::S) {
    partition_key = pk;
    sort_key = sk;
    return *this;
  }
};

struct TableSpec {
  std::string name;
  KeyType partition_key = KeyType::S;
  std::optional<KeyType> sort_key;
  std::string partition_key_attribute = "pk";
  std::string sort_key_attribute = "sk";
  bool make_default = false;  // the table of item types declared without one
  std::vector<IndexSpec> indexes;
  // Time to Live: the attribute whose epoch seconds expire an item; set by
  // an item type's ItemOptions::ttl_field when empty, enabled by migrate().
  std::string ttl_attribute;
};

// What differs between a table's definition (spec and item types) and the
// table as DescribeTable shows it: Table::compare() finds it, migrate()
// repairs what UpdateTable and UpdateTimeToLive can repair.
struct TableDrift {
  bool table_missing = false;
  std::vector<std::string> key_schema;       // key differences; only recreating the table fixes them
  std::vector<std::string> missing_indexes;  // defined, not in the table
  std::vector<std::string> extra_indexes;    // in the table, not defined
  std::vector<std::string> changed_indexes;  // same name, other keys or projection
  std::vector<std::string> local_indexes;    // local index differences (fixed only at creation)
  bool ttl_differs = false;                  // the TTL attribute is not the defined one
  bool empty() const {
    return !table_missing && key_schema.empty() && missing_indexes.empty() && extra_indexes.empty() &&
           changed_indexes.empty() && local_indexes.empty() && !ttl_differs;
  }
  std::string describe() const;  // one line per difference; "" when none
};

struct MigrateOptions {
  bool delete_extra_indexes = false;   // drop global indexes the definition does not have
  bool rebuild_changed_indexes = false;  // drop and recreate global indexes whose keys or projection changed
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
};

class Table {
 public:
  // transport nullptr: Table::default_transport(). The seed's signature:
  // Table(name, partition_key, sort_key, make_default, session).
  explicit Table(TableSpec spec, std::shared_ptr<Transport> transport = nullptr);
  explicit Table(std::string name, KeyType partition_key = KeyType::S, std::optional<KeyType> sort_key = std::nullopt,
                 bool make_default = false, std::shared_ptr<Transport> transport = nullptr);
  ~Table();
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  const std::string& name() const { return spec_.name; }
  const TableSpec& spec() const { return spec_; }
  bool has_sort_key() const { return spec_.sort_key.has_value(); }
  Transport& transport() const { return *transport_; }
  const std::shared_ptr<Transport>& shared_transport() const { return transport_; }
  PrefixAllocator& prefixes() { return prefixes_; }

  // What item types registered, for Table::create, collections and docs.
  struct Registration {
    std::string model;
    std::string pk_field, pk_prefix;  // pk_prefix empty when not prefixed
    std::string sk_field, sk_prefix;  // sk_field empty: constant sort key "A"
  };
  void add_registration(Registration r);
  std::vector<Registration> registrations() const;

  // CreateTable from the spec (PAY_PER_REQUEST) unless the table exists, then
  // waits until it is ACTIVE. Throws ClientError on failure or timeout, and
  // ClientError "TableMismatch" when the table exists with other keys.
  void create(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // DeleteTable; a missing table is not an error.
  void drop();

  // ---- Definition (table_definition.cpp) ----
  // The index named `name`, or nullptr.
  const IndexSpec* find_index(std::string_view name) const;
  // The CreateTable request for the spec: keys, indexes, PAY_PER_REQUEST.
  rapidjson::Document create_request() const;
  // DescribeTable (and DescribeTimeToLive) compared with the definition.
  TableDrift compare() const;
  // Brings the table to its definition, as aws-record's migrations do:
  // creates it when missing, adds missing global indexes one at a time
  // (UpdateTable, waiting until each is ACTIVE), enables TTL, and with the
  // options drops extra or rebuilds changed global indexes. Key schema and
  // local index differences cannot be migrated: ClientError "TableMismatch".
  // Returns what was found before migrating.
  TableDrift migrate(const MigrateOptions& options = {});
  // Used by item types with a TTL field.
  void set_ttl_attribute(const std::string& attribute);

  // The table item types use when they are declared without one: the last
  // table made default, else one named $DYDB_TABLE_NAME ("dynamo-items")
  // with a string partition key, created on first use.
  static Table& default_table();
  static void set_default(Table* table);
  // The transport of tables built without one. Unset: HTTP configured from
  // the AWS environment variables (HttpTransport::from_environment).
  static void set_default_transport(std::shared_ptr<Transport> transport);
  static std::shared_ptr<Transport> default_transport();

 private:
  void check_key_schema(const rapidjson::Value& description) const;
  void enable_ttl();
  std::string wait_for_table(const std::function<bool(const rapidjson::Value&)>& ready,
                             std::chrono::milliseconds timeout) const;

  TableSpec spec_;
  std::shared_ptr<Transport> transport_;
  PrefixAllocator prefixes_;
  mutable std::mutex mu_;
  std::vector<Registration> registrations_;
};

}  // namespace dynamo_items::client
