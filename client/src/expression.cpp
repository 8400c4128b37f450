// Expression rendering with placeholders (see expression.h). Grammar of the
// texts produced, a subset of DynamoDB's:
//   condition := cmp | between | fn | "(" condition ") AND (" condition ")"
//              | "(" condition ") OR (" condition ")" | "NOT (" condition ")"
//   update    := ["SET " set ("," set)*] [" REMOVE " path ("," path)*]
//                [" ADD " path value ("," ...)*] [" DELETE " path value ("," ...)*]
#include "dynamo_items/client/expression.h"

#include <algorithm>
#include <stdexcept>

namespace dynamo_items::client {

// ---- Path ---------------------------------------------------------------

Path::Path(std::string_view dotted) {
  std::size_t i = 0;
  while (i <= dotted.size()) {
    std::size_t end = dotted.find_first_of(".[", i);
    std::string_view name = dotted.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (name.empty()) throw std::invalid_argument("empty name in attribute path '" + std::string(dotted) + "'");
    steps_.push_back({std::string(name), 0});
    if (end == std::string_view::npos) break;
    i = end;
    while (i < dotted.size() && dotted[i] == '[') {
      std::size_t close = dotted.find(']', i);
      if (close == std::string_view::npos || close == i + 1)
        throw std::invalid_argument("bad index in attribute path '" + std::string(dotted) + "'");
      std::size_t index = 0;
      for (std::size_t j = i + 1; j < close; ++j) {
        if (dotted[j] < '0' || dotted[j] > '9')
          throw std::invalid_argument("bad index in attribute path '" + std::string(dotted) + "'");
        index = index * 10 + static_cast<std::size_t>(dotted[j] - '0');
      }
      steps_.push_back({"", index});
      i = close + 1;
    }
    if (i >= dotted.size()) break;
    if (dotted[i] != '.') throw std::invalid_argument("bad attribute path '" + std::string(dotted) + "'");
    ++i;
    if (i == dotted.size()) throw std::invalid_argument("attribute path ends with '.': '" + std::string(dotted) + "'");
  }
}

Path Path::field(std::string name) {
  if (name.empty()) throw std::invalid_argument("empty attribute name");
  Path p;
  p.steps_.push_back({std::move(name), 0});
  return p;
}

std::string Path::to_string() const {
  std::string out;
  for (const auto& s : steps_) {
    if (s.name.empty()) {
      out += "[" + std::to_string(s.index) + "]";
    } else {
      if (!out.empty()) out += '.';
      out += s.name;
    }
  }
  return out;
}

// ---- Operand / ExpressionNames -----------------------------------------

Operand Operand::raw(const Json& value) {
  auto doc = std::make_shared<rapidjson::Document>();
  doc->CopyFrom(value, doc->GetAllocator());
  return Operand(std::move(doc));
}

ExpressionNames::ExpressionNames() : values_(rapidjson::kObjectType) {}

std::string ExpressionNames::name(const Path& path) {
  std::string out;
  for (const auto& step : path.steps()) {
    if (step.name.empty()) {
      out += "[" + std::to_string(step.index) + "]";
      continue;
    }
    auto it = std::find(names_.begin(), names_.end(), step.name);
    std::size_t n = static_cast<std::size_t>(it - names_.begin());
    if (it == names_.end()) names_.push_back(step.name);
    if (!out.empty()) out += '.';
    out += "#n" + std::to_string(n);
  }
  return out;
}

std::string ExpressionNames::value(const Operand& value) {
  std::string placeholder = ":v" + std::to_string(value_count_++);
  auto& a = values_.GetAllocator();
  rapidjson::Value copy;
  copy.CopyFrom(value.json(), a);
  values_.AddMember(rapidjson::Value(placeholder.c_str(), a), copy, a);
  return placeholder;
}

void ExpressionNames::write_to(rapidjson::Document& request) const {
  auto& a = request.GetAllocator();
  if (!names_.empty()) {
    rapidjson::Value names(rapidjson::kObjectType);
    for (std::size_t i = 0; i < names_.size(); ++i) {
      std::string placeholder = "#n" + std::to_string(i);
      names.AddMember(rapidjson::Value(placeholder.c_str(), a), rapidjson::Value(names_[i].c_str(), a), a);
    }
    request.AddMember("ExpressionAttributeNames", names, a);
  }
  if (value_count_ > 0) {
    rapidjson::Value values;
    values.CopyFrom(values_, a);
    request.AddMember("ExpressionAttributeValues", values, a);
  }
}

// ---- Condition ----------------------------------------------------------

struct Condition::Node {
  enum class Kind { kCompare, kBetween, kFunction, kExists, kNotExists, kAnd, kOr, kNot } kind;
  std::string op;  // comparison operator or function name
  std::optional<Path> path;
  std::vector<Operand> values;
  std::vector<std::shared_ptr<const Node>> children;
};

Condition Condition::compare(Path path, std::string op, Operand value) {
  return Condition(std::make_shared<Node>(Node{Node::Kind::kCompare, std::move(op), std::move(path), {std::move(value)}, {}}));
}

Condition Condition::between(Path path, Operand low, Operand high) {
  return Condition(
      std::make_shared<Node>(Node{Node::Kind::kBetween, "", std::move(path), {std::move(low), std::move(high)}, {}}));
}

Condition Condition::function(std::string fn, Path path, Operand value) {
  return Condition(std::make_shared<Node>(Node{Node::Kind::kFunction, std::move(fn), std::move(path), {std::move(value)}, {}}));
}

Condition Condition::attribute_exists(Path path) {
  return Condition(std::make_shared<Node>(Node{Node::Kind::kExists, "", std::move(path), {}, {}}));
}

Condition Condition::attribute_not_exists(Path path) {
  return Condition(std::make_shared<Node>(Node{Node::Kind::kNotExists, "", std::move(path), {}, {}}));
}

Condition operator&&(const Condition& a, const Condition& b) {
  return Condition(std::make_shared<Condition::Node>(
      Condition::Node{Condition::Node::Kind::kAnd, "", std::nullopt, {}, {a.node_, b.node_}}));
}

Condition operator||(const Condition& a, const Condition& b) {
  return Condition(std::make_shared<Condition::Node>(
      Condition::Node{Condition::Node::Kind::kOr, "", std::nullopt, {}, {a.node_, b.node_}}));
}

Condition operator!(const Condition& a) {
  return Condition(
      std::make_shared<Condition::Node>(Condition::Node{Condition::Node::Kind::kNot, "", std::nullopt, {}, {a.node_}}));
}

std::string Condition::render(ExpressionNames& names) const {
  const Node& n = *node_;
  auto child = [&](std::size_t i) { return Condition(n.children[i]).render(names); };
  switch (n.kind) {
    case Node::Kind::kCompare: {
      std::string lhs = names.name(*n.path);
      return lhs + " " + n.op + " " + names.value(n.values[0]);
    }
    case Node::Kind::kBetween: {
      std::string lhs = names.name(*n.path);
      std::string low = names.value(n.values[0]);
      return lhs + " BETWEEN " + low + " AND " + names.value(n.values[1]);
    }
    case Node::Kind::kFunction: {
      std::string lhs = names.name(*n.path);
      return n.op + "(" + lhs + ", " + names.value(n.values[0]) + ")";
    }
    case Node::Kind::kExists: return "attribute_exists(" + names.name(*n.path) + ")";
    case Node::Kind::kNotExists: return "attribute_not_exists(" + names.name(*n.path) + ")";
    case Node::Kind::kAnd: {
      std::string a = child(0);
      return "(" + a + ") AND (" + child(1) + ")";
    }
    case Node::Kind::kOr: {
      std::string a = child(0);
      return "(" + a + ") OR (" + child(1) + ")";
    }
    case Node::Kind::kNot: return "NOT (" + child(0) + ")";
  }
  return {};
}

// ---- Update -------------------------------------------------------------

Update& Update::set(Path path, Operand value) {
  actions_.push_back({Kind::kSet, std::move(path), std::move(value)});
  return *this;
}
Update& Update::set_if_not_exists(Path path, Operand value) {
  actions_.push_back({Kind::kSetIfNotExists, std::move(path), std::move(value)});
  return *this;
}
Update& Update::add(Path path, Operand value) {
  actions_.push_back({Kind::kAdd, std::move(path), std::move(value)});
  return *this;
}
Update& Update::append(Path path, Operand list) {
  actions_.push_back({Kind::kAppend, std::move(path), std::move(list)});
  return *this;
}
Update& Update::prepend(Path path, Operand list) {
  actions_.push_back({Kind::kPrepend, std::move(path), std::move(list)});
  return *this;
}
Update& Update::remove(Path path) {
  actions_.push_back({Kind::kRemove, std::move(path), std::nullopt});
  return *this;
}
Update& Update::delete_elements(Path path, Operand set) {
  actions_.push_back({Kind::kDelete, std::move(path), std::move(set)});
  return *this;
}

bool Update::touches(std::string_view name) const {
  for (const Action& action : actions_) {
    const auto& steps = action.path.steps();
    if (!steps.empty() && steps.front().name == name) return true;
  }
  return false;
}

std::string Update::render(ExpressionNames& names) const {
  static const Operand kEmptyList = [] {
    rapidjson::Document d(rapidjson::kObjectType);
    d.AddMember("L", rapidjson::Value(rapidjson::kArrayType), d.GetAllocator());
    return Operand::raw(d);
  }();
  std::string set, remove, add, del;
  auto append_to = [](std::string& clause, const std::string& text) {
    if (!clause.empty()) clause += ", ";
    clause += text;
  };
  // Clauses render in a fixed order so placeholders number predictably.
  for (const Action& a : actions_) {
    std::string p;
    switch (a.kind) {
      case Kind::kSet:
        p = names.name(a.path);
        append_to(set, p + " = " + names.value(*a.value));
        break;
      case Kind::kSetIfNotExists:
        p = names.name(a.path);
        append_to(set, p + " = if_not_exists(" + p + ", " + names.value(*a.value) + ")");
        break;
      case Kind::kAppend: {
        p = names.name(a.path);
        std::string empty = names.value(kEmptyList);
        append_to(set, p + " = list_append(if_not_exists(" + p + ", " + empty + "), " + names.value(*a.value) + ")");
        break;
      }
      case Kind::kPrepend: {
        p = names.name(a.path);
        std::string v = names.value(*a.value);
        append_to(set, p + " = list_append(" + v + ", if_not_exists(" + p + ", " + names.value(kEmptyList) + "))");
        break;
      }
      default: break;
    }
  }
  for (const Action& a : actions_)
    if (a.kind == Kind::kRemove) append_to(remove, names.name(a.path));
  for (const Action& a : actions_) {
    if (a.kind == Kind::kAdd) {
      std::string p = names.name(a.path);
      append_to(add, p + " " + names.value(*a.value));
    }
  }
  for (const Action& a : actions_) {
    if (a.kind == Kind::kDelete) {
      std::string p = names.name(a.path);
      append_to(del, p + " " + names.value(*a.value));
    }
  }
  std::string out;
  auto clause = [&](const char* keyword, const std::string& body) {
    if (body.empty()) return;
    if (!out.empty()) out += ' ';
    out += keyword;
    out += ' ';
    out += body;
  };
  clause("SET", set);
  clause("REMOVE", remove);
  clause("ADD", add);
  clause("DELETE", del);
  return out;
}

}  // namespace dynamo_items::client
