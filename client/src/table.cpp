// Table, prefix allocation, default table/transport, CreateTable.
#include "dynamo_items/client/table.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <thread>

#include "dynamo_items/client/errors.h"
#include "dynamo_items/client/http_transport.h"

namespace dynamo_items::client {

namespace {

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

std::mutex g_default_mu;
Table* g_default_table = nullptr;
std::unique_ptr<Table> g_fallback_table;
std::shared_ptr<Transport> g_default_transport;

rapidjson::Value str(std::string_view s, rapidjson::Document::AllocatorType& a) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

}  // namespace

char key_type_char(KeyType t) {
  switch (t) {
    case KeyType::S: return 'S';
    case KeyType::N: return 'N';
    case KeyType::B: return 'B';
  }
  return 'S';
}

// ---- PrefixAllocator ----------------------------------------------------

std::string PrefixAllocator::allocate(std::string_view model, std::string_view attribute) {
  if (model.empty() || attribute.empty()) throw std::invalid_argument("prefix needs a model name and an attribute");
  std::lock_guard lock(mu_);
  std::string id = std::string(model) + "." + std::string(attribute);
  for (const auto& [key, prefix] : assigned_)
    if (key == id) return prefix;
  auto is_taken = [&](const std::string& p) { return std::find(taken_.begin(), taken_.end(), p) != taken_.end(); };
  std::string prefix(1, upper(model.front()));
  std::string chosen;
  for (char c : attribute) {
    prefix += upper(c);
    if (!is_taken(prefix)) {
      chosen = prefix;
      break;
    }
  }
  // The seed gives up here (and returns None); we count on instead.
  for (int n = 2; chosen.empty(); ++n)
    if (!is_taken(prefix + std::to_string(n))) chosen = prefix + std::to_string(n);
  taken_.push_back(chosen);
  assigned_.emplace_back(std::move(id), chosen);
  return chosen;
}

void PrefixAllocator::reserve(std::string_view prefix) {
  std::lock_guard lock(mu_);
  if (std::find(taken_.begin(), taken_.end(), prefix) == taken_.end()) taken_.emplace_back(prefix);
}

bool PrefixAllocator::reserved(std::string_view prefix) const {
  std::lock_guard lock(mu_);
  return std::find(taken_.begin(), taken_.end(), prefix) != taken_.end();
}

std::vector<std::pair<std::string, std::string>> PrefixAllocator::assignments() const {
  std::lock_guard lock(mu_);
  return assigned_;
}

// ---- Table --------------------------------------------------------------

Table::Table(TableSpec spec, std::shared_ptr<Transport> transport)
    : spec_(std::move(spec)), transport_(transport ? std::move(transport) : default_transport()) {
  if (spec_.name.empty()) throw std::invalid_argument("a table needs a name");
  if (spec_.make_default) set_default(this);
}

Table::Table(std::string name, KeyType partition_key, std::optional<KeyType> sort_key, bool make_default,
             std::shared_ptr<Transport> transport)
    : Table(
          [&] {
            TableSpec spec;
            spec.name = std::move(name);
            spec.partition_key = partition_key;
            spec.sort_key = sort_key;
            spec.make_default = make_default;
            return spec;
          }(),
          std::move(transport)) {}

Table::~Table() {
  std::lock_guard lock(g_default_mu);
  if (g_default_table == this) g_default_table = nullptr;
}

void Table::add_registration(Registration r) {
  std::lock_guard lock(mu_);
  registrations_.push_back(std::move(r));
}

std::vector<Table::Registration> Table::registrations() const {
  std::lock_guard lock(mu_);
  return registrations_;
}

void Table::create(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto status = [&]() -> std::string {
    rapidjson::Document req(rapidjson::kObjectType);
    req.AddMember("TableName", str(spec_.name, req.GetAllocator()), req.GetAllocator());
    rapidjson::Document res = transport_->execute("DescribeTable", std::move(req));
    auto table = res.FindMember("Table");
    if (table == res.MemberEnd() || !table->value.IsObject()) return "";
    check_key_schema(table->value);
    auto s = table->value.FindMember("TableStatus");
    return s != table->value.MemberEnd() && s->value.IsString() ? s->value.GetString() : "";
  };
  std::string current;
  bool enable_ttl_after = false;
  try {
    current = status();
  } catch (const NotFound&) {
    rapidjson::Document req = create_request();
    bool created = true;
    try {
      transport_->execute("CreateTable", std::move(req));
    } catch (const ClientError& e) {
      if (e.type() != "ResourceInUseException") throw;  // created concurrently
      created = false;
    }
    current = status();
    enable_ttl_after = created && !spec_.ttl_attribute.empty();
  }
  while (current != "ACTIVE") {
    if (std::chrono::steady_clock::now() > deadline)
      throw ClientError("Timeout", "table " + spec_.name + " is " + current + ", not ACTIVE");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    current = status();
  }
  if (enable_ttl_after) enable_ttl();
}

// An existing table must have the spec's key schema, or items would not fit.
void Table::check_key_schema(const rapidjson::Value& description) const {
  auto text = [](const rapidjson::Value& obj, const char* name) -> std::string {
    auto it = obj.FindMember(name);
    return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  };
  std::string want = spec_.partition_key_attribute + ":" + key_type_char(spec_.partition_key) + " HASH";
  if (spec_.sort_key) want += ", " + spec_.sort_key_attribute + ":" + key_type_char(*spec_.sort_key) + " RANGE";
  std::string have;
  auto schema = description.FindMember("KeySchema");
  auto defs = description.FindMember("AttributeDefinitions");
  if (schema == description.MemberEnd() || !schema->value.IsArray()) return;  // nothing to compare
  for (const auto& k : schema->value.GetArray()) {
    std::string name = text(k, "AttributeName"), type;
    if (defs != description.MemberEnd() && defs->value.IsArray())
      for (const auto& d : defs->value.GetArray())
        if (text(d, "AttributeName") == name) type = text(d, "AttributeType");
    if (!have.empty()) have += ", ";
    have += name + ":" + type + " " + text(k, "KeyType");
  }
  if (have != want)
    throw ClientError("TableMismatch", "table " + spec_.name + " exists with key schema (" + have + "), expected (" +
                                           want + ")");
}

void Table::drop() {
  rapidjson::Document req(rapidjson::kObjectType);
  req.AddMember("TableName", str(spec_.name, req.GetAllocator()), req.GetAllocator());
  try {
    transport_->execute("DeleteTable", std::move(req));
  } catch (const NotFound&) {
  }
}

Table& Table::default_table() {
  std::lock_guard lock(g_default_mu);
  if (g_default_table != nullptr) return *g_default_table;
  if (!g_fallback_table) {
    const char* env = std::getenv("DYDB_TABLE_NAME");
    TableSpec spec;
    spec.name = env != nullptr && *env != '\0' ? env : "dynamo-items";
    auto transport = g_default_transport;
    if (!transport) transport = HttpTransport::from_environment();
    g_fallback_table = std::make_unique<Table>(std::move(spec), std::move(transport));
  }
  return *g_fallback_table;
}

void Table::set_default(Table* table) {
  std::lock_guard lock(g_default_mu);
  g_default_table = table;
}

void Table::set_default_transport(std::shared_ptr<Transport> transport) {
  std::lock_guard lock(g_default_mu);
  g_default_transport = std::move(transport);
}

std::shared_ptr<Transport> Table::default_transport() {
  {
    std::lock_guard lock(g_default_mu);
    if (g_default_transport) return g_default_transport;
  }
  return HttpTransport::from_environment();
}

}  // namespace dynamo_items::client
