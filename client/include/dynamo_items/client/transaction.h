// Transactions of typed items: TransactWriteItems and TransactGetItems.
//
//   WriteTransaction tx;
//   tx.put(orders, order, PutOptions::absent())
//     .update(accounts.update_item(id).add(&Account::balance, -10).condition(field(&Account::balance) >= 10))
//     .remove(carts, carts.key(customer))
//     .check(limits, limits.key(customer), field(&Limit::open) < 5)
//     .token("order-1234");              // ClientRequestToken: a retry does not apply it twice
//   tx.execute();                        // all or nothing
//
//   auto [order, account] = transact_get(get(orders, orders.key(id)), get(accounts, accounts.key(a)));
//
// A cancelled transaction throws TransactionCanceled; its reasons() hold one
// CancellationReason per action, in the order they were added, each naming
// its action ("1: Update Account") and, for a failed condition, the item as
// it was (Item<M>::current(reason) decodes it). Actions may mix item types
// and tables; their tables must share one transport. Versioned item types
// check and advance their versions inside the transaction as they do alone.
//
// A WriteTransaction is a description that may be executed more than once
// (with a token, DynamoDB applies it once within ten minutes). Not
// thread-safe while it is being built.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dynamo_items/client/item.h"

namespace dynamo_items::client {

class WriteTransaction {
 public:
  template <class M>
  WriteTransaction& put(const Item<M>& type, const M& model, const PutOptions& options = {}) {
    rapidjson::Document req = type.put_request(model, options);
    return add(type.table(), "Put", type.name(), std::move(req));
  }
  template <class M>
  WriteTransaction& update(const UpdateBuilder<M>& update) {
    rapidjson::Document req = update.request();
    req.RemoveMember("ReturnValues");  // not a member of a transaction's Update
    return add(update.type().table(), "Update", update.type().name(), std::move(req));
  }
  template <class M>
  WriteTransaction& remove(const Item<M>& type, const ItemKey<M>& key, const DeleteOptions& options = {}) {
    return add(type.table(), "Delete", type.name(), type.delete_request(key.document(), options));
  }
  // A condition on an item the transaction does not write.
  template <class M>
  WriteTransaction& check(const Item<M>& type, const ItemKey<M>& key, const Condition& condition) {
    rapidjson::Document req = detail::request_for(type.table());
    req.AddMember("Key", Json().CopyFrom(key.document(), req.GetAllocator()), req.GetAllocator());
    ExpressionNames names;
    detail::add_condition(req, condition, names);
    names.write_to(req);
    return add(type.table(), "ConditionCheck", type.name(), std::move(req));
  }
  WriteTransaction& token(std::string client_request_token) {
    token_ = std::move(client_request_token);
    return *this;
  }

  std::size_t size() const { return actions_.size(); }
  // The TransactWriteItems request execute() sends.
  rapidjson::Document request() const;
  // Throws TransactionCanceled (with the actions named in its reasons),
  // ValidationError for a transaction DynamoDB refuses, ClientError
  // "TransactionInProgressException" / "IdempotentParameterMismatchException".
  void execute() const;

 private:
  struct Action {
    std::string kind, type_name;
    rapidjson::Document request;
  };
  WriteTransaction& add(const Table& table, const char* kind, const std::string& type_name, rapidjson::Document req);

  Transport* transport_ = nullptr;
  std::vector<Action> actions_;
  std::optional<std::string> token_;
};

// One read of a transact_get.
template <class M>
struct TransactGet {
  const Item<M>* type;
  ItemKey<M> key;
};
template <class M>
TransactGet<M> get(const Item<M>& type, ItemKey<M> key) {
  return TransactGet<M>{&type, std::move(key)};
}

namespace detail {
// Runs TransactGetItems with `gets` ({"Get": {...}} objects) and returns its
// Responses, one per get (an empty object for an item that does not exist).
std::vector<rapidjson::Document> transact_get(Transport& transport, std::vector<rapidjson::Document> gets);
template <class M>
rapidjson::Document get_action(const TransactGet<M>& g) {
  rapidjson::Document action(rapidjson::kObjectType);
  auto& a = action.GetAllocator();
  Json get(rapidjson::kObjectType);
  get.AddMember("TableName", make_string(g.type->table().name(), a), a);
  get.AddMember("Key", Json().CopyFrom(g.key.document(), a), a);
  action.AddMember("Get", get, a);
  return action;
}
template <class M>
std::optional<M> decode_response(const TransactGet<M>& g, const rapidjson::Document& response) {
  auto it = response.FindMember("Item");
  if (it == response.MemberEnd() || !it->value.IsObject()) return std::nullopt;
  return g.type->from_item(it->value);
}
}  // namespace detail

// Reads several items of any types in one snapshot (TransactGetItems);
// nullopt for an item that does not exist.
template <class... M>
std::tuple<std::optional<M>...> transact_get(const TransactGet<M>&... gets) {
  static_assert(sizeof...(M) > 0, "transact_get needs at least one item");
  std::vector<rapidjson::Document> actions;
  (actions.push_back(detail::get_action(gets)), ...);
  Transport& transport = std::get<0>(std::forward_as_tuple(gets...)).type->table().transport();
  std::vector<rapidjson::Document> responses = detail::transact_get(transport, std::move(actions));
  std::size_t i = 0;
  return std::tuple<std::optional<M>...>{detail::decode_response(gets, responses[i++])...};
}

// Several items of one type; the results are in the order of the keys.
template <class M>
std::vector<std::optional<M>> transact_get(const Item<M>& type, const std::vector<ItemKey<M>>& keys) {
  std::vector<rapidjson::Document> actions;
  for (const auto& k : keys) actions.push_back(detail::get_action(TransactGet<M>{&type, k}));
  std::vector<rapidjson::Document> responses = detail::transact_get(type.table().transport(), std::move(actions));
  std::vector<std::optional<M>> out;
  for (std::size_t i = 0; i < keys.size(); ++i) out.push_back(detail::decode_response(TransactGet<M>{&type, keys[i]}, responses[i]));
  return out;
}

}  // namespace dynamo_items::client
