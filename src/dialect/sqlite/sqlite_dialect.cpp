#include "dialect/sqlite/sqlite_dialect.hpp"

#include <sys/stat.h>

#include "dialect/sqlite/sqlite_connection.hpp"
#include "dialect/sqlite/sqlite_inspect.hpp"
#include "dialect/sqlite/sqlite_lint.hpp"
#include "dialect/sqlite/sqlite_render.hpp"
#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail {

namespace {

Traits make_traits() {
  Traits t;
  t.name = "sqlite";
  t.starter_url = "sqlite:///app.db";
  t.transactional_ddl = true;
  t.has_lock_timeout = false;
  t.param_style = "?";
  return t;
}

class SqliteDialect final : public Dialect {
 public:
  const Traits& traits() const override { return traits_; }

  bool database_exists(const Url& url) const override {
    struct stat st;
    return url.is_memory() || ::stat(url.database.c_str(), &st) == 0;
  }

  Result<std::unique_ptr<Connection>> connect(const Url& url) const override {
    STRATA_TRY(auto conn, SqliteConnection::open(url.database));
    return std::unique_ptr<Connection>(std::move(conn));
  }

  Result<std::vector<StatementText>> split(std::string_view sql) const override {
    return split_sqlite(sql);
  }

  std::string quote_ident(std::string_view name) const override {
    return sqlite_text::quote_ident(name);
  }

  std::string quote_literal(std::string_view value) const override {
    return sqlite_text::quote_literal(value);
  }

  std::vector<std::string> bookkeeping_ddl(std::string_view version_table) const override {
    const auto [schema, table] = sqlite_text::split_qualified(version_table);
    const std::string prefix =
        schema.empty() ? std::string() : sqlite_text::quote_ident(schema) + ".";
    // Captured by an init-capture: clang 14 cannot capture a structured binding.
    const auto name = [&, &table = table](std::string_view suffix) {
      return prefix + sqlite_text::quote_ident(table + std::string(suffix));
    };
    // Each commit of a migration writes these tables, so keep the pages it
    // touches few: history ids come from the rowid (no AUTOINCREMENT
    // bookkeeping in sqlite_sequence; history rows are never deleted, so ids
    // still ascend). The version table keeps its rowid: its rows then come
    // back in the order they were written, as alembic_version's do, which
    // relative steps such as `downgrade -1` from several heads rely on.
    return {
        "CREATE TABLE IF NOT EXISTS " + name("") +
            " (version_num VARCHAR(255) NOT NULL PRIMARY KEY)",
        "CREATE TABLE IF NOT EXISTS " + name("_history") +
            " (id INTEGER PRIMARY KEY, revision VARCHAR(255) NOT NULL,"
            " direction VARCHAR(10) NOT NULL, checksum VARCHAR(64), started_at TEXT NOT NULL,"
            " duration_ms INTEGER, applied_by TEXT, hostname TEXT, strata_version TEXT,"
            " message TEXT)",
        "CREATE TABLE IF NOT EXISTS " + name("_journal") +
            " (revision VARCHAR(255) NOT NULL, direction VARCHAR(10) NOT NULL,"
            " statement_index INTEGER NOT NULL, statement_count INTEGER NOT NULL,"
            " state VARCHAR(12) NOT NULL, checksum VARCHAR(64), updated_at TEXT NOT NULL,"
            " error TEXT, PRIMARY KEY (revision, direction))",
    };
  }

  std::string now_sql() const override { return "strftime('%Y-%m-%dT%H:%M:%fZ','now')"; }

  Result<schema::Schema> inspect(Connection& conn,
                                 const schema::InspectOptions& options) const override {
    return inspect_sqlite(conn, options);
  }

  Result<std::vector<schema::Statement>> render(
      const schema::ChangeList& changes, const schema::RenderContext& context) const override {
    return render_sqlite(changes, context);
  }

  // A scratch SQLite database lives in memory: it exists as long as the one
  // connection the caller opens on the returned URL, so there is nothing to
  // drop and nothing a crash can leave behind.
  Result<Url> create_scratch(const Url& dev_url) const override {
    Url url;
    url.scheme = dev_url.scheme;
    url.database = ":memory:";
    return url;
  }

  Status drop_scratch(const Url&, const Url&) const override { return {}; }

  Result<lint::StatementAnalysis> lint(const StatementText& statement,
                                       const lint::StatementContext& context) const override {
    return lint_sqlite(statement, context);
  }

  Result<std::map<std::string, lint::TableSize>> table_sizes(Connection& conn) const override {
    return sqlite_table_sizes(conn);
  }

 private:
  Traits traits_ = make_traits();
};

}  // namespace

const Dialect& sqlite_dialect() {
  static const SqliteDialect dialect;
  return dialect;
}

}  // namespace strata::detail
