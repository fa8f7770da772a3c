// The dialect interfaces: what the runner needs from a database engine.
// A Dialect knows an engine's SQL rules (statement splitting, quoting, the
// bookkeeping tables' DDL) and opens Connections to it. Shared code never asks
// which engine it talks to; it asks a Dialect for a capability or a string.
// Each engine lives in its own folder (sqlite/, postgres/) behind these types.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/url.hpp"
#include "lint/lint_types.hpp"
#include "schema/change.hpp"
#include "schema/model.hpp"

namespace strata::detail {

// One statement cut out of a script. `offset` is the byte offset, in the text
// given to split(), of the statement's first significant character (after
// leading blanks and comments), so callers can compute its line.
struct StatementText {
  std::string sql;
  size_t offset = 0;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// Capabilities that change what the runner does. Never an engine name.
struct Traits {
  std::string name;               // "sqlite", "postgresql": for messages and JSON only
  bool transactional_ddl = true;  // DDL can be rolled back with its transaction
  bool has_lock_timeout = false;  // lock_timeout can bound waits for table locks
  std::string param_style = "?";  // "?" or "$" ($1, $2, ...)
  bool folds_to_lower = false;    // unquoted identifiers fold to lower case (PostgreSQL)
  std::string default_namespace;  // schema of unqualified names: "public", or "" (none)
  std::string lock_holders;       // where to find who holds a table lock, for hints
  std::string starter_url;        // the url `strata init --dialect NAME` writes
  // ORDER BY for reading the version table in the order its rows were
  // written ("" = the engine returns them so: SQLite's rowid, PostgreSQL's
  // heap). Relative steps from several heads (`downgrade -1`) use that order.
  std::string version_order_by;
  // Dialect::shows_already_done recognises a DDL statement that committed
  // before a crash let the journal record it. The runner then saves durable
  // commits on journaled revisions (journal rows written ahead, bookkeeping
  // deferred: see Runner::carry), since a statement in flight can always be
  // run again safely.
  bool recognises_done_ddl = false;
};

// A live session. Not thread-safe: one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  // Runs one statement (or, for bookkeeping, a script of several with no
  // results). Errors carry the server's message and SQLSTATE/extended code.
  virtual Status exec(std::string_view sql) = 0;
  // Runs one statement with text parameters (nullopt = NULL); returns rows.
  virtual Result<QueryResult> query(std::string_view sql,
                                    const std::vector<std::optional<std::string>>& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed (for
  // `-- migrate:batch`).
  virtual Result<int64_t> exec_count(std::string_view sql) = 0;
  // Transactions. begin() takes the engine's write lock where it has one
  // (SQLite: BEGIN IMMEDIATE, retried while busy).
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  // Runs `sql` (a bookkeeping script) then commits; an engine with a network
  // round trip per call sends both at once. On failure nothing is committed
  // and the caller rolls back.
  virtual Status commit_with(std::string_view sql) {
    STRATA_CHECK(exec(sql));
    return commit();
  }
  virtual Status rollback() = 0;
  // The migration lock: a session-level try-lock that never waits and holds
  // no transaction. Returns false when another session holds it.
  virtual Result<bool> try_lock(std::string_view key) = 0;
  virtual Status unlock(std::string_view key) = 0;
  // Bound on waiting for table locks per statement; no-op where unsupported.
  virtual Status set_lock_timeout(int milliseconds) = 0;
  // Bound on any one statement's run time (0 = none); no-op where unsupported.
  virtual Status set_statement_timeout(int milliseconds) { return {}; }
  // "PostgreSQL 15.18", "SQLite 3.40.1".
  virtual std::string server_version() = 0;
  // Whether a table exists (in the current schema / main database).
  virtual Result<bool> table_exists(std::string_view table) = 0;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual const Traits& traits() const = 0;
  virtual Result<std::unique_ptr<Connection>> connect(const Url& url) const = 0;
  // False when connecting would create the database (an embedded file that
  // does not exist yet): read-only commands then report "base" without
  // creating it. Server dialects return true and let connect() tell.
  virtual bool database_exists(const Url& url) const { return true; }
  // Splits a section body into statements by the engine's real rules.
  // Errors (an unterminated quote or comment) carry the 1-based line within
  // `sql` in Error::line.
  virtual Result<std::vector<StatementText>> split(std::string_view sql) const = 0;
  virtual std::string quote_ident(std::string_view name) const = 0;
  virtual std::string quote_literal(std::string_view value) const = 0;
  // One statement (without its ';') as a script for this engine's own client
  // and for a migration file: the text, its terminator and a newline. MySQL's
  // client needs DELIMITER lines around a statement whose body holds ';'.
  virtual std::string script_statement(std::string_view sql) const {
    return std::string(sql) + ";\n";
  }
  // DDL of the bookkeeping tables, all IF NOT EXISTS. `prefix` is the
  // version_table name; history is `prefix_history`.
  virtual std::vector<std::string> bookkeeping_ddl(std::string_view version_table) const = 0;
  // An SQL expression for "now", of the type of the bookkeeping tables' time
  // columns (SQLite: ISO-8601 text in UTC; PostgreSQL: now()).
  virtual std::string now_sql() const = 0;
  // Whether a statement commits the open transaction by itself (MySQL's DDL).
  // Asked only when traits().transactional_ddl is false: a section holding
  // such a statement runs journaled, statement by statement, not in a
  // transaction that could not hold it.
  virtual bool commits_implicitly(const StatementText& statement) const { return false; }
  // Whether an error is a lock_timeout firing (the statement waited too long for
  // a table lock and was cancelled; nothing of it was done), which the runner
  // answers by rolling back, waiting and retrying.
  virtual bool is_lock_timeout(const Error& error) const { return false; }
  // Whether an error is what a statement that commits implicitly gives when
  // it runs a second time after it took effect (the table it creates exists,
  // the column it drops is gone). Asked only for the statement that was in
  // flight when an earlier run died: its DDL may have committed before the
  // journal recorded it, and this error proves it did.
  virtual bool shows_already_done(const Error& error) const { return false; }

  // The schema side (DESIGN section 5). inspect() reads the whole schema a
  // connection sees with a fixed number of queries; render() turns changes
  // into this engine's statements.
  virtual Result<schema::Schema> inspect(Connection& conn,
                                         const schema::InspectOptions& options) const = 0;
  virtual Result<std::vector<schema::Statement>> render(
      const schema::ChangeList& changes, const schema::RenderContext& context) const = 0;
  // Scratch databases for schema states: create_scratch makes an empty,
  // throwaway database on the server of `dev_url` (in memory for an embedded
  // engine) and returns the URL to connect to; drop_scratch removes it.
  // Stale scratch databases left by a crashed process are removed by
  // create_scratch when it finds them.
  virtual Result<Url> create_scratch(const Url& dev_url) const = 0;
  virtual Status drop_scratch(const Url& dev_url, const Url& scratch) const = 0;

  // `strata lint` (README "Safe migrations"): what this engine does to a busy
  // database when it runs one statement. The default knows nothing.
  virtual Result<lint::StatementAnalysis> lint(const StatementText& statement,
                                               const lint::StatementContext& context) const {
    return lint::StatementAnalysis{};
  }
  // Sizes of the tables the connection sees, in a fixed number of queries,
  // keyed by name as lint() looks them up.
  virtual Result<std::map<std::string, lint::TableSize>> table_sizes(Connection& conn) const {
    return std::map<std::string, lint::TableSize>{};
  }
};

// Picks the dialect for a URL's scheme ("sqlite", "postgresql", ...), or for
// a bare dialect name in offline mode. Error names the scheme.
Result<const Dialect*> dialect_for_scheme(std::string_view scheme);

}  // namespace strata::detail
