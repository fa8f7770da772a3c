#include "dialect/mysql/mysql_split.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "dialect/mysql/mysql_lex.hpp"

namespace strata::detail {

namespace {

constexpr size_t kNone = std::string_view::npos;
constexpr std::string_view kDelimiterWord = "delimiter";

int line_at(std::string_view sql, size_t pos) {
  return 1 + static_cast<int>(std::count(sql.begin(), sql.begin() + pos, '\n'));
}

tl::unexpected<Error> error_at(std::string_view sql, size_t pos, std::string message) {
  Error e;
  e.message = std::move(message);
  e.line = line_at(sql, pos);
  return fail(std::move(e));
}

bool is_line_blank(char c) { return c == ' ' || c == '\t'; }

// Whether a DELIMITER command starts at `pos`: the word, any case, then a
// blank on the same line (a bare DELIMITER is an error the parser reports).
bool at_delimiter_command(std::string_view sql, size_t pos) {
  if (sql.size() - pos < kDelimiterWord.size()) return false;
  for (size_t i = 0; i < kDelimiterWord.size(); ++i) {
    char c = sql[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kDelimiterWord[i]) return false;
  }
  size_t after = pos + kDelimiterWord.size();
  return after == sql.size() || is_mysql_blank(sql[after]);
}

// Reads `DELIMITER xx` at `pos`: sets `delimiter` and returns the offset of the
// end of its line (the newline itself, or the end of the text).
Result<size_t> read_delimiter_command(std::string_view sql, size_t pos, std::string& delimiter) {
  size_t i = pos + kDelimiterWord.size();
  while (i < sql.size() && is_line_blank(sql[i])) ++i;
  size_t start = i;
  while (i < sql.size() && !is_mysql_blank(sql[i])) ++i;
  std::string_view arg = sql.substr(start, i - start);
  if (arg.empty()) {
    return error_at(sql, pos, "DELIMITER must be followed by the new delimiter on the same line");
  }
  if (arg.find('\\') != std::string_view::npos) {
    return error_at(sql, pos,
                    fmt::format("DELIMITER '{}': a delimiter cannot hold a backslash", arg));
  }
  if (arg.find_first_of("'\"`") != std::string_view::npos) {
    return error_at(sql, pos,
                    fmt::format("DELIMITER '{}': write the delimiter without quotes", arg));
  }
  while (i < sql.size() && is_line_blank(sql[i])) ++i;
  if (i < sql.size() && sql[i] != '\n' && sql[i] != '\r') {
    MysqlLexeme rest = mysql_lex(sql, i);
    if (rest.kind != MysqlUnit::kComment || sql[i] == '/') {
      return error_at(sql, pos,
                      fmt::format("unexpected text after DELIMITER {} on the same line "
                                  "(put the next statement on a line of its own)",
                                  arg));
    }
    i = rest.end;
  }
  delimiter = std::string(arg);
  size_t nl = sql.find('\n', i);
  return nl == kNone ? sql.size() : nl;
}

}  // namespace

Result<std::vector<StatementText>> split_mysql_sql(std::string_view sql) {
  std::vector<StatementText> out;
  std::string delimiter = ";";
  size_t start = kNone;  // first significant character of the statement being read
  size_t end = 0;        // just past its last significant unit
  auto emit = [&] {
    if (start != kNone)
      out.push_back(StatementText{std::string(sql.substr(start, end - start)), start});
    start = kNone;
  };
  size_t pos = 0;
  while (pos < sql.size()) {
    if (start == kNone && (sql[pos] == 'd' || sql[pos] == 'D') && at_delimiter_command(sql, pos)) {
      STRATA_TRY(pos, read_delimiter_command(sql, pos, delimiter));
      continue;
    }
    if (sql.compare(pos, delimiter.size(), delimiter) == 0) {
      emit();
      pos += delimiter.size();
      continue;
    }
    MysqlLexeme unit = mysql_lex(sql, pos);
    if (unit.unterminated) {
      return error_at(sql, pos, fmt::format("unterminated {}", mysql_unit_name(sql, pos)));
    }
    if (unit.kind == MysqlUnit::kCode || unit.kind == MysqlUnit::kQuoted) {
      if (start == kNone) start = pos;
      end = unit.end;
    }
    pos = unit.end;
  }
  emit();
  return out;
}

std::string mysql_script_statement(std::string_view sql) {
  auto reads_back = [&](const std::string& script) {
    auto parts = split_mysql_sql(script);
    return parts && parts->size() == 1 && parts->front().sql == sql;
  };
  std::string plain = std::string(sql) + ";\n";
  if (reads_back(plain)) return plain;
  for (std::string delimiter : {"$$", "//", ";;", "$$$$", "@@@"}) {
    std::string wrapped =
        "DELIMITER " + delimiter + "\n" + std::string(sql) + delimiter + "\nDELIMITER ;\n";
    if (reads_back(wrapped)) return wrapped;
  }
  return plain;  // nothing reads it back as one statement: let the server say why
}

}  // namespace strata::detail
