// End to end on SQLite: the `strata` binary run as a user runs it, in a fresh
// project directory, with the database checked directly through SQLite.
// Covers init, revision (templates, hooks, --head/--splice/labels), the
// upgrade/downgrade cycle, --plan, offline --sql, `sql`, -x values, batches,
// transaction = "all", failures that must leave the database untouched,
// edited files, stamp, unfinished revisions and colour.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;

class SqliteCli : public testing::Test {
 protected:
  void SetUp() override { p.write_config("sqlite:///app.db"); }

  std::string db_path() const { return p.path("app.db"); }
  std::string mig(const std::string& name) const { return p.path("migrations/" + name + ".sql"); }
  // As an error's file is shown: relative to the working directory (the root).
  static std::string rel(const std::string& name) { return "migrations/" + name + ".sql"; }

  // aaaa1111 -> bbbb2222 -> cccc3333
  void linear() {
    p.migration("001_users", "aaaa1111", "",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);", "DROP TABLE users;", "",
                "create users");
    p.migration("002_posts", "bbbb2222", "aaaa1111",
                "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER);\n"
                "CREATE INDEX ix_posts_user ON posts (user_id);",
                "DROP INDEX ix_posts_user;\nDROP TABLE posts;", "", "create posts");
    p.migration("003_tags", "cccc3333", "bbbb2222", "CREATE TABLE tags (id INTEGER);",
                "DROP TABLE tags;", "", "create tags");
  }

  Lines versions() {
    SqliteDb db(db_path());
    Lines out;
    for (auto& r : db.query("SELECT version_num FROM strata_version ORDER BY version_num"))
      out.push_back(r[0]);
    return out;
  }

  Project p;
};

// ------------------------------------------------------------------ init

TEST(CliInit, ScaffoldsAProjectAndRefusesASecond) {
  Project p;
  RunResult r = run_strata({"init", "proj"}, {p.root()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out_lines(), (Lines{"created a strata project in " + p.path("proj"),
                                  "  strata.toml   configuration (url, folders, version table)",
                                  "  migrations/   one .sql file per revision",
                                  "  schema/       the desired schema, plain SQL DDL",
                                  "  seeds/        optional seed data",
                                  "next: strata revision -m \"create first table\""}));
  EXPECT_TRUE(file_exists(p.path("proj/migrations")));
  EXPECT_TRUE(file_exists(p.path("proj/schema")));
  EXPECT_TRUE(file_exists(p.path("proj/seeds")));
  std::string toml = p.read("proj/strata.toml");
  EXPECT_NE(toml.find("url = \"${DATABASE_URL:-sqlite:///app.db}\"\n"), std::string::npos) << toml;
  EXPECT_NE(toml.find("file_template = \"{rev}_{slug}\"\n"), std::string::npos) << toml;

  RunResult again = run_strata({"init", "proj"}, {p.root()});
  EXPECT_EQ(again.code, 1);
  EXPECT_EQ(again.err, "error: proj/strata.toml: a strata project already exists here\n");
  EXPECT_EQ(again.out, "");

  RunResult pg = run_strata({"init", "pg", "--dialect", "postgresql"}, {p.root()});
  ASSERT_EQ(pg.code, 0) << pg.err;
  EXPECT_NE(
      p.read("pg/strata.toml").find("url = \"${DATABASE_URL:-postgresql://localhost:5432/app}\""),
      std::string::npos);

  RunResult my = run_strata({"init", "my", "--dialect", "mysql"}, {p.root()});
  ASSERT_EQ(my.code, 0) << my.err;
  EXPECT_NE(p.read("my/strata.toml").find("url = \"${DATABASE_URL:-mysql://localhost:3306/app}\""),
            std::string::npos);

  RunResult bad = run_strata({"init", "x", "--dialect", "oracle"}, {p.root()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_FALSE(file_exists(p.path("x/strata.toml")));

  // The scaffolded project works at once: a first revision, then upgrade.
  RunResult rev = run_strata({"revision", "-m", "first"}, {p.path("proj")});
  ASSERT_EQ(rev.code, 0) << rev.err;
  RunResult up = run_strata({"upgrade"}, {p.path("proj")});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_TRUE(file_exists(p.path("proj/app.db")));
}

TEST(CliInit, InCurrentDirectoryNamesItWithoutTrailingSlash) {
  Project p;
  RunResult r = run_strata({"init"}, {p.root()});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_FALSE(r.out_lines().empty());
  EXPECT_EQ(r.out_lines()[0], "created a strata project in " + p.root());
}

// ------------------------------------------------------------------ revision

TEST_F(SqliteCli, RevisionWritesFileByTemplateWithHeader) {
  p.write_config("sqlite:///app.db", "file_template = \"{year}{month}{day}_{rev}_{slug}\"\n");
  RunResult r = p.run({"revision", "-m", "Create Users Table!", "--rev-id", "abc123"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(r.out_lines().size(), 1u) << r.out;
  std::string path = r.out_lines()[0];
  std::smatch m;
  std::regex name_re(p.path("migrations/") + "([0-9]{8})_abc123_create_users_table\\.sql");
  ASSERT_TRUE(std::regex_match(path, m, name_re)) << path;
  std::string ymd = m[1];
  EXPECT_EQ(r.err, "created revision for \"Create Users Table!\"\n");
  std::string text = read_text(path);
  std::regex file_re(
      "-- revision: abc123\n"
      "-- message: Create Users Table!\n"
      "-- created: ([0-9]{4})-([0-9]{2})-([0-9]{2})T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\n"
      "\n"
      "-- migrate:up\n"
      "-- write the upgrade here\n"
      "\n"
      "-- migrate:down\n"
      "-- write the downgrade here\n");
  ASSERT_TRUE(std::regex_match(text, m, file_re)) << text;
  EXPECT_EQ(std::string(m[1]) + std::string(m[2]) + std::string(m[3]), ymd);

  // Default template and a random id: 12 hex digits; the parent is the head.
  p.write_config("sqlite:///app.db");
  RunResult r2 = p.run({"revision", "-m", "add email"});
  ASSERT_EQ(r2.code, 0) << r2.err;
  std::string path2 = r2.out_lines().at(0);
  ASSERT_TRUE(std::regex_match(
      path2, m, std::regex(p.path("migrations/") + "([0-9a-f]{12})_add_email\\.sql")))
      << path2;
  std::string text2 = read_text(path2);
  EXPECT_EQ(text2.substr(0, text2.find("-- created:")),
            "-- revision: " + std::string(m[1]) + "\n-- revises: abc123\n-- message: add email\n");

  // `-q` keeps stdout (the path) and silences the note.
  RunResult q = p.run({"-q", "revision", "-m", "third", "--rev-id", "third1"});
  EXPECT_EQ(q.out, p.path("migrations/third1_third.sql") + "\n");
  EXPECT_EQ(q.err, "");
}

TEST_F(SqliteCli, RevisionHeadSpliceLabelsDependsOnAndRoots) {
  ASSERT_EQ(p.run({"revision", "-m", "root", "--rev-id", "root01"}).code, 0);
  ASSERT_EQ(p.run({"revision", "-m", "two", "--rev-id", "two002"}).code, 0);

  // With one head, a plain revision is a child of it, never a second root.
  EXPECT_NE(p.read("migrations/two002_two.sql").find("-- revises: root01\n"), std::string::npos);

  // A non-head parent needs --splice.
  RunResult no_splice = p.run({"revision", "-m", "side", "--head", "root01"});
  EXPECT_EQ(no_splice.code, 2);
  EXPECT_EQ(no_splice.err,
            "error: revision root01 is not a head; pass --splice to branch from it\n");
  EXPECT_EQ(list_dir(p.path("migrations")), (Lines{"root01_root.sql", "two002_two.sql"}));

  RunResult splice = p.run({"revision", "-m", "side", "--head", "root", "--splice", "--rev-id",
                            "side03", "--branch-label", "sidebranch"});
  ASSERT_EQ(splice.code, 0) << splice.err;
  std::string side = p.read("migrations/side03_side.sql");
  EXPECT_NE(side.find("-- revises: root01\n"), std::string::npos) << side;
  EXPECT_NE(side.find("-- branch-labels: sidebranch\n"), std::string::npos) << side;

  // Two heads now: a revision without --head is refused, naming both.
  RunResult ambiguous = p.run({"revision", "-m", "next"});
  EXPECT_EQ(ambiguous.code, 1);
  EXPECT_EQ(ambiguous.err_lines(),
            (Lines{"error: there are 2 heads (side03, two002); a new revision needs one parent",
                   "hint: pass --head REV (or LABEL@head), or join them first with `strata merge "
                   "heads -m MSG`"}));

  // LABEL@head picks a branch; --depends-on resolves a prefix to the full id.
  RunResult on_label = p.run({"revision", "-m", "more side", "--head", "sidebranch@head",
                              "--depends-on", "two0", "--rev-id", "side04"});
  ASSERT_EQ(on_label.code, 0) << on_label.err;
  std::string s4 = p.read("migrations/side04_more_side.sql");
  EXPECT_NE(s4.find("-- revises: side03\n"), std::string::npos) << s4;
  EXPECT_NE(s4.find("-- depends-on: two002\n"), std::string::npos) << s4;

  // A second root only with --head base.
  RunResult root2 = p.run({"revision", "-m", "other root", "--head", "base", "--rev-id", "root2b"});
  ASSERT_EQ(root2.code, 0) << root2.err;
  std::string r2 = p.read("migrations/root2b_other_root.sql");
  EXPECT_EQ(r2.find("-- revises:"), std::string::npos) << r2;
  RunResult heads = p.run({"heads"});
  // Alembic shows a head's branch label beside it.
  EXPECT_EQ(heads.out_lines(),
            (Lines{"root2b (head)", "side04 (sidebranch) (head)", "two002 (head)"}));

  // --rev-id: taken, or not an id.
  RunResult taken = p.run({"revision", "-m", "dup", "--head", "root2b", "--rev-id", "two002"});
  EXPECT_EQ(taken.code, 2);
  EXPECT_EQ(taken.err,
            "error: " + rel("two002_two") + ": --rev-id 'two002': revision already exists\n");
  RunResult invalid = p.run({"revision", "-m", "bad", "--head", "root2b", "--rev-id", "no-dash"});
  EXPECT_EQ(invalid.code, 2);
  EXPECT_EQ(invalid.err, "error: --rev-id 'no-dash': a revision id is letters, digits and _\n");
  RunResult unknown = p.run({"revision", "-m", "x", "--head", "nosuchrev"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(unknown.err, "error: No such revision or branch 'nosuchrev'\n");
  EXPECT_EQ(list_dir(p.path("migrations")).size(), 5u);
}

TEST_F(SqliteCli, PostWriteHooksRunWithTheNewFile) {
  p.write("hook.sh", "printf '%s|%s|%s\\n' \"$PWD\" \"$#\" \"$*\" >> hook.log\n");
  p.write_config("sqlite:///app.db",
                 "post_write_hooks = [\"sh hook.sh\", \"sh hook.sh 'two words' --file={file}\"]\n");
  RunResult r = p.run({"revision", "-m", "hooked", "--rev-id", "hook01"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string file = mig("hook01_hooked");
  EXPECT_EQ(r.out, file + "\n");
  EXPECT_EQ(p.read("hook.log"),
            p.root() + "|1|" + file + "\n" + p.root() + "|2|two words --file=" + file + "\n");

  // merge runs them too.
  ASSERT_EQ(p.run({"revision", "-m", "side", "--head", "base", "--rev-id", "hook02"}).code, 0);
  ASSERT_EQ(p.run({"merge", "heads", "-m", "join", "--rev-id", "hook03"}).code, 0);
  EXPECT_EQ(split_lines(p.read("hook.log")).size(), 6u);

  // A failing hook is an error naming it; the file stays written.
  p.write_config("sqlite:///app.db", "post_write_hooks = [\"false\"]\n");
  RunResult bad = p.run({"revision", "-m", "after", "--rev-id", "hook04"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.err,
            "error: " + rel("hook04_after") +
                ": post_write_hooks: `false` failed (exit status 1); the file was written\n");
  EXPECT_TRUE(file_exists(mig("hook04_after")));
}

// ------------------------------------------------------------------ the cycle

TEST_F(SqliteCli, UpgradeCurrentStatusDowngradeCycle) {
  linear();
  RunResult cur0 = p.run({"current"});
  EXPECT_EQ(cur0.code, 0);
  EXPECT_EQ(cur0.out, "");
  EXPECT_EQ(cur0.err, "the database is at base: no revision applied\n");

  RunResult up1 = p.run({"upgrade", "+1"});
  ASSERT_EQ(up1.code, 0) << up1.err;
  EXPECT_EQ(mask_ms(up1.out), "applied 1 revision in N ms; the database is now at aaaa1111\n");
  EXPECT_EQ(mask_ms(up1.err), "[1/1] upgrade   aaaa1111  N ms\n");
  EXPECT_EQ(p.run({"current"}).out, "aaaa1111\n");

  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(mask_ms(up.out), "applied 2 revisions in N ms; the database is now at cccc3333\n");
  EXPECT_EQ(mask_ms(up.err), "[1/2] upgrade   bbbb2222  N ms\n[2/2] upgrade   cccc3333  N ms\n");
  RunResult again = p.run({"upgrade", "head"});
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(again.out, "nothing to do: the database is at cccc3333\n");
  EXPECT_EQ(p.run({"current"}).out, "cccc3333 (head)\n");
  {
    SqliteDb db(db_path());
    EXPECT_TRUE(db.table_exists("users"));
    EXPECT_TRUE(db.table_exists("posts"));
    EXPECT_TRUE(db.table_exists("tags"));
  }

  RunResult cv = p.run({"current", "--verbose"});
  EXPECT_EQ(cv.out, "Rev: cccc3333 (head) (current)\nParent: bbbb2222\nPath: " + mig("003_tags") +
                        "\n\n    create tags\n\n");

  RunResult st = p.run({"status"});
  EXPECT_EQ(st.code, 0);
  EXPECT_EQ(
      st.out_lines(),
      (Lines{"applied    aaaa1111       create users", "applied    bbbb2222       create posts",
             "applied    cccc3333       create tags", "3 applied, 0 pending"}));
  RunResult ok = p.run({"verify"});
  EXPECT_EQ(ok.code, 0);
  EXPECT_EQ(ok.out, "verify: ok\n");
  RunResult check = p.run({"current", "--check-heads"});
  EXPECT_EQ(check.code, 0);

  RunResult down = p.run({"downgrade", "-1"});
  ASSERT_EQ(down.code, 0) << down.err;
  EXPECT_EQ(mask_ms(down.out), "unapplied 1 revision in N ms; the database is now at bbbb2222\n");
  EXPECT_EQ(mask_ms(down.err), "[1/1] downgrade cccc3333  N ms\n");
  EXPECT_EQ(
      p.run({"status"}).out_lines(),
      (Lines{"applied    aaaa1111       create users", "applied    bbbb2222       create posts",
             "pending    cccc3333       create tags", "2 applied, 1 pending"}));
  RunResult behind = p.run({"current", "--check-heads"});
  EXPECT_EQ(behind.code, 3);
  EXPECT_EQ(behind.out, "bbbb2222\n");
  EXPECT_EQ(behind.err, "the database is not at the head (cccc3333): run `strata upgrade head`\n");

  RunResult wrong_way = p.run({"downgrade", "+1"});
  EXPECT_EQ(wrong_way.code, 1);
  EXPECT_EQ(wrong_way.err_lines(), (Lines{"error: Relative revision +1 goes up, not down",
                                          "hint: run 'strata upgrade +1'"}));
  RunResult wrong_way2 = p.run({"upgrade", "-1"});
  EXPECT_EQ(wrong_way2.code, 1);
  EXPECT_EQ(wrong_way2.err_lines(), (Lines{"error: Relative revision -1 goes down, not up",
                                           "hint: run 'strata downgrade -1'"}));
  EXPECT_EQ(p.run({"downgrade"}).code, 2);

  RunResult base = p.run({"downgrade", "base"});
  ASSERT_EQ(base.code, 0) << base.err;
  EXPECT_EQ(mask_ms(base.out), "unapplied 2 revisions in N ms; the database is now at base\n");
  EXPECT_EQ(mask_ms(base.err), "[1/2] downgrade bbbb2222  N ms\n[2/2] downgrade aaaa1111  N ms\n");
  SqliteDb db(db_path());
  EXPECT_FALSE(db.table_exists("users"));
  EXPECT_FALSE(db.table_exists("posts"));
  EXPECT_TRUE(db.query("SELECT * FROM strata_version").empty());
  // The history table records every step, with checksum, who and version.
  auto hist = db.query(
      "SELECT revision, direction, length(checksum), applied_by <> '', hostname <> '', "
      "strata_version FROM strata_version_history ORDER BY id");
  std::string version = split_lines(run_strata({"--version"}).out).at(0).substr(7);
  using Row = std::vector<std::string>;
  EXPECT_EQ(hist, (std::vector<Row>{{"aaaa1111", "up", "64", "1", "1", version},
                                    {"bbbb2222", "up", "64", "1", "1", version},
                                    {"cccc3333", "up", "64", "1", "1", version},
                                    {"cccc3333", "down", "64", "1", "1", version},
                                    {"bbbb2222", "down", "64", "1", "1", version},
                                    {"aaaa1111", "down", "64", "1", "1", version}}));
}

TEST_F(SqliteCli, UpgradePlanRunsNothing) {
  linear();
  RunResult plan = p.run({"upgrade", "--plan"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  EXPECT_EQ(plan.out_lines(), (Lines{"database sqlite:///" + db_path() + " is at base",
                                     "3 revisions would run (nothing has been changed):",
                                     "  upgrade   aaaa1111  create users (1 statement)",
                                     "  upgrade   bbbb2222  create posts (2 statements)",
                                     "  upgrade   cccc3333  create tags (1 statement)"}));
  // Not even the database file is created.
  EXPECT_FALSE(std::filesystem::exists(db_path()));
  RunResult verbose = p.run({"-v", "upgrade", "bbbb", "--plan"});
  EXPECT_EQ(verbose.out_lines(),
            (Lines{"database sqlite:///" + db_path() + " is at base",
                   "2 revisions would run (nothing has been changed):",
                   "  upgrade   aaaa1111  create users (1 statement)",
                   "      1: CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
                   "  upgrade   bbbb2222  create posts (2 statements)",
                   "      1: CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER)",
                   "      2: CREATE INDEX ix_posts_user ON posts (user_id)"}));

  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  RunResult none = p.run({"upgrade", "--plan"});
  EXPECT_EQ(none.out_lines(),
            (Lines{"database sqlite:///" + db_path() + " is at cccc3333", "nothing to do"}));
  RunResult down = p.run({"downgrade", "aaaa1111", "--plan"});
  EXPECT_EQ(down.out_lines(), (Lines{"database sqlite:///" + db_path() + " is at cccc3333",
                                     "2 revisions would run (nothing has been changed):",
                                     "  downgrade cccc3333  create tags (1 statement)",
                                     "  downgrade bbbb2222  create posts (2 statements)"}));
  SqliteDb db(db_path());
  EXPECT_TRUE(db.table_exists("tags"));
  EXPECT_EQ(versions(), (Lines{"cccc3333"}));
}

TEST_F(SqliteCli, OfflineSqlScriptsRunOnTheirOwn) {
  linear();
  RunResult sql = p.run({"upgrade", "--sql"});
  ASSERT_EQ(sql.code, 0) << sql.err;
  EXPECT_FALSE(file_exists(db_path())) << "offline mode must not open the database";
  Lines lines = sql.out_lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "-- strata upgrade base:head (sqlite), 3 revisions");
  auto count = [&](const std::string& s) { return std::count(lines.begin(), lines.end(), s); };
  EXPECT_EQ(count("BEGIN;"), 3);
  EXPECT_EQ(count("COMMIT;"), 3);
  // Each revision: comment, BEGIN, its statements, the version row, history, COMMIT.
  auto at = std::find(lines.begin(), lines.end(),
                      "-- upgrade bbbb2222: create posts (migrations/002_posts.sql)");
  ASSERT_NE(at, lines.end()) << sql.out;
  ASSERT_GE(lines.end() - at, 7);
  EXPECT_EQ(at[1], "BEGIN;");
  EXPECT_EQ(at[2], "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER);");
  EXPECT_EQ(at[3], "CREATE INDEX ix_posts_user ON posts (user_id);");
  EXPECT_EQ(
      at[4],
      "UPDATE \"strata_version\" SET version_num = 'bbbb2222' WHERE version_num = 'aaaa1111';");
  EXPECT_EQ(at[5].rfind("INSERT INTO \"strata_version_history\" ", 0), 0u) << at[5];
  EXPECT_EQ(at[6], "COMMIT;");
  EXPECT_EQ(count("INSERT INTO \"strata_version\" (version_num) VALUES ('aaaa1111');"), 1);

  // The script alone builds a database strata then sees at head, unedited.
  {
    write_text(p.path("offline.db"), "");
    SqliteDb db(p.path("offline.db"));
    db.exec(sql.out);
  }
  std::string offline_url = "sqlite:///" + p.path("offline.db");
  EXPECT_EQ(p.run({"--url", offline_url, "current"}).out, "cccc3333 (head)\n");
  RunResult verify = p.run({"--url", offline_url, "verify"});
  EXPECT_EQ(verify.code, 0) << verify.out;

  // A range starts from a revision: no table creation, the first step moves its row.
  RunResult range = p.run({"upgrade", "--sql", "aaaa1111:cccc3333"});
  ASSERT_EQ(range.code, 0) << range.err;
  Lines rl = range.out_lines();
  EXPECT_EQ(rl.at(0), "-- strata upgrade aaaa1111:cccc3333 (sqlite), 2 revisions");
  EXPECT_EQ(range.out.find("CREATE TABLE IF NOT EXISTS"), std::string::npos);
  EXPECT_EQ(range.out.find("create users"), std::string::npos);
  ASSERT_EQ(p.run({"upgrade", "aaaa"}).code, 0);
  {
    SqliteDb db(db_path());
    db.exec(range.out);
  }
  EXPECT_EQ(p.run({"current"}).out, "cccc3333 (head)\n");

  RunResult down = p.run({"downgrade", "--sql", "cccc3333:aaaa1111"});
  ASSERT_EQ(down.code, 0) << down.err;
  Lines dl = down.out_lines();
  EXPECT_EQ(dl.at(0), "-- strata downgrade cccc3333:aaaa1111 (sqlite), 2 revisions");
  auto d = std::find(dl.begin(), dl.end(),
                     "-- downgrade cccc3333: create tags (migrations/003_tags.sql)");
  ASSERT_NE(d, dl.end()) << down.out;
  EXPECT_EQ(d[1], "BEGIN;");
  EXPECT_EQ(d[2], "DROP TABLE tags;");
  EXPECT_EQ(
      d[3],
      "UPDATE \"strata_version\" SET version_num = 'bbbb2222' WHERE version_num = 'cccc3333';");
  {
    SqliteDb db(db_path());
    db.exec(down.out);
  }
  EXPECT_EQ(p.run({"current"}).out, "aaaa1111\n");

  RunResult no_range = p.run({"downgrade", "--sql", "-1"});
  EXPECT_EQ(no_range.code, 2);
  EXPECT_EQ(no_range.err,
            "error: offline downgrade needs a range FROM:TO, e.g. head:base or "
            "3f2a9c1b7d4e:1a2b3c4d5e6f (no database tells where to start); got '-1'\n");
}

TEST_F(SqliteCli, SqlPrintsOneRevision) {
  linear();
  RunResult up = p.run({"sql", "bbbb2222"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(up.out,
            "-- upgrade bbbb2222: create posts\n\nBEGIN;\n"
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER);\n"
            "CREATE INDEX ix_posts_user ON posts (user_id);\nCOMMIT;\n\n");
  RunResult down = p.run({"sql", "bbbb", "--down"});
  ASSERT_EQ(down.code, 0) << down.err;
  EXPECT_EQ(down.out,
            "-- downgrade bbbb2222: create posts\n\nBEGIN;\nDROP INDEX ix_posts_user;\n"
            "DROP TABLE posts;\nCOMMIT;\n\n");
  EXPECT_EQ(
      p.run({"sql", "head"}).out,
      "-- upgrade cccc3333: create tags\n\nBEGIN;\nCREATE TABLE tags (id INTEGER);\nCOMMIT;\n\n");
  EXPECT_FALSE(file_exists(db_path()));
}

// ------------------------------------------------------------------ -x

TEST_F(SqliteCli, XValuesSubstituteAndGateBlocks) {
  p.write("migrations/001_users.sql",
          "-- revision: r1\n"
          "-- message: users\n"
          "\n"
          "-- migrate:up\n"
          "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
          "-- strata:if x.sample\n"
          "INSERT INTO users (name) VALUES ('sample user');\n"
          "-- strata:endif\n"
          "INSERT INTO users (name) VALUES ('{{x.admin}}');\n"
          "-- strata:if x.env == prod\n"
          "INSERT INTO users (name) VALUES ('prod only');\n"
          "-- strata:else\n"
          "INSERT INTO users (name) VALUES ('not prod');\n"
          "-- strata:endif\n"
          "\n"
          "-- migrate:down\n"
          "DROP TABLE users;\n");
  RunResult missing = p.run({"upgrade"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.err_lines(),
            (Lines{"error: " + rel("001_users") + ":9: -x admin=... not given",
                   "hint: this migration needs `-x admin=VALUE` on the command line"}));
  {
    SqliteDb db(db_path());
    EXPECT_FALSE(db.table_exists("users"));
  }
  EXPECT_EQ(p.run({"sql", "r1"}).code, 1);

  RunResult plain = p.run({"-x", "admin=root", "upgrade"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  {
    SqliteDb db(db_path());
    EXPECT_EQ(db.query("SELECT name FROM users ORDER BY id"),
              (std::vector<Lines>{{"root"}, {"not prod"}}));
  }
  ASSERT_EQ(p.run({"downgrade", "base"}).code, 0);
  // -x after the verb works too.
  RunResult sample = p.run({"upgrade", "-x", "admin=boss", "-x", "sample=yes", "-x", "env=prod"});
  ASSERT_EQ(sample.code, 0) << sample.err;
  SqliteDb db(db_path());
  EXPECT_EQ(db.query("SELECT name FROM users ORDER BY id"),
            (std::vector<Lines>{{"sample user"}, {"boss"}, {"prod only"}}));

  EXPECT_EQ(p.run({"sql", "r1", "-x", "admin=a"}).out,
            "-- upgrade r1: users\n\nBEGIN;\n"
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
            "INSERT INTO users (name) VALUES ('a');\n"
            "INSERT INTO users (name) VALUES ('not prod');\nCOMMIT;\n\n");
  RunResult bad = p.run({"-x", "novalue", "current"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, "error: -x 'novalue': expected KEY=VALUE\n");
}

// ------------------------------------------------------------------ batch, transaction = all

TEST_F(SqliteCli, BatchUpdateRepeatsUntilNoRowsChange) {
  p.migration("001_fill", "r1", "",
              "CREATE TABLE t (id INTEGER PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0);\n"
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 35)\n"
              "INSERT INTO t (id) SELECT i FROM n;",
              "DROP TABLE t;");
  p.migration("002_backfill", "r2", "r1",
              "-- migrate:batch\n"
              "UPDATE t SET done = 1 WHERE id IN (SELECT id FROM t WHERE done = 0 LIMIT 10);",
              "UPDATE t SET done = 0;");
  RunResult plan = p.run({"upgrade", "--plan"});
  EXPECT_EQ(plan.out_lines().back(),
            "  upgrade   r2  rev r2 (1 statement) [no transaction, journaled]");
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(mask_ms(up.err),
            "[1/2] upgrade   r1  N ms\n"
            "  batch round 1: 10 rows\n"
            "  batch round 2: 10 rows\n"
            "  batch round 3: 10 rows\n"
            "  batch round 4: 5 rows\n"
            "  batch round 5: 0 rows\n"
            "[2/2] upgrade   r2  N ms\n");
  SqliteDb db(db_path());
  EXPECT_EQ(db.query("SELECT count(*), sum(done) FROM t"), (std::vector<Lines>{{"35", "35"}}));
  EXPECT_EQ(versions(), (Lines{"r2"}));
  EXPECT_TRUE(db.query("SELECT * FROM strata_version_journal").empty());
}

TEST_F(SqliteCli, TransactionAllFailureInThirdRevisionLeavesBase) {
  p.write_config("sqlite:///app.db", "transaction = \"all\"\n");
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
  p.migration("003", "r3", "r2", "CREATE TABLE t3 (id INTEGER);\nINSERT INTO nope VALUES (1);",
              "DROP TABLE t3;");
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1);
  EXPECT_EQ(up.err_lines().back(), "error: " + rel("003") +
                                       ":7: revision r3, statement 2: no such table: nope "
                                       "[SQLITE_ERROR]");
  SqliteDb db(db_path());
  EXPECT_FALSE(db.table_exists("t1"));
  EXPECT_FALSE(db.table_exists("t2"));
  EXPECT_FALSE(db.table_exists("t3"));
  EXPECT_TRUE(db.query("SELECT * FROM strata_version").empty());
  EXPECT_TRUE(db.query("SELECT * FROM strata_version_history").empty());
  EXPECT_EQ(p.run({"current"}).err, "the database is at base: no revision applied\n");

  // Offline, the whole script is one transaction.
  RunResult sql = p.run({"upgrade", "--sql"});
  Lines l = sql.out_lines();
  EXPECT_EQ(std::count(l.begin(), l.end(), "BEGIN;"), 1);
  EXPECT_EQ(std::count(l.begin(), l.end(), "COMMIT;"), 1);
}

// ------------------------------------------------------------------ failures leave the database as
// it was

TEST_F(SqliteCli, SqlErrorInThirdStatementLeavesPreviousRevision) {
  p.migration("001_one", "r1", "", "CREATE TABLE base_t (id INTEGER);", "DROP TABLE base_t;");
  // Statement 3 starts on line 9 and spans two lines.
  p.write("migrations/002_two.sql",
          "-- revision: r2\n"
          "-- revises: r1\n"
          "-- message: two\n"
          "\n"
          "-- migrate:up\n"
          "CREATE TABLE a (id INTEGER);\n"
          "CREATE TABLE b (id INTEGER);\n"
          "\n"
          "INSERT INTO nosuch\n"
          "  VALUES (1);\n"
          "CREATE TABLE c (id INTEGER);\n"
          "\n"
          "-- migrate:down\n"
          "DROP TABLE a;\n");
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1);
  EXPECT_EQ(mask_ms(up.err),
            "[1/2] upgrade   r1  N ms\n"
            "error: " +
                rel("002_two") +
                ":9: revision r2, statement 3: no such table: nosuch [SQLITE_ERROR]\n");
  EXPECT_EQ(up.out, "");
  EXPECT_EQ(p.run({"current"}).out, "r1\n");
  SqliteDb db(db_path());
  EXPECT_TRUE(db.table_exists("base_t"));
  EXPECT_FALSE(db.table_exists("a"));
  EXPECT_FALSE(db.table_exists("b"));
  EXPECT_FALSE(db.table_exists("c"));
  EXPECT_EQ(db.query("SELECT revision, direction FROM strata_version_history"),
            (std::vector<Lines>{{"r1", "up"}}));
  EXPECT_TRUE(db.query("SELECT * FROM strata_version_journal").empty());
  EXPECT_EQ(p.run({"status"}).out_lines(),
            (Lines{"applied    r1             rev r1", "pending    r2             two",
                   "1 applied, 1 pending"}));
}

TEST_F(SqliteCli, FirstUpgradeOfExistingTablesHintsAtStamp) {
  linear();
  {
    write_text(db_path(), "");
    SqliteDb db(db_path());
    db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
  }
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1);
  EXPECT_EQ(up.err_lines(),
            (Lines{"error: " + rel("001_users") +
                       ":5: revision aaaa1111, statement 1: table users already exists "
                       "[SQLITE_ERROR]",
                   "hint: this database already has these tables: baseline it with `strata stamp "
                   "REV` (the revision its schema matches), then upgrade"}));
  ASSERT_EQ(p.run({"stamp", "aaaa1111"}).code, 0);
  RunResult after = p.run({"upgrade"});
  EXPECT_EQ(after.code, 0) << after.err;
  EXPECT_EQ(mask_ms(after.out), "applied 2 revisions in N ms; the database is now at cccc3333\n");
}

TEST_F(SqliteCli, DowngradeThroughIrreversibleRevisionIsRefusedBeforeAnyChange) {
  p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
  p.migration("002", "r2", "r1", "CREATE TABLE t2 (id INTEGER);");  // no down section
  p.migration("003", "r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  const std::string refused = "error: " + rel("002") +
                              ": revision r2: this revision is irreversible (it has no "
                              "`-- migrate:down` section); the downgrade was refused and nothing "
                              "was changed\n";
  for (const Lines& args : {Lines{"downgrade", "base"}, Lines{"downgrade", "r1"},
                            Lines{"downgrade", "base", "--plan"}, Lines{"downgrade", "-2"}}) {
    RunResult r = p.run(args);
    EXPECT_EQ(r.code, 1) << args[1];
    EXPECT_EQ(r.err, refused) << args[1];
    EXPECT_EQ(r.out, "");
  }
  SqliteDb db(db_path());
  EXPECT_TRUE(db.table_exists("t3")) << "r3 must not be downgraded before the refusal";
  EXPECT_EQ(versions(), (Lines{"r3"}));
  EXPECT_EQ(db.query("SELECT count(*) FROM strata_version_history"), (std::vector<Lines>{{"3"}}));
  EXPECT_EQ(p.run({"show", "r2"}).out, "Rev: r2\nParent: r1\nPath: " + mig("002") +
                                           "\nIrreversible: no down section\n\n    rev r2\n");
  // Down to the irreversible revision itself is fine.
  RunResult ok = p.run({"downgrade", "r2"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_FALSE(db.table_exists("t3"));
}

TEST_F(SqliteCli, EditedFileIsReportedButLineEndingsAreNot) {
  linear();
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  // LF -> CRLF, and trailing blanks: not an edit.
  std::string text = p.read("migrations/001_users.sql");
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += "  \r";
    crlf += c;
  }
  p.write("migrations/001_users.sql", crlf + "\r\n\r\n");
  RunResult same = p.run({"status"});
  EXPECT_EQ(
      same.out_lines(),
      (Lines{"applied    aaaa1111       create users", "applied    bbbb2222       create posts",
             "applied    cccc3333       create tags", "3 applied, 0 pending"}));
  RunResult ok = p.run({"verify"});
  EXPECT_EQ(ok.code, 0);
  EXPECT_EQ(ok.out, "verify: ok\n");

  // A real edit is.
  std::string posts = p.read("migrations/002_posts.sql");
  posts.replace(posts.find("user_id INTEGER)"), 16, "user_id INTEGER NOT NULL)");
  p.write("migrations/002_posts.sql", posts);
  RunResult st = p.run({"status"});
  EXPECT_EQ(st.code, 0);
  EXPECT_EQ(st.out_lines(),
            (Lines{"applied    aaaa1111       create users",
                   "edited     bbbb2222       create posts  (file changed since applied)",
                   "applied    cccc3333       create tags", "3 applied, 0 pending, 1 edited"}));
  RunResult v = p.run({"verify"});
  EXPECT_EQ(v.code, 3);
  ASSERT_EQ(v.out_lines().size(), 1u) << v.out;
  EXPECT_TRUE(std::regex_match(
      v.out_lines()[0],
      std::regex("problem: " + mig("002_posts") +
                 ": revision bbbb2222 was edited after it was applied \\(checksum [0-9a-f]{12} "
                 "recorded, file has [0-9a-f]{12}\\)")))
      << v.out;

  // upgrade warns but proceeds.
  p.migration("004", "dddd4444", "cccc3333", "CREATE TABLE d (id INTEGER);", "DROP TABLE d;");
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 0);
  EXPECT_EQ(mask_ms(up.err), "warning: " + mig("002_posts") +
                                 " was edited after it was applied (revision bbbb2222)\n"
                                 "[1/1] upgrade   dddd4444  N ms\n");
}

// ------------------------------------------------------------------ stamp

TEST_F(SqliteCli, StampSetsTheVersionTableWithoutRunningMigrations) {
  linear();
  RunResult s = p.run({"stamp", "bbbb"});
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_EQ(s.out, "stamped: the database is now at bbbb2222\n");
  {
    SqliteDb db(db_path());
    EXPECT_FALSE(db.table_exists("users"));
    EXPECT_FALSE(db.table_exists("posts"));
    EXPECT_EQ(db.query("SELECT revision, direction FROM strata_version_history"),
              (std::vector<Lines>{{"bbbb2222", "stamp"}}));
  }
  EXPECT_EQ(
      p.run({"status"}).out_lines(),
      (Lines{"applied    aaaa1111       create users", "applied    bbbb2222       create posts",
             "pending    cccc3333       create tags", "2 applied, 1 pending"}));
  EXPECT_EQ(p.run({"stamp", "head"}).out, "stamped: the database is now at cccc3333\n");
  EXPECT_EQ(p.run({"stamp", "aaaa1111"}).out, "stamped: the database is now at aaaa1111\n");
  EXPECT_EQ(versions(), (Lines{"aaaa1111"}));
  RunResult unknown = p.run({"stamp", "zzzz9"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(unknown.err, "error: No such revision or branch 'zzzz9'\n");
  EXPECT_EQ(versions(), (Lines{"aaaa1111"}));
  EXPECT_EQ(p.run({"stamp"}).code, 2);
}

TEST_F(SqliteCli, StampBaseClearsTheVersionTable) {
  linear();
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  RunResult s = p.run({"stamp", "base"});
  EXPECT_EQ(s.code, 0) << s.err;
  EXPECT_EQ(s.out, "stamped: the database is now at base\n");
  EXPECT_EQ(versions(), Lines{});
}

TEST_F(SqliteCli, StampPurgeReplacesUnknownRevisions) {
  linear();
  ASSERT_EQ(p.run({"upgrade"}).code, 0);
  {
    SqliteDb db(db_path());
    db.exec("INSERT INTO strata_version (version_num) VALUES ('ghost')");
  }
  EXPECT_EQ(p.run({"current"}).out_lines(),
            (Lines{"cccc3333 (head)", "ghost (no migration file has this revision)"}));
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 1);
  EXPECT_EQ(up.err_lines(),
            (Lines{"error: revision ghost: the database is at revision ghost, which no migration "
                   "file has",
                   "hint: pull the latest migrations (the database was migrated from a newer "
                   "checkout), or check `migrations` in strata.toml"}));
  RunResult st = p.run({"status"});
  EXPECT_EQ(st.out_lines().back(), "3 applied, 0 pending, 1 missing");
  EXPECT_EQ(p.run({"verify"}).code, 3);
  EXPECT_EQ(p.run({"stamp", "head"}).code, 1) << "without --purge the unknown row is an error";

  RunResult purge = p.run({"stamp", "--purge", "head"});
  EXPECT_EQ(purge.code, 0) << purge.err;
  EXPECT_EQ(purge.out, "stamped: the database is now at cccc3333\n");
  EXPECT_EQ(versions(), (Lines{"cccc3333"}));
}

// ------------------------------------------------------------------ unfinished revisions

class UnfinishedCli : public SqliteCli {
 protected:
  void SetUp() override {
    SqliteCli::SetUp();
    p.migration("001", "r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
    p.write("migrations/002.sql",
            "-- revision: r2\n-- revises: r1\n-- message: two\n\n"
            "-- migrate:up transaction:false\n"
            "CREATE TABLE a (id INTEGER);\n"
            "CREATE TABLE b (id INTEGER);\n"
            "INSERT INTO missing VALUES (1);\n"
            "CREATE TABLE c (id INTEGER);\n"
            "-- migrate:down\nDROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n");
    RunResult up = p.run({"upgrade"});
    ASSERT_EQ(up.code, 1);
    ASSERT_EQ(up.err_lines().size(), 3u) << up.err;
    EXPECT_EQ(up.err_lines()[1],
              "error: " + rel("002") +
                  ":8: revision r2, statement 3: no such table: missing [SQLITE_ERROR]");
    EXPECT_EQ(up.err_lines()[2],
              "hint: revision r2 ran 2 of 4 statements outside a transaction and is left "
              "unfinished; fix the cause, then `strata upgrade --resume` to continue from "
              "statement 3, or `strata resolve r2 --applied|--rolled-back` once you have settled "
              "it by hand");
  }
};

TEST_F(UnfinishedCli, StatusVerifyAndUpgradeShowIt) {
  EXPECT_EQ(p.run({"status"}).out_lines(),
            (Lines{"applied    r1             rev r1",
                   "unfinished r2             two  (up stopped after statement 2 of 4)",
                   "1 applied, 0 pending, 1 unfinished"}));
  RunResult v = p.run({"verify"});
  EXPECT_EQ(v.code, 3);
  EXPECT_EQ(v.out, "problem: " + mig("002") +
                       ": revision r2 is unfinished: up section stopped after statement 2 of 4\n");
  RunResult again = p.run({"upgrade"});
  EXPECT_EQ(again.code, 1);
  EXPECT_EQ(again.err_lines(),
            (Lines{"error: " + rel("002") +
                       ": revision r2: unfinished: its up section completed 2 of 4 statements; "
                       "statement 3 failed: no such table: missing",
                   "hint: run `strata upgrade --resume` to continue from statement 3, or `strata "
                   "resolve r2 --applied|--rolled-back` once settled by hand"}));
  SqliteDb db(db_path());
  EXPECT_TRUE(db.table_exists("a"));
  EXPECT_TRUE(db.table_exists("b"));
  EXPECT_FALSE(db.table_exists("c"));
  EXPECT_EQ(versions(), (Lines{"r1"}));
}

TEST_F(UnfinishedCli, ResumeContinuesFromTheFailedStatement) {
  {
    SqliteDb db(db_path());
    db.exec("CREATE TABLE missing (id INTEGER)");
  }
  RunResult plan = p.run({"upgrade", "--plan", "--resume"});
  EXPECT_EQ(
      plan.out_lines().back(),
      "  upgrade   r2  two (4 statements) [no transaction, journaled] [resume at statement 3]");
  RunResult up = p.run({"upgrade", "--resume"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(mask_ms(up.out), "applied 1 revision in N ms; the database is now at r2\n");
  SqliteDb db(db_path());
  EXPECT_TRUE(db.table_exists("c"));
  EXPECT_EQ(db.query("SELECT count(*) FROM missing"), (std::vector<Lines>{{"1"}}));
  EXPECT_EQ(versions(), (Lines{"r2"}));
  EXPECT_EQ(p.run({"verify"}).code, 0);
}

TEST_F(UnfinishedCli, ResumeTakesACorrectedFailedStatementButNotAnEditedDoneOne) {
  const std::string file = "migrations/002.sql";
  const std::string text = p.read(file);
  // Editing a statement that already ran: refused, the database untouched.
  std::string edited_done = text;
  edited_done.replace(edited_done.find("CREATE TABLE b (id INTEGER);"), 28,
                      "CREATE TABLE b (id BIGINT);");
  p.write(file, edited_done);
  RunResult refused = p.run({"upgrade", "--resume"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_EQ(refused.err_lines(),
            (Lines{"error: " + rel("002") +
                       ": revision r2: cannot resume revision r2: statements 1-2 changed since "
                       "the interrupted run ran them",
                   "hint: settle it with `strata resolve r2 --applied|--rolled-back`"}));
  // Correcting the statement that failed (and adding one after it): resumed.
  std::string fixed = text;
  fixed.replace(fixed.find("INSERT INTO missing VALUES (1);"), 31,
                "CREATE TABLE missing (id INTEGER);\nINSERT INTO missing VALUES (1);");
  p.write(file, fixed);
  RunResult up = p.run({"upgrade", "--resume"});
  ASSERT_EQ(up.code, 0) << up.err;
  SqliteDb db(db_path());
  EXPECT_TRUE(db.table_exists("c"));
  EXPECT_EQ(db.query("SELECT count(*) FROM missing"), (std::vector<Lines>{{"1"}}));
  EXPECT_EQ(versions(), (Lines{"r2"}));
  // The history records the file as it is now: verify sees no edit.
  EXPECT_EQ(p.run({"verify"}).code, 0);
}

TEST_F(UnfinishedCli, ResolveSettlesIt) {
  RunResult not_flagged = p.run({"resolve", "r2"});
  EXPECT_EQ(not_flagged.code, 2);
  EXPECT_EQ(not_flagged.err, "error: resolve needs --applied or --rolled-back\n");
  RunResult not_unfinished = p.run({"resolve", "r1", "--applied"});
  EXPECT_EQ(not_unfinished.code, 1);
  EXPECT_EQ(not_unfinished.err_lines(),
            (Lines{"error: revision r1: revision r1 is not unfinished: nothing to resolve",
                   "hint: `strata status` lists unfinished revisions"}));

  {
    SqliteDb db(db_path());
    db.exec("DROP TABLE a; DROP TABLE b;");
  }
  RunResult rb = p.run({"resolve", "r2", "--rolled-back"});
  ASSERT_EQ(rb.code, 0) << rb.err;
  EXPECT_EQ(rb.out, "resolved r2 as rolled back; the database is at r1\n");
  EXPECT_EQ(p.run({"status"}).out_lines(),
            (Lines{"applied    r1             rev r1", "pending    r2             two",
                   "1 applied, 1 pending"}));
  // Fixed, it runs from the start.
  std::string text = p.read("migrations/002.sql");
  text.replace(text.find("INSERT INTO missing VALUES (1);"), 31,
               "CREATE TABLE missing (id INTEGER);");
  p.write("migrations/002.sql", text);
  RunResult up = p.run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(versions(), (Lines{"r2"}));
  EXPECT_EQ(p.run({"verify"}).out, "verify: ok\n");
}

TEST_F(UnfinishedCli, ResolveAppliedRecordsTheRevision) {
  {
    SqliteDb db(db_path());
    db.exec("CREATE TABLE c (id INTEGER)");
  }
  RunResult ap = p.run({"resolve", "r2", "--applied"});
  ASSERT_EQ(ap.code, 0) << ap.err;
  EXPECT_EQ(ap.out, "resolved r2 as applied; the database is at r2\n");
  EXPECT_EQ(versions(), (Lines{"r2"}));
  EXPECT_EQ(p.run({"status"}).out_lines().back(), "2 applied, 0 pending");
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.out, "nothing to do: the database is at r2\n");
}

// ------------------------------------------------------------------ the migration lock

TEST_F(SqliteCli, LockHeldElsewhereExitsFourAndChangesNothing) {
  p.write_config("sqlite:///app.db", "lock_wait = \"1s\"\n");
  linear();
  // What a second strata holds while it migrates: the sidecar lock file.
  int fd = ::open((db_path() + ".strata-lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  RunResult r = p.run({"upgrade"});
  EXPECT_EQ(r.code, 4);
  EXPECT_EQ(r.out, "");
  auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 3u) << r.err;
  EXPECT_EQ(lines[0], "waiting: another strata process holds the migration lock; waiting");
  EXPECT_TRUE(std::regex_match(
      lines[1], std::regex(R"(error: could not acquire the migration lock within 1\.\d s)")))
      << lines[1];
  EXPECT_TRUE(std::regex_match(
      lines[2],
      std::regex(
          R"(hint: another strata is migrating this database; it waited 1\.\d s \(raise lock_wait in strata\.toml to wait longer\))")))
      << lines[2];
  EXPECT_EQ(p.run({"stamp", "head"}).code, 4);
  // Reading needs no lock.
  RunResult cur = p.run({"current"});
  EXPECT_EQ(cur.code, 0);
  EXPECT_EQ(p.run({"status"}).out_lines().back(), "0 applied, 3 pending");
  ::flock(fd, LOCK_UN);
  ::close(fd);
  RunResult up = p.run({"upgrade"});
  EXPECT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(versions(), Lines{"cccc3333"});
}

// ------------------------------------------------------------------ colour and usage

TEST_F(SqliteCli, ColourOnlyOnATerminalAndNeverWithNoColor) {
  linear();
  ASSERT_EQ(p.run({"upgrade", "+1"}).code, 0);
  RunOptions tty;
  tty.cwd = p.root();
  RunResult coloured = run_strata_tty({"status"}, tty);
  EXPECT_EQ(coloured.code, 0);
  EXPECT_TRUE(has_ansi(coloured.out)) << coloured.out;
  RunResult err_coloured = run_strata_tty({"show", "zzzzzz"}, tty);
  EXPECT_EQ(err_coloured.code, 1);
  EXPECT_TRUE(has_ansi(err_coloured.out)) << err_coloured.out;

  RunOptions no_color = tty;
  no_color.env["NO_COLOR"] = "1";
  for (const Lines& args : {Lines{"status"}, Lines{"show", "zzzzzz"}, Lines{"history", "-i"},
                            Lines{"heads"}, Lines{"upgrade", "--plan"}, Lines{"current"}}) {
    RunResult r = run_strata_tty(args, no_color);
    EXPECT_FALSE(has_ansi(r.out)) << args[0] << ": " << r.out;
    RunResult flag_args = run_strata_tty(
        [&] {
          Lines a{"--no-color"};
          a.insert(a.end(), args.begin(), args.end());
          return a;
        }(),
        tty);
    EXPECT_FALSE(has_ansi(flag_args.out)) << args[0] << ": " << flag_args.out;
    RunResult piped = p.run(args);
    EXPECT_FALSE(has_ansi(piped.out)) << args[0];
    EXPECT_FALSE(has_ansi(piped.err)) << args[0];
  }
  RunResult up = run_strata_tty({"--no-color", "upgrade"}, tty);
  EXPECT_EQ(up.code, 0);
  EXPECT_FALSE(has_ansi(up.out)) << up.out;
}

TEST(CliUsage, BadCommandLinesExitTwo) {
  Project p;
  p.write_config("sqlite:///app.db");
  for (const Lines& args :
       {Lines{}, Lines{"upgrade", "--bogus"}, Lines{"frobnicate"}, Lines{"revision"}, Lines{"show"},
        Lines{"resolve", "r1", "--applied", "--rolled-back"}, Lines{"init", "--dialect", "oracle"},
        Lines{"revision", "-m", "x", "--rename", "a=b"}}) {
    RunResult r = p.run(args);
    EXPECT_EQ(r.code, 2) << (args.empty() ? "(none)" : args[0]) << ": " << r.err;
    EXPECT_FALSE(r.err.empty());
  }
  RunResult version = p.run({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_TRUE(std::regex_match(version.out, std::regex("strata [0-9]+\\.[0-9]+\\.[0-9]+\n")))
      << version.out;
}

}  // namespace
}  // namespace strata::clitest
