#include "expr/path_tree.h"

#include <algorithm>

namespace dynamo_items::expr {

namespace {

bool same_key(const PathElement& a, const PathElement& b) {
  return a.is_index() ? (b.is_index() && a.index == b.index) : (!b.is_index() && a.name == b.name);
}

// path[0..depth) followed by the chain of first children below node.
Path path_to_leaf(const Path& path, std::size_t depth, const PathTreeNode* node) {
  Path out(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(depth));
  while (node != nullptr && !node->children.empty()) {
    out.push_back(node->children.front().key);
    node = node->children.front().subtree.get();
  }
  return out;
}

std::string two_paths(const char* what, const Path& one, const Path& two) {
  return std::string("Two document paths ") + what +
         " with each other; must remove or rewrite one of these paths; path one: " + path_to_string(one) +
         ", path two: " + path_to_string(two);
}

std::optional<AttributeValue> project_value(const PathTreeNode& node, const AttributeValue& v);

std::optional<AttributeValue> project_map(const PathTreeNode& node, const AttributeMap& m) {
  AttributeMap out;
  for (const auto& child : node.children) {
    if (child.key.is_index()) continue;
    auto it = m.find(child.key.name);
    if (it == m.end()) continue;
    if (!child.subtree) {
      out.emplace(it->first, it->second);
    } else if (auto sub = project_value(*child.subtree, it->second)) {
      out.emplace(it->first, std::move(*sub));
    }
  }
  if (out.empty()) return std::nullopt;
  return AttributeValue::map(std::move(out));
}

std::optional<AttributeValue> project_list(const PathTreeNode& node, const AttributeList& l) {
  std::vector<std::pair<std::int64_t, AttributeValue>> picked;
  for (const auto& child : node.children) {
    if (!child.key.is_index() || child.key.index >= static_cast<std::int64_t>(l.size())) continue;
    const AttributeValue& e = l[static_cast<std::size_t>(child.key.index)];
    if (!child.subtree) {
      picked.emplace_back(child.key.index, e);
    } else if (auto sub = project_value(*child.subtree, e)) {
      picked.emplace_back(child.key.index, std::move(*sub));
    }
  }
  if (picked.empty()) return std::nullopt;
  std::sort(picked.begin(), picked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  AttributeList out;
  out.reserve(picked.size());
  for (auto& p : picked) out.push_back(std::move(p.second));
  return AttributeValue::list(std::move(out));
}

std::optional<AttributeValue> project_value(const PathTreeNode& node, const AttributeValue& v) {
  if (v.type() == AttrType::M) return project_map(node, v.map());
  if (v.type() == AttrType::L) return project_list(node, v.list());
  return std::nullopt;
}

}  // namespace

const PathTreeNode::Child* PathTreeNode::find(const PathElement& key) const {
  for (const auto& c : children) {
    if (same_key(c.key, key)) return &c;
  }
  return nullptr;
}

std::optional<std::string> add_path(PathTreeNode& root, const Path& path, int action) {
  PathTreeNode* node = &root;
  for (std::size_t depth = 0; depth < path.size(); ++depth) {
    const PathElement& key = path[depth];
    auto it = std::find_if(node->children.begin(), node->children.end(),
                           [&](const PathTreeNode::Child& c) { return same_key(c.key, key); });
    if (it == node->children.end()) {
      if (!node->children.empty() && node->children.front().key.is_index() != key.is_index()) {
        return two_paths("conflict", path, path_to_leaf(path, depth, node));
      }
      // Append the rest of the path as a chain.
      node->children.push_back(PathTreeNode::Child{key, nullptr, -1});
      PathTreeNode::Child* c = &node->children.back();
      for (std::size_t d = depth + 1; d < path.size(); ++d) {
        c->subtree = std::make_unique<PathTreeNode>();
        c->subtree->children.push_back(PathTreeNode::Child{path[d], nullptr, -1});
        c = &c->subtree->children.back();
      }
      c->action = action;
      return std::nullopt;
    }
    if (!it->subtree || depth + 1 == path.size()) {
      Path two(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(depth) + 1);
      Path rest = path_to_leaf({}, 0, it->subtree.get());
      two.insert(two.end(), rest.begin(), rest.end());
      return two_paths("overlap", path, two);
    }
    node = it->subtree.get();
  }
  return std::nullopt;
}

Item project_item(const PathTreeNode& root, const Item& item) {
  Item out;
  for (const auto& child : root.children) {
    auto it = item.find(child.key.name);
    if (it == item.end()) continue;
    if (!child.subtree) {
      out.emplace(it->first, it->second);
    } else if (auto sub = project_value(*child.subtree, it->second)) {
      out.emplace(it->first, std::move(*sub));
    }
  }
  return out;
}

const AttributeValue* lookup_path(const Item& item, const Path& path) {
  if (path.empty() || path[0].is_index()) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* v = &it->second;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const PathElement& e = path[i];
    if (e.is_index()) {
      if (v->type() != AttrType::L || e.index >= static_cast<std::int64_t>(v->list().size())) return nullptr;
      v = &v->list()[static_cast<std::size_t>(e.index)];
    } else {
      if (v->type() != AttrType::M) return nullptr;
      auto m = v->map().find(e.name);
      if (m == v->map().end()) return nullptr;
      v = &m->second;
    }
  }
  return v;
}

}  // namespace dynamo_items::expr
