#include "dialect/postgres/postgres_dialect.hpp"

#include <fmt/format.h>

#include "dialect/postgres/postgres_connection.hpp"
#include "dialect/postgres/postgres_inspect.hpp"
#include "dialect/postgres/postgres_lint.hpp"
#include "dialect/postgres/postgres_quote.hpp"
#include "dialect/postgres/postgres_render.hpp"
#include "dialect/postgres/postgres_scratch.hpp"
#include "dialect/postgres/postgres_split.hpp"

namespace strata::detail {

namespace {

class PostgresDialect final : public Dialect {
 public:
  PostgresDialect() {
    traits_.name = "postgresql";
    traits_.starter_url = "postgresql://localhost:5432/app";
    traits_.transactional_ddl = true;
    traits_.has_lock_timeout = true;
    traits_.lock_holders = "pg_stat_activity and pg_locks";
    traits_.param_style = "$";
    traits_.folds_to_lower = true;
    traits_.default_namespace = "public";
  }

  const Traits& traits() const override { return traits_; }

  Result<std::unique_ptr<Connection>> connect(const Url& url) const override {
    return connect_postgres(url);
  }

  Result<std::vector<StatementText>> split(std::string_view sql) const override {
    return split_postgres_sql(sql);
  }

  std::string quote_ident(std::string_view name) const override { return pg_quote_ident(name); }

  std::string quote_literal(std::string_view value) const override {
    return pg_quote_literal(value);
  }

  // A dotted version_table ("myschema.strata_version") puts all three tables
  // in that schema, which must exist. Two sessions running these CREATE TABLE
  // IF NOT EXISTS at the same moment can still collide on pg_type's unique
  // index (IF NOT EXISTS is not atomic in PostgreSQL); the runner runs them
  // only while holding the migration lock, which rules that out.
  std::vector<std::string> bookkeeping_ddl(std::string_view version_table) const override {
    std::string base(version_table);
    std::vector<std::string> ddl;
    ddl.reserve(3);
    ddl.push_back(
        fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                    "    version_num VARCHAR(255) NOT NULL PRIMARY KEY\n"
                    ")",
                    pg_quote_qualified(base)));
    ddl.push_back(
        fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                    "    id BIGSERIAL PRIMARY KEY,\n"
                    "    revision VARCHAR(255) NOT NULL,\n"
                    "    direction VARCHAR(10) NOT NULL,\n"
                    "    checksum VARCHAR(64),\n"
                    "    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
                    "    duration_ms BIGINT,\n"
                    "    applied_by TEXT,\n"
                    "    hostname TEXT,\n"
                    "    strata_version TEXT,\n"
                    "    message TEXT\n"
                    ")",
                    pg_quote_qualified(base + "_history")));
    ddl.push_back(
        fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                    "    revision VARCHAR(255) NOT NULL,\n"
                    "    direction VARCHAR(10) NOT NULL,\n"
                    "    statement_index INTEGER NOT NULL,\n"
                    "    statement_count INTEGER NOT NULL,\n"
                    "    state VARCHAR(12) NOT NULL,\n"
                    "    checksum VARCHAR(64),\n"
                    "    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
                    "    error TEXT,\n"
                    "    PRIMARY KEY (revision, direction)\n"
                    ")",
                    pg_quote_qualified(base + "_journal")));
    return ddl;
  }

  std::string now_sql() const override {
    // The bookkeeping time columns are TIMESTAMPTZ.
    return "now()";
  }

  // 55P03 lock_not_available: lock_timeout cancelled the statement.
  bool is_lock_timeout(const Error& error) const override { return error.sqlstate == "55P03"; }

  Result<schema::Schema> inspect(Connection& conn,
                                 const schema::InspectOptions& options) const override {
    return inspect_postgres(conn, options);
  }

  Result<std::vector<schema::Statement>> render(
      const schema::ChangeList& changes, const schema::RenderContext& context) const override {
    return render_postgres(changes, context);
  }

  Result<Url> create_scratch(const Url& dev_url) const override {
    return create_postgres_scratch(dev_url);
  }

  Status drop_scratch(const Url& dev_url, const Url& scratch) const override {
    return drop_postgres_scratch(dev_url, scratch);
  }

  Result<lint::StatementAnalysis> lint(const StatementText& statement,
                                       const lint::StatementContext& context) const override {
    return lint_postgres(statement, context);
  }

  Result<std::map<std::string, lint::TableSize>> table_sizes(Connection& conn) const override {
    return postgres_table_sizes(conn);
  }

 private:
  Traits traits_;
};

}  // namespace

const Dialect& postgres_dialect() {
  static const PostgresDialect dialect;
  return dialect;
}

}  // namespace strata::detail
