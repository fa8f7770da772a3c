// Test harness for the execution guarantees (DESIGN section 6): runs the real
// `strata` binary as separate processes (alone, or several released at the
// same instant through a pipe barrier), writes throwaway projects, creates
// scratch PostgreSQL and MariaDB databases, and reads a database back for
// assertions.
// Every wait is bounded: a hung process is killed and reported as timed out.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::detail {
class Connection;
}

namespace strata::test {

// How a finished process ended, with everything it printed.
struct ProcessResult {
  int exit_code = -1;   // set when it exited normally
  int term_signal = 0;  // set when a signal killed it
  bool timed_out = false;
  std::string out;
  std::string err;

  bool exited_with(int code) const { return !timed_out && term_signal == 0 && exit_code == code; }
  bool killed_by(int sig) const { return !timed_out && term_signal == sig; }
  // "exit 1" / "signal 9" / "timed out", then stdout and stderr: for failure messages.
  std::string describe() const;
};

// Environment changes for a child: a value sets the variable, nullopt unsets it.
using EnvChanges = std::map<std::string, std::optional<std::string>>;

struct Invocation {
  std::vector<std::string> args;  // arguments after the program
  std::string cwd;                // "" = the test's working directory
  EnvChanges env;                 // applied over a cleaned copy of this process's environment
  int timeout_ms = 30000;
  std::string program = STRATA_BIN;
};

// A started child process. Its stdout and stderr go to temporary files, so
// many children never block on full pipes; they are read back by wait().
class Process {
 public:
  Process(Process&&) noexcept;
  Process& operator=(Process&&) noexcept;
  Process(const Process&) = delete;
  ~Process();  // a child still running is killed and reaped

  // Starts `inv`. With a gate (a pipe's two ends) the child closes the write
  // end and blocks reading the pipe until end of file, then execs: closing
  // the parent's write end releases every child gated on it at once.
  static Process start(const Invocation& inv, int gate_read_fd = -1, int gate_write_fd = -1);

  pid_t pid() const { return pid_; }
  // Waits for the child (at most the invocation's timeout, counted from start).
  ProcessResult wait();
  // What the child has written to stderr so far.
  std::string stderr_so_far() const;
  // Polls stderr until it contains `needle`; false if the child exits first
  // or `timeout_ms` passes.
  bool wait_for_stderr(const std::string& needle, int timeout_ms);
  bool running();

 private:
  Process() = default;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  long long deadline_ms_ = 0;
  std::string out_path_, err_path_;
};

// Runs one process to completion.
ProcessResult run(const Invocation& inv);
// Starts every invocation, holding all of them at a barrier until the last
// one is forked, releases them together and waits for all.
std::vector<ProcessResult> run_together(const std::vector<Invocation>& invocations);

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One migration file of a test project.
struct MigrationSpec {
  std::string id;
  std::string parent;             // "" = a root
  std::vector<std::string> up;    // statements, each written with a trailing ';'
  std::vector<std::string> down;  // empty = irreversible
  bool up_transactional = true;   // false writes `-- migrate:up transaction:false`
};

// The usual test revision NN of `count`: r01 creates applied_log; each rNN
// creates table t_rNN, logs 'rNN' in applied_log and inserts a row into t_rNN
// (three statements each).
MigrationSpec logged_migration(int n);
std::string rev_id(int n);  // 7 -> "r07"

// A strata project in a temporary directory: strata.toml naming `url` (plus
// any extra TOML) and a migrations/ folder.
class Project {
 public:
  explicit Project(std::string url, std::string extra_toml = "");
  const std::string& dir() const { return dir_.path(); }
  const std::string& url() const { return url_; }
  void add(const MigrationSpec& m);
  // Adds logged_migration(1..count).
  void add_logged(int count);

  Invocation invocation(std::vector<std::string> args, EnvChanges env = {}) const;
  ProcessResult strata(std::vector<std::string> args, EnvChanges env = {}) const;
  Process spawn(std::vector<std::string> args, EnvChanges env = {}) const;

 private:
  TempDir dir_;
  std::string url_;
};

// A connection of the test's own, for reading a database back.
class Db {
 public:
  explicit Db(const std::string& url);  // throws std::runtime_error if it cannot connect
  ~Db();
  Db(const Db&) = delete;

  // Every row, NULL as "NULL"; throws std::runtime_error on an SQL error.
  std::vector<std::vector<std::string>> rows(const std::string& sql);
  // The first column of every row.
  std::vector<std::string> column(const std::string& sql);
  std::string scalar(const std::string& sql);
  void exec(const std::string& sql);
  bool has_table(const std::string& name);

 private:
  std::unique_ptr<detail::Connection> conn_;
};

// Whether `db` holds exactly the effects of logged_migration(1..applied), each
// once, and none of those of applied+1..total, with bookkeeping to match: the
// version table at r<applied> (empty for 0), one 'up' history row per applied
// revision, an empty journal.
testing::AssertionResult logged_state_is(Db& db, int applied, int total);

// Polls `pred` every few milliseconds until it holds or `timeout_ms` passes.
template <class Pred>
bool eventually(Pred pred, int timeout_ms);

// The admin URL of the test PostgreSQL server, or nullopt when
// STRATA_TEST_PG_URL is unset (the PostgreSQL tests then skip).
std::optional<std::string> pg_admin_url();
// The admin URL of the test MariaDB server, or nullopt when
// STRATA_TEST_MYSQL_URL is unset (the MariaDB tests then skip).
std::optional<std::string> mysql_admin_url();

// A fresh database on a test server, dropped on destruction together with any
// session still in it (a killed strata's, say). The name is
// `<prefix><16 hex digits>`.
class ServerScratch {
 public:
  enum class Server { kPostgres, kMysql };
  ServerScratch(Server server, const std::string& admin_url, const std::string& prefix);
  ~ServerScratch();
  ServerScratch(const ServerScratch&) = delete;
  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }

 private:
  Server server_;
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// strata_g_<random> on the PostgreSQL server.
class PgScratch : public ServerScratch {
 public:
  explicit PgScratch(const std::string& admin_url)
      : ServerScratch(Server::kPostgres, admin_url, "strata_g_") {}
};

// strata_t_<random> on the MariaDB server.
class MysqlScratch : public ServerScratch {
 public:
  explicit MysqlScratch(const std::string& admin_url)
      : ServerScratch(Server::kMysql, admin_url, "strata_t_") {}
};

// A fresh, empty database of one dialect ("sqlite", "postgresql" or "mysql"):
// a file in a temporary directory or a scratch database on the test server.
// url() is empty when that server is not configured; skip_reason() then says
// which variable is unset.
class TestDatabase {
 public:
  explicit TestDatabase(const std::string& dialect);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  const std::string& dialect() const { return dialect_; }
  const std::string& url() const { return url_; }
  bool available() const { return !url_.empty(); }
  std::string skip_reason() const;

 private:
  std::string dialect_;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<ServerScratch> server_;
  std::string url_;
};

// `path` as a sqlite:////abs/path URL.
std::string sqlite_url(const std::string& path);

long long monotonic_ms();

template <class Pred>
bool eventually(Pred pred, int timeout_ms) {
  long long until = monotonic_ms() + timeout_ms;
  while (true) {
    if (pred()) return true;
    if (monotonic_ms() >= until) return false;
    ::usleep(5000);
  }
}

}  // namespace strata::test
