// WriteTransaction and transact_get's wire calls (transaction.h).
#include "dynamo_items/client/transaction.h"

#include <stdexcept>

#include "dynamo_items/client/errors.h"

namespace dynamo_items::client {

WriteTransaction& WriteTransaction::add(const Table& table, const char* kind, const std::string& type_name,
                                        rapidjson::Document req) {
  if (transport_ == nullptr) transport_ = &table.transport();
  else if (transport_ != &table.transport())
    throw std::invalid_argument("the tables of one transaction share a transport; " + table.name() + " does not");
  actions_.push_back(Action{kind, type_name, std::move(req)});
  return *this;
}

rapidjson::Document WriteTransaction::request() const {
  rapidjson::Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  Json items(rapidjson::kArrayType);
  for (const Action& action : actions_) {
    Json entry(rapidjson::kObjectType);
    entry.AddMember(detail::make_string(action.kind, a), Json().CopyFrom(action.request, a), a);
    items.PushBack(entry, a);
  }
  req.AddMember("TransactItems", items, a);
  if (token_) req.AddMember("ClientRequestToken", detail::make_string(*token_, a), a);
  return req;
}

void WriteTransaction::execute() const {
  if (actions_.empty()) throw ValidationError("ValidationException", "a transaction needs at least one action");
  try {
    transport_->execute("TransactWriteItems", request());
  } catch (TransactionCanceled& e) {
    for (std::size_t i = 0; i < e.reasons.size() && i < actions_.size(); ++i)
      e.reasons[i].action = std::to_string(i) + ": " + actions_[i].kind + " " + actions_[i].type_name;
    throw;
  }
}

namespace detail {

std::vector<rapidjson::Document> transact_get(Transport& transport, std::vector<rapidjson::Document> gets) {
  rapidjson::Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  Json items(rapidjson::kArrayType);
  for (auto& g : gets) items.PushBack(Json().CopyFrom(g, a), a);
  req.AddMember("TransactItems", items, a);
  rapidjson::Document res = transport.execute("TransactGetItems", std::move(req));
  std::vector<rapidjson::Document> out(gets.size());
  for (auto& d : out) d.SetObject();
  auto responses = res.FindMember("Responses");
  if (responses != res.MemberEnd() && responses->value.IsArray()) {
    for (rapidjson::SizeType i = 0; i < responses->value.Size() && i < out.size(); ++i)
      out[i].CopyFrom(responses->value[i], out[i].GetAllocator());
  }
  return out;
}

}  // namespace detail
}  // namespace dynamo_items::client
