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

Result<std::unique_ptr<Engine>> Engine::open(const EngineOptions& options) {
  try {
    return std::unique_ptr<Engine>(new Engine(std::make_unique<EngineImpl>(options)));
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  }
}

Result<rapidjson::Document> Engine::execute(std::string_view operation, const rapidjson::Value& request,
                                            const RequestContext& context) {
  ops::Operation op = ops::find_operation(operation);
  if (op == nullptr) return Error::unknown_operation("");
  try {
    ops::RequestContextScope scope(context);
    if (!request.IsObject()) return Error::serialization("Start of list found where not expected");
    return op(*impl_, request);
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  }
}

Result<std::size_t> Engine::execute_to(std::string_view operation, const rapidjson::Value& request,
                                       std::string& out, const RequestContext& context) {
  ops::Operation op = ops::find_operation(operation);
  if (op == nullptr) return Error::unknown_operation("");
  try {
    ops::RequestContextScope scope(context);
    if (!request.IsObject()) return Error::serialization("Start of list found where not expected");
    ops::RawItemScope raw_items;
    const rapidjson::Document response = op(*impl_, request);
    const std::size_t before = out.size();
    ops::write_json(response, raw_items, out);
    return out.size() - before;
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  }
}

Result<std::optional<Item>> Engine::get_item(std::string_view table, const Item& key) {
  try {
    auto schema = impl_->catalog.require(table);
    return ops::read_item(*impl_, ops::storage_key_of_key(*schema, key));
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  }
}

Result<bool> Engine::put_item(std::string_view table, Item item) {
  try {
    auto schema = impl_->catalog.require(table);
    std::string key = ops::storage_key_of_item(*schema, item);
    if (item_size(item) > kMaxItemSize) throw Error::validation("Item size has exceeded the maximum allowed size");
    ops::write_item(*impl_, *schema, key, [&](const Item*) -> std::optional<Item> { return std::move(item); });
    return true;
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  }
}

void Engine::flush() { impl_->store.flush(); }

}  // namespace dynamo_items
