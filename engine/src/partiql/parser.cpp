#include "partiql/parser.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "dynamo_items/error.h"

namespace dynamo_items::partiql {

const char* const kNotWellFormed = "Statement wasn't well formed, can't be processed: ";

namespace {

// Reserved words that are still functions when a '(' follows.
constexpr std::array<std::string_view, 22> kKeywordFunctions = {
    "avg",         "bit_length", "cast",   "char_length", "character_length", "coalesce", "count", "date_add",
    "date_diff",   "exists",     "extract", "lower",      "max",              "min",      "nullif", "octet_length",
    "position",    "size",       "substring", "sum",      "trim",             "upper"};

// Types IS accepts (DynamoDB then supports only some of them).
constexpr std::array<std::string_view, 29> kTypeNames = {
    "BAG",     "BIGINT", "BLOB",    "BOOL",      "BOOLEAN", "CHAR",     "CHARACTER", "CLOB",   "DATE",      "DECIMAL",
    "DOUBLE",  "FLOAT",  "INT",     "INT2",      "INT4",    "INT8",     "INTEGER",   "LIST",   "MISSING",   "NULL",
    "NUMERIC", "REAL",   "SEXP",    "SMALLINT",  "STRING",  "STRUCT",   "SYMBOL",    "TUPLE",  "VARCHAR"};

constexpr int kMaxDepth = 100;

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(tokenize(text)) {}

  Statement statement() {
    Statement st;
    if (kw("SELECT")) {
      st = select();
    } else if (kw("INSERT")) {
      st = insert();
    } else if (kw("UPDATE")) {
      st = update();
    } else if (kw("DELETE")) {
      st = delete_statement();
    } else if (kw("EXISTS") && peek(1).type == Tok::kLParen) {
      advance();
      advance();
      if (!kw("SELECT")) fail_term();
      auto inner = std::make_unique<Statement>(select());
      expect(Tok::kRParen);
      st.kind = StatementKind::kExists;
      st.table = inner->table;
      st.table_span = inner->table_span;
      st.exists = std::move(inner);
    } else if (at(Tok::kEof)) {
      fail("Unexpected term");
    } else if (is_bare_keyword(cur())) {
      fail("Unexpected keyword");
    } else {
      fail("Expected data manipulation");
    }
    finish();
    st.parameter_count = parameters_;
    return st;
  }

 private:
  // --- tokens ---
  const Token& cur() const { return tokens_[pos_]; }
  const Token& peek(std::size_t ahead) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  bool at(Tok t) const { return cur().type == t; }
  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  static bool is_bare_keyword(const Token& t) { return t.type == Tok::kIdent && is_keyword(t.text); }
  static bool is_kw(const Token& t, std::string_view word) {
    return t.type == Tok::kIdent && t.text.size() == word.size() && lower(t.text) == lower(word);
  }
  bool kw(std::string_view word) const { return is_kw(cur(), word); }
  bool accept_kw(std::string_view word) {
    if (!kw(word)) return false;
    advance();
    return true;
  }
  bool accept(Tok t) {
    if (!at(t)) return false;
    advance();
    return true;
  }

  // --- errors ---
  [[noreturn]] void fail(const std::string& detail) const { throw SyntaxError(detail, cur().span); }
  static bool is_operator(Tok t) {
    switch (t) {
      case Tok::kEq: case Tok::kNe: case Tok::kLt: case Tok::kLe: case Tok::kGt: case Tok::kGe:
      case Tok::kStar: case Tok::kSlash: case Tok::kPercent: case Tok::kConcat:
        return true;
      default:
        return false;
    }
  }
  // Where an expression should start but cannot.
  [[noreturn]] void fail_term() const {
    const Token& t = cur();
    if (is_operator(t.type)) fail("Unexpected operator");
    if (is_bare_keyword(t)) {
      for (std::string_view op : {"and", "or", "is", "in", "between", "like"}) {
        if (lower(t.text) == op) fail("Unexpected operator");
      }
      fail("Unexpected keyword");
    }
    fail("Unexpected term");
  }
  [[noreturn]] void fail_token() const {
    if (at(Tok::kEof)) fail("Unexpected term");
    if (is_bare_keyword(cur())) fail("Unexpected keyword");
    fail("Unexpected token");
  }
  void expect(Tok t) {
    if (!accept(t)) fail_token();
  }
  void expect_kw(std::string_view word) {
    if (!accept_kw(word)) fail_token();
  }
  // After an infix operator: its right-hand side must follow.
  void require_rhs() const {
    if (at(Tok::kEof) || at(Tok::kSemicolon)) fail("Missing right-hand side expression of infix operator");
  }
  void finish() {
    accept(Tok::kSemicolon);
    if (!at(Tok::kEof)) fail("Unexpected token after expression");
  }

  // --- statements ---
  // A table name, optionally with an index: "table" or "table"."index".
  void source(Statement& st, const char* bad_detail, bool allow_index) {
    auto component = [&]() -> std::string {
      const Token& t = cur();
      if (t.type == Tok::kQuotedIdent) {
        if (t.text.empty()) throw Error::validation("Path component cannot be an empty string");
      } else if (t.type != Tok::kIdent || is_keyword(t.text)) {
        fail(bad_detail);
      }
      return advance().text;
    };
    st.table_span = cur().span;
    st.table = component();
    if (accept(Tok::kDot)) {
      if (!allow_index) fail("Unexpected token after expression");
      st.index = component();
      if (at(Tok::kDot)) throw Error::validation("A path may contain at most 2 components in the FROM clause");
    }
  }
  void refuse_alias() const {
    if (kw("AS") || (at(Tok::kIdent) && !is_keyword(cur().text)) || at(Tok::kQuotedIdent)) {
      throw Error::validation("Aliasing is not supported");
    }
  }

  Statement select() {
    Statement st;
    st.kind = StatementKind::kSelect;
    advance();  // SELECT
    if (kw("VALUE") || kw("PIVOT")) throw Error::validation("Select projection doesn't support value or pivot keywords");
    if (accept(Tok::kStar)) {
      st.select_all = true;
      if (at(Tok::kComma)) {
        throw Error::validation("Other attributes should not be present in the projection when '*' is used.");
      }
    } else {
      do {
        if (at(Tok::kStar)) {
          throw Error::validation("Other attributes should not be present in the projection when '*' is used.");
        }
        st.projection.push_back(expr());
        if (kw("AS")) throw Error::validation("Aliasing is not supported");
      } while (accept(Tok::kComma));
    }
    expect_kw("FROM");
    source(st, "Unexpected term", true);
    refuse_alias();
    if (accept_kw("WHERE")) st.where = expr();
    if (accept_kw("ORDER")) {
      expect_kw("BY");
      do {
        OrderItem item;
        item.span = cur().span;
        if (at(Tok::kQuotedIdent) || (at(Tok::kIdent) && !is_keyword(cur().text))) {
          item.attribute = advance().text;
        } else {
          fail_term();
        }
        if (accept_kw("DESC")) {
          item.descending = true;
        } else {
          accept_kw("ASC");
        }
        st.order_by.push_back(std::move(item));
      } while (accept(Tok::kComma));
    }
    return st;
  }

  Statement insert() {
    Statement st;
    st.kind = StatementKind::kInsert;
    advance();  // INSERT
    expect_kw("INTO");
    source(st, "Expected identifier for simple path", false);
    if (at(Tok::kLBag)) {
      throw Error::validation(
          "Unsupported operation: Inserting multiple items in a single statement is not supported, use \"INSERT "
          "INTO tableName VALUE item\" instead");
    }
    if (!accept_kw("VALUE")) fail("Unexpected token after expression");
    st.value = expr();
    if (kw("RETURNING")) throw Error::validation("RETURNING is not supported in INSERT");
    return st;
  }

  void returning(Statement& st) {
    if (!accept_kw("RETURNING")) return;
    Returning r;
    if (accept_kw("MODIFIED")) {
      r.all = false;
    } else {
      expect_kw("ALL");
    }
    if (accept_kw("NEW")) {
      r.new_values = true;
    } else {
      expect_kw("OLD");
    }
    if (!accept(Tok::kStar)) {
      throw Error::validation("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
    }
    if (at(Tok::kComma)) throw Error::validation("Invalid syntax with multiple returning elements in RETURNING clause");
    st.returning = r;
  }

  // WHERE, which UPDATE and DELETE cannot do without.
  void required_where(Statement& st) {
    if (!accept_kw("WHERE")) {
      if (at(Tok::kEof) || at(Tok::kSemicolon)) {
        throw Error::validation("Where clause does not contain a mandatory equality on all key attributes");
      }
      fail("Unexpected token after expression");
    }
    st.where = expr();
  }

  Statement update() {
    Statement st;
    st.kind = StatementKind::kUpdate;
    advance();  // UPDATE
    source(st, "Expected identifier for simple path", false);
    refuse_alias();
    for (;;) {
      if (accept_kw("SET")) {
        do {
          UpdateAction a;
          a.path = path_only();
          if (!at(Tok::kEq)) fail_token();
          advance();
          require_rhs();
          a.value = expr();
          st.actions.push_back(std::move(a));
        } while (accept(Tok::kComma));
      } else if (accept_kw("REMOVE")) {
        do {
          UpdateAction a;
          a.remove = true;
          a.path = path_only();
          st.actions.push_back(std::move(a));
        } while (accept(Tok::kComma));
      } else {
        break;
      }
    }
    if (st.actions.empty()) fail_token();
    required_where(st);
    returning(st);
    return st;
  }

  Statement delete_statement() {
    Statement st;
    st.kind = StatementKind::kDelete;
    advance();  // DELETE
    expect_kw("FROM");
    source(st, "Expected identifier for simple path", false);
    refuse_alias();
    required_where(st);
    returning(st);
    return st;
  }

  // --- expressions ---
  NodePtr node(NodeKind kind, Span span) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->span = span;
    return n;
  }
  NodePtr binary(NodeKind kind, Span span, std::string text, NodePtr lhs, NodePtr rhs) {
    NodePtr n = node(kind, span);
    n->text = std::move(text);
    n->children.push_back(std::move(lhs));
    n->children.push_back(std::move(rhs));
    return n;
  }

  struct Depth {
    explicit Depth(Parser& p) : p_(p) {
      if (++p_.depth_ > kMaxDepth) p_.fail("");
    }
    ~Depth() { --p_.depth_; }
    Parser& p_;
  };

  NodePtr expr() {
    Depth guard(*this);
    return or_expr();
  }
  NodePtr or_expr() {
    NodePtr lhs = and_expr();
    while (kw("OR")) {
      const Span s = advance().span;
      require_rhs();
      lhs = binary(NodeKind::kOr, s, "OR", std::move(lhs), and_expr());
    }
    return lhs;
  }
  NodePtr and_expr() {
    NodePtr lhs = not_expr();
    while (kw("AND")) {
      const Span s = advance().span;
      require_rhs();
      lhs = binary(NodeKind::kAnd, s, "AND", std::move(lhs), not_expr());
    }
    return lhs;
  }
  NodePtr not_expr() {
    if (kw("NOT")) {
      Depth guard(*this);
      NodePtr n = node(NodeKind::kNot, advance().span);
      n->children.push_back(not_expr());
      return n;
    }
    return predicate();
  }

  static const char* comparison(Tok t) {
    switch (t) {
      case Tok::kEq: return "=";
      case Tok::kNe: return "<>";
      case Tok::kLt: return "<";
      case Tok::kLe: return "<=";
      case Tok::kGt: return ">";
      case Tok::kGe: return ">=";
      default: return nullptr;
    }
  }

  NodePtr predicate() {
    NodePtr lhs = additive();
    if (const char* op = comparison(cur().type)) {
      const Span s = advance().span;
      require_rhs();
      return binary(NodeKind::kCompare, s, op, std::move(lhs), additive());
    }
    const bool negated = kw("NOT") && (is_kw(peek(1), "BETWEEN") || is_kw(peek(1), "IN") || is_kw(peek(1), "LIKE"));
    if (negated) advance();
    if (kw("BETWEEN")) {
      NodePtr n = node(NodeKind::kBetween, advance().span);
      n->flag = negated;
      require_rhs();
      n->children.push_back(std::move(lhs));
      n->children.push_back(additive());
      expect_kw("AND");
      require_rhs();
      n->children.push_back(additive());
      return n;
    }
    if (kw("IN")) {
      NodePtr n = node(NodeKind::kIn, advance().span);
      n->flag = negated;
      require_rhs();
      n->children.push_back(std::move(lhs));
      in_members(*n);
      return n;
    }
    if (kw("LIKE")) {
      const Span s = advance().span;
      require_rhs();
      NodePtr n = binary(NodeKind::kCompare, s, "like", std::move(lhs), additive());
      if (accept_kw("ESCAPE")) additive();
      if (!negated) return n;
      NodePtr outer = node(NodeKind::kNot, s);
      outer->children.push_back(std::move(n));
      return outer;
    }
    if (kw("IS")) {
      NodePtr n = node(NodeKind::kIs, advance().span);
      n->flag = accept_kw("NOT");
      if (at(Tok::kIdent)) {
        std::string type = advance().text;
        for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (type == "DOUBLE" && kw("PRECISION")) advance();
        if ((type == "CHARACTER" || type == "CHAR") && kw("VARYING")) advance();
        if (std::find(kTypeNames.begin(), kTypeNames.end(), type) == kTypeNames.end()) fail("Expected type name");
        n->text = type;
      } else {
        fail("Expected type name");
      }
      n->children.push_back(std::move(lhs));
      return n;
    }
    return lhs;
  }

  // IN [a, b], IN (a, b), IN <<a, b>> or IN ?: the members become children.
  void in_members(Node& n) {
    Tok close = Tok::kEof;
    if (accept(Tok::kLBracket)) {
      close = Tok::kRBracket;
    } else if (accept(Tok::kLParen)) {
      close = Tok::kRParen;
    } else if (accept(Tok::kLBag)) {
      close = Tok::kRBag;
    } else {
      n.children.push_back(additive());
      return;
    }
    if (!at(close)) {
      do {
        n.children.push_back(expr());
      } while (accept(Tok::kComma));
    }
    expect(close);
  }

  NodePtr additive() {
    NodePtr lhs = multiplicative();
    while (at(Tok::kPlus) || at(Tok::kMinus) || at(Tok::kConcat)) {
      const Token& op = advance();
      const char* text = op.type == Tok::kPlus ? "+" : op.type == Tok::kMinus ? "-" : "||";
      require_rhs();
      lhs = binary(NodeKind::kArith, op.span, text, std::move(lhs), multiplicative());
    }
    return lhs;
  }
  NodePtr multiplicative() {
    NodePtr lhs = unary();
    while (at(Tok::kStar) || at(Tok::kSlash) || at(Tok::kPercent)) {
      const Token& op = advance();
      const char* text = op.type == Tok::kStar ? "*" : op.type == Tok::kSlash ? "/" : "%";
      require_rhs();
      lhs = binary(NodeKind::kArith, op.span, text, std::move(lhs), unary());
    }
    return lhs;
  }
  NodePtr unary() {
    if (at(Tok::kMinus) || at(Tok::kPlus)) {
      Depth guard(*this);
      const Token& op = advance();
      const bool minus = op.type == Tok::kMinus;
      NodePtr operand = unary();
      if (operand->kind == NodeKind::kNumber) {
        if (minus) {
          if (operand->text[0] == '-') {
            operand->text.erase(0, 1);
          } else {
            operand->text.insert(0, 1, '-');
          }
        }
        operand->span.begin = op.span.begin;
        return operand;
      }
      if (!minus) return operand;
      // -x is 0 - x.
      NodePtr zero = node(NodeKind::kNumber, op.span);
      zero->text = "0";
      return binary(NodeKind::kArith, op.span, "-", std::move(zero), std::move(operand));
    }
    return primary();
  }

  NodePtr primary() {
    const Token& t = cur();
    switch (t.type) {
      case Tok::kString: {
        NodePtr n = node(NodeKind::kString, t.span);
        n->text = advance().text;
        return n;
      }
      case Tok::kNumber: {
        NodePtr n = node(NodeKind::kNumber, t.span);
        n->text = advance().text;
        return n;
      }
      case Tok::kParam: {
        NodePtr n = node(NodeKind::kParam, advance().span);
        n->index = parameters_++;
        return n;
      }
      case Tok::kLParen: {
        advance();
        NodePtr inner = expr();
        expect(Tok::kRParen);
        return inner;
      }
      case Tok::kLBracket: return collection(NodeKind::kList, Tok::kRBracket);
      case Tok::kLBag: return collection(NodeKind::kBag, Tok::kRBag);
      case Tok::kLBrace: return tuple();
      case Tok::kQuotedIdent: return path();
      case Tok::kIdent: break;
      default: fail_term();
    }
    if (kw("TRUE") || kw("FALSE")) {
      NodePtr n = node(NodeKind::kBool, t.span);
      n->flag = kw("TRUE");
      advance();
      return n;
    }
    if (kw("NULL")) return node(NodeKind::kNull, advance().span);
    if (kw("MISSING")) return node(NodeKind::kMissing, advance().span);
    if (peek(1).type == Tok::kLParen) {
      const std::string name = lower(t.text);
      const bool reserved = is_keyword(t.text);
      if (!reserved || std::find(kKeywordFunctions.begin(), kKeywordFunctions.end(), name) != kKeywordFunctions.end()) {
        return call(name);
      }
    }
    if (is_keyword(t.text)) fail_term();
    return path();
  }

  NodePtr call(std::string name) {
    NodePtr n = node(NodeKind::kCall, advance().span);
    n->text = std::move(name);
    advance();  // (
    if (!at(Tok::kRParen)) {
      do {
        n->children.push_back(expr());
      } while (accept(Tok::kComma));
    }
    expect(Tok::kRParen);
    return n;
  }

  NodePtr collection(NodeKind kind, Tok close) {
    Depth guard(*this);
    NodePtr n = node(kind, advance().span);
    if (!at(close)) {
      do {
        n->children.push_back(expr());
      } while (accept(Tok::kComma));
    }
    expect(close);
    return n;
  }

  NodePtr tuple() {
    Depth guard(*this);
    NodePtr n = node(NodeKind::kTuple, advance().span);
    if (!at(Tok::kRBrace)) {
      do {
        n->children.push_back(expr());
        expect(Tok::kColon);
        n->children.push_back(expr());
      } while (accept(Tok::kComma));
    }
    expect(Tok::kRBrace);
    return n;
  }

  // A path where only a path may stand (SET and REMOVE targets).
  NodePtr path_only() {
    if (at(Tok::kQuotedIdent) || (at(Tok::kIdent) && !is_keyword(cur().text))) return path();
    fail_token();
  }

  NodePtr path() {
    NodePtr n = node(NodeKind::kPath, cur().span);
    n->steps.push_back({false, advance().text, 0});
    for (;;) {
      if (accept(Tok::kDot)) {
        const Token& t = cur();
        if (t.type == Tok::kQuotedIdent || (t.type == Tok::kIdent && !is_keyword(t.text))) {
          n->steps.push_back({false, advance().text, 0});
        } else if (t.type == Tok::kStar) {
          throw Error::validation("Unpivot path component like a.*.b are not supported");
        } else {
          fail("Invalid path dot component");
        }
      } else if (accept(Tok::kLBracket)) {
        const Token& t = cur();
        if (t.type == Tok::kNumber && t.text.find_first_not_of("0123456789") == std::string::npos) {
          if (t.text.size() > 9) {
            throw Error::validation("List index is not within the allowable range; index: [" + t.text + "]");
          }
          n->steps.push_back({true, {}, std::stoll(advance().text)});
        } else if (t.type == Tok::kString) {
          n->steps.push_back({false, advance().text, 0});
        } else if (t.type == Tok::kStar) {
          throw Error::validation("Wildcard path component like a[*].b are not supported");
        } else {
          fail("Invalid path component");
        }
        expect(Tok::kRBracket);
      } else {
        break;
      }
    }
    n->span.end = tokens_[pos_ > 0 ? pos_ - 1 : 0].span.end;
    return n;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t parameters_ = 0;
  int depth_ = 0;
};

}  // namespace

Statement parse(std::string_view text) { return Parser(text).statement(); }

Statement parse_statement(std::string_view text) {
  try {
    return parse(text);
  } catch (const SyntaxError& e) {
    throw Error::validation(kNotWellFormed + e.detail);
  }
}

}  // namespace dynamo_items::partiql
