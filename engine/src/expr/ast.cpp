#include "expr/ast.h"

namespace dynamo_items::expr {

std::string path_to_string(const Path& path) {
  std::string s = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) s += ", ";
    if (path[i].is_index()) {
      s += "[" + std::to_string(path[i].index) + "]";
    } else {
      s += path[i].name;
    }
  }
  s += "]";
  return s;
}

const char* func_name(Func f) {
  switch (f) {
    case Func::kAttributeExists:
      return "attribute_exists";
    case Func::kAttributeNotExists:
      return "attribute_not_exists";
    case Func::kAttributeType:
      return "attribute_type";
    case Func::kBeginsWith:
      return "begins_with";
    case Func::kContains:
      return "contains";
    case Func::kSize:
      return "size";
    case Func::kIfNotExists:
      return "if_not_exists";
    case Func::kListAppend:
      return "list_append";
    case Func::kPlus:
      return "+";
    case Func::kMinus:
      return "-";
  }
  return "?";
}

const char* compare_op_symbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

}  // namespace dynamo_items::expr
