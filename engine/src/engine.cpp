#include "dynamo_items/engine.h"

#include "engine_impl.h"
#include "ops/item_key.h"
#include "ops/item_write.h"
#include "ops/operations.h"
#include "ops/request_context.h"
#include "ops/response_items.h"
#include "value/item_size.h"

namespace dynamo_items {

Engine::Engine(std::unique_ptr<EngineImpl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() {
  if (impl_) impl_->store.flush();
}

namespace {

// The engine's one boundary between thrown Errors and returned ones: nothing
// throws across the public API. Anything else thrown is a bug of ours and
// becomes an InternalServerError.
template <class F>
auto guarded(F&& f) -> Result<decltype(f())> {
  try {
    return f();
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  }
}

// A request is a JSON object; DynamoDB's texts for a list and for anything else.
void check_request_object(const rapidjson::Value& request) {
  if (request.IsArray()) throw Error::serialization("Start of list found where not expected");
  if (!request.IsObject()) throw Error::serialization("");
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::open(const EngineOptions& options) {
  return guarded([&] { return std::unique_ptr<Engine>(new Engine(std::make_unique<EngineImpl>(options))); });
}

Result<rapidjson::Document> Engine::execute(std::string_view operation, const rapidjson::Value& request,
                                            const RequestContext& context) {
  ops::Operation op = ops::find_operation(operation);
  if (op == nullptr) return Error::unknown_operation("");
  return guarded([&]() -> rapidjson::Document {
    ops::RequestContextScope scope(context);
    check_request_object(request);
    return op(*impl_, request);
  });
}

Result<std::size_t> Engine::execute_to(std::string_view operation, const rapidjson::Value& request,
                                       std::string& out, const RequestContext& context) {
  ops::Operation op = ops::find_operation(operation);
  if (op == nullptr) return Error::unknown_operation("");
  return guarded([&]() -> std::size_t {
    ops::RequestContextScope scope(context);
    check_request_object(request);
    ops::RawItemScope raw_items;
    const rapidjson::Document response = op(*impl_, request);
    const std::size_t before = out.size();
    ops::write_json(response, raw_items, out);
    return out.size() - before;
  });
}

Result<std::optional<Item>> Engine::get_item(std::string_view table, const Item& key) {
  return guarded([&] {
    auto schema = impl_->catalog.require(table);
    return ops::read_item(*impl_, ops::storage_key_of_key(*schema, key));
  });
}

Result<bool> Engine::put_item(std::string_view table, Item item) {
  return guarded([&] {
    auto schema = impl_->catalog.require(table);
    std::string key = ops::storage_key_of_item(*schema, item);
    if (item_size(item) > kMaxItemSize) throw Error::validation("Item size has exceeded the maximum allowed size");
    ops::write_item(*impl_, *schema, key, [&](const Item*) -> std::optional<Item> { return std::move(item); });
    return true;
  });
}

Result<bool> Engine::save_snapshot(std::string_view name, const std::vector<std::string>& tables) {
  return guarded([&] {
    impl_->snapshots.create(std::string(name), tables);
    return true;
  });
}

Result<bool> Engine::restore_snapshot(std::string_view name) {
  rapidjson::Document req(rapidjson::kObjectType);
  req.AddMember("SnapshotName", rapidjson::Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), req.GetAllocator()),
                req.GetAllocator());
  auto res = execute("RestoreSnapshot", req);
  if (!res) return res.error();
  return true;
}

Result<bool> Engine::delete_snapshot(std::string_view name) {
  return guarded([&] {
    if (!impl_->snapshots.remove(name)) throw Error("SnapshotNotFoundException", "Snapshot not found: " + std::string(name));
    return true;
  });
}

void Engine::flush() { impl_->store.flush(); }

}  // namespace dynamo_items
