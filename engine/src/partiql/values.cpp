#include "partiql/values.h"

#include <algorithm>
#include <set>

#include "dynamo_items/error.h"
#include "dynamo_items/number.h"

namespace dynamo_items::partiql {

namespace {

// What a node is called in "Unsupported data type: <what> under key ...".
std::string node_name(const Node& n) {
  switch (n.kind) {
    case NodeKind::kPath: return n.steps.front().name;
    case NodeKind::kCall: return n.text;
    default: return n.text.empty() ? "expression" : n.text;
  }
}

}  // namespace

std::string Binder::key_type(const Node& key) const {
  if (key.kind == NodeKind::kParam) return type_text(params_.at(key.index));
  switch (key.kind) {
    case NodeKind::kNumber: return "N";
    case NodeKind::kBool: return "BOOL";
    case NodeKind::kNull: return "NULL";
    case NodeKind::kMissing: return "MISSING";
    case NodeKind::kList: return "L";
    case NodeKind::kTuple: return "M";
    case NodeKind::kBag: return "BAG";
    default: return node_name(key);
  }
}

std::string type_text(const AttributeValue& v) { return std::string(attr_type_name(v.type())); }

bool Binder::is_value(const Node& n) {
  switch (n.kind) {
    case NodeKind::kString:
    case NodeKind::kNumber:
    case NodeKind::kBool:
    case NodeKind::kNull:
    case NodeKind::kMissing:
    case NodeKind::kParam:
      return true;
    case NodeKind::kList:
    case NodeKind::kTuple:
    case NodeKind::kBag:
      return std::all_of(n.children.begin(), n.children.end(), [](const NodePtr& c) { return is_value(*c); });
    default:
      return false;
  }
}

std::optional<AttributeValue> Binder::value(const Node& n, const std::string& where) const {
  if (n.kind == NodeKind::kMissing) return std::nullopt;
  return present(n, where);
}

AttributeValue Binder::present(const Node& n, const std::string& where) const {
  switch (n.kind) {
    case NodeKind::kString: return AttributeValue::string(n.text);
    case NodeKind::kNumber:
      try {
        return AttributeValue::number(canonical_number(n.text));
      } catch (const Error& e) {
        throw Error::validation(e.message() + " under " + where);
      }
    case NodeKind::kBool: return AttributeValue::boolean(n.flag);
    case NodeKind::kNull: return AttributeValue::null();
    case NodeKind::kMissing: return AttributeValue::null();  // callers skip MISSING; in a list it is NULL
    case NodeKind::kParam: return params_.at(n.index);
    case NodeKind::kList: {
      AttributeList list;
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        list.push_back(present(*n.children[i], where + "[" + std::to_string(i) + "]"));
      }
      return AttributeValue::list(std::move(list));
    }
    case NodeKind::kTuple: return tuple(n, where);
    case NodeKind::kBag: return bag(n, where);
    default: break;
  }
  const std::string parent = where.substr(0, where.find_first_of(".["));
  throw Error::validation("Unsupported data type: " + node_name(n) + " under key " + parent + " at " +
                          position_text(text_, n.span));
}

AttributeValue Binder::tuple(const Node& n, const std::string& where) const {
  // Filled in place (and returned by NRVO): moving a whole map into a new
  // value trips GCC 12's -Wmaybe-uninitialized false positive on the variant.
  AttributeValue out = AttributeValue::map({});
  AttributeMap& map = out.map();
  for (std::size_t i = 0; i + 1 < n.children.size(); i += 2) {
    const Node& key = *n.children[i];
    std::string name;
    if (key.kind == NodeKind::kString) {
      name = key.text;
    } else if (key.kind == NodeKind::kParam && params_.at(key.index).type() == AttrType::S) {
      name = params_.at(key.index).scalar();
    } else {
      throw Error::validation(cat({"Tuple keys must be of type String. Actual type: ", key_type(key), " under ", where}));
    }
    if (map.count(name) != 0) throw Error::validation("Duplicate keys in tuple. Key: " + name + " under " + where);
    const Node& field = *n.children[i + 1];
    if (field.kind == NodeKind::kMissing) continue;  // a MISSING field is no field
    AttributeValue v = present(field, where + "." + name);
    map.emplace(std::move(name), std::move(v));
  }
  return out;
}

AttributeValue Binder::bag(const Node& n, const std::string& where) const {
  if (n.children.empty()) throw Error::validation("Empty bags are not supported");
  const char* const kUnsupported =
      "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags";
  const NodeKind kind = n.children.front()->kind;
  if (kind != NodeKind::kString && kind != NodeKind::kNumber) throw Error::validation(kUnsupported);
  std::vector<std::string> members, written;
  std::set<std::string> seen;
  bool duplicates = false;
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    const Node& c = *n.children[i];
    if (c.kind != kind) throw Error::validation(kUnsupported);
    std::string member = c.kind == NodeKind::kString ? c.text : present(c, where).scalar();
    written.push_back(c.text);
    duplicates |= !seen.insert(member).second;
    members.push_back(std::move(member));
  }
  if (duplicates) {
    std::string list;
    for (const auto& w : written) list += (list.empty() ? "" : ", ") + w;
    throw Error::validation("One or more parameter values were invalid: Input collection [" + list +
                            "] contains duplicates.");
  }
  return kind == NodeKind::kString ? AttributeValue::string_set(std::move(members))
                                   : AttributeValue::number_set(std::move(members));
}

Item Binder::item(const Node& tuple_node) const {
  if (tuple_node.kind != NodeKind::kTuple) {
    throw Error::validation(
        "Unsupported format in item expression. Please use struct format {...} to express item values for insert "
        "statement.");
  }
  // Each attribute's value is its own root in messages: {'m': {'x': 1e126}}
  // is "... under root.x".
  Item item;
  for (std::size_t i = 0; i + 1 < tuple_node.children.size(); i += 2) {
    const Node& key = *tuple_node.children[i];
    std::string name;
    if (key.kind == NodeKind::kString) {
      name = key.text;
    } else if (key.kind == NodeKind::kParam && params_.at(key.index).type() == AttrType::S) {
      name = params_.at(key.index).scalar();
    } else {
      throw Error::validation(cat({"Tuple keys must be of type String. Actual type: ", key_type(key), " under root"}));
    }
    if (item.count(name) != 0) throw Error::validation("Duplicate keys in tuple. Key: " + name + " under root");
    const Node& field = *tuple_node.children[i + 1];
    if (field.kind == NodeKind::kMissing) continue;
    AttributeValue v = present(field, "root");
    item.emplace(std::move(name), std::move(v));
  }
  return item;
}

}  // namespace dynamo_items::partiql
