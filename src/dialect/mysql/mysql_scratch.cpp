// Scratch databases on a MySQL/MariaDB server (see mysql_scratch.hpp): created
// with the charset and collation of dev_url's database, dropped by name, and
// swept up after ten minutes when a crashed run left one behind.
#include "dialect/mysql/mysql_scratch.hpp"

#include <fmt/format.h>

#include "common/scratch_name.hpp"
#include "dialect/mysql/mysql_connection.hpp"
#include "dialect/mysql/mysql_quote.hpp"

namespace strata::detail {

namespace {

// ER_DBACCESS_DENIED_ERROR (no CREATE on the database name) and
// ER_SPECIFIC_ACCESS_DENIED_ERROR.
constexpr std::string_view kAccessDenied = "1044";
constexpr std::string_view kSpecificAccessDenied = "1227";

// Best effort: a user who cannot see or drop them just leaves them. One a
// session still uses (as its current database) is kept whatever its age;
// PROCESSLIST shows other users' sessions only with the PROCESS privilege.
void drop_stale(Connection& conn) {
  auto rows = conn.query(
      "SELECT s.SCHEMA_NAME FROM information_schema.SCHEMATA s "
      "WHERE s.SCHEMA_NAME LIKE 'strata\\_scratch\\_%' AND NOT EXISTS "
      "(SELECT 1 FROM information_schema.PROCESSLIST p WHERE p.DB = s.SCHEMA_NAME)");
  if (!rows) return;
  for (const auto& row : rows->rows) {
    if (row[0] && is_stale_scratch(*row[0]))
      (void)conn.exec("DROP DATABASE IF EXISTS " + mysql_quote_ident(*row[0]));
  }
}

// The account the server matched ('strata'@'10.0.0.%'), for the GRANT in
// the hint; 'user'@'%' when the server does not say.
std::string account(Connection& conn, const Url& dev_url) {
  auto r = conn.query("SELECT CURRENT_USER()");
  if (r && r->rows.size() == 1 && r->rows[0][0]) {
    const std::string& text = *r->rows[0][0];
    size_t at = text.rfind('@');
    if (at != std::string::npos) {
      return mysql_quote_literal(text.substr(0, at)) + "@" +
             mysql_quote_literal(text.substr(at + 1));
    }
  }
  return mysql_quote_literal(dev_url.user) + "@'%'";
}

Error no_privilege(Connection& conn, const Url& dev_url, const Error& cause) {
  Error e;
  e.message = fmt::format(
      "cannot create a scratch database on {}: the user {} lacks the CREATE privilege",
      dev_url.redacted(), dev_url.user.empty() ? std::string("in use") : '"' + dev_url.user + '"');
  e.sqlstate = cause.sqlstate;
  e.hint = fmt::format(
      "grant it for scratch databases (GRANT ALL ON `strata\\_scratch\\_%`.* TO {}) or set "
      "dev_url in strata.toml to a server where the user may create databases",
      account(conn, dev_url));
  return e;
}

}  // namespace

Result<Url> create_mysql_scratch(const Url& dev_url) {
  STRATA_TRY(auto conn, connect_mysql(dev_url));
  auto charset = conn->query("SELECT @@character_set_database, @@collation_database");
  if (!charset || charset->rows.size() != 1 || !charset->rows[0][0] || !charset->rows[0][1]) {
    Error e = charset ? Error{} : charset.error();
    e.message = fmt::format("cannot create a scratch database on {}: reading the charset failed{}",
                            dev_url.redacted(), charset ? "" : ": " + charset.error().message);
    return fail(std::move(e));
  }
  drop_stale(*conn);
  std::string name = new_scratch_name();
  auto created =
      conn->exec(fmt::format("CREATE DATABASE {} CHARACTER SET {} COLLATE {}",
                             mysql_quote_ident(name), *charset->rows[0][0], *charset->rows[0][1]));
  if (!created) {
    const Error& cause = created.error();
    if (cause.sqlstate == kAccessDenied || cause.sqlstate == kSpecificAccessDenied)
      return fail(no_privilege(*conn, dev_url, cause));
    Error e = cause;
    e.message =
        fmt::format("cannot create a scratch database on {}: {}", dev_url.redacted(), e.message);
    return fail(std::move(e));
  }
  Url scratch = dev_url;
  scratch.database = name;
  return scratch;
}

Status drop_mysql_scratch(const Url& dev_url, const Url& scratch) {
  if (scratch_created_at(scratch.database) < 0) {
    return failf("refusing to drop the database {}: it is not a scratch database",
                 mysql_quote_ident(scratch.database));
  }
  STRATA_TRY(auto conn, connect_mysql(dev_url));
  return conn->exec("DROP DATABASE IF EXISTS " + mysql_quote_ident(scratch.database));
}

}  // namespace strata::detail
