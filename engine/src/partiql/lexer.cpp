#include "partiql/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace dynamo_items::partiql {

namespace {

// PartiQL's reserved words: SQL-92's plus PartiQL's own. Sorted.
constexpr std::array<std::string_view, 251> kKeywords = {
    "absolute", "action", "add", "all", "allocate", "alter", "and", "any", "are", "as", "asc", "assertion",
    "at", "authorization", "avg", "bag", "begin", "between", "bit", "bit_length", "blob", "boolean",
    "both", "by", "can_cast", "can_lossless_cast", "cascade", "cascaded", "case", "cast", "catalog", "char",
    "char_length", "character", "character_length", "check", "clob", "close", "coalesce", "collate",
    "collation", "column", "commit", "conflict", "connect", "connection", "constraint", "constraints",
    "continue", "convert", "corresponding", "count", "create", "cross", "current", "current_date",
    "current_time", "current_timestamp", "current_user", "cursor", "date", "date_add", "date_diff",
    "deallocate", "dec", "decimal", "declare", "default", "deferrable", "deferred", "delete", "desc",
    "describe", "descriptor", "diagnostics", "disconnect", "distinct", "do", "domain", "double", "drop",
    "else", "end", "end-exec", "escape", "except", "exception", "exec", "execute", "exists", "external",
    "extract", "false", "fetch", "first", "float", "for", "foreign", "found", "from", "full", "get", "global",
    "go", "goto", "grant", "group", "having", "hour", "identity", "immediate", "in", "index", "indicator",
    "initially", "inner", "input", "insensitive", "insert", "int", "integer", "intersect", "interval",
    "into", "is", "isolation", "join", "key", "language", "last", "leading", "left", "let", "level", "like",
    "limit", "list", "local", "lower", "match", "max", "min", "minute", "missing", "module", "month",
    "names", "national", "natural", "nchar", "next", "no", "not", "nothing", "null", "nullif", "numeric",
    "octet_length", "of", "offset", "on", "only", "open", "option", "or", "order", "outer", "output",
    "overlaps", "pad", "partial", "pivot", "position", "precision", "prepare", "preserve", "primary",
    "prior", "privileges", "procedure", "public", "read", "real", "references", "relative", "remove",
    "restrict", "returning", "revoke", "right", "rollback", "rows", "schema", "scroll", "second", "section",
    "select", "session", "session_user", "set", "sexp", "size", "smallint", "some", "space", "sql", "sqlcode",
    "sqlerror", "sqlstate", "string", "struct", "substring", "sum", "symbol", "system_user", "table",
    "temporary", "then", "time", "timestamp", "timezone_hour", "timezone_minute", "to", "trailing",
    "transaction", "translate", "translation", "trim", "true", "tuple", "union", "unique", "unknown",
    "unpivot", "update", "upper", "usage", "user", "using", "value", "values", "varchar", "view", "when",
    "whenever", "where", "with", "work", "write", "year", "zone"};

constexpr bool keywords_sorted() {
  for (std::size_t i = 1; i < kKeywords.size(); ++i) {
    if (!(kKeywords[i - 1] < kKeywords[i])) return false;
  }
  return true;
}
static_assert(keywords_sorted(), "kKeywords must stay sorted for binary search");

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool ident_part(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      skip_space_and_comments();
      if (pos_ >= text_.size()) break;
      out.push_back(next());
    }
    out.push_back({Tok::kEof, span(text_.size(), text_.size()), {}});
    return out;
  }

 private:
  static Span span(std::size_t b, std::size_t e) {
    return {static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
  }
  [[noreturn]] void unreadable(std::size_t at) const { throw SyntaxError("", span(at, text_.size())); }

  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (text_.compare(pos_, 2, "--") == 0) {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (text_.compare(pos_, 2, "/*") == 0) {
        const std::size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) unreadable(pos_);
        pos_ = close + 2;
      } else {
        return;
      }
    }
  }

  // Text between `quote`s, a doubled quote standing for one.
  Token quoted(Tok type, char quote) {
    const std::size_t begin = pos_++;
    std::string value;
    for (;;) {
      if (pos_ >= text_.size()) unreadable(begin);
      const char c = text_[pos_++];
      if (c != quote) {
        value += c;
      } else if (pos_ < text_.size() && text_[pos_] == quote) {
        value += quote;
        ++pos_;
      } else {
        break;
      }
    }
    return {type, span(begin, pos_), std::move(value)};
  }

  Token number() {
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      while (pos_ < text_.size() && digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p < text_.size() && digit(text_[p])) {
        const std::size_t digits = p;
        while (p < text_.size() && digit(text_[p])) ++p;
        // An exponent that does not fit 32 bits is not a number PartiQL reads.
        const std::string exponent(text_.substr(digits, p - digits));
        if (exponent.size() > 10 || std::strtoll(exponent.c_str(), nullptr, 10) > 2147483647LL) unreadable(begin);
        pos_ = p;
      }
    }
    return {Tok::kNumber, span(begin, pos_), std::string(text_.substr(begin, pos_ - begin))};
  }

  Token punct(Tok type, std::size_t length) {
    const std::size_t begin = pos_;
    pos_ += length;
    return {type, span(begin, pos_), {}};
  }

  Token next() {
    const char c = text_[pos_];
    const char d = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (ident_start(c)) {
      const std::size_t begin = pos_;
      while (pos_ < text_.size() && ident_part(text_[pos_])) ++pos_;
      return {Tok::kIdent, span(begin, pos_), std::string(text_.substr(begin, pos_ - begin))};
    }
    if (digit(c) || (c == '.' && digit(d))) return number();
    switch (c) {
      case '"': return quoted(Tok::kQuotedIdent, '"');
      case '\'': return quoted(Tok::kString, '\'');
      case '?': return punct(Tok::kParam, 1);
      case '(': return punct(Tok::kLParen, 1);
      case ')': return punct(Tok::kRParen, 1);
      case '[': return punct(Tok::kLBracket, 1);
      case ']': return punct(Tok::kRBracket, 1);
      case '{': return punct(Tok::kLBrace, 1);
      case '}': return punct(Tok::kRBrace, 1);
      case ',': return punct(Tok::kComma, 1);
      case '.': return punct(Tok::kDot, 1);
      case ':': return punct(Tok::kColon, 1);
      case ';': return punct(Tok::kSemicolon, 1);
      case '*': return punct(Tok::kStar, 1);
      case '+': return punct(Tok::kPlus, 1);
      case '-': return punct(Tok::kMinus, 1);
      case '/': return punct(Tok::kSlash, 1);
      case '%': return punct(Tok::kPercent, 1);
      case '=': return punct(Tok::kEq, 1);
      case '|':
        if (d == '|') return punct(Tok::kConcat, 2);
        break;
      case '!':
        if (d == '=') return punct(Tok::kNe, 2);
        break;
      case '<':
        if (d == '<') return punct(Tok::kLBag, 2);
        if (d == '>') return punct(Tok::kNe, 2);
        if (d == '=') return punct(Tok::kLe, 2);
        return punct(Tok::kLt, 1);
      case '>':
        if (d == '>') return punct(Tok::kRBag, 2);
        if (d == '=') return punct(Tok::kGe, 2);
        return punct(Tok::kGt, 1);
      default: break;
    }
    unreadable(pos_);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string cat(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : pieces) out.append(p);
  return out;
}

bool is_keyword(std::string_view word) {
  const std::string w = lower(word);
  return std::binary_search(kKeywords.begin(), kKeywords.end(), std::string_view(w));
}

std::string position_text(std::string_view text, Span span) {
  // Characters, not bytes: UTF-8 continuation bytes do not start a character.
  auto chars = [&](std::size_t from, std::size_t to) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
    }
    return n;
  };
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < span.begin && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(chars(line_start, span.begin) + 1) + ":" +
         std::to_string(chars(span.begin, span.end));
}

}  // namespace dynamo_items::partiql
