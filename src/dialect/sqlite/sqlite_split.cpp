#include <sqlite3.h>

#include <cstring>
#include <string>

#include "dialect/sqlite/sqlite_dialect.hpp"
#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail {

namespace {

// The token kinds sqlite3_complete's trigger state machine cares about once
// inside a trigger body: there a `;` ends the statement only right after
// `; END` (blanks and comments between them do not count).
enum class Token : unsigned char { kOther, kSemi, kEnd };

bool is_end_keyword(const char* p) {
  return (p[0] | 0x20) == 'e' && (p[1] | 0x20) == 'n' && (p[2] | 0x20) == 'd';
}

class Splitter {
 public:
  explicit Splitter(std::string_view sql) : sql_(sql) {}

  Result<std::vector<StatementText>> run() {
    const char* s = sql_.data();
    const size_t n = sql_.size();
    size_t i = 0;
    while (i < n) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (sqlite_text::is_space(c)) {
        ++i;
        continue;
      }
      switch (c) {
        case '-':
          if (i + 1 < n && s[i + 1] == '-') {
            const void* nl = std::memchr(s + i + 2, '\n', n - i - 2);
            i = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - s) + 1 : n;
            continue;
          }
          break;
        case '/':
          if (i + 1 < n && s[i + 1] == '*') {
            const size_t close = sql_.find("*/", i + 2);
            if (close == std::string_view::npos) return unterminated(i, "unterminated /* comment");
            i = close + 2;
            continue;
          }
          break;
        case '\'':
        case '"':
        case '`':
        case '[': {
          // SQLite has no backslash escapes: a doubled quote reads as two
          // adjacent quoted tokens, which splits the same way.
          const char closer = c == '[' ? ']' : static_cast<char>(c);
          const void* q = std::memchr(s + i + 1, closer, n - i - 1);
          if (q == nullptr) {
            return unterminated(i, c == '\'' ? "unterminated string literal: a ' is never closed"
                                             : "unterminated quoted identifier");
          }
          const size_t end = static_cast<size_t>(static_cast<const char*>(q) - s) + 1;
          token(i, end, Token::kOther);
          i = end;
          continue;
        }
        case ';':
          semicolon(i);
          ++i;
          continue;
        default:
          break;
      }
      if (sqlite_text::is_id_char(c)) {
        size_t j = i + 1;
        while (j < n && sqlite_text::is_id_char(static_cast<unsigned char>(s[j]))) ++j;
        token(i, j, j - i == 3 && is_end_keyword(s + i) ? Token::kEnd : Token::kOther);
        i = j;
      } else {
        token(i, i + 1, Token::kOther);
        ++i;
      }
    }
    if (start_ != kNone) {
      // A last statement without `;` must be complete once given one; only
      // an unfinished trigger is not.
      const bool ok = (!in_trigger_ || ends_with_semi_end()) && complete(last_end_, true);
      if (!ok) {
        Error e;
        e.line = sqlite_text::line_at(sql_, start_);
        e.message = "unterminated CREATE TRIGGER: no END; closes its BEGIN";
        return fail(std::move(e));
      }
      emit();
    }
    return std::move(out_);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  void token(size_t begin, size_t end, Token kind) {
    if (start_ == kNone) start_ = begin;
    before_last_ = last_;
    last_ = kind;
    last_end_ = end;
  }

  bool ends_with_semi_end() const { return last_ == Token::kEnd && before_last_ == Token::kSemi; }

  // sqlite3_complete over the current statement only (from its first
  // significant character), so each statement is scanned a bounded number of
  // times: at its first `;`, and inside a trigger only at `; END ;`.
  bool complete(size_t end, bool add_semicolon) {
    probe_.assign(sql_.data() + start_, end - start_);
    if (add_semicolon) probe_ += ';';
    return sqlite3_complete(probe_.c_str()) != 0;
  }

  void semicolon(size_t i) {
    if (start_ == kNone) return;
    bool done;
    if (!in_trigger_) {
      done = complete(i + 1, false);
      // sqlite3_complete refuses a `;` outside quotes and comments only
      // inside CREATE TRIGGER ... BEGIN.
      in_trigger_ = !done;
    } else {
      done = ends_with_semi_end() && complete(i + 1, false);
    }
    if (done) {
      emit();
    } else {
      token(i, i + 1, Token::kSemi);
    }
  }

  void emit() {
    out_.push_back(StatementText{std::string(sql_.substr(start_, last_end_ - start_)), start_});
    start_ = kNone;
    in_trigger_ = false;
    last_ = before_last_ = Token::kOther;
  }

  tl::unexpected<Error> unterminated(size_t opened_at, const char* what) const {
    Error e;
    e.line = sqlite_text::line_at(sql_, start_ != kNone ? start_ : opened_at);
    e.message = what;
    return fail(std::move(e));
  }

  std::string_view sql_;
  std::vector<StatementText> out_;
  std::string probe_;
  size_t start_ = kNone;
  size_t last_end_ = 0;
  bool in_trigger_ = false;
  Token last_ = Token::kOther;
  Token before_last_ = Token::kOther;
};

}  // namespace

Result<std::vector<StatementText>> split_sqlite(std::string_view sql) {
  return Splitter(sql).run();
}

}  // namespace strata::detail
