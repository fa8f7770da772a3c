// Text helpers of the MySQL/MariaDB inspector: the server's version, column
// defaults and ON UPDATE clauses as SQL text, check conditions without their
// wrapping parentheses, and view bodies without the own-database qualifier.
// Pure functions over what information_schema prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

// The server as Connection::server_version() labels it ("MariaDB 10.11.6",
// "MySQL 8.0.36"); the numbers are 0 when the label has none.
struct MysqlServer {
  bool mariadb = false;
  int major = 0, minor = 0, patch = 0;
  bool at_least(int ma, int mi, int pa) const;
};
MysqlServer parse_mysql_server(std::string_view label);

// Whether COLUMNS.COLUMN_DEFAULT holds SQL text (MariaDB 10.2.7 and later:
// 'abc', 0, NULL, current_timestamp()) rather than the bare value (MySQL,
// older MariaDB).
bool mysql_defaults_are_sql(const MysqlServer& server);

// The default of a column as SQL text usable after DEFAULT, or nullopt for
// none and for DEFAULT NULL. `raw` is COLUMN_DEFAULT, `extra` EXTRA and `type`
// COLUMN_TYPE. Where the server prints bare values, an expression default
// (EXTRA has DEFAULT_GENERATED, or CURRENT_TIMESTAMP on a time column) and a
// value of a numeric or bit type stay as printed, any other value is quoted.
std::optional<std::string> mysql_column_default(const std::optional<std::string>& raw,
                                                std::string_view extra, std::string_view type,
                                                bool defaults_are_sql);

// The expression after "on update " in EXTRA ("current_timestamp()"), up to
// the next ", " (MariaDB lists INVISIBLE after it), or nullopt.
std::optional<std::string> mysql_on_update(std::string_view extra);

// Removes one pair of parentheses that wraps the whole expression (MySQL 8
// prints check clauses as "(`a` > 0)"); "(a) and (b)" is left alone. Strings
// and backtick identifiers are skipped while matching.
std::string mysql_strip_outer_parens(std::string_view expr);

// A view body with every "`database`." qualifier removed (outside strings),
// and, in `referenced`, the names that followed such a qualifier (the tables,
// views and columns' tables of that database the body names), unquoted, in
// order of appearance, possibly repeated.
std::string mysql_unqualify(std::string_view body, std::string_view database,
                            std::vector<std::string>* referenced);

}  // namespace strata::detail
