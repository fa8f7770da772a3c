// The end-to-end CLI test harness: runs the real `strata` binary (STRATA_BIN)
// as a child process with chosen arguments, working directory and environment,
// and captures its stdout, stderr and exit status. The child never inherits
// DATABASE_URL, NO_COLOR or any STRATA_* variable from the test runner, so a
// developer's shell cannot change what a test sees.
//
// Also here: a throwaway project directory (mkdtemp) with helpers to write
// migration files, direct access to SQLite files and to PostgreSQL and
// MariaDB databases for checking what really happened (through the client
// libraries, not strata), and a small JSON reader for the `--json` output.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::clitest {

struct RunResult {
  int code = -1;    // exit status; 128+N when killed by signal N
  std::string out;  // stdout
  std::string err;  // stderr
  std::vector<std::string> out_lines() const;
  std::vector<std::string> err_lines() const;
};

struct RunOptions {
  std::string cwd;                         // "" = the test's working directory
  std::map<std::string, std::string> env;  // added to a minimal environment
  int timeout_ms = 30000;                  // the child is killed after this
  std::string input;                       // typed on the terminal (run_strata_tty only)
};

// Runs STRATA_BIN with `args`. Never inherits DATABASE_URL, NO_COLOR, STRATA_*.
RunResult run_strata(const std::vector<std::string>& args, const RunOptions& options = {});

// Any program (e.g. a shell, for hooks), same capture rules.
RunResult run_program(const std::vector<std::string>& argv, const RunOptions& options = {});

// Runs STRATA_BIN on a pseudo-terminal (stdout and stderr both go to it, so
// `out` holds both and `err` is empty), with TERM=xterm unless `env` says.
RunResult run_strata_tty(const std::vector<std::string>& args, const RunOptions& options = {});

// Replaces each timing such as "146 ms" or "1.5 ms" by "N ms", so lines that
// report durations compare exactly.
std::string mask_ms(const std::string& text);

// Splits on '\n'; a final newline does not make an empty last line.
std::vector<std::string> split_lines(const std::string& text);
// Whether `text` holds an ANSI escape (ESC).
bool has_ansi(const std::string& text);

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
bool file_exists(const std::string& path);
// Regular files in `dir` (names only), sorted.
std::vector<std::string> list_dir(const std::string& dir);

// A project in a fresh mkdtemp directory, removed when the object goes.
class Project {
 public:
  Project();
  ~Project();
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;

  const std::string& root() const { return root_; }
  std::string path(const std::string& rel) const;
  // strata.toml with `url` and any extra TOML lines after it.
  void write_config(const std::string& url, const std::string& extra = "");
  void write(const std::string& rel, const std::string& text) const;
  std::string read(const std::string& rel) const;
  // migrations/NAME.sql with a header and sections. An empty `down` with
  // `irreversible` omits the down section.
  void migration(const std::string& name, const std::string& rev, const std::string& revises,
                 const std::string& up, const std::string& down = "",
                 const std::string& extra_header = "", const std::string& message = "") const;
  // Runs strata in the project root (or `sub` below it), with `env` added.
  RunResult run(const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {},
                const std::string& sub = "") const;

 private:
  std::string root_;
};

// Direct SQLite access, for checking the database behind strata's back.
class SqliteDb {
 public:
  explicit SqliteDb(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  // Rows of `sql`, each cell as text ("NULL" for null); fails the test on error.
  std::vector<std::vector<std::string>> query(const std::string& sql);
  bool table_exists(const std::string& name);
  void exec(const std::string& sql);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A fresh database on a test server, dropped on destruction (with any session
// still in it), read back through the server's own client library (libpq,
// libmariadb), not through strata. available() is false when the server's
// variable is unset (the test skips).
class ServerDb {
 public:
  virtual ~ServerDb();
  ServerDb(const ServerDb&) = delete;
  ServerDb& operator=(const ServerDb&) = delete;
  bool available() const { return !url_.empty(); }
  const std::string& dialect() const { return dialect_; }  // "postgresql" or "mysql"
  const std::string& url() const { return url_; }          // the fresh database
  const std::string& admin_url() const { return admin_; }  // as given
  const std::string& name() const { return name_; }
  std::string password() const;  // of the admin URL
  // Rows of `sql`, each cell as text ("NULL" for null); fails the test on error.
  std::vector<std::vector<std::string>> query(const std::string& sql);
  bool table_exists(const std::string& name);
  void exec(const std::string& sql);
  // The URL with another password / port (the same database name).
  std::string url_with_password(const std::string& password) const;
  std::string url_with_port(int port) const;

  // One open connection of the server's client library.
  class Session {
   public:
    virtual ~Session() = default;
    // As ServerDb::query; a script of several statements is fine.
    virtual std::vector<std::vector<std::string>> query(const std::string& sql) = 0;
    // Runs `sql`, reporting failure only by the result.
    virtual bool quiet_exec(const std::string& sql) = 0;
  };

 protected:
  // Creates `<prefix><random>` through the admin URL in `env_var` (nothing
  // when it is unset) and connects to it.
  ServerDb(std::string dialect, const char* env_var, const std::string& prefix);

 private:
  std::string dialect_;
  std::string admin_;
  std::string url_;
  std::string name_;
  std::unique_ptr<Session> session_;
};

// `strata_cli_<random>` on the PostgreSQL server of STRATA_TEST_PG_URL.
class PgDb : public ServerDb {
 public:
  PgDb();
};

// `strata_t_<random>` on the MariaDB server of STRATA_TEST_MYSQL_URL.
class MysqlDb : public ServerDb {
 public:
  MysqlDb();
};

// PgDb for "postgresql", MysqlDb for "mysql".
std::unique_ptr<ServerDb> make_server_db(const std::string& dialect);

// A TCP port on 127.0.0.1 that nothing listens on.
int closed_port();

// A minimal JSON value and reader for checking `--json` output.
struct Json {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;  // in document order

  bool has(const std::string& key) const;
  const Json& operator[](const std::string& key) const;  // fails the test if absent
  const Json& operator[](size_t i) const;
  size_t size() const { return type == Type::kArray ? items.size() : members.size(); }
  std::vector<std::string> keys() const;
  std::vector<std::string> strings() const;  // an array of strings
};
// Parses `text` (the whole of it); nullopt on a syntax error.
std::optional<Json> parse_json(const std::string& text);

}  // namespace strata::clitest
