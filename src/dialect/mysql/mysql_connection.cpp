#include "dialect/mysql/mysql_connection.hpp"

#include <errmsg.h>
#include <fmt/format.h>
#include <mysql.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/sha256.hpp"
#include "dialect/mysql/libmariadb.hpp"
#include "dialect/mysql/mysql_lex.hpp"
#include "dialect/mysql/mysql_quote.hpp"
#include "dialect/mysql/mysql_url_options.hpp"

namespace strata::detail {

namespace {

constexpr unsigned kErParseError = 1064;  // ER_PARSE_ERROR: "... near '...' at line N"

struct ResultDeleter {
  void operator()(MYSQL_RES* r) const { libmariadb().mysql_free_result(r); }
};
using MyResult = std::unique_ptr<MYSQL_RES, ResultDeleter>;

bool connection_lost(unsigned code) {
  return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST;
}

// "... near 'x' at line 3" -> 3; 0 when the message has no line.
int parse_error_line(std::string_view message) {
  constexpr std::string_view kAt = " at line ";
  size_t at = message.rfind(kAt);
  if (at == std::string_view::npos) return 0;
  int line = 0;
  for (size_t i = at + kAt.size(); i < message.size(); ++i) {
    char c = message[i];
    if (c < '0' || c > '9') return 0;
    line = line * 10 + (c - '0');
    if (line > 10000000) return 0;
  }
  return line;
}

// Replaces each `?` placeholder outside strings, comments and identifiers by
// the quoted parameter.
Result<std::string> bind_params(std::string_view sql,
                                const std::vector<std::optional<std::string>>& params) {
  std::string out;
  out.reserve(sql.size() + 16 * params.size());
  size_t used = 0;
  size_t copied = 0;
  for (size_t pos = 0; pos < sql.size();) {
    MysqlLexeme unit = mysql_lex(sql, pos);
    if (unit.kind == MysqlUnit::kCode && unit.end == pos + 1 && sql[pos] == '?') {
      out.append(sql, copied, pos - copied);
      if (used < params.size()) {
        const auto& p = params[used];
        out += p ? mysql_quote_literal(*p) : std::string("NULL");
      }
      ++used;
      copied = pos + 1;
    }
    pos = unit.end;
  }
  out.append(sql, copied, std::string_view::npos);
  if (used != params.size()) {
    return failf("the statement has {} `?` placeholder{} but {} parameter{} were given", used,
                 used == 1 ? "" : "s", params.size(), params.size() == 1 ? "" : "s");
  }
  return out;
}

class MyConnection final : public Connection {
 public:
  MyConnection(MYSQL* conn, std::vector<std::string> secrets, std::string database)
      : conn_(conn), secrets_(std::move(secrets)), database_(std::move(database)) {
    std::string_view info = libmariadb().mysql_get_server_info(conn_);
    mariadb_ = info.find("MariaDB") != std::string_view::npos;
    version_ = mysql_version_label(info);
  }
  ~MyConnection() override { libmariadb().mysql_close(conn_); }
  MyConnection(const MyConnection&) = delete;
  MyConnection& operator=(const MyConnection&) = delete;

  Status exec(std::string_view sql) override { return run(sql, nullptr, nullptr); }

  Result<QueryResult> query(std::string_view sql,
                            const std::vector<std::optional<std::string>>& params) override {
    QueryResult out;
    if (params.empty()) {
      STRATA_CHECK(run(sql, &out, nullptr));
    } else {
      STRATA_TRY(std::string bound, bind_params(sql, params));
      STRATA_CHECK(run(bound, &out, nullptr));
    }
    return out;
  }

  Result<int64_t> exec_count(std::string_view sql) override {
    int64_t count = 0;
    STRATA_CHECK(run(sql, nullptr, &count));
    return count;
  }

  Status begin() override { return exec("START TRANSACTION"); }

  Status commit() override { return send_commit("COMMIT"); }

  // One round trip: the bookkeeping statements and the COMMIT travel as one
  // multi-statement text; the server stops at the first failing statement, so
  // a failure leaves the transaction open for the caller to roll back.
  Status commit_with(std::string_view sql) override {
    while (!sql.empty() && (is_mysql_blank(sql.back()) || sql.back() == ';')) sql.remove_suffix(1);
    std::string text(sql);
    if (!text.empty()) text += ";\n";
    text += "COMMIT";
    return send_commit(text);
  }

  Status rollback() override { return exec("ROLLBACK"); }

  Result<bool> try_lock(std::string_view key) override {
    STRATA_TRY(auto r, query("SELECT GET_LOCK(?, 0)", {mysql_lock_name(key, database_)}));
    if (r.rows.size() != 1 || r.rows[0].empty() || !r.rows[0][0]) {
      return failf("GET_LOCK('{}') failed without an error", mysql_lock_name(key, database_));
    }
    return *r.rows[0][0] == "1";
  }

  Status unlock(std::string_view key) override {
    STRATA_TRY(auto r, query("SELECT RELEASE_LOCK(?)", {mysql_lock_name(key, database_)}));
    if (r.rows.size() != 1 || r.rows[0].empty() || r.rows[0][0] != std::string("1"))
      return failf("cannot release the lock '{}': this session does not hold it", key);
    return {};
  }

  // lock_wait_timeout bounds metadata-lock waits (ALTER behind a long
  // transaction), innodb_lock_wait_timeout row-lock waits; both count whole
  // seconds, so the bound is rounded up. 0 restores the server's defaults.
  Status set_lock_timeout(int milliseconds) override {
    if (milliseconds <= 0) {
      return exec("SET SESSION lock_wait_timeout = DEFAULT, innodb_lock_wait_timeout = DEFAULT");
    }
    int seconds = (milliseconds + 999) / 1000;
    return exec(fmt::format("SET SESSION lock_wait_timeout = {0}, innodb_lock_wait_timeout = {0}",
                            seconds));
  }

  // MariaDB: max_statement_time (seconds, any statement); MySQL:
  // max_execution_time (milliseconds, read-only SELECTs only).
  Status set_statement_timeout(int milliseconds) override {
    int ms = milliseconds < 0 ? 0 : milliseconds;
    if (mariadb_) {
      return exec(fmt::format("SET SESSION max_statement_time = {}.{:03}", ms / 1000, ms % 1000));
    }
    return exec(fmt::format("SET SESSION max_execution_time = {}", ms));
  }

  std::string server_version() override { return version_; }

  // information_schema compares names without regard to case; the server's
  // table names are case-sensitive (lower_case_table_names=0), so the match
  // is made exact here.
  Result<bool> table_exists(std::string_view table) override {
    std::string schema_expr = "DATABASE()";
    std::vector<std::optional<std::string>> params;
    std::string name(table);
    size_t dot = table.find('.');
    if (dot != std::string_view::npos) {
      schema_expr = "?";
      params.emplace_back(std::string(table.substr(0, dot)));
      name = std::string(table.substr(dot + 1));
    }
    params.emplace_back(name);
    STRATA_TRY(auto r, query(fmt::format("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = {} AND table_name = ?",
                                         schema_expr),
                             params));
    for (const auto& row : r.rows)
      if (!row.empty() && row[0] == name) return true;
    return false;
  }

 private:
  // Sends `sql` and drains every result: the first result set goes to `out`,
  // affected rows add up in `count`; the first error is returned.
  Status run(std::string_view sql, QueryResult* out, int64_t* count) {
    if (libmariadb().mysql_real_query(conn_, sql.data(), static_cast<unsigned long>(sql.size())) !=
        0)
      return fail(last_error(sql));
    bool have_rows = false;
    while (true) {
      MyResult res(libmariadb().mysql_store_result(conn_));
      if (res) {
        if (out != nullptr && !have_rows) {
          read_rows(res.get(), *out);
          have_rows = true;
        }
      } else if (libmariadb().mysql_field_count(conn_) != 0) {
        return fail(last_error(sql));  // a result set that could not be read
      } else if (count != nullptr) {
        my_ulonglong n = libmariadb().mysql_affected_rows(conn_);
        if (n != static_cast<my_ulonglong>(-1)) *count += static_cast<int64_t>(n);
      }
      int next = libmariadb().mysql_next_result(conn_);
      if (next < 0) return {};
      if (next > 0) return fail(last_error(sql));
    }
  }

  static void read_rows(MYSQL_RES* res, QueryResult& out) {
    unsigned ncols = libmariadb().mysql_num_fields(res);
    MYSQL_FIELD* fields = libmariadb().mysql_fetch_fields(res);
    out.columns.reserve(ncols);
    for (unsigned c = 0; c < ncols; ++c) out.columns.emplace_back(fields[c].name);
    out.rows.reserve(static_cast<size_t>(libmariadb().mysql_num_rows(res)));
    while (MYSQL_ROW row = libmariadb().mysql_fetch_row(res)) {
      unsigned long* lengths = libmariadb().mysql_fetch_lengths(res);
      auto& cells = out.rows.emplace_back();
      cells.reserve(ncols);
      for (unsigned c = 0; c < ncols; ++c) {
        if (row[c] == nullptr) {
          cells.emplace_back(std::nullopt);
        } else {
          cells.emplace_back(std::string(row[c], lengths[c]));
        }
      }
    }
  }

  Status send_commit(std::string_view text) {
    Status st = run(text, nullptr, nullptr);
    if (!st && connection_lost(libmariadb().mysql_errno(conn_))) {
      Error e = std::move(st).error();
      e.in_doubt = true;
      e.message =
          redacted(fmt::format("the connection was lost during COMMIT, so whether the "
                               "transaction committed is unknown: {}",
                               libmariadb().mysql_error(conn_)));
      return fail(std::move(e));
    }
    return st;
  }

  std::string redacted(std::string text) const {
    for (const auto& s : secrets_) text = redact(std::move(text), s);
    return text;
  }

  Error last_error(std::string_view sql) const {
    Error e;
    unsigned code = libmariadb().mysql_errno(conn_);
    std::string message = libmariadb().mysql_error(conn_);
    if (message.empty()) message = "unknown error from libmariadb";
    if (connection_lost(code)) message = "lost the connection to the server: " + message;
    if (code == kErParseError) e.line = parse_error_line(message);
    e.message = redacted(std::move(message));
    e.sqlstate = code != 0 ? std::to_string(code) : std::string();
    return e;
  }

  MYSQL* conn_;
  std::vector<std::string> secrets_;  // kept only to redact them from server texts
  std::string database_;
  std::string version_;
  bool mariadb_ = false;
};

void set_option(MYSQL* conn, mysql_option option, const void* value) {
  libmariadb().mysql_optionsv(conn, option, value);
}

void set_tls_options(MYSQL* conn, const MysqlUrlOptions& o) {
  my_bool on = 1, off = 0;
  switch (o.ssl_mode) {
    case MysqlSslMode::kDefault:
      break;
    case MysqlSslMode::kDisabled:
      set_option(conn, MYSQL_OPT_SSL_ENFORCE, &off);
      set_option(conn, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &off);
      return;  // the TLS files are not used
    case MysqlSslMode::kPreferred:
    case MysqlSslMode::kRequired:
      set_option(conn, MYSQL_OPT_SSL_ENFORCE, &on);
      set_option(conn, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &off);
      break;
    case MysqlSslMode::kVerifyCa:
    case MysqlSslMode::kVerifyIdentity:
      set_option(conn, MYSQL_OPT_SSL_ENFORCE, &on);
      set_option(conn, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
      break;
  }
  if (!o.ssl_ca.empty()) set_option(conn, MYSQL_OPT_SSL_CA, o.ssl_ca.c_str());
  if (!o.ssl_capath.empty()) set_option(conn, MYSQL_OPT_SSL_CAPATH, o.ssl_capath.c_str());
  if (!o.ssl_cert.empty()) set_option(conn, MYSQL_OPT_SSL_CERT, o.ssl_cert.c_str());
  if (!o.ssl_key.empty()) set_option(conn, MYSQL_OPT_SSL_KEY, o.ssl_key.c_str());
}

unsigned server_status(MYSQL* conn) {
  unsigned status = 0;
  libmariadb().mariadb_get_infov(conn, MARIADB_CONNECTION_SERVER_STATUS, &status);
  return status;
}

}  // namespace

std::string mysql_lock_name(std::string_view key, std::string_view database) {
  std::string name = fmt::format("{}@{}", key, database);
  if (name.size() <= 64) return name;
  return "strata:" + sha256_hex(name).substr(0, 57);
}

std::string mysql_version_label(std::string_view info) {
  bool mariadb = info.find("MariaDB") != std::string_view::npos;
  // MariaDB behind some proxies and in old protocol versions reports "5.5.5-10.x".
  if (mariadb && info.substr(0, 6) == "5.5.5-") info.remove_prefix(6);
  size_t end = info.find_first_not_of("0123456789.");
  std::string_view number = info.substr(0, end);
  return fmt::format("{} {}", mariadb ? "MariaDB" : "MySQL", number);
}

Result<std::unique_ptr<Connection>> connect_mysql(const Url& url) {
  std::vector<std::string> secrets = url.secrets();
  auto cannot = [&](std::string why, unsigned code) {
    Error e;
    e.message = fmt::format("cannot connect to {}: {}", url.redacted(), why);
    for (const auto& s : secrets) e.message = redact(std::move(e.message), s);
    if (code != 0) e.sqlstate = std::to_string(code);
    return fail(std::move(e));
  };
  auto options = read_mysql_url_options(url);
  if (!options) return cannot(options.error().message, 0);

  if (auto lib = load_libmariadb(); !lib) return cannot(lib.error().message, 0);
  MYSQL* conn = libmariadb().mysql_init(nullptr);
  if (conn == nullptr) return cannot("out of memory", 0);
  set_option(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  set_option(conn, MYSQL_OPT_CONNECT_TIMEOUT, &options->connect_timeout);
  unsigned no = 0;
  set_option(conn, MYSQL_OPT_LOCAL_INFILE, &no);
  if (!options->unix_socket.empty()) {
    unsigned protocol = MYSQL_PROTOCOL_SOCKET;
    set_option(conn, MYSQL_OPT_PROTOCOL, &protocol);
  }
  set_tls_options(conn, *options);

  const char* host = url.host.empty() ? nullptr : url.host.c_str();
  const char* user = url.user.empty() ? nullptr : url.user.c_str();
  const char* db = url.database.empty() ? nullptr : url.database.c_str();
  const char* socket = options->unix_socket.empty() ? nullptr : options->unix_socket.c_str();
  if (libmariadb().mysql_real_connect(conn, host, user, url.password.c_str(), db,
                                      static_cast<unsigned>(url.port), socket,
                                      CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS) == nullptr) {
    std::string why = libmariadb().mysql_error(conn);
    unsigned code = libmariadb().mysql_errno(conn);
    libmariadb().mysql_close(conn);
    return cannot(why, code);
  }
  if (options->ssl_mode == MysqlSslMode::kRequired &&
      libmariadb().mysql_get_ssl_cipher(conn) == nullptr) {
    libmariadb().mysql_close(conn);
    return cannot("ssl-mode=REQUIRED, but the server does not offer TLS", 0);
  }
  unsigned status = server_status(conn);
  auto session = std::make_unique<MyConnection>(conn, secrets, url.database);
  // strata reads and writes string literals with backslash escapes, as the
  // server does by default.
  if (status & SERVER_STATUS_NO_BACKSLASH_ESCAPES) {
    STRATA_CHECK(session->exec(
        "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@sql_mode, ','), "
        "',NO_BACKSLASH_ESCAPES,', ','))"));
  }
  if (!(status & SERVER_STATUS_AUTOCOMMIT)) STRATA_CHECK(session->exec("SET autocommit = 1"));
  return std::unique_ptr<Connection>(std::move(session));
}

}  // namespace strata::detail
