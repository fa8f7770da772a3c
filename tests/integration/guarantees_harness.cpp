#include "guarantees_harness.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/url.hpp"
#include "dialect/dialect.hpp"
#include "integration/server_test_support.hpp"

extern char** environ;

namespace strata::test {

namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string temp_root() {
  const char* t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

// The child's environment: ours, minus anything that would steer strata
// away from the test's project, plus the invocation's changes.
std::vector<std::string> child_environment(const EnvChanges& changes) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;
    env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  env.erase("DATABASE_URL");
  env.erase("STRATA_TEST_CRASH_AT");
  env["NO_COLOR"] = "1";
  for (const auto& [k, v] : changes) {
    if (v) {
      env[k] = *v;
    } else {
      env.erase(k);
    }
  }
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::string temp_file(const std::string& tag) {
  std::string tmpl = temp_root() + "/strata-g-" + tag + "-XXXXXX";
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed: " + std::string(std::strerror(errno)));
  ::close(fd);
  return tmpl;
}

}  // namespace

std::string ProcessResult::describe() const {
  std::string how = timed_out     ? "timed out (killed by the harness)"
                    : term_signal ? fmt::format("killed by signal {}", term_signal)
                                  : fmt::format("exit {}", exit_code);
  return fmt::format("{}\n--- stdout ---\n{}--- stderr ---\n{}", how, out, err);
}

// ------------------------------------------------------------------ Process

Process::Process(Process&& o) noexcept { *this = std::move(o); }

Process& Process::operator=(Process&& o) noexcept {
  if (this != &o) {
    pid_ = o.pid_;
    reaped_ = o.reaped_;
    status_ = o.status_;
    deadline_ms_ = o.deadline_ms_;
    out_path_ = std::move(o.out_path_);
    err_path_ = std::move(o.err_path_);
    o.pid_ = -1;
    o.out_path_.clear();
    o.err_path_.clear();
  }
  return *this;
}

Process::~Process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (!out_path_.empty()) ::unlink(out_path_.c_str());
  if (!err_path_.empty()) ::unlink(err_path_.c_str());
}

Process Process::start(const Invocation& inv, int gate_read_fd, int gate_write_fd) {
  Process p;
  p.out_path_ = temp_file("out");
  p.err_path_ = temp_file("err");
  p.deadline_ms_ = now_ms() + inv.timeout_ms;

  // Everything the child needs is built before fork: between fork and exec
  // the child only makes system calls.
  std::vector<std::string> args;
  args.push_back(inv.program);
  args.insert(args.end(), inv.args.begin(), inv.args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = child_environment(inv.env);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  const char* cwd = inv.cwd.empty() ? nullptr : inv.cwd.c_str();

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    int out = ::open(p.out_path_.c_str(), O_WRONLY | O_TRUNC);
    int err = ::open(p.err_path_.c_str(), O_WRONLY | O_TRUNC);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
    ::close(out);
    ::close(err);
    // A copy of the write end kept here would mean end of file never comes.
    if (gate_write_fd >= 0) ::close(gate_write_fd);
    if (gate_read_fd >= 0) {
      char c;
      ssize_t n;
      do {
        n = ::read(gate_read_fd, &c, 1);
      } while (n > 0 || (n < 0 && errno == EINTR));
      ::close(gate_read_fd);
    }
    if (cwd && ::chdir(cwd) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  p.pid_ = pid;
  return p;
}

bool Process::running() {
  if (reaped_) return false;
  int st = 0;
  pid_t r = ::waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    status_ = st;
    return false;
  }
  return true;
}

ProcessResult Process::wait() {
  ProcessResult r;
  while (running()) {
    if (now_ms() >= deadline_ms_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status_, 0);
      reaped_ = true;
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!r.timed_out) {
    if (WIFEXITED(status_)) r.exit_code = WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) r.term_signal = WTERMSIG(status_);
  }
  r.out = read_file(out_path_);
  r.err = read_file(err_path_);
  return r;
}

std::string Process::stderr_so_far() const { return read_file(err_path_); }

bool Process::wait_for_stderr(const std::string& needle, int timeout_ms) {
  long long until = now_ms() + timeout_ms;
  while (now_ms() < until) {
    if (stderr_so_far().find(needle) != std::string::npos) return true;
    if (!running()) return stderr_so_far().find(needle) != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

ProcessResult run(const Invocation& inv) { return Process::start(inv).wait(); }

std::vector<ProcessResult> run_together(const std::vector<Invocation>& invocations) {
  int gate[2];
  if (::pipe2(gate, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<Process> procs;
  procs.reserve(invocations.size());
  try {
    for (const auto& inv : invocations) procs.push_back(Process::start(inv, gate[0], gate[1]));
  } catch (...) {
    ::close(gate[0]);
    ::close(gate[1]);
    throw;
  }
  ::close(gate[0]);
  ::close(gate[1]);  // releases every child at once
  std::vector<ProcessResult> out;
  out.reserve(procs.size());
  for (auto& p : procs) out.push_back(p.wait());
  return out;
}

// ------------------------------------------------------------------ TempDir

TempDir::TempDir() {
  std::string tmpl = temp_root() + "/strata-g-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

// ------------------------------------------------------------------ Project

std::string rev_id(int n) { return fmt::format("r{:02}", n); }

MigrationSpec logged_migration(int n) {
  MigrationSpec m;
  m.id = rev_id(n);
  m.parent = n > 1 ? rev_id(n - 1) : "";
  if (n == 1) {
    m.up.push_back("CREATE TABLE applied_log (rev varchar(40) NOT NULL);");
    m.up.push_back("CREATE TABLE t_r01 (id integer PRIMARY KEY, note varchar(40));");
  } else {
    m.up.push_back(
        fmt::format("CREATE TABLE t_{} (id integer PRIMARY KEY, note varchar(40));", m.id));
  }
  m.up.push_back(fmt::format("INSERT INTO applied_log (rev) VALUES ('{}');", m.id));
  if (n > 1) m.up.push_back(fmt::format("INSERT INTO t_{0} (id, note) VALUES (1, '{0}');", m.id));
  m.down.push_back(fmt::format("DELETE FROM applied_log WHERE rev = '{}';", m.id));
  m.down.push_back(fmt::format("DROP TABLE t_{};", m.id));
  if (n == 1) m.down.push_back("DROP TABLE applied_log;");
  return m;
}

Project::Project(std::string url, std::string extra_toml) : url_(std::move(url)) {
  std::string toml = fmt::format("url = \"{}\"\nmigrations = \"migrations\"\n{}", url_, extra_toml);
  write_file(dir_.path() + "/strata.toml", toml);
  std::filesystem::create_directory(dir_.path() + "/migrations");
}

void Project::add(const MigrationSpec& m) {
  std::string text = fmt::format("-- revision: {}\n", m.id);
  if (!m.parent.empty()) text += fmt::format("-- revises: {}\n", m.parent);
  text += fmt::format("-- message: test migration {}\n\n", m.id);
  text += m.up_transactional ? "-- migrate:up\n" : "-- migrate:up transaction:false\n";
  for (const auto& s : m.up) text += s + "\n";
  if (!m.down.empty()) {
    text += "\n-- migrate:down\n";
    for (const auto& s : m.down) text += s + "\n";
  }
  write_file(dir_.path() + "/migrations/" + m.id + ".sql", text);
}

void Project::add_logged(int count) {
  for (int i = 1; i <= count; ++i) add(logged_migration(i));
}

Invocation Project::invocation(std::vector<std::string> args, EnvChanges env) const {
  Invocation inv;
  inv.args = std::move(args);
  inv.cwd = dir_.path();
  inv.env = std::move(env);
  return inv;
}

ProcessResult Project::strata(std::vector<std::string> args, EnvChanges env) const {
  return run(invocation(std::move(args), std::move(env)));
}

Process Project::spawn(std::vector<std::string> args, EnvChanges env) const {
  return Process::start(invocation(std::move(args), std::move(env)));
}

// ------------------------------------------------------------------ Db

namespace {
std::unique_ptr<detail::Connection> connect(const std::string& url) {
  auto u = detail::parse_url(url);
  if (!u) throw std::runtime_error("bad URL: " + u.error().message);
  auto d = detail::dialect_for_scheme(u->scheme);
  if (!d) throw std::runtime_error(d.error().message);
  auto c = (*d)->connect(*u);
  if (!c) throw std::runtime_error("cannot connect: " + c.error().message);
  return std::move(*c);
}
}  // namespace

Db::Db(const std::string& url) : conn_(connect(url)) {}
Db::~Db() = default;

std::vector<std::vector<std::string>> Db::rows(const std::string& sql) {
  auto r = conn_->query(sql);
  if (!r) throw std::runtime_error(fmt::format("{}: {}", sql, r.error().message));
  std::vector<std::vector<std::string>> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) {
    auto& o = out.emplace_back();
    for (const auto& cell : row) o.push_back(cell ? *cell : "NULL");
  }
  return out;
}

std::vector<std::string> Db::column(const std::string& sql) {
  std::vector<std::string> out;
  for (auto& row : rows(sql)) out.push_back(row.empty() ? "" : row[0]);
  return out;
}

std::string Db::scalar(const std::string& sql) {
  auto c = column(sql);
  if (c.size() != 1) throw std::runtime_error(fmt::format("{}: {} rows, wanted 1", sql, c.size()));
  return c[0];
}

void Db::exec(const std::string& sql) {
  auto r = conn_->exec(sql);
  if (!r) throw std::runtime_error(fmt::format("{}: {}", sql, r.error().message));
}

bool Db::has_table(const std::string& name) {
  auto r = conn_->table_exists(name);
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

testing::AssertionResult logged_state_is(Db& db, int applied, int total) {
  std::string problems;
  auto problem = [&](const std::string& p) { problems += "\n  " + p; };
  try {
    std::map<std::string, std::string> logged;
    if (db.has_table("applied_log")) {
      for (auto& row : db.rows("SELECT rev, COUNT(*) FROM applied_log GROUP BY rev"))
        logged[row[0]] = row[1];
    }
    std::map<std::string, std::string> history;
    for (auto& row : db.rows("SELECT revision, COUNT(*) FROM strata_version_history "
                             "WHERE direction = 'up' GROUP BY revision"))
      history[row[0]] = row[1];
    for (int k = 1; k <= total; ++k) {
      std::string id = rev_id(k);
      std::string table = "t_" + id;
      bool want = k <= applied;
      std::string log_count = logged.count(id) ? logged[id] : "0";
      std::string hist_count = history.count(id) ? history[id] : "0";
      if (log_count != (want ? "1" : "0"))
        problem(fmt::format("applied_log has {} row(s) for {}, expected {}", log_count, id,
                            want ? 1 : 0));
      if (hist_count != (want ? "1" : "0"))
        problem(fmt::format("history has {} 'up' row(s) for {}, expected {}", hist_count, id,
                            want ? 1 : 0));
      bool has = db.has_table(table);
      if (has != want) problem(fmt::format("table {} {}", table, has ? "exists" : "is missing"));
      if (has && k > 1) {
        std::string n = db.scalar("SELECT COUNT(*) FROM " + table);
        if (n != "1") problem(fmt::format("{} holds {} rows, expected 1", table, n));
      }
    }
    for (const auto& [rev, n] : logged)
      if (rev.size() != 3 || rev[0] != 'r') problem("applied_log holds an unexpected row " + rev);
    auto version = db.column("SELECT version_num FROM strata_version");
    std::vector<std::string> want_version;
    if (applied > 0) want_version.push_back(rev_id(applied));
    if (version != want_version)
      problem(fmt::format("version table holds [{}], expected [{}]", fmt::join(version, ", "),
                          fmt::join(want_version, ", ")));
    std::string journal = db.scalar("SELECT COUNT(*) FROM strata_version_journal");
    if (journal != "0") problem("the journal holds " + journal + " row(s), expected none");
  } catch (const std::exception& e) {
    problem(std::string("query failed: ") + e.what());
  }
  if (problems.empty()) return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << fmt::format("database is not at r{:02} of {}:", applied, total) << problems;
}

long long monotonic_ms() { return now_ms(); }

// ------------------------------------------------------------------ servers

namespace {
std::optional<std::string> env_url(const char* name) {
  const char* env = std::getenv(name);
  if (!env || !*env) return std::nullopt;
  return std::string(env);
}

// The admin URL with its database part replaced.
std::string with_database(const std::string& url, const std::string& db) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  size_t query = url.find('?');
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  if (path == std::string::npos || (query != std::string::npos && path > query))
    return url.substr(0, query == std::string::npos ? url.size() : query) + "/" + db + tail;
  return url.substr(0, path + 1) + db + tail;
}
}  // namespace

std::optional<std::string> pg_admin_url() { return env_url("STRATA_TEST_PG_URL"); }
std::optional<std::string> mysql_admin_url() { return env_url("STRATA_TEST_MYSQL_URL"); }

ServerScratch::ServerScratch(Server server, const std::string& admin_url, const std::string& prefix)
    : server_(server), admin_url_(admin_url), name_(prefix + test_support::random_suffix()) {
  Db admin(admin_url_);
  admin.exec("CREATE DATABASE " + name_);
  url_ = with_database(admin_url_, name_);
}

ServerScratch::~ServerScratch() {
  try {
    Db admin(admin_url_);
    if (server_ == Server::kPostgres) {
      admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      return;
    }
    // MariaDB has no FORCE: end the sessions still in the database (a
    // waiter, a process the harness killed) so DROP does not wait on them.
    for (const auto& id :
         admin.column("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + name_ +
                      "' AND ID <> CONNECTION_ID()")) {
      try {
        admin.exec("KILL " + id);
      } catch (const std::exception&) {
        // It ended on its own meanwhile.
      }
    }
    admin.exec("DROP DATABASE IF EXISTS " + name_);
  } catch (const std::exception&) {
    // A leftover scratch database is harmless: the test server is throwaway.
  }
}

TestDatabase::TestDatabase(const std::string& dialect) : dialect_(dialect) {
  if (dialect == "sqlite") {
    dir_ = std::make_unique<TempDir>();
    url_ = sqlite_url(dir_->path() + "/test.db");
  } else if (dialect == "postgresql") {
    if (auto admin = pg_admin_url()) {
      server_ = std::make_unique<PgScratch>(*admin);
      url_ = server_->url();
    }
  } else if (dialect == "mysql") {
    if (auto admin = mysql_admin_url()) {
      server_ = std::make_unique<MysqlScratch>(*admin);
      url_ = server_->url();
    }
  } else {
    throw std::runtime_error("unknown test dialect " + dialect);
  }
}

TestDatabase::~TestDatabase() = default;

std::string TestDatabase::skip_reason() const {
  return dialect_ == "mysql" ? "STRATA_TEST_MYSQL_URL is not set" : "STRATA_TEST_PG_URL is not set";
}

std::string sqlite_url(const std::string& path) { return "sqlite:///" + path; }

}  // namespace strata::test
