#include "expr/lexer.h"

#include <cctype>

namespace dynamo_items::expr {

namespace {

// A name starts with a letter: "_x" is the unknown token "_" followed by "x".
bool is_id_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_id_part(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

Tok keyword_or_id(std::string_view word, bool update_keywords) {
  switch (word.size()) {
    case 2:
      if (iequals(word, "OR")) return Tok::kOr;
      if (iequals(word, "IN")) return Tok::kIn;
      break;
    case 3:
      if (iequals(word, "AND")) return Tok::kAnd;
      if (iequals(word, "NOT")) return Tok::kNot;
      if (update_keywords && iequals(word, "SET")) return Tok::kSet;
      if (update_keywords && iequals(word, "ADD")) return Tok::kAdd;
      break;
    case 6:
      if (update_keywords && iequals(word, "REMOVE")) return Tok::kRemove;
      if (update_keywords && iequals(word, "DELETE")) return Tok::kDelete;
      break;
    case 7:
      if (iequals(word, "BETWEEN")) return Tok::kBetween;
      break;
    default:
      break;
  }
  return Tok::kId;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text, bool update_keywords) {
  std::vector<Token> out;
  const std::size_t n = text.size();
  std::size_t i = 0;
  auto push = [&](Tok t, std::size_t b, std::size_t e) {
    out.push_back(Token{t, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)});
  };
  while (i < n) {
    const char c = text[i];
    const std::size_t b = i;
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (is_id_start(c)) {
      while (i < n && is_id_part(text[i])) ++i;
      push(keyword_or_id(text.substr(b, i - b), update_keywords), b, i);
      continue;
    }
    if (is_digit(c)) {
      while (i < n && is_digit(text[i])) ++i;
      push(Tok::kNumber, b, i);
      continue;
    }
    if ((c == '#' || c == ':') && i + 1 < n && is_id_part(text[i + 1])) {
      ++i;
      while (i < n && is_id_part(text[i])) ++i;
      push(c == '#' ? Tok::kName : Tok::kValue, b, i);
      continue;
    }
    Tok t = Tok::kUnknown;
    std::size_t len = 1;
    const char next = i + 1 < n ? text[i + 1] : '\0';
    switch (c) {
      case '(':
        t = Tok::kLParen;
        break;
      case ')':
        t = Tok::kRParen;
        break;
      case '[':
        t = Tok::kLBracket;
        break;
      case ']':
        t = Tok::kRBracket;
        break;
      case ',':
        t = Tok::kComma;
        break;
      case '.':
        t = Tok::kDot;
        break;
      case '=':
        t = Tok::kEq;
        break;
      case '+':
        t = Tok::kPlus;
        break;
      case '-':
        t = Tok::kMinus;
        break;
      case '<':
        if (next == '>') {
          t = Tok::kNe, len = 2;
        } else if (next == '=') {
          t = Tok::kLe, len = 2;
        } else {
          t = Tok::kLt;
        }
        break;
      case '>':
        if (next == '=') {
          t = Tok::kGe, len = 2;
        } else {
          t = Tok::kGt;
        }
        break;
      default:
        // A multi-byte UTF-8 character is one unknown token, not several.
        if (static_cast<unsigned char>(c) >= 0xC0) {
          while (i + len < n && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) ++len;
        }
        break;
    }
    i += len;
    push(t, b, i);
  }
  push(Tok::kEof, n, n);
  return out;
}

std::string syntax_error_message(std::string_view text, const std::vector<Token>& tokens, std::size_t at) {
  const Token& cur = tokens[at];
  const bool eof = cur.type == Tok::kEof;
  std::string m = "Syntax error; token: \"";
  if (eof) {
    m += "<EOF>";
  } else {
    m.append(text.substr(cur.begin, cur.end - cur.begin));
  }
  // near: previous token, the whitespace before the offending token, the
  // token, the whitespace after it and the next token, as in the source.
  std::size_t from = at > 0 ? tokens[at - 1].begin : 0;
  std::size_t to = text.size();
  if (!eof && at + 1 < tokens.size() && tokens[at + 1].type != Tok::kEof) to = tokens[at + 1].end;
  m += "\", near: \"";
  m.append(text.substr(from, to - from));
  m += "\"";
  return m;
}

}  // namespace dynamo_items::expr
