#include "expr/parser.h"

#include <limits>
#include <optional>
#include <string>

#include "dynamo_items/error.h"
#include "expr/lexer.h"
#include "expr/reserved_words.h"

namespace dynamo_items::expr {

namespace {

struct FunctionInfo {
  const char* name;
  Func func;
  bool in_condition;  // allowed in condition expressions
  bool returns_bool;
};

constexpr FunctionInfo kFunctions[] = {
    {"attribute_exists", Func::kAttributeExists, true, true},
    {"attribute_not_exists", Func::kAttributeNotExists, true, true},
    {"attribute_type", Func::kAttributeType, true, true},
    {"begins_with", Func::kBeginsWith, true, true},
    {"contains", Func::kContains, true, true},
    {"size", Func::kSize, true, false},
    {"if_not_exists", Func::kIfNotExists, false, false},
    {"list_append", Func::kListAppend, false, false},
};

const FunctionInfo* find_function(std::string_view name) {
  for (const auto& f : kFunctions) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

bool is_comparator(Tok t) {
  return t == Tok::kEq || t == Tok::kNe || t == Tok::kLt || t == Tok::kLe || t == Tok::kGt || t == Tok::kGe;
}

CompareOp to_compare_op(Tok t) {
  switch (t) {
    case Tok::kNe:
      return CompareOp::kNe;
    case Tok::kLt:
      return CompareOp::kLt;
    case Tok::kLe:
      return CompareOp::kLe;
    case Tok::kGt:
      return CompareOp::kGt;
    case Tok::kGe:
      return CompareOp::kGe;
    default:
      return CompareOp::kEq;
  }
}

ActionKind section_kind(Tok t) {
  switch (t) {
    case Tok::kRemove:
      return ActionKind::kRemove;
    case Tok::kAdd:
      return ActionKind::kAdd;
    case Tok::kDelete:
      return ActionKind::kDelete;
    default:
      return ActionKind::kSet;
  }
}

const char* section_name(ActionKind k) {
  switch (k) {
    case ActionKind::kRemove:
      return "REMOVE";
    case ActionKind::kAdd:
      return "ADD";
    case ActionKind::kDelete:
      return "DELETE";
    default:
      return "SET";
  }
}

// Syntax only: builds the tree or throws the first syntax error.
class Parser {
 public:
  Parser(std::string_view text, std::string_view param, bool update)
      : text_(text), prefix_("Invalid " + std::string(param) + ": "), update_(update) {
    if (text.empty()) throw Error::validation(prefix_ + "The expression can not be empty;");
    toks_ = tokenize(text, update);
  }

  const std::string& prefix() const { return prefix_; }
  bool redundant_parens() const { return redundant_parens_; }

  CondNode condition() {
    CondNode root = parse_or();
    expect_eof();
    return root;
  }

  // Fills actions; sections records (kind, end index in actions) per section.
  void update(std::vector<UpdateAction>& actions, std::vector<std::pair<ActionKind, std::size_t>>& sections) {
    if (!is_section_start(type())) syntax_error();
    while (is_section_start(type())) {
      const ActionKind kind = section_kind(type());
      ++pos_;
      do {
        actions.push_back(update_action(kind));
      } while (accept(Tok::kComma));
      sections.emplace_back(kind, actions.size());
    }
    expect_eof();
  }

  std::vector<Path> projection() {
    std::vector<Path> paths;
    do {
      paths.push_back(path());
    } while (accept(Tok::kComma));
    expect_eof();
    return paths;
  }

 private:
  Tok type(std::size_t ahead = 0) const {
    const std::size_t i = pos_ + ahead;
    return i < toks_.size() ? toks_[i].type : Tok::kEof;
  }
  std::string_view text_of(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }

  [[noreturn]] void syntax_error() const {
    throw Error::validation(prefix_ + syntax_error_message(text_, toks_, pos_));
  }
  void expect(Tok t) {
    if (type() != t) syntax_error();
    ++pos_;
  }
  bool accept(Tok t) {
    if (type() != t) return false;
    ++pos_;
    return true;
  }
  void expect_eof() {
    if (type() != Tok::kEof) syntax_error();
  }
  static bool is_section_start(Tok t) {
    return t == Tok::kSet || t == Tok::kRemove || t == Tok::kAdd || t == Tok::kDelete;
  }

  // Index of the ')' matching the '(' at toks_[open], or npos.
  std::size_t matching_paren(std::size_t open) const {
    int depth = 0;
    for (std::size_t i = open; i < toks_.size(); ++i) {
      if (toks_[i].type == Tok::kLParen) ++depth;
      if (toks_[i].type == Tok::kRParen && --depth == 0) return i;
    }
    return std::string_view::npos;
  }
  // True when the parenthesized group or call starting at pos_ + offset is
  // the left operand of a comparison, BETWEEN or IN.
  bool group_is_operand(std::size_t open) const {
    const std::size_t close = matching_paren(open);
    if (close == std::string_view::npos || close + 1 >= toks_.size()) return false;
    const Tok after = toks_[close + 1].type;
    return is_comparator(after) || after == Tok::kBetween || after == Tok::kIn;
  }

  CondNode parse_or() {
    CondNode left = parse_and();
    while (accept(Tok::kOr)) left = binary(CondNode::Kind::kOr, std::move(left), parse_and());
    return left;
  }
  CondNode parse_and() {
    CondNode left = parse_not();
    while (accept(Tok::kAnd)) left = binary(CondNode::Kind::kAnd, std::move(left), parse_not());
    return left;
  }
  static CondNode binary(CondNode::Kind kind, CondNode a, CondNode b) {
    CondNode n;
    n.kind = kind;
    n.children.push_back(std::move(a));
    n.children.push_back(std::move(b));
    return n;
  }
  CondNode parse_not() {
    if (!accept(Tok::kNot)) return parse_primary();
    const Nested nested(*this);
    CondNode n;
    n.kind = CondNode::Kind::kNot;
    n.children.push_back(parse_not());
    return n;
  }
  CondNode parse_primary() {
    if (type() == Tok::kLParen && !group_is_operand(pos_)) {
      ++pos_;
      const Nested nested(*this);
      CondNode inner = parse_or();
      expect(Tok::kRParen);
      if (inner.parenthesized) redundant_parens_ = true;
      inner.parenthesized = true;
      return inner;
    }
    if (type() == Tok::kId && type(1) == Tok::kLParen && !group_is_operand(pos_ + 1)) {
      CondNode n;
      n.kind = CondNode::Kind::kCall;
      n.operands.push_back(call());
      return n;
    }
    CondNode n;
    n.operands.push_back(operand());
    const Tok t = type();
    if (is_comparator(t)) {
      ++pos_;
      n.kind = CondNode::Kind::kCompare;
      n.op = to_compare_op(t);
      n.operands.push_back(operand());
    } else if (t == Tok::kBetween) {
      ++pos_;
      n.kind = CondNode::Kind::kBetween;
      n.operands.push_back(operand());
      expect(Tok::kAnd);
      n.operands.push_back(operand());
    } else if (t == Tok::kIn) {
      ++pos_;
      n.kind = CondNode::Kind::kIn;
      expect(Tok::kLParen);
      do {
        n.operands.push_back(operand());
      } while (accept(Tok::kComma));
      expect(Tok::kRParen);
    } else {
      syntax_error();
    }
    return n;
  }

  Operand operand() {
    Operand left = term();
    if (!update_ || (type() != Tok::kPlus && type() != Tok::kMinus)) return left;
    Operand n;
    n.kind = Operand::Kind::kCall;
    n.func = type() == Tok::kPlus ? Func::kPlus : Func::kMinus;
    n.name = func_name(n.func);
    ++pos_;
    n.args.push_back(std::move(left));
    n.args.push_back(term());
    return n;
  }
  Operand term() {
    switch (type()) {
      case Tok::kLParen: {
        ++pos_;
        const Nested nested(*this);
        Operand inner = operand();
        expect(Tok::kRParen);
        if (inner.parenthesized) redundant_parens_ = true;
        inner.parenthesized = true;
        return inner;
      }
      case Tok::kValue: {
        Operand v;
        v.kind = Operand::Kind::kValue;
        v.placeholder = std::string(text_of(toks_[pos_++]));
        return v;
      }
      case Tok::kId:
        if (type(1) == Tok::kLParen) return call();
        [[fallthrough]];
      case Tok::kName: {
        Operand p;
        p.kind = Operand::Kind::kPath;
        p.path = path();
        return p;
      }
      default:
        syntax_error();
    }
  }
  Operand call() {
    Operand n;
    n.kind = Operand::Kind::kCall;
    n.name = std::string(text_of(toks_[pos_]));
    if (const FunctionInfo* f = find_function(n.name)) n.func = f->func;
    pos_ += 2;  // name '('
    // Arithmetic is only a SET action's value, never a function's argument:
    // DynamoDB reports the '+' or '-' as a syntax error.
    do {
      n.args.push_back(term());
    } while (accept(Tok::kComma));
    expect(Tok::kRParen);
    return n;
  }

  Path path() {
    Path p;
    p.push_back(name_element());
    for (;;) {
      if (accept(Tok::kDot)) {
        p.push_back(name_element());
      } else if (accept(Tok::kLBracket)) {
        if (type() != Tok::kNumber) syntax_error();
        p.push_back(index_element(text_of(toks_[pos_++])));
        expect(Tok::kRBracket);
      } else {
        return p;
      }
    }
  }
  PathElement name_element() {
    if (type() != Tok::kId && type() != Tok::kName) syntax_error();
    PathElement e;
    e.placeholder = type() == Tok::kName;
    e.name = std::string(text_of(toks_[pos_++]));
    return e;
  }
  static PathElement index_element(std::string_view digits) {
    PathElement e;
    std::int64_t v = 0;
    for (char c : digits) {
      v = v * 10 + (c - '0');
      if (v > std::numeric_limits<std::int32_t>::max()) {
        e.index = PathElement::kIndexOverflow;
        e.name = std::string(digits);
        return e;
      }
    }
    e.index = v;
    return e;
  }

  UpdateAction update_action(ActionKind kind) {
    UpdateAction a;
    a.kind = kind;
    a.path = path();
    switch (kind) {
      case ActionKind::kSet:
        expect(Tok::kEq);
        a.value = operand();
        a.has_value = true;
        break;
      case ActionKind::kAdd:
      case ActionKind::kDelete:
        if (type() != Tok::kValue) syntax_error();
        a.value.kind = Operand::Kind::kValue;
        a.value.placeholder = std::string(text_of(toks_[pos_++]));
        a.has_value = true;
        break;
      default:
        break;
    }
    return a;
  }

  std::string_view text_;
  std::string prefix_;
  bool update_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  bool redundant_parens_ = false;
  int depth_ = 0;

  // Nesting (parentheses and NOT) is recursion here. No valid expression
  // nests deeper than kMaxNesting: each level needs an operator or is a
  // redundant parenthesis, and DynamoDB allows 300 operators. Deeper input is
  // refused with the error DynamoDB gives it, before it can exhaust the stack.
  static constexpr int kMaxNesting = 1000;
  struct Nested {
    explicit Nested(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxNesting) parser.too_deep();
    }
    ~Nested() { --parser.depth_; }
    Parser& parser;
  };
  [[noreturn]] void too_deep() const {
    std::size_t operators = 0;
    bool doubled_paren = false;
    for (std::size_t i = 0; i < toks_.size(); ++i) {
      const Tok t = toks_[i].type;
      operators += t == Tok::kNot || t == Tok::kAnd || t == Tok::kOr || t == Tok::kBetween || t == Tok::kIn ||
                   is_comparator(t);
      doubled_paren = doubled_paren || (t == Tok::kLParen && i > 0 && toks_[i - 1].type == Tok::kLParen);
    }
    if (operators <= 300 && doubled_paren) throw Error::validation(prefix_ + "The expression has redundant parentheses;");
    throw Error::validation(prefix_ + "The expression contains too many operators; operator count: " +
                            std::to_string(operators));
  }
};

// After a successful parse, DynamoDB walks the tree in source order and
// rejects reserved words, unknown or misplaced functions, oversized list
// indexes and repeated update sections; the first one found is reported.
class Walker {
 public:
  explicit Walker(bool update) : update_(update) {}

  const std::optional<std::string>& first_error() const { return error_; }

  void path(const Path& p) {
    for (const PathElement& e : p) {
      if (e.index == PathElement::kIndexOverflow) {
        report("List index is not within the allowable range; index: [" + e.name + "]");
      } else if (!e.is_index() && !e.placeholder && is_reserved_word(e.name)) {
        report("Attribute name is a reserved keyword; reserved keyword: " + e.name);
      }
    }
  }

  void operand(const Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kPath:
        path(o.path);
        return;
      case Operand::Kind::kValue:
        return;
      case Operand::Kind::kCall:
        break;
    }
    if (o.func != Func::kPlus && o.func != Func::kMinus) check_function(o);
    ++nesting_;
    for (const Operand& a : o.args) operand(a);
    --nesting_;
  }

  void condition(const CondNode& n) {
    switch (n.kind) {
      case CondNode::Kind::kAnd:
      case CondNode::Kind::kOr:
      case CondNode::Kind::kNot:
        for (const CondNode& c : n.children) condition(c);
        return;
      case CondNode::Kind::kCall:
        operand(n.operands[0]);
        return;
      default:
        ++nesting_;
        for (const Operand& o : n.operands) operand(o);
        --nesting_;
        return;
    }
  }

  void update(const std::vector<UpdateAction>& actions,
              const std::vector<std::pair<ActionKind, std::size_t>>& sections) {
    bool seen[4] = {false, false, false, false};
    std::size_t begin = 0;
    for (const auto& [kind, end] : sections) {
      for (std::size_t i = begin; i < end; ++i) {
        path(actions[i].path);
        if (actions[i].has_value) operand(actions[i].value);
      }
      begin = end;
      bool& s = seen[static_cast<int>(kind)];
      if (s)
        report(std::string("The \"") + section_name(kind) +
               "\" section can only be used once in an update expression;");
      s = true;
    }
  }

 private:
  void report(std::string message) {
    if (!error_) error_ = std::move(message);
  }

  void check_function(const Operand& call) {
    const FunctionInfo* f = find_function(call.name);
    if (f == nullptr) return report("Invalid function name; function: " + call.name);
    const std::string misuse =
        "The function is not allowed to be used this way in an expression; function: " + call.name;
    if (update_) {
      if (f->in_condition)
        return report("The function is not allowed in an update expression; function: " + call.name);
      if (nesting_ > 0 && f->func != Func::kIfNotExists) report(misuse);
      return;
    }
    if (!f->in_condition)
      return report("The function is not allowed in a condition expression; function: " + call.name);
    // At the top of a condition a function must be a boolean test; inside
    // a comparison or another function only size() may appear.
    if (nesting_ == 0 ? !f->returns_bool : f->func != Func::kSize) report(misuse);
  }

  bool update_;
  int nesting_ = 0;
  std::optional<std::string> error_;
};

void check_size(std::string_view text, std::string_view param, bool report_size) {
  if (text.size() <= kMaxExpressionSize) return;
  std::string m = "Invalid " + std::string(param) + ": Expression size has exceeded the maximum allowed size";
  if (report_size) m += "; expression size: " + std::to_string(text.size());
  throw Error::validation(m);
}

void finish(const Parser& parser, const Walker& walker) {
  if (parser.redundant_parens())
    throw Error::validation(parser.prefix() + "The expression has redundant parentheses;");
  if (walker.first_error()) throw Error::validation(parser.prefix() + *walker.first_error());
}

}  // namespace

ParsedCondition parse_condition_text(std::string_view text, std::string_view param) {
  Parser parser(text, param, false);
  check_size(text, param, true);
  ParsedCondition out{parser.condition()};
  Walker walker(false);
  walker.condition(out.root);
  finish(parser, walker);
  return out;
}

ParsedUpdate parse_update_text(std::string_view text) {
  Parser parser(text, "UpdateExpression", true);
  check_size(text, "UpdateExpression", false);
  ParsedUpdate out;
  std::vector<std::pair<ActionKind, std::size_t>> sections;
  parser.update(out.actions, sections);
  Walker walker(true);
  walker.update(out.actions, sections);
  finish(parser, walker);
  return out;
}

ParsedProjection parse_projection_text(std::string_view text) {
  Parser parser(text, "ProjectionExpression", false);
  check_size(text, "ProjectionExpression", false);
  ParsedProjection out{parser.projection()};
  Walker walker(false);
  for (const Path& p : out.paths) walker.path(p);
  finish(parser, walker);
  return out;
}

}  // namespace dynamo_items::expr
