// PartiQL conditions and SET values as DynamoDB expression text, so that a
// statement runs as the classic operation's request: every attribute name
// becomes a #nN placeholder and every value a :vN placeholder, collected for
// the request's ExpressionAttributeNames and ExpressionAttributeValues.
//
//   a.b[2] = 'x' AND c IS MISSING   ->  (#n0.#n1[2] = :v0 AND attribute_not_exists(#n2))
//   x IS NULL                       ->  attribute_type(#n0, :v0)        (:v0 = "NULL")
//   n = n + 1                       ->  #n0 = #n0 + :v0                  (in an UpdateExpression)
//
// Constructs DynamoDB's expressions lack are refused in DynamoDB's words
// ("Unrecognized function: ...", "MISSING must be compared using IS
// operator", ...). One writer serves one request: all expressions of the
// request share its placeholders, and each placeholder is used.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "partiql/values.h"

namespace dynamo_items::partiql {

class ExpressionWriter {
 public:
  explicit ExpressionWriter(const Binder& binder) : binder_(binder) {}

  std::string name(std::string_view attribute);
  std::string path(const Node& path);
  std::string value(const AttributeValue& v);

  // A WHERE condition (or part of one).
  std::string condition(const Node& n);
  // The right-hand side of SET path = <value>: a value, a path, + and -, and
  // list_append.
  std::string update_value(const Node& n);

  // Adds ExpressionAttributeNames / ExpressionAttributeValues to the request
  // (only those that are not empty).
  void add_to(rapidjson::Document& request) const;

 private:
  std::string operand(const Node& n);
  std::string is_test(const Node& n);
  std::string in_list(const Node& n);
  std::string call(const Node& n);
  std::string update_operand(const Node& n);

  const Binder& binder_;
  std::map<std::string, std::string, std::less<>> names_;  // attribute -> #nN
  std::vector<std::pair<std::string, std::string>> name_order_;
  std::vector<std::pair<std::string, AttributeValue>> values_;
};

}  // namespace dynamo_items::partiql
