#include "dialect/postgres/postgres_scratch.hpp"

#include <fmt/format.h>

#include "common/scratch_name.hpp"
#include "dialect/postgres/postgres_connection.hpp"
#include "dialect/postgres/postgres_quote.hpp"
#include "dialect/postgres/postgres_render_names.hpp"

namespace strata::detail {

namespace {

// A scratch database nobody is connected to may be swept up.
void drop_stale(Connection& conn) {
  auto rows = conn.query(
      "SELECT d.datname FROM pg_database d WHERE d.datname LIKE 'strata\\_scratch\\_%' "
      "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)");
  if (!rows) return;
  for (const auto& row : rows->rows) {
    if (row[0] && is_stale_scratch(*row[0]))
      (void)conn.exec("DROP DATABASE IF EXISTS " + pg_quote_ident(*row[0]));
  }
}

Error no_privilege(const Url& dev_url, const Error& cause) {
  Error e;
  e.message = fmt::format(
      "cannot create a scratch database on {}: the role {} lacks the CREATEDB privilege",
      dev_url.redacted(), dev_url.user.empty() ? std::string("in use") : '"' + dev_url.user + '"');
  e.sqlstate = cause.sqlstate;
  e.hint = fmt::format(
      "grant it (ALTER ROLE {} CREATEDB) or set dev_url in strata.toml to a server where the "
      "role may create databases",
      dev_url.user.empty() ? std::string("<role>") : pg_ident(dev_url.user));
  return e;
}

}  // namespace

Result<Url> create_postgres_scratch(const Url& dev_url) {
  STRATA_TRY(auto conn, connect_postgres(dev_url));
  drop_stale(*conn);
  std::string name = new_scratch_name();
  // template0: a copy of template1 would carry whatever was installed there.
  auto created = conn->exec(fmt::format("CREATE DATABASE {} TEMPLATE template0", name));
  if (!created) {
    if (created.error().sqlstate == "42501") return fail(no_privilege(dev_url, created.error()));
    Error e = created.error();
    e.message =
        fmt::format("cannot create a scratch database on {}: {}", dev_url.redacted(), e.message);
    return fail(std::move(e));
  }
  Url scratch = dev_url;
  scratch.database = name;
  // Nothing in a scratch database needs to survive a crash: skip waiting
  // for the WAL flush at each commit.
  std::string& options = scratch.query["options"];
  if (!options.empty()) options += ' ';
  options += "-c synchronous_commit=off";
  return scratch;
}

Status drop_postgres_scratch(const Url& dev_url, const Url& scratch) {
  if (scratch_created_at(scratch.database) < 0) {
    return failf("refusing to drop the database {}: it is not a scratch database",
                 pg_quote_ident(scratch.database));
  }
  STRATA_TRY(auto conn, connect_postgres(dev_url));
  std::string name = pg_quote_ident(scratch.database);
  // FORCE ends a session left behind (PostgreSQL 13+); older servers take
  // the plain form.
  if (conn->exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name))) return {};
  return conn->exec(fmt::format("DROP DATABASE IF EXISTS {}", name));
}

}  // namespace strata::detail
