#include "dialect/mysql/mysql_render_online.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace strata::detail {

namespace {

// When each server can run an operation without copying the table: the
// version from which ALGORITHM=INSTANT, then ALGORITHM=INPLACE, LOCK=NONE
// works (0 = never), and what the statement does otherwise.
//
// Sources: the MariaDB knowledge base ("InnoDB Online DDL Operations with the
// INSTANT / NOCOPY / INPLACE Alter MysqlAlgorithm"; INSTANT exists in every GA
// 10.3) and the MySQL 8.0 manual ("Online DDL Operations"; INSTANT from
// 8.0.12). MariaDB rows at 100011 were checked on MariaDB 10.11 only.
struct Row {
  MysqlOnlineOp op;
  int mariadb_instant;
  int mariadb_inplace;
  int mysql_instant;
  int mysql_inplace;
  bool inplace_rebuilds;
  MysqlAlgorithm otherwise;
};

constexpr std::array<Row, 23> kRows = {{
    {MysqlOnlineOp::add_column, 100003, 100000, 80012, 50600, true, MysqlAlgorithm::none},
    {MysqlOnlineOp::add_column_placed, 100004, 100000, 80029, 50600, true, MysqlAlgorithm::none},
    {MysqlOnlineOp::drop_column, 100004, 100000, 80029, 50600, true, MysqlAlgorithm::none},
    {MysqlOnlineOp::rename_column, 100003, 100000, 80028, 50600, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::change_default, 100003, 100000, 80012, 50600, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::change_column_comment, 100011, 0, 0, 0, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::extend_varchar, 100004, 100002, 0, 50700, false, MysqlAlgorithm::copy},
    {MysqlOnlineOp::append_enum_values, 100011, 100000, 80012, 50600, false, MysqlAlgorithm::copy},
    {MysqlOnlineOp::drop_not_null, 0, 100000, 0, 50600, true, MysqlAlgorithm::none},
    {MysqlOnlineOp::set_not_null, 0, 0, 0, 0, false, MysqlAlgorithm::copy},
    {MysqlOnlineOp::change_type, 0, 0, 0, 0, false, MysqlAlgorithm::copy},
    {MysqlOnlineOp::other_column_change, 0, 0, 0, 0, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::table_comment, 100011, 0, 0, 0, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::create_index, 0, 100000, 0, 50600, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::create_special_index, 0, 0, 0, 0, false, MysqlAlgorithm::blocking},
    {MysqlOnlineOp::drop_index, 0, 100000, 0, 50600, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::add_foreign_key, 0, 0, 0, 0, false, MysqlAlgorithm::copy},
    {MysqlOnlineOp::drop_foreign_key, 0, 100000, 0, 50600, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::add_check, 0, 0, 0, 0, false, MysqlAlgorithm::copy},
    {MysqlOnlineOp::drop_check, 100011, 0, 0, 0, false, MysqlAlgorithm::none},
    {MysqlOnlineOp::add_primary_key, 0, 100000, 0, 50600, true, MysqlAlgorithm::none},
    {MysqlOnlineOp::drop_primary_key, 0, 0, 0, 0, false, MysqlAlgorithm::copy},
    {MysqlOnlineOp::replace_primary_key, 0, 100000, 0, 50600, true, MysqlAlgorithm::none},
}};

bool reached(int since, int version) { return since != 0 && version >= since; }

// "varchar(20)" -> {"varchar", 20}.
std::optional<std::pair<std::string_view, int>> sized_type(std::string_view type) {
  size_t open = type.find('(');
  if (open == std::string_view::npos || type.size() < open + 3 || type.back() != ')') {
    return std::nullopt;
  }
  std::string_view digits = type.substr(open + 1, type.size() - open - 2);
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return std::pair{type.substr(0, open), n};
}

// The members of "enum('a','b')" / "set('x')"; nullopt when it is not one.
std::optional<int> member_count(std::string_view type, std::string_view& kind) {
  size_t open = type.find('(');
  if (open == std::string_view::npos || type.back() != ')') return std::nullopt;
  kind = type.substr(0, open);
  if (kind != "enum" && kind != "set") return std::nullopt;
  int count = 0;
  bool in_quote = false;
  for (size_t i = open + 1; i + 1 < type.size(); ++i) {
    char c = type[i];
    if (!in_quote) {
      if (c == '\'') {
        in_quote = true;
        ++count;
      }
    } else if (c == '\\') {
      ++i;
    } else if (c == '\'') {
      if (i + 1 < type.size() && type[i + 1] == '\'') {
        ++i;
      } else {
        in_quote = false;
      }
    }
  }
  return count;
}

int storage_bytes(std::string_view kind, int members) {
  if (kind == "enum") return members <= 255 ? 1 : 2;
  int bytes = (members + 7) / 8;
  return bytes > 4 ? 8 : bytes;
}

}  // namespace

MysqlRenderTarget mysql_render_target(int server_version) {
  if (server_version <= 0) return MysqlRenderTarget{true, 100011};
  return MysqlRenderTarget{server_version >= 100000, server_version};
}

MysqlAlgorithm mysql_online_algorithm(MysqlOnlineOp op, const MysqlRenderTarget& server) {
  for (const Row& row : kRows) {
    if (row.op != op) continue;
    int instant = server.mariadb ? row.mariadb_instant : row.mysql_instant;
    int inplace = server.mariadb ? row.mariadb_inplace : row.mysql_inplace;
    if (reached(instant, server.version)) return MysqlAlgorithm::instant;
    if (reached(inplace, server.version)) {
      return row.inplace_rebuilds ? MysqlAlgorithm::inplace_rebuild : MysqlAlgorithm::inplace;
    }
    return row.otherwise;
  }
  return MysqlAlgorithm::none;
}

MysqlAlgorithm mysql_combine(MysqlAlgorithm a, MysqlAlgorithm b) { return std::max(a, b); }

std::string_view mysql_algorithm_clause(MysqlAlgorithm algorithm) {
  switch (algorithm) {
    case MysqlAlgorithm::instant:
      return ", ALGORITHM=INSTANT";
    case MysqlAlgorithm::inplace:
    case MysqlAlgorithm::inplace_rebuild:
      return ", ALGORITHM=INPLACE, LOCK=NONE";
    case MysqlAlgorithm::none:
    case MysqlAlgorithm::blocking:
    case MysqlAlgorithm::copy:
      break;
  }
  return "";
}

std::string mysql_algorithm_comment(MysqlAlgorithm algorithm, std::string_view table) {
  switch (algorithm) {
    case MysqlAlgorithm::inplace_rebuild:
      return fmt::format("rebuilds table {} in place; writes continue meanwhile", table);
    case MysqlAlgorithm::blocking:
      return fmt::format("blocks writes to table {} until it finishes", table);
    case MysqlAlgorithm::copy:
      return fmt::format(
          "rebuilds table {} (ALGORITHM=COPY): every row is copied and writes to the table are "
          "blocked until it finishes",
          table);
    case MysqlAlgorithm::instant:
    case MysqlAlgorithm::inplace:
    case MysqlAlgorithm::none:
      break;
  }
  return {};
}

bool mysql_extends_varchar(std::string_view from, std::string_view to, int max_bytes) {
  if (max_bytes <= 0) return false;
  auto f = sized_type(from);
  auto t = sized_type(to);
  if (!f || !t || f->first != t->first) return false;
  int per_char = 0;
  if (f->first == "varchar") {
    per_char = max_bytes;
  } else if (f->first == "varbinary") {
    per_char = 1;
  } else {
    return false;
  }
  if (t->second <= f->second) return false;
  bool short_before = f->second * per_char <= 255;
  bool short_after = t->second * per_char <= 255;
  return short_before == short_after;
}

bool mysql_appends_enum_values(std::string_view from, std::string_view to) {
  std::string_view from_kind, to_kind;
  auto f = member_count(from, from_kind);
  auto t = member_count(to, to_kind);
  if (!f || !t || from_kind != to_kind || *t <= *f) return false;
  // `to` is `from` with ",'new',..." before its closing parenthesis.
  std::string_view head = from.substr(0, from.size() - 1);
  if (to.substr(0, head.size()) != head || to[head.size()] != ',') return false;
  return storage_bytes(from_kind, *f) == storage_bytes(to_kind, *t);
}

}  // namespace strata::detail
