// End to end: the revision graph through the CLI. Bad migration files and
// graphs (each error names the file, line or revisions), the expression
// grammar (head, heads, base, +N, -N, REV+N, head-N, LABEL@head, prefixes,
// ranges), merges, and Alembic's documented branch walkthrough run command by
// command with Alembic's revision ids. The tests that move a database run on
// SQLite, PostgreSQL and MariaDB alike (a server's when its variable is set).
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;

class GraphCli : public testing::Test {
 protected:
  void SetUp() override { p.write_config("sqlite:///app.db"); }
  // Whether the test's database has table `name` (false before it exists).
  bool has_table(const std::string& name) {
    if (server) return server->table_exists(name);
    return file_exists(p.path("app.db")) && SqliteDb(p.path("app.db")).table_exists(name);
  }
  std::string mig(const std::string& name) const { return p.path("migrations/" + name + ".sql"); }
  // As an error's file is shown: relative to the working directory (the root).
  static std::string rel(const std::string& name) { return "migrations/" + name + ".sql"; }
  RunResult run(const Lines& args) const { return p.run(args); }
  Lines versions() {
    const std::string sql = "SELECT version_num FROM strata_version ORDER BY version_num";
    Lines out;
    for (auto& r : server ? server->query(sql) : SqliteDb(p.path("app.db")).query(sql))
      out.push_back(r[0]);
    return out;
  }
  // The revision ids of `history`-style lines ("PARENTS -> ID ..."), in order.
  static Lines ids_of(const RunResult& r) {
    Lines out;
    std::regex re("^.* -> ([A-Za-z0-9_]+).*$");
    for (const auto& l : r.out_lines()) {
      std::smatch m;
      if (std::regex_match(l, m, re)) out.push_back(m[1]);
    }
    return out;
  }
  // Five revisions in a line: a1 <- b2 <- c3 <- d4 <- e5
  void chain() {
    p.migration("001", "aaaa1111", "", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;", "", "a");
    p.migration("002", "bbbb2222", "aaaa1111", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;", "",
                "b");
    p.migration("003", "cccc3333", "bbbb2222", "CREATE TABLE c (id INTEGER);", "DROP TABLE c;", "",
                "c");
    p.migration("004", "dddd4444", "cccc3333", "CREATE TABLE d (id INTEGER);", "DROP TABLE d;", "",
                "d");
    p.migration("005", "eeee5555", "dddd4444", "CREATE TABLE e (id INTEGER);", "DROP TABLE e;", "",
                "e");
  }
  Project p;
  std::unique_ptr<ServerDb> server;  // null on SQLite
};

// The same, on the database engine of the parameter.
class GraphDbCli : public GraphCli, public testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") return GraphCli::SetUp();
    server = make_server_db(GetParam());
    if (!server || !server->available()) GTEST_SKIP() << GetParam() << ": its server is not set";
    p.write_config(server->url());
  }
  // How the dialect quotes the version table in offline SQL.
  std::string quoted(const std::string& name) const {
    return GetParam() == "mysql" ? "`" + name + "`" : "\"" + name + "\"";
  }
};

std::string engine_name(const testing::TestParamInfo<std::string>& i) { return i.param; }

INSTANTIATE_TEST_SUITE_P(Engines, GraphDbCli, testing::Values("sqlite", "postgresql", "mysql"),
                         engine_name);

// ------------------------------------------------------------------ bad files and graphs

TEST_F(GraphCli, MalformedHeaderNamesFileAndLine) {
  p.write("migrations/001.sql",
          "-- revision: r1\n-- message create things\n\n-- migrate:up\nSELECT 1;\n");
  RunResult r = run({"heads"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err_lines(),
            (Lines{"error: " + rel("001") + ":2: malformed header line: expected `-- key: value`",
                   "hint: every comment line before `-- migrate:up` is a header line"}));
  EXPECT_EQ(r.out, "");
  // Every command that reads the files says the same.
  EXPECT_EQ(run({"upgrade"}).err, r.err);
  EXPECT_EQ(run({"history"}).code, 1);
}

TEST_F(GraphCli, UnknownHeaderKeyNamesFileLineAndSuggests) {
  p.write("migrations/001.sql", "-- revision: r1\n-- mesage: typo\n\n-- migrate:up\nSELECT 1;\n");
  RunResult r = run({"heads"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err_lines(),
            (Lines{"error: " + rel("001") +
                       ":2: unknown header key `mesage` (did you mean "
                       "`message`?)",
                   "hint: header keys are revision, revises, message, created, depends-on, "
                   "branch-labels"}));
  p.write("migrations/001.sql", "-- revision: r1\n-- colour: red\n\n-- migrate:up\nSELECT 1;\n");
  EXPECT_EQ(run({"heads"}).err_lines().at(0),
            "error: " + rel("001") + ":2: unknown header key `colour`");
}

TEST_F(GraphCli, NoUpSectionIsAnError) {
  p.write("migrations/001.sql", "-- revision: r1\n-- message: one\n\nCREATE TABLE t (id INT);\n");
  RunResult r = run({"upgrade"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err_lines(),
            (Lines{"error: " + rel("001") + ": no `-- migrate:up` section",
                   "hint: a migration file needs a `-- migrate:up` line before its statements"}));
  EXPECT_FALSE(file_exists(p.path("app.db")) && SqliteDb(p.path("app.db")).table_exists("t"));
}

TEST_F(GraphCli, SeveralBadFilesAreAllReported) {
  p.write("migrations/001.sql", "-- revision: r1\n-- colour: red\n\n-- migrate:up\nSELECT 1;\n");
  p.write("migrations/002.sql", "-- revision: r2\n\nSELECT 1;\n");
  RunResult r = run({"heads"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("2 migration files have errors:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(mig("001") + ":2: unknown header key `colour`"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(mig("002") + ": no `-- migrate:up` section"), std::string::npos) << r.err;
}

TEST_F(GraphCli, DuplicateRevisionIdNamesBothFiles) {
  p.migration("001_first", "dup1", "", "SELECT 1;", "SELECT 1;");
  p.migration("002_second", "dup1", "", "SELECT 2;", "SELECT 2;");
  RunResult r = run({"history"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "error: duplicate revision id 'dup1' in " + mig("001_first") + " and " +
                       mig("002_second") + "\n");
}

TEST_F(GraphCli, MissingParentNamesFileAndSuggests) {
  p.migration("001", "bbbb2222", "", "SELECT 1;", "SELECT 1;");
  p.migration("002", "cccc3333", "bbbb2223", "SELECT 1;", "SELECT 1;");
  RunResult r = run({"upgrade"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "error: " + mig("002") +
                       ": revision cccc3333 revises 'bbbb2223', which no migration has; did you "
                       "mean 'bbbb2222'?\n");
  EXPECT_FALSE(file_exists(p.path("app.db")) &&
               SqliteDb(p.path("app.db")).table_exists("strata_version"));
}

TEST_F(GraphCli, CycleNamesEveryRevisionAndFile) {
  p.migration("001", "aaaa1111", "cccc3333", "SELECT 1;", "SELECT 1;");
  p.migration("002", "bbbb2222", "aaaa1111", "SELECT 1;", "SELECT 1;");
  p.migration("003", "cccc3333", "bbbb2222", "SELECT 1;", "SELECT 1;");
  RunResult r = run({"heads"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "error: cycle in revisions: aaaa1111 (" + mig("001") + ") revises cccc3333 (" +
                       mig("003") + "), which revises bbbb2222 (" + mig("002") +
                       "), which revises aaaa1111\n");
}

TEST_F(GraphCli, AmbiguousPrefixAndUnknownRevision) {
  chain();
  p.migration("006", "aaaa1119", "aaaa1111", "SELECT 1;", "SELECT 1;");
  RunResult amb = run({"show", "aaaa"});
  EXPECT_EQ(amb.code, 1);
  EXPECT_EQ(amb.err_lines(),
            (Lines{"error: Multiple revisions start with 'aaaa': aaaa1111, aaaa1119",
                   "hint: give more characters of the revision id"}));
  EXPECT_EQ(run({"upgrade", "aaaa111"}).err_lines().at(0),
            "error: Multiple revisions start with 'aaaa111': aaaa1111, aaaa1119");

  RunResult typo = run({"upgrade", "cccc3334"});
  EXPECT_EQ(typo.code, 1);
  EXPECT_EQ(typo.err, "error: No such revision or branch 'cccc3334'; did you mean 'cccc3333'?\n");
  RunResult short_prefix = run({"show", "ccc"});
  EXPECT_EQ(short_prefix.code, 1);
  EXPECT_EQ(short_prefix.err_lines().at(0).rfind(
                "error: No such revision or branch 'ccc'; a partial revision id needs at least 4 "
                "characters",
                0),
            0u)
      << short_prefix.err;
  EXPECT_EQ(run({"show", "zzzzzzzz"}).err, "error: No such revision or branch 'zzzzzzzz'\n");
  EXPECT_EQ(run({"downgrade", "bbbb2223"}).err_lines().at(0),
            "error: No such revision or branch 'bbbb2223'; did you mean 'bbbb2222'?");
  EXPECT_FALSE(file_exists(p.path("app.db")) && SqliteDb(p.path("app.db")).table_exists("a"));
}

TEST_P(GraphDbCli, UpgradeHeadWithSeveralHeadsListsThemAndHintsAtMerge) {
  chain();
  p.migration("006", "ffff6666", "bbbb2222", "CREATE TABLE f (id INTEGER);", "DROP TABLE f;");
  const Lines expected{
      "error: Multiple heads are present for 'head': eeee5555, ffff6666",
      "hint: name one revision, narrow to one branch with LABEL@head, use 'heads' for all of "
      "them, or join them with 'strata merge heads'"};
  for (const Lines& args : {Lines{"upgrade"}, Lines{"upgrade", "head"}, Lines{"show", "head"}}) {
    RunResult r = run(args);
    EXPECT_EQ(r.code, 1) << args[0];
    EXPECT_EQ(r.err_lines(), expected) << args[0];
  }
  EXPECT_FALSE(has_table("a"));
  RunResult check = run({"current", "--check-heads"});
  EXPECT_EQ(check.code, 3);
  EXPECT_EQ(check.err_lines().back(),
            "the database is not at the heads (eeee5555, ffff6666): run `strata upgrade heads`");

  RunResult all = run({"upgrade", "heads"});
  ASSERT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(versions(), (Lines{"eeee5555", "ffff6666"}));
  EXPECT_EQ(run({"current"}).out, "eeee5555 (head)\nffff6666 (head)\n");
  EXPECT_EQ(run({"current", "--check-heads"}).code, 0);

  RunResult merge = run({"merge", "heads", "-m", "join heads", "--rev-id", "mmmm7777"});
  ASSERT_EQ(merge.code, 0) << merge.err;
  EXPECT_EQ(merge.out, mig("mmmm7777_join_heads") + "\n");
  EXPECT_EQ(merge.err, "created merge revision\n");
  std::string text = p.read("migrations/mmmm7777_join_heads.sql");
  EXPECT_NE(text.find("-- revises: eeee5555, ffff6666\n-- message: join heads\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(run({"heads"}).out, "mmmm7777 (head)\n");
  RunResult up = run({"upgrade"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(mask_ms(up.out), "applied 1 revision in N ms; the database is now at mmmm7777\n");
  EXPECT_EQ(versions(), (Lines{"mmmm7777"}));
  RunResult one = run({"merge", "heads", "-m", "again"});
  EXPECT_EQ(one.code, 2);
  EXPECT_EQ(one.err, "error: merge needs at least two revisions; 'heads' names 1\n");
  // Down through the merge by name: both branches get their rows back.
  ASSERT_EQ(run({"downgrade", "bbbb2222"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"bbbb2222"}));
}

// ------------------------------------------------------------------ expressions

TEST_P(GraphDbCli, RelativeAndAbsoluteExpressions) {
  chain();
  auto rev_of = [&](const std::string& expr) {
    RunResult r = run({"show", expr});
    if (r.code != 0) return "error: " + r.err;
    std::string first = r.out_lines().at(0);
    return first.substr(
        5, first.find(' ', 5) == std::string::npos ? std::string::npos : first.find(' ', 5) - 5);
  };
  EXPECT_EQ(rev_of("head"), "eeee5555");
  EXPECT_EQ(rev_of("heads"), "eeee5555");
  EXPECT_EQ(rev_of("head-1"), "dddd4444");
  EXPECT_EQ(rev_of("head-4"), "aaaa1111");
  EXPECT_EQ(rev_of("bbbb2222+2"), "dddd4444");
  EXPECT_EQ(rev_of("bbbb+1"), "cccc3333");
  EXPECT_EQ(rev_of("dddd-2"), "bbbb2222");
  EXPECT_EQ(rev_of("base+1"), "aaaa1111");
  EXPECT_EQ(rev_of("cccc3333"), "cccc3333");
  EXPECT_EQ(rev_of("head-7"),
            "error: error: Relative revision head-7 didn't produce 7 migrations\n");

  // +N / -N are relative to the database.
  RunResult up2 = run({"upgrade", "+2"});
  ASSERT_EQ(up2.code, 0) << up2.err;
  EXPECT_EQ(versions(), (Lines{"bbbb2222"}));
  EXPECT_EQ(rev_of("current"), "bbbb2222");
  EXPECT_EQ(rev_of("+1"), "cccc3333");
  EXPECT_EQ(rev_of("-1"), "aaaa1111");
  ASSERT_EQ(run({"upgrade", "+2"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"dddd4444"}));
  ASSERT_EQ(run({"downgrade", "-3"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"aaaa1111"}));
  ASSERT_EQ(run({"upgrade", "cccc3333+1"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"dddd4444"}));
  ASSERT_EQ(run({"downgrade", "head-3"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"bbbb2222"}));
  RunResult too_far = run({"upgrade", "+4"});
  EXPECT_EQ(too_far.code, 1);
  EXPECT_EQ(too_far.err, "error: Relative revision +4 didn't produce 4 migrations\n");
  EXPECT_EQ(versions(), (Lines{"bbbb2222"}));
  ASSERT_EQ(run({"downgrade", "base"}).code, 0);
  EXPECT_EQ(versions(), Lines{});
  RunResult below = run({"downgrade", "-1"});
  EXPECT_EQ(below.code, 1);
  EXPECT_EQ(below.err, "error: Relative revision -1 didn't produce 1 migration\n");
}

TEST_P(GraphDbCli, HistoryRanges) {
  chain();
  const Lines all{"dddd4444 -> eeee5555 (head), e", "cccc3333 -> dddd4444, d",
                  "bbbb2222 -> cccc3333, c", "aaaa1111 -> bbbb2222, b", "<base> -> aaaa1111, a"};
  EXPECT_EQ(run({"history"}).out_lines(), all);
  EXPECT_EQ(run({"history", "-r", "bbbb:dddd"}).out_lines(), (Lines{all[1], all[2], all[3]}));
  EXPECT_EQ(run({"history", "-r", "cccc3333:"}).out_lines(), (Lines{all[0], all[1], all[2]}));
  EXPECT_EQ(run({"history", "-r", ":bbbb2222"}).out_lines(), (Lines{all[3], all[4]}));
  EXPECT_EQ(run({"history", "-r", "base:head-3"}).out_lines(), (Lines{all[3], all[4]}));
  RunResult bad = run({"history", "-r", "dddd:bbbb"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.err,
            "error: Range 'dddd:bbbb' does not work: dddd4444 is not an ancestor of 'bbbb'\n");
  RunResult not_range = run({"history", "-r", "bbbb"});
  EXPECT_EQ(not_range.code, 2);
  EXPECT_EQ(not_range.err, "error: 'bbbb' is not a range; write START:END, START: or :END\n");

  ASSERT_EQ(run({"upgrade", "cccc"}).code, 0);
  EXPECT_EQ(run({"history", "-r", "current:"}).out_lines(), (Lines{all[0], all[1], all[2]}));
  EXPECT_EQ(run({"history", "-r", ":current"}).out_lines(), (Lines{all[2], all[3], all[4]}));
  // Alembic's documented form: from N below current up to current.
  EXPECT_EQ(run({"history", "-r", "-1:current"}).out_lines(), (Lines{all[2], all[3]}));
  EXPECT_EQ(run({"history", "-i"}).out_lines(),
            (Lines{all[0], all[1], "bbbb2222 -> cccc3333 (current), c", all[3], all[4]}));
  EXPECT_EQ(run({"history", "--verbose", "-r", "dddd:dddd"}).out,
            "Rev: dddd4444\nParent: cccc3333\nPath: " + mig("004") + "\n\n    d\n\n");
}

TEST_P(GraphDbCli, OfflineRangeWithExpressions) {
  chain();
  RunResult r = run({"upgrade", "--sql", "bbbb2222:head-1"});
  ASSERT_EQ(r.code, 0) << r.err;
  Lines l = r.out_lines();
  EXPECT_EQ(l.at(0), "-- strata upgrade bbbb2222:head-1 (" + GetParam() + "), 2 revisions");
  Lines comments;
  for (const auto& s : l)
    if (s.rfind("-- upgrade ", 0) == 0) comments.push_back(s.substr(0, s.find(':')));
  EXPECT_EQ(comments, (Lines{"-- upgrade cccc3333", "-- upgrade dddd4444"}));
  RunResult from_base = run({"upgrade", "--sql", ":bbbb"});
  EXPECT_EQ(from_base.out_lines().at(0),
            "-- strata upgrade base:bbbb (" + GetParam() + "), 2 revisions");
  RunResult plain = run({"upgrade", "--sql", "cccc"});
  EXPECT_EQ(plain.out_lines().at(0),
            "-- strata upgrade base:cccc (" + GetParam() + "), 3 revisions");
}

TEST_P(GraphDbCli, BranchLabelsAndGraphDrawing) {
  p.migration("001", "aaaa1111", "", "SELECT 1;", "SELECT 1;", "", "root");
  p.migration("002", "bbbb2222", "aaaa1111", "SELECT 1;", "SELECT 1;", "", "left");
  p.migration("003", "cccc3333", "aaaa1111", "SELECT 1;", "SELECT 1;", "-- branch-labels: right\n",
              "right");
  p.migration("004", "dddd4444", "bbbb2222, cccc3333", "SELECT 1;", "SELECT 1;", "", "merge");
  RunResult g = run({"history", "--graph"});
  ASSERT_EQ(g.code, 0) << g.err;
  // As in Alembic, a label carries on to the branch's descendants: the merge.
  EXPECT_EQ(g.out_lines(), (Lines{"* dddd4444 (right) (head) merge", "|\\", "* | bbbb2222 left",
                                  "| * cccc3333 (right) right", "|/", "* aaaa1111 root"}));
  RunResult br = run({"branches"});
  EXPECT_EQ(br.out_lines(),
            (Lines{"<base> -> aaaa1111 (branchpoint), root", "                 -> bbbb2222, left",
                   "                 -> cccc3333, right"}));
  RunResult show = run({"show", "dddd"});
  EXPECT_EQ(show.out,
            "Rev: dddd4444 (head) (mergepoint)\nMerges: bbbb2222, cccc3333\n"
            "Branch names: right\nPath: " +
                mig("004") + "\n\n    merge\n");
  // A label names its revision; LABEL@head is the head of the branch, which
  // (as in Alembic) runs through the label's descendants: here the merge.
  EXPECT_EQ(run({"show", "right"}).out_lines().at(0), "Rev: cccc3333");
  RunResult lbl = run({"upgrade", "right"});
  ASSERT_EQ(lbl.code, 0) << lbl.err;
  EXPECT_EQ(versions(), (Lines{"cccc3333"}));
  RunResult lhead = run({"upgrade", "right@head"});
  ASSERT_EQ(lhead.code, 0) << lhead.err;
  EXPECT_EQ(mask_ms(lhead.err), "[1/2] upgrade   bbbb2222  N ms\n[2/2] upgrade   dddd4444  N ms\n");
  EXPECT_EQ(versions(), (Lines{"dddd4444"}));
  RunResult nolabel = run({"upgrade", "lefty@head"});
  EXPECT_EQ(nolabel.code, 1);
  EXPECT_EQ(nolabel.err, "error: No such revision or branch 'lefty'\n");
}

// ------------------------------------------------------------------ Alembic's walkthrough

// docs/build/branches.rst of Alembic, with its revision ids, as strata commands.
class AlembicBranches : public GraphDbCli {
 protected:
  void SetUp() override {
    GraphDbCli::SetUp();
    if (IsSkipped()) return;
    ASSERT_EQ(run({"revision", "-m", "create account table", "--rev-id", "1975ea83b712"}).code, 0);
    ASSERT_EQ(run({"revision", "-m", "add a column", "--rev-id", "ae1027a6acf"}).code, 0);
    // The shopping cart revision arrives from another source tree: a sibling.
    ASSERT_EQ(run({"revision", "-m", "add shopping cart table", "--head", "1975ea83b712",
                   "--splice", "--rev-id", "27c6a30d7c24"})
                  .code,
              0);
  }
};

INSTANTIATE_TEST_SUITE_P(Engines, AlembicBranches, testing::Values("sqlite", "postgresql", "mysql"),
                         engine_name);

TEST_P(AlembicBranches, MergeThenUpgradeHead) {
  EXPECT_EQ(run({"history"}).out_lines(),
            (Lines{"1975ea83b712 -> 27c6a30d7c24 (head), add shopping cart table",
                   "1975ea83b712 -> ae1027a6acf (head), add a column",
                   "<base> -> 1975ea83b712 (branchpoint), create account table"}));
  EXPECT_EQ(run({"heads"}).out, "27c6a30d7c24 (head)\nae1027a6acf (head)\n");
  RunResult head = run({"upgrade", "head"});
  EXPECT_EQ(head.code, 1);
  EXPECT_NE(head.err.find("Multiple heads are present for 'head'"), std::string::npos);

  RunResult merge =
      run({"merge", "-m", "merge ae1 and 27c", "ae1027", "27c6a", "--rev-id", "53fffde5ad5"});
  ASSERT_EQ(merge.code, 0) << merge.err;
  EXPECT_EQ(merge.out, mig("53fffde5ad5_merge_ae1_and_27c") + "\n");
  EXPECT_NE(p.read("migrations/53fffde5ad5_merge_ae1_and_27c.sql")
                .find("-- revises: ae1027a6acf, 27c6a30d7c24\n"),
            std::string::npos);
  EXPECT_TRUE(std::regex_match(
      run({"heads", "--verbose"}).out,
      std::regex("Rev: 53fffde5ad5 \\(head\\) \\(mergepoint\\)\nMerges: ae1027a6acf, "
                 "27c6a30d7c24\nPath: " +
                 mig("53fffde5ad5_merge_ae1_and_27c") +
                 "\nCreated: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\n\n    merge ae1 and 27c\n\n")));
  EXPECT_EQ(
      run({"history"}).out_lines(),
      (Lines{"ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5 (head) (mergepoint), merge ae1 and 27c",
             "1975ea83b712 -> ae1027a6acf, add a column",
             "1975ea83b712 -> 27c6a30d7c24, add shopping cart table",
             "<base> -> 1975ea83b712 (branchpoint), create account table"}));
  RunResult up = run({"-v", "upgrade", "head"});
  ASSERT_EQ(up.code, 0) << up.err;
  Lines started;
  for (const auto& l : up.err_lines())
    if (l.rfind("[", 0) == 0) started.push_back(l.substr(0, l.find("  ", 16)));
  EXPECT_EQ(started, (Lines{"[1/4] upgrade   1975ea83b712", "[2/4] upgrade   27c6a30d7c24",
                            "[3/4] upgrade   ae1027a6acf", "[4/4] upgrade   53fffde5ad5"}));
  EXPECT_EQ(versions(), (Lines{"53fffde5ad5"}));

  // Offline, the version table moves as Alembic's "merge mechanics" shows:
  // the other branch gets its row, then the merge deletes one and updates one.
  RunResult sql = run({"upgrade", "--sql", "27c6a30d7c24:53fffde5ad5"});
  Lines l;
  for (const auto& s : sql.out_lines())
    if (s.find(quoted("strata_version") + " ") != std::string::npos) l.push_back(s);
  const std::string table = quoted("strata_version");
  EXPECT_EQ(l, (Lines{"INSERT INTO " + table + " (version_num) VALUES ('ae1027a6acf');",
                      "DELETE FROM " + table + " WHERE version_num = 'ae1027a6acf';",
                      "UPDATE " + table +
                          " SET version_num = '53fffde5ad5' WHERE version_num = '27c6a30d7c24';"}));
}

TEST_P(AlembicBranches, ExplicitBranchesHeadsAndDowngradeOneAtATime) {
  RunResult up = run({"upgrade", "heads"});
  ASSERT_EQ(up.code, 0) << up.err;
  EXPECT_EQ(mask_ms(up.err),
            "[1/3] upgrade   1975ea83b712  N ms\n[2/3] upgrade   ae1027a6acf  N ms\n"
            "[3/3] upgrade   27c6a30d7c24  N ms\n");
  EXPECT_EQ(run({"current"}).out, "27c6a30d7c24 (head)\nae1027a6acf (head)\n");
  RunResult d1 = run({"downgrade", "-1"});
  ASSERT_EQ(d1.code, 0) << d1.err;
  EXPECT_EQ(mask_ms(d1.err), "[1/1] downgrade ae1027a6acf  N ms\n");
  EXPECT_EQ(run({"current"}).out, "27c6a30d7c24 (head)\n");
  ASSERT_EQ(run({"downgrade", "-1"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"1975ea83b712"}));
  ASSERT_EQ(run({"downgrade", "-1"}).code, 0);
  EXPECT_EQ(versions(), Lines{});

  // A specific version brings its ancestors, not its siblings.
  RunResult cart = run({"upgrade", "27c6a"});
  EXPECT_EQ(mask_ms(cart.err),
            "[1/2] upgrade   1975ea83b712  N ms\n[2/2] upgrade   27c6a30d7c24  N ms\n");
  RunResult col = run({"upgrade", "ae102"});
  EXPECT_EQ(mask_ms(col.err), "[1/1] upgrade   ae1027a6acf  N ms\n");
  EXPECT_EQ(versions(), (Lines{"27c6a30d7c24", "ae1027a6acf"}));

  // stamp takes several revisions; --purge starts from an empty table.
  RunResult one = run({"stamp", "--purge", "27c6a"});
  EXPECT_EQ(one.out, "stamped: the database is now at 27c6a30d7c24\n");
  RunResult two = run({"stamp", "ae1027a6acf", "27c6a30d7c24"});
  EXPECT_EQ(two.code, 0) << two.err;
  EXPECT_EQ(versions(), (Lines{"27c6a30d7c24", "ae1027a6acf"}));
}

TEST_P(AlembicBranches, LabelsMultipleBasesAndDependencies) {
  // Label the shopping cart branch by editing its file, as the docs do.
  std::string cart = p.read("migrations/27c6a30d7c24_add_shopping_cart_table.sql");
  cart.insert(cart.find("\n\n-- migrate:up"), "\n-- branch-labels: shoppingcart");
  p.write("migrations/27c6a30d7c24_add_shopping_cart_table.sql", cart);

  ASSERT_EQ(run({"upgrade", "shoppingcart@head"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"27c6a30d7c24"}));
  RunResult no_head = run({"revision", "-m", "add a shopping cart column"});
  EXPECT_EQ(no_head.code, 1);
  ASSERT_EQ(run({"revision", "-m", "add a shopping cart column", "--head", "shoppingcart@head",
                 "--rev-id", "d747a8a8879"})
                .code,
            0);
  EXPECT_EQ(ids_of(run({"history"})),
            (Lines{"ae1027a6acf", "d747a8a8879", "27c6a30d7c24", "1975ea83b712"}));
  EXPECT_EQ(ids_of(run({"history", "-r", "shoppingcart:"})),
            (Lines{"d747a8a8879", "27c6a30d7c24"}));
  EXPECT_EQ(ids_of(run({"history", "-r", ":shoppingcart@head"})),
            (Lines{"d747a8a8879", "27c6a30d7c24", "1975ea83b712"}));
  EXPECT_EQ(ids_of(run({"history", "-r", "shoppingcart@base:"})),
            (Lines{"ae1027a6acf", "d747a8a8879", "27c6a30d7c24", "1975ea83b712"}));
  ASSERT_EQ(run({"revision", "-m", "add another account column", "--head", "ae10@head", "--rev-id",
                 "55af2cb1c267"})
                .code,
            0);
  EXPECT_NE(p.read("migrations/55af2cb1c267_add_another_account_column.sql")
                .find("-- revises: ae1027a6acf\n"),
            std::string::npos);

  // A second base with its own label.
  ASSERT_EQ(run({"revision", "-m", "create networking branch", "--head", "base", "--branch-label",
                 "networking", "--rev-id", "3cac04ae8714"})
                .code,
            0);
  RunResult heads = run({"heads"});
  Lines head_ids;
  for (const auto& l : heads.out_lines()) head_ids.push_back(l.substr(0, l.find(' ')));
  std::sort(head_ids.begin(), head_ids.end());
  EXPECT_EQ(head_ids, (Lines{"3cac04ae8714", "55af2cb1c267", "d747a8a8879"}));
  ASSERT_EQ(run({"revision", "-m", "add ip number table", "--head", "networking@head", "--rev-id",
                 "109ec7d132bf"})
                .code,
            0);
  RunResult not_head = run({"revision", "-m", "add DNS table", "--head", "networking"});
  EXPECT_EQ(not_head.code, 2);
  EXPECT_EQ(not_head.err,
            "error: revision 3cac04ae8714 is not a head; pass --splice to branch from it\n");
  ASSERT_EQ(run({"revision", "-m", "add DNS table", "--head", "networking@head", "--rev-id",
                 "29f859a13ea"})
                .code,
            0);
  EXPECT_EQ(ids_of(run({"history", "-r", "networking@base:"})),
            (Lines{"29f859a13ea", "109ec7d132bf", "3cac04ae8714"}));

  RunResult net = run({"upgrade", "networking@head"});
  ASSERT_EQ(net.code, 0) << net.err;
  EXPECT_EQ(mask_ms(net.err),
            "[1/3] upgrade   3cac04ae8714  N ms\n[2/3] upgrade   109ec7d132bf  N ms\n"
            "[3/3] upgrade   29f859a13ea  N ms\n");
  RunResult all = run({"upgrade", "heads"});
  ASSERT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(mask_ms(all.err),
            "[1/3] upgrade   d747a8a8879  N ms\n[2/3] upgrade   ae1027a6acf  N ms\n"
            "[3/3] upgrade   55af2cb1c267  N ms\n");
  EXPECT_EQ(versions(), (Lines{"29f859a13ea", "55af2cb1c267", "d747a8a8879"}));

  // depends-on: networking reaches into the account stream without merging.
  ASSERT_EQ(run({"revision", "-m", "add ip account table", "--head", "networking@head",
                 "--depends-on", "55af2cb1c267", "--rev-id", "2a95102259be"})
                .code,
            0);
  std::string dep = p.read("migrations/2a95102259be_add_ip_account_table.sql");
  EXPECT_NE(dep.find("-- revises: 29f859a13ea\n"), std::string::npos) << dep;
  EXPECT_NE(dep.find("-- depends-on: 55af2cb1c267\n"), std::string::npos) << dep;
  EXPECT_EQ(ids_of(run({"history", "-r", ":networking@head"})),
            (Lines{"2a95102259be", "29f859a13ea", "109ec7d132bf", "3cac04ae8714", "55af2cb1c267",
                   "ae1027a6acf", "1975ea83b712"}));
  EXPECT_EQ(ids_of(run({"history", "-r", "networking@base:"})),
            (Lines{"2a95102259be", "29f859a13ea", "109ec7d132bf", "3cac04ae8714"}));
  ASSERT_EQ(run({"upgrade", "heads"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"2a95102259be", "d747a8a8879"}));
  // The dependency keeps 55af2cb1c267 below 2a95102259be: going down the
  // account branch to ae1027a6acf takes the networking head down with it.
  ASSERT_EQ(run({"downgrade", "ae1027a6acf"}).code, 0);
  EXPECT_EQ(versions(), (Lines{"29f859a13ea", "ae1027a6acf", "d747a8a8879"}));
}

// Alembic prints labels on every revision of a labelled branch, dependencies
// in parentheses, and "(effective head)" for a revision only dependents follow
// (docs/build/branches.rst, `alembic history -r :networking@head`).
TEST_P(AlembicBranches, HistoryShowsInheritedLabelsAndDependenciesAsAlembicDoes) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "reads the files only; the SQLite run covers it";
  std::string cart = p.read("migrations/27c6a30d7c24_add_shopping_cart_table.sql");
  cart.insert(cart.find("\n\n-- migrate:up"), "\n-- branch-labels: shoppingcart");
  p.write("migrations/27c6a30d7c24_add_shopping_cart_table.sql", cart);
  ASSERT_EQ(run({"revision", "-m", "add a shopping cart column", "--head", "shoppingcart@head",
                 "--rev-id", "d747a8a8879"})
                .code,
            0);
  EXPECT_EQ(run({"history", "-r", "shoppingcart:"}).out_lines(),
            (Lines{"27c6a30d7c24 -> d747a8a8879 (shoppingcart) (head), add a shopping cart column",
                   "1975ea83b712 -> 27c6a30d7c24 (shoppingcart), add shopping cart table"}));
  ASSERT_EQ(run({"revision", "-m", "add another account column", "--head", "ae10@head", "--rev-id",
                 "55af2cb1c267"})
                .code,
            0);
  ASSERT_EQ(run({"revision", "-m", "create networking branch", "--head", "base", "--branch-label",
                 "networking", "--rev-id", "3cac04ae8714"})
                .code,
            0);
  ASSERT_EQ(run({"revision", "-m", "add ip number table", "--head", "networking@head", "--rev-id",
                 "109ec7d132bf"})
                .code,
            0);
  ASSERT_EQ(run({"revision", "-m", "add DNS table", "--head", "networking@head", "--rev-id",
                 "29f859a13ea"})
                .code,
            0);
  ASSERT_EQ(run({"revision", "-m", "add ip account table", "--head", "networking@head",
                 "--depends-on", "55af2cb1c267", "--rev-id", "2a95102259be"})
                .code,
            0);
  EXPECT_EQ(
      run({"history", "-r", ":networking@head"}).out_lines(),
      (Lines{"29f859a13ea (55af2cb1c267) -> 2a95102259be (networking) (head), add ip account table",
             "109ec7d132bf -> 29f859a13ea (networking), add DNS table",
             "3cac04ae8714 -> 109ec7d132bf (networking), add ip number table",
             "<base> -> 3cac04ae8714 (networking), create networking branch",
             "ae1027a6acf -> 55af2cb1c267 (effective head), add another account column",
             "1975ea83b712 -> ae1027a6acf, add a column",
             "<base> -> 1975ea83b712 (branchpoint), create account table"}));
}

// Expressions that do not depend on the database resolve from the files alone:
// with an unreachable server, `show` of an id or a label (even one spelled
// with "current" inside) works, while `current`, `+N` and `-N` need the
// database and say they cannot reach it.
TEST_F(GraphCli, OnlyRelativeExpressionsReadTheDatabase) {
  p.migration("001", "aaaa1111", "", "SELECT 1;", "SELECT 1;", "-- branch-labels: concurrent_x\n",
              "root");
  p.migration("002", "bbbb2222", "aaaa1111", "SELECT 1;", "SELECT 1;", "", "next");
  std::string url = "postgresql://u:pw@127.0.0.1:" + std::to_string(closed_port()) + "/x";
  RunResult by_label = run({"--url", url, "show", "concurrent_x"});
  EXPECT_EQ(by_label.code, 0) << by_label.err;
  EXPECT_EQ(by_label.out_lines().at(0), "Rev: aaaa1111") << by_label.out;
  RunResult range = run({"--url", url, "history", "-r", "aaaa:bbbb"});
  EXPECT_EQ(range.code, 0) << range.err;
  for (const Lines& args :
       {Lines{"--url", url, "show", "current"}, Lines{"--url", url, "show", "+1"},
        Lines{"--url", url, "history", "-r", "current:"}}) {
    RunResult r = run(args);
    EXPECT_EQ(r.code, 1) << args.back();
    EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace strata::clitest
