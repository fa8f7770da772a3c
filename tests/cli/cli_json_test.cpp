// End to end: the `--json` output of every command that prints state. Each
// document must parse as one JSON value on stdout (progress stays on stderr)
// and carry exactly the keys cli/ documents, in order, with the right values.
#include <gtest/gtest.h>

#include <map>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;
using T = Json::Type;

const Lines kRevisionKeys{"revision",        "parents",   "depends_on", "branch_labels", "message",
                          "created",         "path",      "is_head",    "is_real_head", "is_base",       "is_merge",
                          "is_branch_point", "reversible"};

class JsonCli : public testing::Test {
 protected:
  void SetUp() override {
    p.write_config("sqlite:///app.db");
    p.migration("001_a", "aaaa1111", "", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;", "",
                "create a");
    p.migration("002_b", "bbbb2222", "aaaa1111",
                "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);", "DROP TABLE b;",
                "-- branch-labels: main\n", "create b");
    p.migration("003_c", "cccc3333", "aaaa1111", "CREATE TABLE c (id INTEGER);", "", "",
                "create c");
  }

  Json json(const Lines& args, int code = 0) {
    Lines a{"--json"};
    a.insert(a.end(), args.begin(), args.end());
    RunResult r = p.run(a);
    EXPECT_EQ(r.code, code) << args[0] << ": " << r.err;
    auto j = parse_json(r.out);
    EXPECT_TRUE(j.has_value()) << args[0] << " printed no JSON: " << r.out;
    EXPECT_FALSE(has_ansi(r.out));
    return j.value_or(Json{});
  }
  std::string mig(const std::string& name) const { return p.path("migrations/" + name + ".sql"); }
  std::string db_url() const { return "sqlite:///" + p.path("app.db"); }

  void expect_revision(const Json& j, const std::string& id, const Lines& parents,
                       const std::string& message, const std::string& file, bool head, bool base,
                       bool branch_point, bool reversible, const Lines& labels = {}) {
    EXPECT_EQ(j.keys(), kRevisionKeys);
    EXPECT_EQ(j["revision"].str, id);
    EXPECT_EQ(j["parents"].strings(), parents);
    EXPECT_EQ(j["depends_on"].strings(), Lines{});
    EXPECT_EQ(j["branch_labels"].strings(), labels);
    EXPECT_EQ(j["message"].str, message);
    EXPECT_EQ(j["created"].str, "");
    EXPECT_EQ(j["path"].str, mig(file));
    EXPECT_EQ(j["is_head"].b, head) << id;
    EXPECT_EQ(j["is_base"].b, base) << id;
    EXPECT_EQ(j["is_merge"].b, false) << id;
    EXPECT_EQ(j["is_branch_point"].b, branch_point) << id;
    EXPECT_EQ(j["reversible"].b, reversible) << id;
  }

  Project p;
};

TEST_F(JsonCli, GraphCommands) {
  Json heads = json({"heads"});
  EXPECT_EQ(heads.keys(), Lines{"heads"});
  ASSERT_EQ(heads["heads"].size(), 2u);
  expect_revision(heads["heads"][0], "bbbb2222", {"aaaa1111"}, "create b", "002_b", true, false,
                  false, true, {"main"});
  expect_revision(heads["heads"][1], "cccc3333", {"aaaa1111"}, "create c", "003_c", true, false,
                  false, false);

  Json hist = json({"history"});
  EXPECT_EQ(hist.keys(), Lines{"revisions"});
  ASSERT_EQ(hist["revisions"].size(), 3u);
  EXPECT_EQ(hist["revisions"][0]["revision"].str, "bbbb2222");
  EXPECT_EQ(hist["revisions"][1]["revision"].str, "cccc3333");
  expect_revision(hist["revisions"][2], "aaaa1111", {}, "create a", "001_a", false, true, true,
                  true);

  Json show = json({"show", "main@head"});
  expect_revision(show, "bbbb2222", {"aaaa1111"}, "create b", "002_b", true, false, false, true,
                  {"main"});

  Json br = json({"branches"});
  EXPECT_EQ(br.keys(), Lines{"branch_points"});
  ASSERT_EQ(br["branch_points"].size(), 1u);
  const Json& bp = br["branch_points"][0];
  EXPECT_EQ(bp.keys(), (Lines{"revision", "message", "children"}));
  EXPECT_EQ(bp["revision"].str, "aaaa1111");
  EXPECT_EQ(bp["message"].str, "create a");
  Lines kids = bp["children"].strings();
  std::sort(kids.begin(), kids.end());
  EXPECT_EQ(kids, (Lines{"bbbb2222", "cccc3333"}));
}

TEST_F(JsonCli, DatabaseCommands) {
  Json cur0 = json({"current"});
  EXPECT_EQ(cur0.keys(), (Lines{"database", "current", "unknown", "heads", "at_heads"}));
  EXPECT_EQ(cur0["database"].str, db_url());
  EXPECT_EQ(cur0["current"].size(), 0u);
  EXPECT_EQ(cur0["heads"].strings(), (Lines{"bbbb2222", "cccc3333"}));
  EXPECT_FALSE(cur0["at_heads"].b);

  Json plan = json({"upgrade", "main@head", "--plan"});
  EXPECT_EQ(plan.keys(), (Lines{"current", "steps"}));
  EXPECT_EQ(plan["current"].strings(), Lines{});
  ASSERT_EQ(plan["steps"].size(), 2u);
  const Json& s1 = plan["steps"][1];
  EXPECT_EQ(s1.keys(), (Lines{"revision", "message", "path", "direction", "transactional",
                              "resume_from", "statements", "remove_heads", "add_heads"}));
  EXPECT_EQ(s1["revision"].str, "bbbb2222");
  EXPECT_EQ(s1["message"].str, "create b");
  EXPECT_EQ(s1["path"].str, mig("002_b"));
  EXPECT_EQ(s1["direction"].str, "up");
  EXPECT_TRUE(s1["transactional"].b);
  EXPECT_EQ(s1["resume_from"].num, 0);
  EXPECT_EQ(s1["statements"].strings(),
            (Lines{"CREATE TABLE b (id INTEGER)", "INSERT INTO b VALUES (1)"}));
  EXPECT_EQ(s1["remove_heads"].strings(), Lines{"aaaa1111"});
  EXPECT_EQ(s1["add_heads"].strings(), Lines{"bbbb2222"});
  EXPECT_EQ(plan["steps"][0]["remove_heads"].strings(), Lines{});

  Json up = json({"upgrade", "heads"});
  EXPECT_EQ(up.keys(), (Lines{"direction", "applied", "heads_before", "heads_after", "elapsed_ms",
                              "lock_wait_ms"}));
  EXPECT_EQ(up["direction"].str, "up");
  // Alembic's order for `upgrade heads`: the base, then each branch.
  EXPECT_EQ(up["applied"].strings(), (Lines{"aaaa1111", "cccc3333", "bbbb2222"}));
  EXPECT_EQ(up["heads_before"].strings(), Lines{});
  Lines after = up["heads_after"].strings();
  std::sort(after.begin(), after.end());
  EXPECT_EQ(after, (Lines{"bbbb2222", "cccc3333"}));
  EXPECT_EQ(up["elapsed_ms"].type, T::kNumber);
  EXPECT_GE(up["elapsed_ms"].num, 0);
  EXPECT_EQ(up["lock_wait_ms"].type, T::kNumber);

  Json cur = json({"current"});
  ASSERT_EQ(cur["current"].size(), 2u);
  expect_revision(cur["current"][0], "bbbb2222", {"aaaa1111"}, "create b", "002_b", true, false,
                  false, true, {"main"});
  EXPECT_TRUE(cur["at_heads"].b);
  EXPECT_EQ(cur["unknown"].strings(), Lines{});

  Json st = json({"status"});
  EXPECT_EQ(st.keys(), (Lines{"database", "revisions", "summary"}));
  EXPECT_EQ(st["database"].str, db_url());
  ASSERT_EQ(st["revisions"].size(), 3u);
  const Json& r0 = st["revisions"][0];
  EXPECT_EQ(r0.keys(), (Lines{"revision", "message", "path", "state", "applied_at",
                              "recorded_checksum", "file_checksum"}));
  EXPECT_EQ(r0["revision"].str, "aaaa1111");
  EXPECT_EQ(r0["state"].str, "applied");
  EXPECT_EQ(r0["recorded_checksum"].str.size(), 64u);
  EXPECT_EQ(r0["recorded_checksum"].str, r0["file_checksum"].str);
  EXPECT_EQ(r0["applied_at"].str.size(), 24u) << r0["applied_at"].str;  // 2026-01-02T03:04:05.678Z
  const Json& sum = st["summary"];
  EXPECT_EQ(sum.keys(), (Lines{"applied", "pending", "edited", "unfinished", "missing"}));
  EXPECT_EQ(sum["applied"].num, 3);
  EXPECT_EQ(sum["pending"].num, 0);

  Json v = json({"verify"});
  EXPECT_EQ(v.keys(), (Lines{"ok", "problems"}));
  EXPECT_TRUE(v["ok"].b);
  EXPECT_EQ(v["problems"].size(), 0u);

  Json hist = json({"history", "-i"});
  EXPECT_EQ(hist.keys(), (Lines{"revisions", "current"}));
  EXPECT_EQ(hist["current"].strings(), (Lines{"bbbb2222", "cccc3333"}));

  Json down = json({"downgrade", "main@-1"});
  EXPECT_EQ(down.keys(), (Lines{"direction", "unapplied", "heads_before", "heads_after",
                                "elapsed_ms", "lock_wait_ms"}));
  EXPECT_EQ(down["direction"].str, "down");
  EXPECT_EQ(down["unapplied"].strings(), Lines{"bbbb2222"});
  EXPECT_EQ(down["heads_after"].strings(), Lines{"cccc3333"});

  // An edit shows in status and verify; verify still prints JSON, exit 3.
  std::string a = p.read("migrations/001_a.sql");
  a.replace(a.find("id INTEGER"), 10, "id BIGINT");
  p.write("migrations/001_a.sql", a);
  Json st2 = json({"status"});
  std::map<std::string, const Json*> by_id;
  for (const auto& r : st2["revisions"].items) by_id[r["revision"].str] = &r;
  ASSERT_EQ(by_id.size(), 3u);
  EXPECT_EQ((*by_id["aaaa1111"])["state"].str, "edited");
  EXPECT_NE((*by_id["aaaa1111"])["recorded_checksum"].str,
            (*by_id["aaaa1111"])["file_checksum"].str);
  EXPECT_EQ((*by_id["bbbb2222"])["state"].str, "pending");
  EXPECT_EQ((*by_id["cccc3333"])["state"].str, "applied");
  EXPECT_EQ(st2["summary"]["edited"].num, 1);
  EXPECT_EQ(st2["summary"]["pending"].num, 1);
  Json v2 = json({"verify"}, 3);
  EXPECT_FALSE(v2["ok"].b);
  ASSERT_EQ(v2["problems"].size(), 1u);
  EXPECT_EQ(v2["problems"][0].str.rfind(mig("001_a") + ": revision aaaa1111 was edited", 0), 0u)
      << v2["problems"][0].str;

  Json stamp = json({"stamp", "bbbb2222"});
  EXPECT_EQ(stamp.keys(), Lines{"current"});
  Lines now = stamp["current"].strings();
  std::sort(now.begin(), now.end());
  EXPECT_EQ(now, (Lines{"bbbb2222", "cccc3333"}));

  RunResult check = p.run({"--json", "current", "--check-heads"});
  EXPECT_EQ(check.code, 0);
}

TEST_F(JsonCli, UnfinishedAndResolve) {
  p.write("migrations/004_d.sql",
          "-- revision: dddd4444\n-- revises: bbbb2222\n-- message: create d\n\n"
          "-- migrate:up transaction:false\nCREATE TABLE d (id INTEGER);\nINSERT INTO nope VALUES "
          "(1);\n"
          "-- migrate:down\nDROP TABLE d;\n");
  ASSERT_EQ(p.run({"upgrade", "dddd"}).code, 1);
  Json st = json({"status"});
  const Json* d = nullptr;
  for (const auto& r : st["revisions"].items)
    if (r["revision"].str == "dddd4444") d = &r;
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->keys(),
            (Lines{"revision", "message", "path", "state", "applied_at", "recorded_checksum",
                   "file_checksum", "direction", "statements_done", "statement_count", "error"}));
  EXPECT_EQ((*d)["state"].str, "unfinished");
  EXPECT_EQ((*d)["direction"].str, "up");
  EXPECT_EQ((*d)["statements_done"].num, 1);
  EXPECT_EQ((*d)["statement_count"].num, 2);
  EXPECT_EQ((*d)["error"].str, "no such table: nope");
  EXPECT_EQ(st["summary"]["unfinished"].num, 1);

  Json res = json({"resolve", "dddd", "--rolled-back"});
  EXPECT_EQ(res.keys(), (Lines{"revision", "resolved_as", "current"}));
  EXPECT_EQ(res["revision"].str, "dddd4444");  // the id, not the expression given
  EXPECT_EQ(res["resolved_as"].str, "rolled-back");
  EXPECT_EQ(res["current"].strings(), Lines{"bbbb2222"});
}

TEST_F(JsonCli, AuthoringCommands) {
  Json rev = json({"revision", "-m", "next", "--head", "main@head", "--rev-id", "eeee5555"});
  EXPECT_EQ(rev.keys(), Lines{"path"});
  EXPECT_EQ(rev["path"].str, mig("eeee5555_next"));
  Json merge = json({"merge", "heads", "-m", "join", "--rev-id", "ffff6666"});
  EXPECT_EQ(merge.keys(), Lines{"path"});
  EXPECT_EQ(merge["path"].str, mig("ffff6666_join"));

  Project fresh;
  RunResult init =
      run_strata({"--json", "init", "proj", "--dialect", "postgresql"}, {fresh.root()});
  ASSERT_EQ(init.code, 0) << init.err;
  auto j = parse_json(init.out);
  ASSERT_TRUE(j.has_value()) << init.out;
  EXPECT_EQ(j->keys(), (Lines{"project", "dialect"}));
  EXPECT_EQ((*j)["project"].str, fresh.path("proj"));
  EXPECT_EQ((*j)["dialect"].str, "postgresql");
}

}  // namespace
}  // namespace strata::clitest
