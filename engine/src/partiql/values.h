// PartiQL values as DynamoDB AttributeValues: literals ('s', 1.5, TRUE,
// NULL), collections ([list] -> L, {'tuple': ...} -> M, <<bag>> -> SS or NS)
// and ? parameters (the request's Parameters, in order), with DynamoDB's
// messages for what it cannot store ("Empty bags are not supported", a
// number out of range "... under root.a[1]", duplicate tuple keys, ...).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamo_items/attribute_value.h"
#include "partiql/ast.h"

namespace dynamo_items::partiql {

class Binder {
 public:
  // text: the statement (for positions in messages); params: the decoded
  // Parameters, as many as the statement has ?.
  Binder(std::string_view text, const std::vector<AttributeValue>& params) : text_(text), params_(params) {}

  // True for a node that is a value: a literal, a parameter or a collection
  // of values (not a path, a call or an operator).
  static bool is_value(const Node& n);

  // The node's value; nullopt for MISSING. where names the value in messages
  // ("root", "root.a", "root[1]"). Throws Error (ValidationException).
  std::optional<AttributeValue> value(const Node& n, const std::string& where = "root") const;

  // INSERT's VALUE: a tuple whose fields are the item's attributes.
  Item item(const Node& tuple) const;

  std::string_view text() const { return text_; }
  const std::vector<AttributeValue>& params() const { return params_; }

 private:
  // value() for a node that is not MISSING (a MISSING list element is NULL).
  AttributeValue present(const Node& n, const std::string& where) const;
  AttributeValue bag(const Node& n, const std::string& where) const;
  AttributeValue tuple(const Node& n, const std::string& where) const;
  std::string key_type(const Node& key) const;

  std::string_view text_;
  const std::vector<AttributeValue>& params_;
};

// "S", "N", "BOOL", ... of a value, as messages name types.
std::string type_text(const AttributeValue& v);

}  // namespace dynamo_items::partiql
