// A tokenizer for SQLite's lexical rules, used by the inspector to read the
// CREATE statements SQLite keeps in sqlite_schema.sql: 'strings', "idents",
// [idents], `idents`, x'blobs', numbers, variables, operators, `--` and
// `/* */` comments, with every parenthesis paired to its partner. It never
// fails: the text it reads was already accepted by SQLite, and anything
// malformed (an unterminated quote) simply runs to the end of the text.
// Stateless apart from the token list it owns; safe to use from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail::sqlite_lex {

enum class TokenKind : unsigned char {
  kWord,         // a bare identifier or keyword
  kQuotedIdent,  // "x", [x] or `x`
  kString,       // 'x'
  kBlob,         // x'00ff'
  kNumber,
  kVariable,  // ?, ?1, :name, @name, $name
  kOperator,
  kLParen,
  kRParen,
  kComma,
  kDot,
  kSemicolon,
  kOther,  // a byte SQLite would reject
};

struct Token {
  TokenKind kind = TokenKind::kOther;
  uint32_t begin = 0;         // byte offsets into the text
  uint32_t end = 0;           // one past the last byte
  bool space_before = false;  // blanks or a comment separate it from the previous token
  uint32_t partner = 0;       // for a parenthesis, the index of its partner (size() if none)
};

class TokenList {
 public:
  // Tokenizes `text`, which must outlive the list.
  explicit TokenList(std::string_view text);

  size_t size() const { return tokens_.size(); }
  const Token& operator[](size_t i) const { return tokens_[i]; }
  std::string_view text() const { return text_; }
  // The token's source text, quotes included.
  std::string_view text(size_t i) const;
  TokenKind kind(size_t i) const {
    return i < tokens_.size() ? tokens_[i].kind : TokenKind::kOther;
  }
  // Whether token i is the bare word `upper_keyword` (ASCII case-insensitive).
  // False past the end, so callers can look ahead freely.
  bool is_word(size_t i, std::string_view upper_keyword) const;
  // Whether token i can name an object: a bare word, a quoted identifier, or a
  // 'string' (SQLite accepts a string literal where it expects a name).
  bool is_name(size_t i) const;
  // The value of a name token with its quotes removed and doubled quote
  // characters undone ("a""b" -> a"b, [a b] -> a b).
  std::string name(size_t i) const;
  // For the '(' at i, the index of its ')' (size() when unbalanced); for any
  // other token, i itself.
  size_t close_of(size_t i) const;

  // The source text from the start of token `first` to the end of token
  // `last - 1`, comments and blanks inside kept; "" when first >= last.
  std::string_view source(size_t first, size_t last) const;
  // Tokens [first, last) rejoined in one canonical spacing, so that texts
  // differing only in blanks, line breaks and comments compare equal: one
  // space between tokens, none inside parentheses, before ',' ';' or ')',
  // around '.', nor after a unary sign; a word directly followed by '(' keeps
  // whether it had a blank ("lower(x)" versus "IN (1, 2)").
  std::string normalized(size_t first, size_t last) const;

 private:
  std::string_view text_;
  std::vector<Token> tokens_;
};

// A declared type in canonical spacing: blanks collapsed to one, none next to
// parentheses or before a comma ("DECIMAL ( 10 , 2 )" -> "DECIMAL(10,2)").
std::string normalize_type(std::string_view declared);

// ASCII-only case folding, as SQLite compares identifiers.
std::string fold_case(std::string_view s);
bool equals_folded(std::string_view a, std::string_view b);

}  // namespace strata::detail::sqlite_lex
