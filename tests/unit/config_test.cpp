#include "strata/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "config/config_loader.hpp"
#include "strata/error.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;
using detail::load_config;
using ::testing::ElementsAre;

// A fresh directory under the system temp dir, removed afterwards. Its path
// is canonical so expected messages can be built from it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "strata-config-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = fs::canonical(tmpl).string();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(std::string_view rel) const { return path_ + "/" + std::string(rel); }
  std::string write(std::string_view rel, std::string_view content) const {
    std::string p = *this / rel;
    fs::create_directories(fs::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string mkdir(std::string_view rel) const {
    std::string p = *this / rel;
    fs::create_directories(p);
    return p;
  }

 private:
  std::string path_;
};

struct Env {
  std::map<std::string, std::string> vars;
  std::function<std::optional<std::string>(const std::string&)> fn() const {
    return [vars = vars](const std::string& name) -> std::optional<std::string> {
      auto it = vars.find(name);
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
  }
};

ConfigOptions opts(const TempDir& d, Env env = {}) {
  ConfigOptions o;
  o.start_dir = d.path();
  o.getenv = env.fn();
  return o;
}

Config ok(const ConfigOptions& o) {
  auto r = load_config(o);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().to_string());
  return r ? *r : Config{};
}

Error err(const ConfigOptions& o) {
  auto r = load_config(o);
  EXPECT_FALSE(r.has_value()) << "loaded";
  return r ? Error{} : r.error();
}

// The full text a user sees for an error in `file` at `line`.
std::string at(const std::string& file, int line, std::string_view msg) {
  return file + ":" + std::to_string(line) + ": " + std::string(msg);
}

TEST(Config, DefaultsFromAnEmptyFile) {
  TempDir d;
  std::string file = d.write("strata.toml", "");
  Config c = ok(opts(d));
  EXPECT_EQ(c.config_path, file);
  EXPECT_EQ(c.root, d.path());
  EXPECT_EQ(c.url, "sqlite:///" + d.path() + "/app.db");
  EXPECT_THAT(c.migrations, ElementsAre(d / "migrations"));
  EXPECT_THAT(c.schema, ElementsAre(d / "schema"));
  EXPECT_EQ(c.dev_url, "");
  EXPECT_EQ(c.version_table, "strata_version");
  EXPECT_EQ(c.transaction, "per-migration");
  EXPECT_EQ(c.lock_timeout_ms, 5000);
  EXPECT_EQ(c.lock_wait_ms, 600000);
  EXPECT_EQ(c.file_template, "{rev}_{slug}");
  EXPECT_TRUE(c.post_write_hooks.empty());
  EXPECT_TRUE(c.x.empty());
  EXPECT_EQ(c.env, "");
}

TEST(Config, EveryKey) {
  TempDir d;
  d.write("strata.toml", R"(
url = "postgresql://app:pw@db:5432/app"
migrations = ["migrations", "more/migrations/"]
schema = "db/schema.sql"
dev_url = "postgresql://dev@localhost/scratch"
version_table = "meta.strata_version"
transaction = "all"
lock_timeout = "1.5s"
lock_wait = 30
file_template = "{rev}_{slug}_v"
post_write_hooks = ["sqlfluff fix {file}", "echo done"]
)");
  ConfigOptions o = opts(d);
  o.x = {{"tenant", "acme"}};
  Config c = ok(o);
  EXPECT_EQ(c.url, "postgresql://app:pw@db:5432/app");
  EXPECT_THAT(c.migrations, ElementsAre(d / "migrations", d / "more/migrations"));
  EXPECT_THAT(c.schema, ElementsAre(d / "db/schema.sql"));
  EXPECT_EQ(c.dev_url, "postgresql://dev@localhost/scratch");
  EXPECT_EQ(c.version_table, "meta.strata_version");
  EXPECT_EQ(c.transaction, "all");
  EXPECT_EQ(c.lock_timeout_ms, 1500);
  EXPECT_EQ(c.lock_wait_ms, 30000);
  EXPECT_EQ(c.file_template, "{rev}_{slug}_v");
  EXPECT_THAT(c.post_write_hooks, ElementsAre("sqlfluff fix {file}", "echo done"));
  EXPECT_EQ(c.x.at("tenant"), "acme");
}

TEST(Config, SearchesUpwardLikeGit) {
  TempDir d;
  std::string file = d.write("strata.toml", "migrations = \"db/migrations\"\n");
  std::string deep = d.mkdir("src/app/deep");
  ConfigOptions o = opts(d);
  o.start_dir = deep;
  Config c = ok(o);
  EXPECT_EQ(c.config_path, file);
  EXPECT_EQ(c.root, d.path());
  EXPECT_THAT(c.migrations, ElementsAre(d / "db/migrations"));
  EXPECT_EQ(c.url, "sqlite:///" + d.path() + "/app.db");
  EXPECT_EQ(find_config_file(deep), file);
  EXPECT_EQ(find_config_file(d.path()), file);
}

TEST(Config, NearestFileWins) {
  TempDir d;
  d.write("strata.toml", "version_table = \"outer\"\n");
  std::string inner = d.write("sub/strata.toml", "version_table = \"inner\"\n");
  ConfigOptions o = opts(d);
  o.start_dir = d / "sub";
  Config c = ok(o);
  EXPECT_EQ(c.config_path, inner);
  EXPECT_EQ(c.version_table, "inner");
  EXPECT_EQ(c.root, d / "sub");
}

TEST(Config, DirectoryNamedStrataTomlIsNotAConfig) {
  TempDir d;
  std::string file = d.write("strata.toml", "");
  d.mkdir("sub/strata.toml");
  EXPECT_EQ(find_config_file(d / "sub"), file);
}

TEST(Config, ExplicitConfigPath) {
  TempDir d;
  std::string file = d.write("conf/custom.toml", "migrations = \"m\"\n");
  ConfigOptions o = opts(d);
  o.config_path = "conf/custom.toml";  // relative to start_dir
  Config c = ok(o);
  EXPECT_EQ(c.config_path, file);
  EXPECT_EQ(c.root, d / "conf");
  EXPECT_THAT(c.migrations, ElementsAre(d / "conf/m"));

  o.config_path = file;
  o.start_dir = "/";
  EXPECT_EQ(ok(o).config_path, file);
}

TEST(Config, ExplicitConfigPathErrors) {
  TempDir d;
  d.mkdir("adir");
  ConfigOptions o = opts(d);
  o.config_path = "missing.toml";
  Error e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kUsage);
  EXPECT_EQ(e.to_string(), "config file " + (d / "missing.toml") + " not found (-c/--config)");
  o.config_path = "adir";
  e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kUsage);
  EXPECT_EQ(e.to_string(),
            "config file " + (d / "adir") + " is a directory (-c/--config names the file)");
}

TEST(Config, MissingFileIsAnErrorWithoutUrl) {
  TempDir d;
  if (find_config_file(d.path())) GTEST_SKIP() << "a strata.toml exists above the temp dir";
  Error e = err(opts(d));
  EXPECT_EQ(e.code, ErrorCode::kFailure);
  EXPECT_EQ(e.to_string(), "no strata.toml found in " + d.path() +
                               " or its parents; run `strata init` or pass --url");
  EXPECT_FALSE(find_config_file(d.path()).has_value());
}

TEST(Config, MissingFileIsFineWithUrlOption) {
  TempDir d;
  if (find_config_file(d.path())) GTEST_SKIP() << "a strata.toml exists above the temp dir";
  ConfigOptions o = opts(d);
  o.url = "sqlite:///local.db";
  o.x = {{"k", "v"}};
  Config c = ok(o);
  EXPECT_EQ(c.url, "sqlite:///local.db");  // --url keeps its cwd-relative meaning
  EXPECT_EQ(c.root, d.path());
  EXPECT_EQ(c.config_path, "");
  EXPECT_THAT(c.migrations, ElementsAre(d / "migrations"));
  EXPECT_THAT(c.schema, ElementsAre(d / "schema"));
  EXPECT_EQ(c.x.at("k"), "v");
}

TEST(Config, MissingFileIsFineWithDatabaseUrl) {
  TempDir d;
  if (find_config_file(d.path())) GTEST_SKIP() << "a strata.toml exists above the temp dir";
  Config c = ok(opts(d, Env{{{"DATABASE_URL", "postgresql://u@h/db"}}}));
  EXPECT_EQ(c.url, "postgresql://u@h/db");
  EXPECT_EQ(c.root, d.path());
  // An empty DATABASE_URL counts as unset.
  Error e = err(opts(d, Env{{{"DATABASE_URL", ""}}}));
  EXPECT_EQ(e.message, "no strata.toml found in " + d.path() +
                           " or its parents; run `strata init` or pass --url");
}

TEST(Config, MissingFileWithEnvIsAUsageError) {
  TempDir d;
  if (find_config_file(d.path())) GTEST_SKIP() << "a strata.toml exists above the temp dir";
  ConfigOptions o = opts(d);
  o.url = "sqlite://";
  o.env = "prod";
  Error e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kUsage);
  EXPECT_EQ(e.message, "--env prod: no strata.toml was found, so there is no [env.prod] table");
}

const char* kLayered = R"(url = "postgresql://file@h/db"
lock_timeout = "2s"
[env.prod]
url = "postgresql://prod@h/db"
lock_timeout = "10s"
[env.ci]
transaction = "all"
)";

TEST(Config, UrlPrecedence) {
  TempDir d;
  d.write("strata.toml", kLayered);
  EXPECT_EQ(ok(opts(d)).url, "postgresql://file@h/db");

  ConfigOptions o = opts(d);
  o.env = "prod";
  EXPECT_EQ(ok(o).url, "postgresql://prod@h/db");

  o = opts(d, Env{{{"DATABASE_URL", "postgresql://envvar@h/db"}}});
  o.env = "prod";
  EXPECT_EQ(ok(o).url, "postgresql://envvar@h/db");

  o.url = "postgresql://option@h/db";
  EXPECT_EQ(ok(o).url, "postgresql://option@h/db");

  o = opts(d, Env{{{"DATABASE_URL", ""}}});
  EXPECT_EQ(ok(o).url, "postgresql://file@h/db");
}

TEST(Config, EnvOverlay) {
  TempDir d;
  d.write("strata.toml", kLayered);
  ConfigOptions o = opts(d);
  o.env = "prod";
  Config c = ok(o);
  EXPECT_EQ(c.env, "prod");
  EXPECT_EQ(c.lock_timeout_ms, 10000);
  EXPECT_EQ(c.transaction, "per-migration");

  o.env = "ci";
  c = ok(o);
  EXPECT_EQ(c.url, "postgresql://file@h/db");  // not overridden by [env.ci]
  EXPECT_EQ(c.lock_timeout_ms, 2000);
  EXPECT_EQ(c.transaction, "all");

  c = ok(opts(d));
  EXPECT_EQ(c.env, "");
  EXPECT_EQ(c.lock_timeout_ms, 2000);
  EXPECT_EQ(c.transaction, "per-migration");
}

TEST(Config, UnknownEnvListsTheDefinedOnes) {
  TempDir d;
  std::string file = d.write("strata.toml", kLayered);
  ConfigOptions o = opts(d);
  o.env = "staging";
  Error e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kUsage);
  EXPECT_EQ(e.to_string(), "unknown environment 'staging' (--env); " + file + " defines: ci, prod");

  TempDir none;
  file = none.write("strata.toml", "url = \"sqlite://\"\n");
  o = opts(none);
  o.env = "prod";
  e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kUsage);
  EXPECT_EQ(e.to_string(),
            "unknown environment 'prod' (--env): " + file + " has no [env.NAME] tables");
}

TEST(Config, OverriddenFileUrlIsNotExpanded) {
  TempDir d;
  d.write("strata.toml", "url = \"${PROD_ONLY}\"\n");
  ConfigOptions o = opts(d);
  o.url = "sqlite://";
  EXPECT_EQ(ok(o).url, "sqlite://");
}

TEST(Config, VariableExpansion) {
  TempDir d;
  d.write("strata.toml", R"(
url = "postgresql://${PGUSER:-me}:${PGPASS}@${PGHOST:-localhost}:${PGPORT:-5432}/${DB:-${APP:-app}}"
migrations = ["${MIG_DIR:-migrations}", "$${literal}"]
version_table = "${VT:-strata_version}"
lock_timeout = "${LOCK:-3s}"
post_write_hooks = ["echo $$HOME {file} $PATH", "cost: 5$"]
)");
  Config c =
      ok(opts(d, Env{{{"PGPASS", "s3cret"}, {"PGHOST", ""}, {"APP", "shop"}, {"LOCK", "250ms"}}}));
  EXPECT_EQ(c.url, "postgresql://me:s3cret@localhost:5432/shop");
  EXPECT_THAT(c.migrations, ElementsAre(d / "migrations", d / "${literal}"));
  EXPECT_EQ(c.version_table, "strata_version");
  EXPECT_EQ(c.lock_timeout_ms, 250);
  EXPECT_THAT(c.post_write_hooks, ElementsAre("echo $HOME {file} $PATH", "cost: 5$"));

  c = ok(opts(d, Env{{{"PGPASS", "x"}, {"DB", "main"}, {"MIG_DIR", "/abs/mig"}, {"VT", "vt"}}}));
  EXPECT_EQ(c.url, "postgresql://me:x@localhost:5432/main");
  EXPECT_THAT(c.migrations, ElementsAre("/abs/mig", d / "${literal}"));
  EXPECT_EQ(c.version_table, "vt");
}

TEST(Config, DefaultTemplateUrlLine) {
  TempDir d;
  d.write("strata.toml", "url = \"${DATABASE_URL:-sqlite:///app.db}\"\n");
  EXPECT_EQ(ok(opts(d)).url, "sqlite:///" + d.path() + "/app.db");
  EXPECT_EQ(ok(opts(d, Env{{{"DATABASE_URL", "sqlite:///other.db"}}})).url, "sqlite:///other.db");
}

TEST(Config, SqlitePathsInTheFileAreAnchoredAtRoot) {
  TempDir d;
  d.write("strata.toml", "url = \"sqlite:///data/app.db?mode=rwc\"\n");
  d.mkdir("sub");
  ConfigOptions o = opts(d);
  o.start_dir = d / "sub";
  EXPECT_EQ(ok(o).url, "sqlite:///" + d.path() + "/data/app.db?mode=rwc");

  for (std::string url :
       {"sqlite://", "sqlite:///:memory:", "sqlite:////var/db/x.db", "postgresql://h/db"}) {
    d.write("strata.toml", "url = \"" + url + "\"\n");
    EXPECT_EQ(ok(opts(d)).url, url);
  }
}

TEST(Config, RelativePathResolution) {
  TempDir d;
  d.write("proj/strata.toml", R"(
migrations = ["db/migrations", "./more/../other", "/opt/shared/migrations"]
schema = ["schema/tables.sql", "../common/schema"]
)");
  ConfigOptions o = opts(d);
  o.start_dir = d / "proj";
  Config c = ok(o);
  EXPECT_THAT(c.migrations,
              ElementsAre(d / "proj/db/migrations", d / "proj/other", "/opt/shared/migrations"));
  EXPECT_THAT(c.schema, ElementsAre(d / "proj/schema/tables.sql", d / "common/schema"));
}

TEST(Config, EmptySchemaListIsAllowed) {
  TempDir d;
  d.write("strata.toml", "schema = []\n");
  EXPECT_TRUE(ok(opts(d)).schema.empty());
}

TEST(Config, Durations) {
  TempDir d;
  auto load_timeout = [&](std::string value) {
    d.write("strata.toml", "lock_timeout = " + value + "\n");
    return ok(opts(d)).lock_timeout_ms;
  };
  EXPECT_EQ(load_timeout("\"5s\""), 5000);
  EXPECT_EQ(load_timeout("\"250ms\""), 250);
  EXPECT_EQ(load_timeout("\"1m30s\""), 90000);
  EXPECT_EQ(load_timeout("\"0\""), 0);
  EXPECT_EQ(load_timeout("12"), 12000);
  EXPECT_EQ(load_timeout("0"), 0);
}

TEST(Config, VersionTableNames) {
  for (const std::string& name : std::vector<std::string>{
           "strata_version", "_v", "public.strata_version", "A1._b2", std::string(63, 'a'),
           std::string(63, 'a') + "." + std::string(63, 'b')}) {
    EXPECT_TRUE(detail::is_valid_table_name(name)) << name;
  }
  for (const std::string& name : std::vector<std::string>{
           "", "1abc", "a-b", "a b", "a;drop table x", "a.b.c", ".a", "a.", "\"quoted\"", "tbl$",
           "ä", std::string(64, 'a'), "s." + std::string(64, 'a'), "a..b"}) {
    EXPECT_FALSE(detail::is_valid_table_name(name)) << name;
  }
}

// ---- error cases, each with its exact text

struct Case {
  std::string toml;
  int line;
  std::string message;
  std::string env = "";  // --env
};

void expect_error(const Case& c) {
  TempDir d;
  std::string file = d.write("strata.toml", c.toml);
  ConfigOptions o = opts(d, Env{{{"SET", "x"}}});
  o.env = c.env;
  Error e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kFailure) << c.toml;
  EXPECT_EQ(e.file, file) << c.toml;
  EXPECT_EQ(e.line, c.line) << c.toml;
  EXPECT_EQ(e.message, c.message) << c.toml;
}

TEST(ConfigErrors, UnknownKeys) {
  expect_error({"url = \"sqlite://\"\nmigration = \"m\"\n", 2,
                "unknown key 'migration'; did you mean 'migrations'?"});
  expect_error(
      {"lock = \"5s\"\n", 1, "unknown key 'lock'; did you mean 'lock_timeout' or 'lock_wait'?"});
  expect_error({"\n\nzzz = 1\n", 3,
                "unknown key 'zzz'; expected one of: url, migrations, schema, dev_url, "
                "version_table, transaction, lock_timeout, lock_wait, file_template, "
                "post_write_hooks, lock_retries, lock_retry_delay, statement_timeout, lint, "
                "lint_rules, target_version, safe_by_default, env"});
  expect_error({"[env.prod]\nurll = \"sqlite://\"\n", 2,
                "unknown key 'urll' in [env.prod]; did you mean 'url'?"});
  expect_error({"[env.prod]\nenv = 1\n", 2,
                "unknown key 'env' in [env.prod]; expected one of: url, migrations, schema, "
                "dev_url, version_table, transaction, lock_timeout, lock_wait, file_template, "
                "post_write_hooks, lock_retries, lock_retry_delay, statement_timeout, lint, "
                "lint_rules, target_version, safe_by_default"});
}

TEST(ConfigErrors, WrongTypes) {
  expect_error({"lock_timeout = true\n", 1,
                "'lock_timeout' must be a duration such as \"5s\" or an integer number of "
                "seconds, not a boolean"});
  expect_error({"lock_wait = 1.5\n", 1,
                "'lock_wait' must be a duration such as \"5s\" or an integer number of seconds, "
                "not a float"});
  expect_error({"url = 5\n", 1, "'url' must be a string, not an integer"});
  expect_error({"migrations = { a = 1 }\n", 1,
                "'migrations' must be a string or an array of strings, not a table"});
  expect_error({"schema = [\"a\",\n  2]\n", 2, "'schema[1]' must be a string, not an integer"});
  expect_error({"post_write_hooks = \"fmt {file}\"\n", 1,
                "'post_write_hooks' must be an array of strings, not a string"});
  expect_error({"version_table = []\n", 1, "'version_table' must be a string, not an array"});
  expect_error({"transaction = 1979-05-27\n", 1, "'transaction' must be a string, not a date"});
  expect_error({"env = \"prod\"\n", 1, "'env' must be a table of [env.NAME] tables, not a string"});
  expect_error({"env.prod = 3\n", 1, "'env.prod' must be a table ([env.prod]), not an integer"});
  expect_error({"[env.prod]\nlock_wait = false\n", 2,
                "'env.prod.lock_wait' must be a duration such as \"5s\" or an integer number of "
                "seconds, not a boolean",
                "prod"});
}

TEST(ConfigErrors, BadValues) {
  expect_error({"transaction = \"each\"\n", 1,
                "'transaction' must be \"per-migration\" or \"all\", not \"each\""});
  expect_error({"version_table = \"v; DROP TABLE users\"\n", 1,
                "'version_table' must be a table name: letters, digits and _, not starting with "
                "a digit, at most 63 characters, optionally schema.table; got \"v; DROP TABLE "
                "users\""});
  expect_error({"version_table = \"a.b.c\"\n", 1,
                "'version_table' must be a table name: letters, digits and _, not starting with "
                "a digit, at most 63 characters, optionally schema.table; got \"a.b.c\""});
  expect_error({"version_table = \"x\\ny\"\n", 1,
                "'version_table' must be a table name: letters, digits and _, not starting with "
                "a digit, at most 63 characters, optionally schema.table; got \"x\\ny\""});
  expect_error(
      {"file_template = \"{slug}\"\n", 1, "'file_template' must contain {rev}; got \"{slug}\""});
  expect_error({"lock_timeout = \"5x\"\n", 1,
                "'lock_timeout': invalid duration '5x': expected a number with a unit ms, s, m or "
                "h (250ms, 5s, 1.5s, 2m, 1m30s); a bare number means seconds"});
  expect_error({"lock_wait = -1\n", 1, "'lock_wait' must not be negative"});
  expect_error({"lock_wait = 9223372036854775807\n", 1, "'lock_wait' is too large"});
  expect_error({"migrations = []\n", 1, "'migrations' must name at least one folder"});
  expect_error({"migrations = [\"a\", \"\"]\n", 1, "'migrations' holds an empty path"});
  expect_error({"schema = \"\"\n", 1, "'schema' holds an empty path"});
  expect_error({"url = \"mongodb://h/db\"\n", 1,
                "'url': unsupported database URL scheme 'mongodb' in 'mongodb://h/db'; supported: "
                "sqlite, postgresql (postgres), mysql (mariadb)"});
  expect_error({"dev_url = \"postgresql://h:0/db\"\n", 1,
                "'dev_url': invalid database URL 'postgresql://h:0/db': the port must be a number "
                "from 1 to 65535"});
}

TEST(ConfigErrors, Expansion) {
  expect_error({"# comment\nurl = \"postgresql://u:${DB_PASSWORD}@h/db\"\n", 2,
                "'url': environment variable DB_PASSWORD is not set (write "
                "${DB_PASSWORD:-default} to give a default)"});
  expect_error({"migrations = [\"ok\", \"${NOPE}\"]\n", 1,
                "'migrations[1]': environment variable NOPE is not set (write ${NOPE:-default} "
                "to give a default)"});
  expect_error({"version_table = \"${SET\"\n", 1,
                "'version_table': unterminated '${' (write $$ for a literal $)"});
  expect_error({"version_table = \"${1X}\"\n", 1,
                "'version_table': invalid variable reference '${1X}' (expected ${NAME} or "
                "${NAME:-default})"});
  expect_error({"version_table = \"${A-b}\"\n", 1,
                "'version_table': invalid variable reference '${A-b}' (expected ${NAME} or "
                "${NAME:-default})"});
  expect_error({"version_table = \"${}\"\n", 1,
                "'version_table': invalid variable reference '${}' (expected ${NAME} or "
                "${NAME:-default})"});
}

TEST(ConfigErrors, UnusedEnvTablesAreNotExpanded) {
  TempDir d;
  d.write("strata.toml", "[env.prod]\nurl = \"${PROD_URL}\"\n");
  EXPECT_EQ(ok(opts(d)).url, "sqlite:///" + d.path() + "/app.db");
  ConfigOptions o = opts(d);
  o.env = "prod";
  Error e = err(o);
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.message,
            "'env.prod.url': environment variable PROD_URL is not set (write ${PROD_URL:-default} "
            "to give a default)");
}

TEST(ConfigErrors, TomlSyntax) {
  expect_error({"url = \"sqlite://\"\nversion_table = \n", 2,
                "TOML syntax error at column 17: Error while parsing key-value pair: expected "
                "value, saw '\\n'"});
  expect_error({"a = 1\nlock_timeout = 5s\n", 2,
                "TOML syntax error at column 17: Error while parsing decimal integer: expected "
                "digit, saw 's'"});
  expect_error({"[env.prod]\n[env.prod]\n", 2,
                "TOML syntax error at column 1: Error while parsing table header: cannot redefine "
                "existing table 'env.prod'"});
}

TEST(ConfigErrors, AllProblemsAreReportedTogether) {
  TempDir d;
  std::string file = d.write("strata.toml", R"(transaction = "some"
lock_timeout = true
colour = "red"
)");
  Error e = err(opts(d));
  EXPECT_EQ(e.file, file);
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.to_string(),
            at(file, 1, "'transaction' must be \"per-migration\" or \"all\", not \"some\"") + "\n" +
                at(file, 2,
                   "'lock_timeout' must be a duration such as \"5s\" or an integer number of "
                   "seconds, not a boolean") +
                "\n" +
                at(file, 3,
                   "unknown key 'colour'; expected one of: url, migrations, "
                   "schema, dev_url, version_table, transaction, lock_timeout, "
                   "lock_wait, file_template, post_write_hooks, lock_retries, "
                   "lock_retry_delay, statement_timeout, lint, lint_rules, target_version, "
                   "safe_by_default, env"));
}

TEST(ConfigErrors, BadOverrideUrls) {
  TempDir d;
  d.write("strata.toml", "");
  ConfigOptions o = opts(d);
  o.url = "postgresql://admin:Hunter2pw@host:99999/db";
  Error e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kUsage);
  EXPECT_EQ(e.to_string(),
            "--url: invalid database URL 'postgresql://admin:***@host:99999/db': the port must be "
            "a number from 1 to 65535");

  o = opts(d, Env{{{"DATABASE_URL", "postgresql://admin:Hunter2pw@host:port/db"}}});
  e = err(o);
  EXPECT_EQ(e.code, ErrorCode::kFailure);
  EXPECT_EQ(e.to_string(),
            "DATABASE_URL: invalid database URL 'postgresql://admin:***@host:port/db': the port "
            "must be a number from 1 to 65535");
}

TEST(ConfigErrors, PasswordNeverInMessages) {
  const std::string pw = "Sup3rS3cretPw";
  std::vector<std::string> files = {
      "url = \"postgresql://admin:" + pw + "@host:0/db\"\n",
      "url = \"postgresql://admin:" + pw + "@ho@st/db\"\n",
      "url = \"oracle://admin:" + pw + "@host/db\"\n",
      "url = \"postgresql://admin:${PW}@host:0/db\"\n",
      "url = \"postgresql://admin:${PW}@host/db\"\nlock_timeout = \"x\"\n",
      "dev_url = \"postgresql://admin:" + pw + "@h:70000/db\"\n",
  };
  for (const auto& content : files) {
    TempDir d;
    d.write("strata.toml", content);
    auto r = load_config(opts(d, Env{{{"PW", pw}}}));
    ASSERT_FALSE(r.has_value()) << content;
    EXPECT_EQ(r.error().to_string().find("S3cret"), std::string::npos) << r.error().to_string();
  }
}

TEST(ConfigErrors, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  TempDir d;
  std::string file = d.write("strata.toml", "");
  ::chmod(file.c_str(), 0);
  Error e = err(opts(d));
  EXPECT_EQ(e.to_string(), "cannot read " + file + ": Permission denied");
}

// ---- the throwing façade

TEST(ConfigLoad, ThrowsStrataException) {
  TempDir d;
  std::string file = d.write("strata.toml", "transaction = \"x\"\n");
  try {
    Config::load(opts(d));
    FAIL() << "no exception";
  } catch (const Exception& e) {
    EXPECT_EQ(e.error().code, ErrorCode::kFailure);
    EXPECT_EQ(std::string(e.what()),
              at(file, 1, "'transaction' must be \"per-migration\" or \"all\", not \"x\""));
  }
  ConfigOptions o = opts(d);
  o.env = "nope";
  try {
    Config::load(o);
    FAIL() << "no exception";
  } catch (const Exception& e) {
    EXPECT_EQ(e.error().code, ErrorCode::kUsage);
  }
}

TEST(ConfigLoad, UsesProcessEnvironmentByDefault) {
  TempDir d;
  d.write("strata.toml", "version_table = \"${STRATA_CONFIG_TEST_VT:-dflt}\"\n");
  ConfigOptions o;
  o.start_dir = d.path();
  ::setenv("STRATA_CONFIG_TEST_VT", "from_env", 1);
  ::unsetenv("DATABASE_URL");
  EXPECT_EQ(Config::load(o).version_table, "from_env");
  ::unsetenv("STRATA_CONFIG_TEST_VT");
  EXPECT_EQ(Config::load(o).version_table, "dflt");
}

TEST(ConfigFromUrl, DefaultsRelativeToRoot) {
  TempDir d;
  Config c = Config::from_url("postgresql://u:p@h/db", d.path());
  EXPECT_EQ(c.url, "postgresql://u:p@h/db");
  EXPECT_EQ(c.root, d.path());
  EXPECT_EQ(c.config_path, "");
  EXPECT_THAT(c.migrations, ElementsAre(d / "migrations"));
  EXPECT_THAT(c.schema, ElementsAre(d / "schema"));
  EXPECT_EQ(c.version_table, "strata_version");

  EXPECT_EQ(Config::from_url("sqlite:///app.db", d.path()).url,
            "sqlite:///" + d.path() + "/app.db");
  EXPECT_EQ(Config::from_url("sqlite://", d.path()).url, "sqlite://");

  Config cwd = Config::from_url("sqlite://");
  EXPECT_EQ(cwd.root, fs::current_path().lexically_normal().string());
}

TEST(ConfigFromUrl, BadUrlThrowsRedacted) {
  try {
    Config::from_url("postgresql://u:Secretpw@h:0/db");
    FAIL() << "no exception";
  } catch (const Exception& e) {
    EXPECT_EQ(std::string(e.what()),
              "invalid database URL 'postgresql://u:***@h:0/db': the port must be a number from 1 "
              "to 65535");
  }
}

// ---- ${VAR} expansion on its own

std::string expand(std::string_view text, const Env& env = {}) {
  auto r = detail::expand_env(text, env.fn());
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().message);
  return r ? *r : "<error>";
}

TEST(ExpandEnv, Forms) {
  Env env{{{"A", "1"}, {"EMPTY", ""}, {"B", "${A}"}}};
  EXPECT_EQ(expand("plain", env), "plain");
  EXPECT_EQ(expand("", env), "");
  EXPECT_EQ(expand("${A}", env), "1");
  EXPECT_EQ(expand("x${A}y${A}z", env), "x1y1z");
  EXPECT_EQ(expand("${EMPTY}", env), "");
  EXPECT_EQ(expand("${EMPTY:-d}", env), "d");
  EXPECT_EQ(expand("${UNSET:-}", env), "");
  EXPECT_EQ(expand("${UNSET:-a b:c}", env), "a b:c");
  EXPECT_EQ(expand("${UNSET:-${A}}", env), "1");
  EXPECT_EQ(expand("${UNSET:-${ALSO:-deep}}", env), "deep");
  EXPECT_EQ(expand("${A:-${UNSET}}", env), "1");  // an unused default is not expanded
  EXPECT_EQ(expand("${UNSET:-$${x}}", env), "${x}");
  EXPECT_EQ(expand("${B}", env), "${A}");  // values are not re-expanded
  EXPECT_EQ(expand("$$", env), "$");
  EXPECT_EQ(expand("$$$$", env), "$$");
  EXPECT_EQ(expand("$${A}", env), "${A}");
  EXPECT_EQ(expand("$A $", env), "$A $");
  EXPECT_EQ(expand("a}b", env), "a}b");
}

TEST(ExpandEnv, Errors) {
  auto error_of = [](std::string_view text) {
    auto r = detail::expand_env(text, Env{}.fn());
    return r ? std::string("<ok>") : r.error().message;
  };
  EXPECT_EQ(error_of("${X}"),
            "environment variable X is not set (write ${X:-default} to give a default)");
  EXPECT_EQ(error_of("${U:-${V}}"),
            "environment variable V is not set (write ${V:-default} to give a default)");
  EXPECT_EQ(error_of("abc ${X"), "unterminated '${' (write $$ for a literal $)");
  EXPECT_EQ(error_of("${X:-${Y}"), "unterminated '${' (write $$ for a literal $)");
  EXPECT_EQ(error_of("${X Y}"),
            "invalid variable reference '${X Y}' (expected ${NAME} or ${NAME:-default})");
}

// ---- every value is checked when the file is loaded (hostile input)

TEST(ConfigErrors, VersionTableSchemaOnSqliteIsMainOnly) {
  expect_error({"version_table = \"meta.strata_version\"\n", 1,
                "'version_table' on SQLite takes no schema but main; got \"meta.strata_version\""});
  expect_error({"url = \"sqlite:///x.db\"\nversion_table = \"temp.v\"\n", 2,
                "'version_table' on SQLite takes no schema but main; got \"temp.v\""});
  expect_error({"version_table = \"v\\\"; DROP TABLE users; --\"\n", 1,
                "'version_table' must be a table name: letters, digits and _, not starting with "
                "a digit, at most 63 characters, optionally schema.table; got \"v\\\"; DROP TABLE "
                "users; --\""});
  expect_error({"version_table = \"my table\"\n", 1,
                "'version_table' must be a table name: letters, digits and _, not starting with "
                "a digit, at most 63 characters, optionally schema.table; got \"my table\""});
  TempDir d;
  d.write("strata.toml", "version_table = \"main.v\"\n");
  EXPECT_EQ(ok(opts(d)).version_table, "main.v");
  d.write("strata.toml", "url = \"postgresql://h/db\"\nversion_table = \"meta.v\"\n");
  EXPECT_EQ(ok(opts(d)).version_table, "meta.v");
  // The URL that counts is the one in force: --url over the file.
  ConfigOptions o = opts(d);
  o.url = "sqlite:///other.db";
  Error e = err(o);
  EXPECT_EQ(e.message, "'version_table' on SQLite takes no schema but main; got \"meta.v\"");
}

TEST(ConfigErrors, HooksAndFileTemplates) {
  expect_error({"post_write_hooks = [\"fmt 'x {file}\"]\n", 1,
                "'post_write_hooks[0]' leaves a quote open: \"fmt 'x {file}\""});
  expect_error({"post_write_hooks = [\"ok {file}\", \"  \"]\n", 1,
                "'post_write_hooks[1]' has no command: \"  \""});
  expect_error({"file_template = \"../{rev}\"\n", 1,
                "'file_template' must not contain `/`, `\\` or `..`; got \"../{rev}\""});
  expect_error({"file_template = \"a/{rev}\"\n", 1,
                "'file_template' must not contain `/`, `\\` or `..`; got \"a/{rev}\""});
  TempDir d;
  d.write("strata.toml", "post_write_hooks = [\"sh -c 'echo \\\"$0\\\"'\", \"fmt\"]\n");
  EXPECT_THAT(ok(opts(d)).post_write_hooks, ElementsAre("sh -c 'echo \"$0\"'", "fmt"));
}

TEST(ConfigErrors, RetriesTimeoutsAndLintValues) {
  expect_error({"lock_retries = -1\n", 1, "'lock_retries' must be between 0 and 100, not -1"});
  expect_error({"lock_retries = 101\n", 1, "'lock_retries' must be between 0 and 100, not 101"});
  expect_error({"lock_retries = \"5\"\n", 1, "'lock_retries' must be an integer, not a string"});
  expect_error({"lock_retry_delay = \"soon\"\n", 1,
                "'lock_retry_delay': invalid duration 'soon': expected a number with a unit ms, "
                "s, m or h (250ms, 5s, 1.5s, 2m, 1m30s); a bare number means seconds"});
  expect_error({"statement_timeout = -5\n", 1, "'statement_timeout' must not be negative"});
  expect_error({"statement_timeout = \"5s; DROP TABLE x\"\n", 1,
                "'statement_timeout': invalid duration '5s; DROP TABLE x': expected a number with "
                "a unit ms, s, m or h (250ms, 5s, 1.5s, 2m, 1m30s); a bare number means seconds"});
  expect_error({"lint = \"warn\"\n", 1, "'lint' must be \"off\" or \"error\", not \"warn\""});
  expect_error({"[lint_rules]\nsome_rule = \"loud\"\n", 2,
                "'lint_rules.some_rule' must be \"off\", \"info\", \"warning\" or \"error\", not "
                "\"loud\""});
  expect_error({"lint_rules = 5\n", 1,
                "'lint_rules' must be a table of rule = \"off\"|\"info\"|\"warning\"|\"error\", "
                "not an integer"});
  expect_error({"target_version = \"latest\"\n", 1,
                "'target_version' must be a server version such as \"15\" or \"14.2\", not "
                "\"latest\""});
  expect_error(
      {"safe_by_default = \"yes\"\n", 1, "'safe_by_default' must be true or false, not a string"});
}

}  // namespace
}  // namespace strata
