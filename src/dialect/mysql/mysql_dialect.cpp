#include "dialect/mysql/mysql_dialect.hpp"

#include <fmt/format.h>

#include "dialect/mysql/mysql_connection.hpp"
#include "dialect/mysql/mysql_implicit_commit.hpp"
#include "dialect/mysql/mysql_inspect.hpp"
#include "dialect/mysql/mysql_lint.hpp"
#include "dialect/mysql/mysql_quote.hpp"
#include "dialect/mysql/mysql_render.hpp"
#include "dialect/mysql/mysql_scratch.hpp"
#include "dialect/mysql/mysql_split.hpp"

namespace strata::detail {

namespace {

// ER_LOCK_WAIT_TIMEOUT: a row lock (innodb_lock_wait_timeout) or a metadata
// lock (lock_wait_timeout) was not granted in time and the statement was
// cancelled. (3572, ER_LOCK_NOWAIT, is a NOWAIT refusal, not a timeout.)
constexpr std::string_view kLockWaitTimeout = "1205";

// What DDL answers when it runs a second time after it took effect: the
// object it creates exists (1007 database, 1050 table or view, 1060 column,
// 1061 index, 1068 primary key, 1304 routine, 1359 trigger, 1826 foreign key)
// or the object it drops or renames is gone (1008 database, 1051 table, 1054
// column, 1091 column or index, 1146 table, 1305 routine, 1360 trigger, 4092
// view).
constexpr std::string_view kAlreadyDone[] = {"1007", "1050", "1060", "1061", "1068", "1304",
                                             "1359", "1826", "1008", "1051", "1054", "1091",
                                             "1146", "1305", "1360", "4092"};
// ER_CANT_CREATE_TABLE: errno 121 in its text is a duplicate constraint name.
constexpr std::string_view kCantCreateTable = "1005";

constexpr std::string_view kTableOptions =
    "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

class MysqlDialect final : public Dialect {
 public:
  MysqlDialect() {
    traits_.name = "mysql";
    traits_.starter_url = "mysql://localhost:3306/app";
    traits_.transactional_ddl = false;
    traits_.has_lock_timeout = true;
    traits_.lock_holders = "information_schema.innodb_trx and SHOW PROCESSLIST";
    traits_.param_style = "?";
    // Table names are case-sensitive on Linux (lower_case_table_names=0).
    traits_.folds_to_lower = false;
    traits_.default_namespace = "";
    // InnoDB returns rows in primary-key order: `seq` keeps the order they
    // were written in (an UPDATE of version_num keeps its row's seq).
    traits_.version_order_by = "seq";
    traits_.recognises_done_ddl = true;  // shows_already_done below
  }

  const Traits& traits() const override { return traits_; }

  Result<std::unique_ptr<Connection>> connect(const Url& url) const override {
    return connect_mysql(url);
  }

  Result<std::vector<StatementText>> split(std::string_view sql) const override {
    return split_mysql_sql(sql);
  }

  std::string quote_ident(std::string_view name) const override { return mysql_quote_ident(name); }

  std::string quote_literal(std::string_view value) const override {
    return mysql_quote_literal(value);
  }

  std::string script_statement(std::string_view sql) const override {
    return mysql_script_statement(sql);
  }

  // A dotted version_table ("otherdb.strata_version") puts the three tables in
  // that database, which must exist. Times are ISO-8601 text in UTC with
  // milliseconds ("2024-05-01T12:00:00.123Z"), as the runner writes them: a
  // DATETIME column would refuse the "Z" in strict mode. utf8mb4_bin makes
  // revision ids compare exactly.
  std::vector<std::string> bookkeeping_ddl(std::string_view version_table) const override {
    std::string base(version_table);
    return {
        fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                    "    version_num VARCHAR(255) NOT NULL PRIMARY KEY,\n"
                    "    seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE\n"
                    ") {}",
                    mysql_quote_qualified(base), kTableOptions),
        fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                    "    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
                    "    revision VARCHAR(255) NOT NULL,\n"
                    "    direction VARCHAR(10) NOT NULL,\n"
                    "    checksum VARCHAR(64),\n"
                    "    started_at VARCHAR(32) NOT NULL,\n"
                    "    duration_ms BIGINT,\n"
                    "    applied_by TEXT,\n"
                    "    hostname TEXT,\n"
                    "    strata_version TEXT,\n"
                    "    message TEXT\n"
                    ") {}",
                    mysql_quote_qualified(base + "_history"), kTableOptions),
        fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                    "    revision VARCHAR(255) NOT NULL,\n"
                    "    direction VARCHAR(10) NOT NULL,\n"
                    "    statement_index INT NOT NULL,\n"
                    "    statement_count INT NOT NULL,\n"
                    "    state VARCHAR(12) NOT NULL,\n"
                    "    checksum VARCHAR(64),\n"
                    "    updated_at VARCHAR(32) NOT NULL,\n"
                    "    error TEXT,\n"
                    "    PRIMARY KEY (revision, direction)\n"
                    ") {}",
                    mysql_quote_qualified(base + "_journal"), kTableOptions),
    };
  }

  // The runner's own format (utc_now_iso): milliseconds, then "Z".
  std::string now_sql() const override {
    return "CONCAT(LEFT(DATE_FORMAT(UTC_TIMESTAMP(3), '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')";
  }

  // DDL and the other statements that commit by themselves: a revision that
  // holds one is journaled statement by statement.
  bool commits_implicitly(const StatementText& statement) const override {
    return mysql_commits_implicitly(statement.sql);
  }

  bool is_lock_timeout(const Error& error) const override {
    return error.sqlstate == kLockWaitTimeout;
  }

  bool shows_already_done(const Error& error) const override {
    if (error.sqlstate == kCantCreateTable) {
      return error.message.find("errno: 121") != std::string::npos;  // duplicate FK name
    }
    for (std::string_view code : kAlreadyDone) {
      if (error.sqlstate == code) return true;
    }
    return false;
  }

  Result<schema::Schema> inspect(Connection& conn,
                                 const schema::InspectOptions& options) const override {
    return inspect_mysql(conn, options);
  }

  Result<std::vector<schema::Statement>> render(
      const schema::ChangeList& changes, const schema::RenderContext& context) const override {
    return render_mysql(changes, context);
  }

  Result<Url> create_scratch(const Url& dev_url) const override {
    return create_mysql_scratch(dev_url);
  }

  Status drop_scratch(const Url& dev_url, const Url& scratch) const override {
    return drop_mysql_scratch(dev_url, scratch);
  }

  Result<lint::StatementAnalysis> lint(const StatementText& statement,
                                       const lint::StatementContext& context) const override {
    return lint_mysql(statement, context);
  }

  Result<std::map<std::string, lint::TableSize>> table_sizes(Connection& conn) const override {
    return mysql_table_sizes(conn);
  }

 private:
  Traits traits_;
};

}  // namespace

const Dialect& mysql_dialect() {
  static const MysqlDialect dialect;
  return dialect;
}

}  // namespace strata::detail
