// libstrata's Migrator as an application drives it, on a real SQLite file:
// the listings load the files without their SQL (ParseDepth::kHeaders), and
// whatever runs or checksums SQL afterwards must see the full texts.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <strata/strata.hpp>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

class Project {
 public:
  Project() {
    std::string tmpl = (fs::temp_directory_path() / "strata_api_test_XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
    fs::create_directory(root_ + "/migrations");
    write("0001_a.sql",
          "-- revision: aaaa\n-- migrate:up\nCREATE TABLE t_a (x INT);\n"
          "-- migrate:down\nDROP TABLE t_a;\n");
    write("0002_b.sql",
          "-- revision: bbbb\n-- revises: aaaa\n-- migrate:up\n"
          "CREATE TABLE t_b (x INT);\nINSERT INTO t_b VALUES (7);\n"
          "-- migrate:down\nDROP TABLE t_b;\n");
  }
  ~Project() { fs::remove_all(root_); }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(root_ + "/migrations/" + name, std::ios::binary) << text;
  }
  std::string db() const { return root_ + "/app.db"; }
  strata::Migrator migrator() const {
    strata::Config c = strata::Config::from_url("sqlite:///" + db());
    c.migrations = {root_ + "/migrations"};
    return strata::Migrator(c);
  }
  // One integer from the database, or -1.
  long long scalar(const std::string& sql) const {
    sqlite3* h = nullptr;
    long long out = -1;
    if (sqlite3_open_v2(db().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        out = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return out;
  }

 private:
  std::string root_;
};

std::vector<std::string> ids(const std::vector<strata::RevisionInfo>& infos) {
  std::vector<std::string> out;
  for (const auto& i : infos) out.push_back(i.id);
  return out;
}

// First in this file: SQLite must not have been used yet in the process.
TEST(MigratorApi, SqliteMemoryStatisticsOffBeforeFirstUseOnly) {
  EXPECT_TRUE(strata::disable_sqlite_memory_statistics());
  Project p;
  p.migrator().upgrade("head");
  EXPECT_EQ(p.scalar("SELECT x FROM t_b"), 7);
  EXPECT_EQ(sqlite3_memory_used(), 0);  // nothing counted
  EXPECT_FALSE(strata::disable_sqlite_memory_statistics());
}

TEST(MigratorApi, ListingsFirstThenUpgradeRunsTheFullSql) {
  Project p;
  strata::Migrator m = p.migrator();
  EXPECT_EQ(ids(m.heads()), std::vector<std::string>{"bbbb"});
  EXPECT_EQ(ids(m.history("")), (std::vector<std::string>{"bbbb", "aaaa"}));
  EXPECT_EQ(m.show("aaaa").path,
            fs::path(p.db()).parent_path().string() + "/migrations/0001_a.sql");
  EXPECT_TRUE(m.show("bbbb").reversible);

  strata::RunReport r = m.upgrade("head");
  EXPECT_EQ(r.applied, (std::vector<std::string>{"aaaa", "bbbb"}));
  EXPECT_EQ(p.scalar("SELECT x FROM t_b"), 7);

  // The recorded checksums are those of the files' full text: a fresh
  // Migrator (which never listed anything) agrees, and nothing is "edited".
  auto status = m.status();
  ASSERT_EQ(status.size(), 2u);
  strata::Migrator fresh = p.migrator();
  auto again = fresh.status();
  ASSERT_EQ(again.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(status[i].state, strata::RevisionState::kApplied) << status[i].id;
    EXPECT_EQ(status[i].recorded_checksum.size(), 64u);
    EXPECT_EQ(status[i].recorded_checksum, status[i].file_checksum);
    EXPECT_EQ(again[i].file_checksum, status[i].file_checksum);
  }
  EXPECT_TRUE(fresh.verify().problems.empty());

  // And down again, through the down sections.
  m.downgrade("base");
  EXPECT_EQ(p.scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE 't_%'"), 0);
}

TEST(MigratorApi, ListingsSeeFileErrorsLikeAFullLoad) {
  Project p;
  p.write("0003_c.sql", "-- revision: cccc\n-- revises: bbbb\n-- migrate:up\nX;\n-- migrate:upp\n");
  strata::Migrator m = p.migrator();
  try {
    m.heads();
    FAIL() << "heads() accepted a bad file";
  } catch (const strata::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("0003_c.sql:5: unknown marker `-- migrate:upp`"),
              std::string::npos)
        << e.what();
  }
}

TEST(MigratorApi, GraphErrorsNameFilesAndCodeMigrations) {
  Project p;
  p.write("0003_c.sql", "-- revision: cccc\n-- revises: nope\n-- migrate:up\nSELECT 1;\n");
  strata::Migrator m = p.migrator();
  m.add_code_migration(
      {.id = "aaaa", .revises = {}, .message = "from code", .up = [](const auto&) {}});
  try {
    m.heads();
    FAIL() << "heads() accepted a broken graph";
  } catch (const strata::Exception& e) {
    std::string dir = fs::path(p.db()).parent_path().string() + "/migrations/";
    EXPECT_NE(std::string(e.what()).find("duplicate revision id 'aaaa' in " + dir +
                                         "0001_a.sql and (code migration aaaa)"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find(dir + "0003_c.sql: revision cccc revises 'nope'"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
