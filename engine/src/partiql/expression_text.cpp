#include "partiql/expression_text.h"

#include "dynamo_items/error.h"
#include "value/json_codec.h"

namespace dynamo_items::partiql {

namespace {

[[noreturn]] void unsupported_condition(const std::string& op) {
  throw Error::validation("Unsupported operator in Condition Expression. Operator: " + op);
}

const char* const kWhereMustBeBoolean = "WHERE clause must contain an expression that resolves to a boolean";

// IS <type>: the attribute_type DynamoDB tests for.
const char* is_type(const std::string& type) {
  if (type == "BOOLEAN" || type == "BOOL") return "BOOL";
  if (type == "STRING") return "S";
  if (type == "NUMERIC") return "N";
  if (type == "BLOB") return "B";
  if (type == "STRUCT" || type == "TUPLE") return "M";
  if (type == "LIST") return "L";
  return nullptr;
}

bool is_condition_function(const std::string& name) {
  return name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
         name == "begins_with" || name == "contains" || name == "size";
}

}  // namespace

std::string ExpressionWriter::name(std::string_view attribute) {
  auto it = names_.find(attribute);
  if (it != names_.end()) return it->second;
  std::string placeholder = cat({"#n", std::to_string(names_.size())});
  names_.emplace(std::string(attribute), placeholder);
  name_order_.emplace_back(placeholder, std::string(attribute));
  return placeholder;
}

std::string ExpressionWriter::path(const Node& n) {
  std::string out;
  for (std::size_t i = 0; i < n.steps.size(); ++i) {
    const PathStep& s = n.steps[i];
    if (s.is_index) {
      if (i == 0) throw Error::validation("A path cannot start with a list index");
      out += cat({"[", std::to_string(s.index), "]"});
    } else {
      if (s.name.empty()) throw Error::validation("Path component cannot be an empty string");
      if (i != 0) out += ".";
      out += name(s.name);
    }
  }
  return out;
}

std::string ExpressionWriter::value(const AttributeValue& v) {
  std::string placeholder = cat({":v", std::to_string(values_.size())});
  values_.emplace_back(placeholder, v);
  return placeholder;
}

std::string ExpressionWriter::operand(const Node& n) {
  if (n.kind == NodeKind::kPath) return path(n);
  if (n.kind == NodeKind::kMissing) throw Error::validation("MISSING must be compared using IS operator");
  if (Binder::is_value(n)) {
    auto v = binder_.value(n);
    if (!v) throw Error::validation("MISSING must be compared using IS operator");
    return value(*v);
  }
  if (n.kind == NodeKind::kCall) return call(n);
  if (n.kind == NodeKind::kArith) unsupported_condition(n.text);
  if (n.kind == NodeKind::kCompare) unsupported_condition(n.text);
  throw Error::validation(kWhereMustBeBoolean);
}

std::string ExpressionWriter::call(const Node& n) {
  if (!is_condition_function(n.text)) {
    throw Error::validation("Unrecognized function: " + n.text + " at " + position_text(binder_.text(), n.span));
  }
  std::string out = cat({n.text, "("});
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    if (i != 0) out += ", ";
    out += operand(*n.children[i]);
  }
  out += ")";
  return out;
}

std::string ExpressionWriter::is_test(const Node& n) {
  const Node& operand_node = *n.children.front();
  if (operand_node.kind != NodeKind::kPath) {
    throw Error::validation("The left hand side argument to IS must be a Variable Reference, Literal, or Path");
  }
  const std::string p = path(operand_node);
  if (n.text == "MISSING") return cat({n.flag ? "attribute_exists(" : "attribute_not_exists(", p, ")"});
  const char* type = n.text == "NULL" ? "NULL" : is_type(n.text);
  if (type == nullptr) {
    throw Error::validation("Unsupported data type for IS operator: " + n.text +
                            ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, "
                            "TUPLE, LIST]");
  }
  const std::string test = cat({"attribute_type(", p, ", ", value(AttributeValue::string(type)), ")"});
  return n.flag ? cat({"(NOT ", test, ")"}) : test;
}

std::string ExpressionWriter::in_list(const Node& n) {
  const char* const kInvalid =
      "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq "
      "with at least one member";
  const Node& lhs = *n.children.front();
  if (lhs.kind != NodeKind::kPath || n.children.size() < 2) throw Error::validation(kInvalid);
  std::vector<std::string> members;
  for (std::size_t i = 1; i < n.children.size(); ++i) {
    const Node& m = *n.children[i];
    // IN ? with a list parameter: its elements are the members.
    if (n.children.size() == 2 && m.kind == NodeKind::kParam) {
      const AttributeValue& p = binder_.params().at(m.index);
      if (p.type() == AttrType::L) {
        for (const auto& e : p.list()) members.push_back(value(e));
        continue;
      }
    }
    members.push_back(operand(m));
  }
  if (members.empty()) throw Error::validation(kInvalid);
  std::string out = path(lhs);
  out += " IN (";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i != 0) out += ", ";
    out += members[i];
  }
  out += ")";
  return n.flag ? cat({"(NOT ", out, ")"}) : out;
}

std::string ExpressionWriter::condition(const Node& n) {
  switch (n.kind) {
    case NodeKind::kAnd: return cat({"(", condition(*n.children[0]), " AND ", condition(*n.children[1]), ")"});
    case NodeKind::kOr: return cat({"(", condition(*n.children[0]), " OR ", condition(*n.children[1]), ")"});
    case NodeKind::kNot: return cat({"(NOT ", condition(*n.children[0]), ")"});
    case NodeKind::kCompare: {
      if (n.text == "like") unsupported_condition("LIKE");
      std::string lhs = operand(*n.children[0]);
      return cat({lhs, " ", n.text, " ", operand(*n.children[1])});
    }
    case NodeKind::kBetween: {
      std::string subject = operand(*n.children[0]);
      std::string low = operand(*n.children[1]);
      std::string out = cat({subject, " BETWEEN ", low, " AND ", operand(*n.children[2])});
      return n.flag ? cat({"(NOT ", out, ")"}) : out;
    }
    case NodeKind::kIn: return in_list(n);
    case NodeKind::kIs: return is_test(n);
    case NodeKind::kCall: return call(n);
    case NodeKind::kArith: unsupported_condition(n.text);
    default: throw Error::validation(kWhereMustBeBoolean);
  }
}

std::string ExpressionWriter::update_operand(const Node& n) {
  if (n.kind == NodeKind::kPath) return path(n);
  if (Binder::is_value(n)) {
    auto v = binder_.value(n);
    if (!v) throw Error::validation("Unsupported operator in Update Expression. Operator: MISSING");
    return value(*v);
  }
  if (n.kind == NodeKind::kCall) {
    if (n.text != "list_append") {
      throw Error::validation("Unrecognized function: " + n.text + " at " + position_text(binder_.text(), n.span));
    }
    std::string out = "list_append(";
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      if (i != 0) out += ", ";
      out += update_operand(*n.children[i]);
    }
    out += ")";
    return out;
  }
  if (n.kind == NodeKind::kIs) throw Error::validation("IS operator is not supported in update expressions");
  std::string op = n.text;
  if (n.kind == NodeKind::kAnd || n.kind == NodeKind::kOr) op = n.text;
  if (n.kind == NodeKind::kNot) op = "NOT";
  throw Error::validation("Unsupported operator in Update Expression. Operator: " + op);
}

std::string ExpressionWriter::update_value(const Node& n) {
  if (n.kind == NodeKind::kArith) {
    if (n.text != "+" && n.text != "-") {
      throw Error::validation("Unsupported operator in Update Expression. Operator: " + n.text);
    }
    std::string lhs = update_operand(*n.children[0]);
    return cat({lhs, " ", n.text, " ", update_operand(*n.children[1])});
  }
  return update_operand(n);
}

void ExpressionWriter::add_to(rapidjson::Document& request) const {
  auto& a = request.GetAllocator();
  if (!name_order_.empty()) {
    rapidjson::Value names(rapidjson::kObjectType);
    for (const auto& [placeholder, attribute] : name_order_) {
      names.AddMember(rapidjson::Value(placeholder.c_str(), a), rapidjson::Value(attribute.c_str(),
                      static_cast<rapidjson::SizeType>(attribute.size()), a), a);
    }
    request.AddMember("ExpressionAttributeNames", names, a);
  }
  if (!values_.empty()) {
    rapidjson::Value values(rapidjson::kObjectType);
    for (const auto& [placeholder, v] : values_) {
      values.AddMember(rapidjson::Value(placeholder.c_str(), a), json::encode_value(v, a), a);
    }
    request.AddMember("ExpressionAttributeValues", values, a);
  }
}

}  // namespace dynamo_items::partiql
