#include "cli/cli_harness.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "common/url.hpp"
#include "integration/server_test_support.hpp"

namespace strata::clitest {

namespace fs = std::filesystem;

namespace {

// Variables a child may see from the runner's environment: enough for
// execvp, hooks and `applied_by`, and the sanitizer settings of `make
// test-asan`; nothing that configures strata.
constexpr const char* kPassThrough[] = {"PATH",         "HOME",         "USER",
                                        "LANG",         "LC_ALL",       "TMPDIR",
                                        "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"};

std::vector<std::string> child_env(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (const char* name : kPassThrough) {
    if (const char* v = std::getenv(name)) env[name] = v;
  }
  if (!env.count("PATH")) env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {
      out.push_back(text.substr(pos));
      break;
    }
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::vector<std::string> RunResult::out_lines() const { return split_lines(out); }
std::vector<std::string> RunResult::err_lines() const { return split_lines(err); }

bool has_ansi(const std::string& text) { return text.find('\x1b') != std::string::npos; }

RunResult run_program(const std::vector<std::string>& argv, const RunOptions& options) {
  RunResult r;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return r;
  }
  std::vector<std::string> env = child_env(options.env);
  std::vector<char*> envp, args;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return r;
  }
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(126);
    ::execve(args[0], args.data(), envp.data());
    // A bare program name: search PATH as a shell would.
    ::execvpe(args[0], args.data(), envp.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  set_nonblocking(out_pipe[0]);
  set_nonblocking(err_pipe[0]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.timeout_ms);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_count = 2;
  bool timed_out = false;
  char buf[65536];
  while (open_count > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int n = ::poll(fds, 2, static_cast<int>(left));
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    r.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.code = 128 + WTERMSIG(status);
  }
  if (timed_out) ADD_FAILURE() << "timed out after " << options.timeout_ms << " ms: " << argv[0];
  return r;
}

RunResult run_strata_tty(const std::vector<std::string>& args, const RunOptions& options) {
  RunResult r;
  std::map<std::string, std::string> extra = options.env;
  if (!extra.count("TERM")) extra["TERM"] = "xterm";
  std::vector<std::string> env = child_env(extra);
  std::vector<char*> envp, argv;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> words{STRATA_BIN};
  words.insert(words.end(), args.begin(), args.end());
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) {
    ADD_FAILURE() << "forkpty: " << std::strerror(errno);
    return r;
  }
  if (pid == 0) {
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  // Typed ahead: the terminal holds the keystrokes until the child reads.
  if (!options.input.empty() && ::write(master, options.input.data(), options.input.size()) < 0) {
    ADD_FAILURE() << "writing to the terminal: " << std::strerror(errno);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.timeout_ms);
  char buf[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      ::kill(pid, SIGKILL);
      ADD_FAILURE() << "timed out on a terminal";
      break;
    }
    pollfd p{master, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    ssize_t got = ::read(master, buf, sizeof buf);
    if (got <= 0) break;  // EIO once the child side is closed
    r.out.append(buf, static_cast<size_t>(got));
  }
  ::close(master);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string mask_ms(const std::string& text) {
  static const std::regex kMs("[0-9]+(\\.[0-9]+)? ms");
  return std::regex_replace(text, kMs, "N ms");
}

RunResult run_strata(const std::vector<std::string>& args, const RunOptions& options) {
  std::vector<std::string> argv{STRATA_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, options);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

bool file_exists(const std::string& path) { return fs::exists(path); }

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// ------------------------------------------------------------------ Project

Project::Project() {
  // tmpfs when there is one: SQLite's fsyncs on a loaded disk would make the
  // suite slow, and these databases need not survive a crash.
  fs::path base =
      ::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm") : fs::temp_directory_path();
  std::string tmpl = (base / "strata-cli-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    return;
  }
  // Canonical, so paths strata prints (absolute, resolved) compare equal.
  root_ = fs::canonical(made).string();
}

Project::~Project() {
  std::error_code ec;
  if (!root_.empty()) fs::remove_all(root_, ec);
}

std::string Project::path(const std::string& rel) const { return root_ + "/" + rel; }

void Project::write_config(const std::string& url, const std::string& extra) {
  write("strata.toml", "url = \"" + url + "\"\nmigrations = \"migrations\"\n" + extra);
  fs::create_directories(path("migrations"));
}

void Project::write(const std::string& rel, const std::string& text) const {
  write_text(path(rel), text);
}

std::string Project::read(const std::string& rel) const { return read_text(path(rel)); }

void Project::migration(const std::string& name, const std::string& rev, const std::string& revises,
                        const std::string& up, const std::string& down,
                        const std::string& extra_header, const std::string& message) const {
  std::string text = "-- revision: " + rev + "\n";
  if (!revises.empty()) text += "-- revises: " + revises + "\n";
  text += "-- message: " + (message.empty() ? "rev " + rev : message) + "\n";
  text += extra_header;
  text += "\n-- migrate:up\n" + up;
  if (!up.empty() && up.back() != '\n') text += "\n";
  if (!down.empty()) {
    text += "\n-- migrate:down\n" + down;
    if (down.back() != '\n') text += "\n";
  }
  write("migrations/" + name + ".sql", text);
}

RunResult Project::run(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env,
                       const std::string& sub) const {
  RunOptions o;
  o.cwd = sub.empty() ? root_ : path(sub);
  o.env = env;
  return run_strata(args, o);
}

// ------------------------------------------------------------------ SQLite

struct SqliteDb::Impl {
  sqlite3* db = nullptr;
};

SqliteDb::SqliteDb(const std::string& path) : impl_(std::make_unique<Impl>()) {
  int rc = sqlite3_open_v2(path.c_str(), &impl_->db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errstr(rc);
  if (impl_->db) sqlite3_busy_timeout(impl_->db, 5000);
}

SqliteDb::~SqliteDb() {
  if (impl_->db) sqlite3_close(impl_->db);
}

std::vector<std::vector<std::string>> SqliteDb::query(const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(impl_->db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(impl_->db);
    return rows;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const unsigned char* t = sqlite3_column_text(st, i);
      row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  return rows;
}

bool SqliteDb::table_exists(const std::string& name) {
  return !query("SELECT 1 FROM sqlite_master WHERE type='table' AND name='" + name + "'").empty();
}

void SqliteDb::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(impl_->db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << (err ? err : "?");
    sqlite3_free(err);
  }
}

// ------------------------------------------------------------------ servers

namespace {

// "scheme://user:pass@host:port/db?query" split at the database name.
struct UrlParts {
  std::string before_db;  // through the '/' after host:port
  std::string query;      // "?..." or ""
};

UrlParts split_url(const std::string& url) {
  UrlParts p;
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t slash = url.find('/', start);
  size_t q = url.find('?', start);
  p.before_db = slash == std::string::npos ? url + "/" : url.substr(0, slash + 1);
  p.query = q == std::string::npos ? "" : url.substr(q);
  return p;
}

class PgSession final : public ServerDb::Session {
 public:
  explicit PgSession(PGconn* c) : conn_(c) {}
  ~PgSession() override { PQfinish(conn_); }

  bool quiet_exec(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok;
  }

  std::vector<std::vector<std::string>> query(const std::string& sql) override {
    std::vector<std::vector<std::string>> rows;
    PGresult* r = PQexec(conn_, sql.c_str());
    auto st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      ADD_FAILURE() << sql << ": " << PQerrorMessage(conn_);
      // A failed script may leave its transaction open: end it, so the
      // test's later checks still run.
      if (PQtransactionStatus(conn_) == PQTRANS_INERROR) PQclear(PQexec(conn_, "ROLLBACK"));
    } else {
      for (int i = 0; i < PQntuples(r); ++i) {
        std::vector<std::string> row;
        for (int j = 0; j < PQnfields(r); ++j)
          row.push_back(PQgetisnull(r, i, j) ? "NULL" : PQgetvalue(r, i, j));
        rows.push_back(std::move(row));
      }
    }
    PQclear(r);
    return rows;
  }

 private:
  PGconn* conn_;
};

std::unique_ptr<ServerDb::Session> open_pg(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to PostgreSQL: " << PQerrorMessage(c);
    PQfinish(c);
    return nullptr;
  }
  auto s = std::make_unique<PgSession>(c);
  s->query("SET client_min_messages = warning");
  return s;
}

class MysqlSession final : public ServerDb::Session {
 public:
  explicit MysqlSession(MYSQL* c) : conn_(c) {}
  ~MysqlSession() override { mysql_close(conn_); }

  bool quiet_exec(const std::string& sql) override {
    if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) return false;
    while (true) {
      if (MYSQL_RES* res = mysql_store_result(conn_)) mysql_free_result(res);
      int next = mysql_next_result(conn_);
      if (next != 0) return next < 0;
    }
  }

  // The rows of the script's last result set.
  std::vector<std::vector<std::string>> query(const std::string& sql) override {
    std::vector<std::vector<std::string>> rows;
    if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
      ADD_FAILURE() << sql << ": " << mysql_error(conn_);
      return rows;
    }
    while (true) {
      if (MYSQL_RES* res = mysql_store_result(conn_)) {
        rows.clear();
        unsigned n = mysql_num_fields(res);
        while (MYSQL_ROW row = mysql_fetch_row(res)) {
          unsigned long* len = mysql_fetch_lengths(res);
          std::vector<std::string> out;
          for (unsigned j = 0; j < n; ++j)
            out.push_back(row[j] ? std::string(row[j], len[j]) : std::string("NULL"));
          rows.push_back(std::move(out));
        }
        mysql_free_result(res);
      } else if (mysql_field_count(conn_) != 0) {
        ADD_FAILURE() << sql << ": " << mysql_error(conn_);
        return rows;
      }
      int next = mysql_next_result(conn_);
      if (next > 0) {
        ADD_FAILURE() << sql << ": " << mysql_error(conn_);
        break;
      }
      if (next < 0) break;
    }
    return rows;
  }

 private:
  MYSQL* conn_;
};

std::unique_ptr<ServerDb::Session> open_mysql(const std::string& text) {
  auto url = detail::parse_url(text);
  if (!url) {
    ADD_FAILURE() << "bad MariaDB URL: " << url.error().message;
    return nullptr;
  }
  MYSQL* c = mysql_init(nullptr);
  mysql_options(c, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  auto socket = url->query.find("unix_socket");
  if (!mysql_real_connect(c, url->host.empty() ? nullptr : url->host.c_str(), url->user.c_str(),
                          url->password.c_str(),
                          url->database.empty() ? nullptr : url->database.c_str(),
                          static_cast<unsigned>(url->port),
                          socket == url->query.end() ? nullptr : socket->second.c_str(),
                          CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS)) {
    ADD_FAILURE() << "cannot connect to MariaDB: " << mysql_error(c);
    mysql_close(c);
    return nullptr;
  }
  return std::make_unique<MysqlSession>(c);
}

std::unique_ptr<ServerDb::Session> open_session(const std::string& dialect,
                                                const std::string& url) {
  return dialect == "postgresql" ? open_pg(url) : open_mysql(url);
}

}  // namespace

ServerDb::ServerDb(std::string dialect, const char* env_var, const std::string& prefix)
    : dialect_(std::move(dialect)) {
  const char* env = std::getenv(env_var);
  if (env == nullptr || *env == '\0') return;
  admin_ = env;
  auto admin = open_session(dialect_, admin_);
  if (!admin) return;
  name_ = prefix + test_support::random_suffix();
  admin->query("CREATE DATABASE " + name_);
  UrlParts p = split_url(admin_);
  std::string url = p.before_db + name_ + p.query;
  session_ = open_session(dialect_, url);
  if (session_) url_ = url;
}

ServerDb::~ServerDb() {
  session_.reset();
  if (admin_.empty() || name_.empty()) return;
  auto admin = open_session(dialect_, admin_);
  if (!admin) return;
  if (dialect_ == "postgresql") {
    admin->query("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    return;
  }
  // MariaDB has no FORCE: end the sessions still in the database first.
  for (const auto& row : admin->query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" +
                                      name_ + "' AND ID <> CONNECTION_ID()"))
    admin->quiet_exec("KILL " + row[0]);  // (it may have ended meanwhile)
  admin->query("DROP DATABASE IF EXISTS " + name_);
}

std::string ServerDb::password() const {
  size_t scheme = admin_.find("://");
  size_t at = admin_.find('@', scheme + 3);
  size_t colon = admin_.find(':', scheme + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return "";
  return admin_.substr(colon + 1, at - colon - 1);
}

std::vector<std::vector<std::string>> ServerDb::query(const std::string& sql) {
  if (!session_) {
    ADD_FAILURE() << "no connection to the test database: " << sql;
    return {};
  }
  return session_->query(sql);
}

bool ServerDb::table_exists(const std::string& name) {
  std::string sql =
      dialect_ == "postgresql"
          ? "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = '" + name + "'"
          : "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
            "TABLE_NAME = '" +
                name + "'";
  return !query(sql).empty();
}

void ServerDb::exec(const std::string& sql) { query(sql); }

std::string ServerDb::url_with_password(const std::string& pw) const {
  std::string old = password();
  std::string u = url_;
  size_t pos = u.find(":" + old + "@");
  if (pos != std::string::npos) u.replace(pos + 1, old.size(), pw);
  return u;
}

std::string ServerDb::url_with_port(int port) const {
  std::string u = url_;
  size_t at = u.find('@');
  size_t colon = u.find(':', at);
  size_t slash = u.find('/', at);
  if (colon != std::string::npos && colon < slash)
    u.replace(colon + 1, slash - colon - 1, std::to_string(port));
  return u;
}

PgDb::PgDb() : ServerDb("postgresql", "STRATA_TEST_PG_URL", "strata_cli_") {}

MysqlDb::MysqlDb() : ServerDb("mysql", "STRATA_TEST_MYSQL_URL", "strata_t_") {}

std::unique_ptr<ServerDb> make_server_db(const std::string& dialect) {
  if (dialect == "postgresql") return std::make_unique<PgDb>();
  if (dialect == "mysql") return std::make_unique<MysqlDb>();
  ADD_FAILURE() << "no test server for dialect " << dialect;
  return nullptr;
}

int closed_port() { return test_support::closed_port(); }

// ------------------------------------------------------------------ JSON

bool Json::has(const std::string& key) const {
  for (const auto& [k, v] : members)
    if (k == key) return true;
  return false;
}

const Json& Json::operator[](const std::string& key) const {
  for (const auto& [k, v] : members)
    if (k == key) return v;
  static const Json kNull;
  ADD_FAILURE() << "JSON object has no key '" << key << "'";
  return kNull;
}

const Json& Json::operator[](size_t i) const {
  static const Json kNull;
  if (type != Type::kArray || i >= items.size()) {
    ADD_FAILURE() << "JSON index " << i << " out of range";
    return kNull;
  }
  return items[i];
}

std::vector<std::string> Json::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : members) out.push_back(k);
  return out;
}

std::vector<std::string> Json::strings() const {
  std::vector<std::string> out;
  for (const auto& v : items) {
    EXPECT_EQ(v.type, Type::kString);
    out.push_back(v.str);
  }
  return out;
}

namespace {

class JsonReader {
 public:
  explicit JsonReader(const std::string& s) : s_(s) {}
  bool document(Json& out) {
    if (!value(out)) return false;
    ws();
    return i_ == s_.size();
  }

 private:
  void ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool lit(const char* word) {
    size_t n = std::strlen(word);
    if (s_.compare(i_, n, word) != 0) return false;
    i_ += n;
    return true;
  }
  bool string(std::string& out) {
    if (s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          if (i_ + 4 > s_.size()) return false;
          unsigned cp = std::stoul(s_.substr(i_, 4), nullptr, 16);
          i_ += 4;
          if (cp < 0x80) {
            out += static_cast<char>(cp);
          } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default:
          out += e;
      }
    }
    if (i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  bool value(Json& out) {
    ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') {
      out.type = Json::Type::kObject;
      ++i_;
      ws();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return true;
      }
      while (true) {
        ws();
        std::string key;
        if (i_ >= s_.size() || !string(key)) return false;
        ws();
        if (i_ >= s_.size() || s_[i_] != ':') return false;
        ++i_;
        Json v;
        if (!value(v)) return false;
        out.members.emplace_back(std::move(key), std::move(v));
        ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (c == '[') {
      out.type = Json::Type::kArray;
      ++i_;
      ws();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return true;
      }
      while (true) {
        Json v;
        if (!value(v)) return false;
        out.items.push_back(std::move(v));
        ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (c == '"') {
      out.type = Json::Type::kString;
      return string(out.str);
    }
    if (lit("true")) {
      out.type = Json::Type::kBool;
      out.b = true;
      return true;
    }
    if (lit("false")) {
      out.type = Json::Type::kBool;
      return true;
    }
    if (lit("null")) return true;
    size_t start = i_;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '+' || s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E'))
      ++i_;
    if (start == i_) return false;
    out.type = Json::Type::kNumber;
    out.num = std::strtod(s_.substr(start, i_ - start).c_str(), nullptr);
    return true;
  }

  const std::string& s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<Json> parse_json(const std::string& text) {
  Json j;
  if (!JsonReader(text).document(j)) return std::nullopt;
  return j;
}

}  // namespace strata::clitest
