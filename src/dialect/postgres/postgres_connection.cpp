#include "dialect/postgres/postgres_connection.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dialect/postgres/libpq.hpp"
#include "dialect/postgres/postgres_quote.hpp"
#include "dialect/postgres/postgres_split.hpp"

namespace strata::detail {

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { libpq().PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// The library must not write to stderr on its own; server notices are
// silenced here (client_min_messages=warning keeps most from being sent).
void ignore_notice(void*, const char*) {}

// libpq messages span lines ("...failed: Connection refused\n\tIs the server
// running..."); an Error message reads better on one.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string field(const PGresult* r, int code) {
  const char* value = r ? libpq().PQresultErrorField(r, code) : nullptr;
  return value ? std::string(value) : std::string();
}

class PgConnection final : public Connection {
 public:
  PgConnection(PGconn* conn, std::string password) : conn_(conn), password_(std::move(password)) {}
  ~PgConnection() override { libpq().PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Status exec(std::string_view sql) override {
    std::string text = with_begin(sql);
    PgResult r(libpq().PQexec(conn_, text.c_str()));
    return check(r.get(), sql, text.size() - sql.size());
  }

  Result<QueryResult> query(std::string_view sql,
                            const std::vector<std::optional<std::string>>& params) override {
    STRATA_CHECK(send_begin());
    std::string text(sql);
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PgResult r(libpq().PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0));
    STRATA_CHECK(check(r.get(), sql));
    QueryResult out;
    int ncols = libpq().PQnfields(r.get());
    int nrows = libpq().PQntuples(r.get());
    out.columns.reserve(ncols);
    for (int c = 0; c < ncols; ++c) out.columns.emplace_back(libpq().PQfname(r.get(), c));
    out.rows.reserve(nrows);
    for (int i = 0; i < nrows; ++i) {
      auto& row = out.rows.emplace_back();
      row.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (libpq().PQgetisnull(r.get(), i, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(
              std::string(libpq().PQgetvalue(r.get(), i, c), libpq().PQgetlength(r.get(), i, c)));
        }
      }
    }
    return out;
  }

  Result<int64_t> exec_count(std::string_view sql) override {
    std::string text = with_begin(sql);
    PgResult r(libpq().PQexec(conn_, text.c_str()));
    STRATA_CHECK(check(r.get(), sql, text.size() - sql.size()));
    std::string_view tuples = libpq().PQcmdTuples(r.get());
    int64_t count = 0;
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), count);
    return count;
  }

  // BEGIN costs a round trip of its own; it travels instead with the next
  // statement (a simple-protocol message may hold several). Nothing is in
  // the transaction before that statement, so a commit or rollback before
  // it has nothing to do.
  Status begin() override {
    begin_pending_ = true;
    return {};
  }

  Status commit() override {
    if (begin_pending_) {
      begin_pending_ = false;
      return {};
    }
    return send_commit("COMMIT");
  }

  // One round trip: the bookkeeping and the COMMIT travel together, as one
  // simple-protocol message; a failing statement skips the COMMIT and leaves
  // the transaction aborted for the caller to roll back.
  Status commit_with(std::string_view sql) override {
    std::string text = with_begin(sql);
    text += ";\nCOMMIT";
    return send_commit(text);
  }

  Status send_commit(const std::string& text) {
    PgResult r(libpq().PQexec(conn_, text.c_str()));
    if (libpq().PQstatus(conn_) == CONNECTION_BAD) {
      Error e = error_from(r.get(), "COMMIT");
      e.in_doubt = true;
      e.message = redact(fmt::format("the connection was lost during COMMIT, so whether the "
                                     "transaction committed is unknown: {}",
                                     libpq_message()),
                         password_);
      return fail(std::move(e));
    }
    STRATA_CHECK(check(r.get(), "COMMIT"));
    // COMMIT of a transaction that already failed succeeds as a ROLLBACK.
    if (std::string_view(libpq().PQcmdStatus(r.get())) == "ROLLBACK") {
      return failf("COMMIT rolled the transaction back: a statement in it had failed");
    }
    return {};
  }

  Status rollback() override {
    if (begin_pending_) {
      begin_pending_ = false;
      return {};
    }
    return exec("ROLLBACK");
  }

  Result<bool> try_lock(std::string_view key) override {
    STRATA_TRY(auto r, query("SELECT pg_try_advisory_lock($1::bigint)",
                             {std::to_string(advisory_lock_key(key))}));
    return single_bool(r);
  }

  Status unlock(std::string_view key) override {
    STRATA_TRY(auto r, query("SELECT pg_advisory_unlock($1::bigint)",
                             {std::to_string(advisory_lock_key(key))}));
    if (!single_bool(r))
      return failf("cannot release the lock '{}': this session does not hold it", key);
    return {};
  }

  Status set_lock_timeout(int milliseconds) override {
    return exec(fmt::format("SET lock_timeout = '{}ms'", milliseconds < 0 ? 0 : milliseconds));
  }

  Status set_statement_timeout(int milliseconds) override {
    return exec(fmt::format("SET statement_timeout = '{}ms'", milliseconds < 0 ? 0 : milliseconds));
  }

  std::string server_version() override {
    int v = libpq().PQserverVersion(conn_);
    // From 10 on the number is major * 10000 + minor; before, it had three parts.
    if (v >= 100000) return fmt::format("PostgreSQL {}.{}", v / 10000, v % 10000);
    return fmt::format("PostgreSQL {}.{}.{}", v / 10000, (v / 100) % 100, v % 100);
  }

  Result<bool> table_exists(std::string_view table) override {
    STRATA_TRY(auto r, query("SELECT to_regclass($1) IS NOT NULL", {pg_quote_qualified(table)}));
    return single_bool(r);
  }

 private:
  static bool single_bool(const QueryResult& r) {
    return !r.rows.empty() && !r.rows[0].empty() && r.rows[0][0] == std::string("t");
  }

  std::string libpq_message() const { return one_line(libpq().PQerrorMessage(conn_)); }

  // `sql`, preceded by the BEGIN that begin() left to send.
  std::string with_begin(std::string_view sql) {
    if (!begin_pending_) return std::string(sql);
    begin_pending_ = false;
    return "BEGIN;\n" + std::string(sql);
  }

  Status send_begin() {
    if (!begin_pending_) return {};
    begin_pending_ = false;
    PgResult r(libpq().PQexec(conn_, "BEGIN"));
    return check(r.get(), "BEGIN");
  }

  // `offset`: characters sent before `sql` (a BEGIN), not in its positions.
  Status check(const PGresult* r, std::string_view sql, size_t offset = 0) {
    ExecStatusType status = r ? libpq().PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
      return {};
    }
    return fail(error_from(r, sql, offset));
  }

  Error error_from(const PGresult* r, std::string_view sql, size_t offset = 0) const {
    Error e;
    std::string primary = field(r, PG_DIAG_MESSAGE_PRIMARY);
    if (primary.empty()) {
      primary = r ? one_line(libpq().PQresultErrorMessage(r)) : std::string();
      if (primary.empty()) primary = libpq_message();
      if (primary.empty()) primary = "unknown error from libpq";
    }
    if (libpq().PQstatus(conn_) == CONNECTION_BAD)
      primary = "lost the connection to the server: " + primary;
    e.message = std::move(primary);
    std::string detail = field(r, PG_DIAG_MESSAGE_DETAIL);
    if (!detail.empty()) e.message += "\nDETAIL: " + detail;
    std::string hint = field(r, PG_DIAG_MESSAGE_HINT);
    if (!hint.empty()) e.message += "\nHINT: " + hint;
    e.message = redact(std::move(e.message), password_);
    e.sqlstate = field(r, PG_DIAG_SQLSTATE);
    std::string position = field(r, PG_DIAG_STATEMENT_POSITION);
    if (!position.empty()) {
      int at = std::atoi(position.c_str()) - static_cast<int>(offset);
      if (at > 0) e.line = line_of_position(sql, at);
    }
    return e;
  }

  PGconn* conn_;
  std::string password_;  // kept only to redact it from server and libpq texts
  bool begin_pending_ = false;
};

}  // namespace

int64_t advisory_lock_key(std::string_view name) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return static_cast<int64_t>(hash);
}

Result<std::unique_ptr<Connection>> connect_postgres(const Url& url) {
  STRATA_CHECK(load_libpq());
  std::vector<std::pair<std::string, std::string>> params;
  auto set = [&](const std::string& key, std::string value) {
    for (auto& [k, v] : params) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    params.emplace_back(key, std::move(value));
  };
  if (!url.host.empty()) set("host", url.host);
  if (url.port != 0) set("port", std::to_string(url.port));
  if (!url.user.empty()) set("user", url.user);
  if (!url.password.empty()) set("password", url.password);
  if (!url.database.empty()) set("dbname", url.database);
  set("connect_timeout", "10");
  set("application_name", "strata");
  // Error positions are counted in characters of the text we send, read as UTF-8.
  set("client_encoding", "UTF8");
  for (const auto& [key, value] : url.query) set(key, value);

  std::vector<const char*> keys;
  std::vector<const char*> values;
  keys.reserve(params.size() + 1);
  values.reserve(params.size() + 1);
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);

  PGconn* conn = libpq().PQconnectdbParams(keys.data(), values.data(), 0);
  if (conn == nullptr) return failf("cannot connect to {}: out of memory", url.redacted());
  if (libpq().PQstatus(conn) != CONNECTION_OK) {
    std::string why = one_line(libpq().PQerrorMessage(conn));
    libpq().PQfinish(conn);
    Error e;
    e.message = redact(fmt::format("cannot connect to {}: {}", url.redacted(), why), url.password);
    return fail(std::move(e));
  }
  libpq().PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  auto session = std::make_unique<PgConnection>(conn, url.password);
  STRATA_CHECK(session->exec("SET client_min_messages = warning"));
  return std::unique_ptr<Connection>(std::move(session));
}

}  // namespace strata::detail
