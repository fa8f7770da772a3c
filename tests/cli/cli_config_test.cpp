// End to end: how `strata` finds its configuration and its database. The
// config file is found from subdirectories; DATABASE_URL overrides `url`,
// --url overrides both; ${VAR:-default} expands; [env.NAME] applies under
// --env; -c names a file; bad files and options are errors naming the file,
// line or option.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;

class ConfigCli : public testing::Test {
 protected:
  void SetUp() override {
    p.write("strata.toml",
            "url = \"${APP_DB:-sqlite:///app.db}\"\n"
            "migrations = \"migrations\"\n"
            "\n"
            "[env.staging]\n"
            "url = \"sqlite:///staging.db\"\n"
            "version_table = \"staging_version\"\n");
    p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
    p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
    std::filesystem::create_directories(p.path("src/deep/er"));
  }
  Lines versions(const std::string& db, const std::string& table = "strata_version") {
    SqliteDb d(p.path(db));
    Lines out;
    for (auto& r : d.query("SELECT version_num FROM " + table)) out.push_back(r[0]);
    return out;
  }
  Project p;
};

TEST_F(ConfigCli, FoundFromASubdirectoryWithPathsFromItsOwnFolder) {
  RunResult up = p.run({"upgrade", "+1"}, {}, "src/deep/er");
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_TRUE(file_exists(p.path("app.db")));
  EXPECT_FALSE(file_exists(p.path("src/deep/er/app.db")));
  EXPECT_EQ(versions("app.db"), Lines{"r1"});
  EXPECT_EQ(p.run({"current"}, {}, "src").out, "r1\n");
  RunResult rev = p.run({"revision", "-m", "from below", "--rev-id", "r3"}, {}, "src/deep");
  ASSERT_EQ(rev.code, 0) << rev.err;
  EXPECT_EQ(rev.out, p.path("migrations/r3_from_below.sql") + "\n");
}

TEST_F(ConfigCli, UrlPrecedence) {
  // ${VAR:-default}
  ASSERT_EQ(p.run({"upgrade", "+1"}, {{"APP_DB", "sqlite:///var.db"}}).code, 0);
  EXPECT_EQ(versions("var.db"), Lines{"r1"});
  EXPECT_FALSE(file_exists(p.path("app.db")));
  // DATABASE_URL beats the file.
  ASSERT_EQ(p.run({"upgrade"}, {{"DATABASE_URL", "sqlite:///env.db"}}).code, 0);
  EXPECT_EQ(versions("env.db"), Lines{"r2"});
  EXPECT_FALSE(file_exists(p.path("app.db")));
  // --url beats DATABASE_URL.
  ASSERT_EQ(
      p.run({"--url", "sqlite:///flag.db", "upgrade", "+1"}, {{"DATABASE_URL", "sqlite:///env.db"}})
          .code,
      0);
  EXPECT_EQ(versions("flag.db"), Lines{"r1"});
  EXPECT_EQ(versions("env.db"), Lines{"r2"});
  // The environment is not inherited from the test runner: nothing set, the default.
  ASSERT_EQ(p.run({"upgrade", "+1"}).code, 0);
  EXPECT_EQ(versions("app.db"), Lines{"r1"});
  RunResult json = p.run({"--json", "current"}, {{"DATABASE_URL", "sqlite:///env.db"}});
  EXPECT_NE(json.out.find("\"database\": \"sqlite:///env.db\""), std::string::npos) << json.out;

  RunResult bad = p.run({"--url", "oracle://x/y", "current"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err,
            "error: --url: unsupported database URL scheme 'oracle' in 'oracle://x/y'; supported: "
            "sqlite, postgresql (postgres), mysql (mariadb)\n");
}

TEST_F(ConfigCli, EnvTablesApplyUnderEnv) {
  RunResult up = p.run({"--env", "staging", "upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(versions("staging.db", "staging_version"), Lines{"r2"});
  EXPECT_FALSE(file_exists(p.path("app.db")));
  EXPECT_EQ(p.run({"--env", "staging", "current"}).out, "r2 (head)\n");
  EXPECT_EQ(p.run({"current"}).out, "");

  RunResult unknown = p.run({"--env", "prod", "current"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_EQ(unknown.err, "error: unknown environment 'prod' (--env); " + p.path("strata.toml") +
                             " defines: staging\n");
}

TEST_F(ConfigCli, ExplicitConfigFileAndMissingConfig) {
  Project other;
  RunResult c = run_strata({"-c", p.path("strata.toml"), "upgrade", "+1"}, {other.root()});
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(versions("app.db"), Lines{"r1"});

  RunResult missing = run_strata({"-c", "nope.toml", "current"}, {other.root()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err,
            "error: config file " + other.path("nope.toml") + " not found (-c/--config)\n");

  RunResult none = run_strata({"current"}, {other.root()});
  EXPECT_EQ(none.code, 1);
  EXPECT_EQ(none.err, "error: no strata.toml found in " + other.root() +
                          " or its parents; run `strata init` or pass --url\n");

  // With only a URL, no file is needed (migrations/ of the working directory).
  std::filesystem::create_directories(other.path("migrations"));
  RunResult url_only = run_strata({"--url", "sqlite:///x.db", "current"}, {other.root()});
  EXPECT_EQ(url_only.code, 0) << url_only.err;
}

TEST_F(ConfigCli, BadConfigNamesFileLineAndKey) {
  p.write("strata.toml", "url = \"sqlite:///app.db\"\nmigration = \"m\"\n");
  RunResult r = p.run({"current"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "error: strata.toml:2: unknown key 'migration'; did you mean 'migrations'?\n");

  p.write("strata.toml", "url = \"${NOT_SET_ANYWHERE}\"\n");
  RunResult unset = p.run({"current"});
  EXPECT_EQ(unset.code, 1);
  EXPECT_NE(unset.err.find("error: strata.toml:1: "), std::string::npos) << unset.err;
  EXPECT_NE(unset.err.find("NOT_SET_ANYWHERE"), std::string::npos) << unset.err;

  p.write("strata.toml", "url = \"sqlite:///app.db\"\ntransaction = \"sometimes\"\n");
  RunResult tx = p.run({"current"});
  EXPECT_EQ(tx.code, 1);
  EXPECT_EQ(tx.err,
            "error: strata.toml:2: 'transaction' must be \"per-migration\" or \"all\", not "
            "\"sometimes\"\n");
}

TEST_F(ConfigCli, VersionTableAndSeveralMigrationFolders) {
  p.write("strata.toml",
          "url = \"sqlite:///app.db\"\n"
          "migrations = [\"migrations\", \"more\"]\n"
          "version_table = \"my_versions\"\n");
  p.write("more/003.sql",
          "-- revision: r3\n-- revises: r2\n-- message: from more\n\n-- migrate:up\n"
          "CREATE TABLE t3 (id INTEGER);\n-- migrate:down\nDROP TABLE t3;\n");
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  SqliteDb db(p.path("app.db"));
  EXPECT_TRUE(db.table_exists("my_versions"));
  EXPECT_TRUE(db.table_exists("my_versions_history"));
  EXPECT_FALSE(db.table_exists("strata_version"));
  EXPECT_EQ(versions("app.db", "my_versions"), Lines{"r3"});
  EXPECT_TRUE(db.table_exists("t3"));
}

}  // namespace
}  // namespace strata::clitest
