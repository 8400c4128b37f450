// InProcessTransport: Engine::execute without HTTP or JSON text. Engine errors
// (values) become the client's typed exceptions; an old item attached to a
// failed condition is converted to DynamoDB JSON like the server would.
#include <string>

#include "base64.h"
#include "dynamo_items/client/errors.h"
#include "dynamo_items/client/transport.h"
#include "dynamo_items/engine.h"

namespace dynamo_items::client {

namespace {

using Alloc = rapidjson::Document::AllocatorType;

rapidjson::Value str(const std::string& s, Alloc& a) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

rapidjson::Value to_json(const AttributeValue& v, Alloc& a);

rapidjson::Value map_to_json(const AttributeMap& m, Alloc& a) {
  rapidjson::Value out(rapidjson::kObjectType);
  for (const auto& [name, value] : m) out.AddMember(str(name, a), to_json(value, a), a);
  return out;
}

rapidjson::Value to_json(const AttributeValue& v, Alloc& a) {
  rapidjson::Value inner;
  switch (v.type()) {
    case AttrType::S:
    case AttrType::N: inner = str(v.scalar(), a); break;
    case AttrType::B: inner = str(base64::encode(v.scalar()), a); break;
    case AttrType::BOOL: inner.SetBool(v.boolean_value()); break;
    case AttrType::NUL: inner.SetBool(true); break;
    case AttrType::M: inner = map_to_json(v.map(), a); break;
    case AttrType::L:
      inner.SetArray();
      for (const auto& e : v.list()) inner.PushBack(to_json(e, a), a);
      break;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      inner.SetArray();
      for (const auto& e : v.set()) inner.PushBack(str(v.type() == AttrType::BS ? base64::encode(e) : e, a), a);
      break;
  }
  rapidjson::Value out(rapidjson::kObjectType);
  std::string tag(attr_type_name(v.type()));
  out.AddMember(str(tag, a), inner, a);
  return out;
}

}  // namespace

rapidjson::Document InProcessTransport::execute(std::string_view operation, rapidjson::Document request) {
  auto result = engine_.execute(operation, request);
  if (result) return std::move(result.value());
  const Error& e = result.error();
  auto to_document = [](const std::shared_ptr<const Item>& item) -> std::shared_ptr<const rapidjson::Document> {
    if (!item) return nullptr;
    auto doc = std::make_shared<rapidjson::Document>(rapidjson::kObjectType);
    doc->CopyFrom(map_to_json(*item, doc->GetAllocator()), doc->GetAllocator());
    return doc;
  };
  std::vector<CancellationReason> reasons;
  for (const auto& r : e.cancellation_reasons) reasons.push_back({r.code, r.message, to_document(r.item), ""});
  throw_service_error(e.type(), e.message(), e.http_status(), to_document(e.item), std::move(reasons));
}

}  // namespace dynamo_items::client
