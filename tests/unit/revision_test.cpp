// Tests of the revision graph: Alembic's documented branch scenarios
// ("Working with Branches"), the expression grammar, plans with their
// version-table rows, stamps, history, graph drawing, every build error, and
// 10,000-revision graphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "revision/expression.hpp"
#include "revision/graph.hpp"

namespace strata::detail {
namespace {

using Ids = std::vector<std::string>;

// The ids of Alembic's branches chapter.
const std::string kAccount = "1975ea83b712";   // create account table
const std::string kColumn = "ae1027a6acf";     // add a column
const std::string kCart = "27c6a30d7c24";      // add shopping cart table
const std::string kMerge = "53fffde5ad5";      // merge ae1 and 27c
const std::string kCartCol = "d747a8a8879";    // add a shopping cart column
const std::string kAccount2 = "55af2cb1c267";  // add another account column
const std::string kNet = "3cac04ae8714";       // create networking branch
const std::string kIp = "109ec7d132bf";        // add ip number table
const std::string kDns = "29f859a13ea";        // add DNS table
const std::string kIpAcct = "2a95102259be";    // add ip account table
const std::string kMore = "34e094ad6ef1";      // more account changes

RevisionNode rev(std::string id, Ids parents = {}, Ids depends_on = {}, Ids labels = {},
                 std::string dir = "versions") {
  RevisionNode n;
  n.path = dir + "/" + id + ".sql";
  n.id = std::move(id);
  n.parents = std::move(parents);
  n.depends_on = std::move(depends_on);
  n.branch_labels = std::move(labels);
  return n;
}

RevisionGraph build_ok(std::vector<RevisionNode> nodes) {
  auto g = RevisionGraph::build(std::move(nodes));
  EXPECT_TRUE(g.has_value()) << (g ? "" : g.error().message);
  return std::move(*g);
}

std::string build_error(std::vector<RevisionNode> nodes) {
  auto g = RevisionGraph::build(std::move(nodes));
  EXPECT_FALSE(g.has_value());
  return g ? "" : g.error().message;
}

// "up REV -deleted_row +inserted_row", one line per step.
std::string show(const std::vector<Step>& steps) {
  std::string out;
  for (const Step& s : steps) {
    out += (s.upgrade ? "up " : "down ") + s.revision;
    for (const auto& r : s.delete_rows) out += " -" + r;
    for (const auto& r : s.insert_rows) out += " +" + r;
    out += "\n";
  }
  return out;
}

std::string up(const RevisionGraph& g, const Ids& rows, std::string_view target) {
  auto plan = g.plan_upgrade(rows, target);
  if (!plan) return "error: " + plan.error().message;
  return show(*plan);
}

std::string down(const RevisionGraph& g, const Ids& rows, std::string_view target) {
  auto plan = g.plan_downgrade(rows, target);
  if (!plan) return "error: " + plan.error().message;
  return show(*plan);
}

// The rows left after a plan, applied to `rows` as a runner would.
Ids rows_after(Ids rows, const std::vector<Step>& steps) {
  for (const Step& s : steps) {
    for (const auto& d : s.delete_rows) std::erase(rows, d);
    for (const auto& i : s.insert_rows) rows.push_back(i);
  }
  return rows;
}

Ids resolve(const RevisionGraph& g, std::string_view expr, const Ids& rows = {}) {
  auto r = g.resolve(expr, rows);
  EXPECT_TRUE(r.has_value()) << expr << ": " << (r ? "" : r.error().message);
  return r ? *r : Ids{};
}

std::string resolve_error(const RevisionGraph& g, std::string_view expr, const Ids& rows = {}) {
  auto r = g.resolve(expr, rows);
  EXPECT_FALSE(r.has_value()) << expr;
  return r ? "" : r.error().message;
}

Ids history(const RevisionGraph& g, std::string_view range, const Ids& rows = {}) {
  auto h = g.history(range, rows);
  EXPECT_TRUE(h.has_value()) << range << ": " << (h ? "" : h.error().message);
  return h ? *h : Ids{};
}

// 1975ea83b712 branches into ae1027a6acf and 27c6a30d7c24. Nodes come in
// Alembic's load order: files sorted by name.
std::vector<RevisionNode> branched() {
  return {rev(kAccount), rev(kCart, {kAccount}), rev(kColumn, {kAccount})};
}

// --- Alembic "Working with Branches" -------------------------------------

TEST(RevisionBranches, BranchPointHeadsAndHistory) {
  RevisionGraph g = build_ok(branched());
  EXPECT_EQ(g.heads(), (Ids{kCart, kColumn}));
  EXPECT_EQ(g.bases(), (Ids{kAccount}));
  EXPECT_EQ(g.branch_points(), (Ids{kAccount}));
  EXPECT_EQ(g.children(kAccount), (Ids{kCart, kColumn}));
  EXPECT_TRUE(g.is_branch_point(kAccount));
  EXPECT_FALSE(g.is_merge_point(kAccount));
  // $ alembic history
  EXPECT_EQ(history(g, ""), (Ids{kCart, kColumn, kAccount}));
}

TEST(RevisionBranches, UpgradeHeadWithTwoHeadsFails) {
  RevisionGraph g = build_ok(branched());
  auto plan = g.plan_upgrade({}, "head");
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, ErrorCode::kFailure);
  EXPECT_EQ(plan.error().message,
            "Multiple heads are present for 'head': 27c6a30d7c24, ae1027a6acf");
  EXPECT_EQ(plan.error().hint,
            "name one revision, narrow to one branch with LABEL@head, use 'heads' for all of "
            "them, or join them with 'strata merge heads'");
}

TEST(RevisionBranches, MergeUpgradeAndVersionTable) {
  auto nodes = branched();
  nodes.insert(nodes.begin() + 2, rev(kMerge, {kColumn, kCart}));
  RevisionGraph g = build_ok(nodes);
  EXPECT_EQ(g.heads(), (Ids{kMerge}));
  EXPECT_TRUE(g.is_merge_point(kMerge));
  EXPECT_EQ(history(g, ""), (Ids{kMerge, kColumn, kCart, kAccount}));
  // The docs' SQL: INSERT 1975; UPDATE 1975->27c6; INSERT ae10;
  // DELETE ae10 + UPDATE 27c6->53ff.
  EXPECT_EQ(up(g, {}, "head"),
            "up 1975ea83b712 +1975ea83b712\n"
            "up 27c6a30d7c24 -1975ea83b712 +27c6a30d7c24\n"
            "up ae1027a6acf +ae1027a6acf\n"
            "up 53fffde5ad5 -ae1027a6acf -27c6a30d7c24 +53fffde5ad5\n");
  // A database on either branch alone crosses the merge as well.
  EXPECT_EQ(up(g, {kColumn}, "head"),
            "up 27c6a30d7c24 +27c6a30d7c24\n"
            "up 53fffde5ad5 -ae1027a6acf -27c6a30d7c24 +53fffde5ad5\n");
  EXPECT_EQ(up(g, {kCart}, "heads"),
            "up ae1027a6acf +ae1027a6acf\n"
            "up 53fffde5ad5 -ae1027a6acf -27c6a30d7c24 +53fffde5ad5\n");
  EXPECT_EQ(up(g, {kMerge}, "head"), "");
  // Down through the merge: the merge's row splits back into its parents.
  EXPECT_EQ(down(g, {kMerge}, "1975ea83b712"),
            "down 53fffde5ad5 -53fffde5ad5 +ae1027a6acf +27c6a30d7c24\n"
            "down ae1027a6acf -ae1027a6acf\n"
            "down 27c6a30d7c24 -27c6a30d7c24 +1975ea83b712\n");
}

TEST(RevisionBranches, UpgradeHeadsThenDowngradeOneAtATime) {
  RevisionGraph g = build_ok(branched());
  auto plan = g.plan_upgrade({}, "heads");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan),
            "up 1975ea83b712 +1975ea83b712\n"
            "up ae1027a6acf -1975ea83b712 +ae1027a6acf\n"
            "up 27c6a30d7c24 +27c6a30d7c24\n");
  Ids rows = rows_after({}, *plan);
  EXPECT_EQ(rows, (Ids{kColumn, kCart}));
  // "Alembic will delete from the alembic_version table each branch that's
  // closed out, until only one branch remains".
  EXPECT_EQ(down(g, rows, "-1"), "down ae1027a6acf -ae1027a6acf\n");
  rows = {kCart};
  EXPECT_EQ(down(g, rows, "-1"), "down 27c6a30d7c24 -27c6a30d7c24 +1975ea83b712\n");
  rows = {kAccount};
  EXPECT_EQ(down(g, rows, "-1"), "down 1975ea83b712 -1975ea83b712\n");
  EXPECT_EQ(down(g, {}, "-1"), "error: Relative revision -1 didn't produce 1 migration");
}

TEST(RevisionBranches, UpgradeToOneBranchLeavesTheSibling) {
  RevisionGraph g = build_ok(branched());
  EXPECT_EQ(up(g, {}, "27c6a"),
            "up 1975ea83b712 +1975ea83b712\n"
            "up 27c6a30d7c24 -1975ea83b712 +27c6a30d7c24\n");
  EXPECT_EQ(up(g, {kCart}, "ae102"), "up ae1027a6acf +ae1027a6acf\n");
}

TEST(RevisionBranches, BranchLabels) {
  auto nodes = branched();
  nodes[1].branch_labels = {"shoppingcart"};
  RevisionGraph g = build_ok(nodes);
  EXPECT_EQ(resolve(g, "shoppingcart"), (Ids{kCart}));
  EXPECT_EQ(g.labels(kCart), (Ids{"shoppingcart"}));
  EXPECT_EQ(g.labels(kAccount), Ids{});  // the branch point keeps no label
  EXPECT_EQ(up(g, {kAccount}, "shoppingcart@head"),
            "up 27c6a30d7c24 -1975ea83b712 +27c6a30d7c24\n");

  // alembic revision --head shoppingcart@head: d747a8a8879 joins the branch.
  nodes.push_back(rev(kCartCol, {kCart}));
  g = build_ok(nodes);
  EXPECT_EQ(g.labels(kCartCol), (Ids{"shoppingcart"}));
  EXPECT_EQ(resolve(g, "shoppingcart@head"), (Ids{kCartCol}));
  EXPECT_EQ(resolve(g, "shoppingcart@heads"), (Ids{kCartCol}));
  EXPECT_EQ(resolve(g, "ae10@head"), (Ids{kColumn}));
  EXPECT_EQ(history(g, ""), (Ids{kColumn, kCartCol, kCart, kAccount}));
  EXPECT_EQ(history(g, "shoppingcart:"), (Ids{kCartCol, kCart}));
  EXPECT_EQ(history(g, ":shoppingcart@head"), (Ids{kCartCol, kCart, kAccount}));
  // shoppingcart@base is the base shared with ae1027a6acf.
  EXPECT_EQ(history(g, "shoppingcart@base:"), (Ids{kColumn, kCartCol, kCart, kAccount}));
  EXPECT_EQ(resolve(g, "shoppingcart@base"), (Ids{kAccount}));

  EXPECT_EQ(resolve(g, "shoppingcart@27c6"), (Ids{kCart}));
  EXPECT_EQ(resolve_error(g, "shoppingcart@ae10"),
            "Revision ae1027a6acf is not a member of branch 'shoppingcart'");
  EXPECT_EQ(resolve_error(g, "nosuch@head"), "No such revision or branch 'nosuch'");
}

TEST(RevisionBranches, LabelRelativeForms) {
  auto nodes = branched();
  nodes[1].branch_labels = {"shoppingcart"};
  nodes.push_back(rev(kCartCol, {kCart}));
  RevisionGraph g = build_ok(nodes);
  // From an empty database, shoppingcart@+2 climbs the branch from its base.
  EXPECT_EQ(resolve(g, "shoppingcart@+2"), (Ids{kCart}));
  EXPECT_EQ(up(g, {}, "shoppingcart@+2"),
            "up 1975ea83b712 +1975ea83b712\n"
            "up 27c6a30d7c24 -1975ea83b712 +27c6a30d7c24\n");
  // The branch has no row yet: it starts from its highest applied revision.
  EXPECT_EQ(up(g, {kColumn}, "shoppingcart@+1"), "up 27c6a30d7c24 +27c6a30d7c24\n");
  EXPECT_EQ(up(g, {kColumn, kCart}, "shoppingcart@+1"),
            "up d747a8a8879 -27c6a30d7c24 +d747a8a8879\n");
  EXPECT_EQ(resolve(g, "shoppingcart@head-1"), (Ids{kCart}));
  EXPECT_EQ(resolve(g, "shoppingcart@head-2"), (Ids{kAccount}));
  EXPECT_EQ(history(g, ":shoppingcart@head-1"), (Ids{kCart, kAccount}));
  EXPECT_EQ(history(g, "current:shoppingcart@+2", {kAccount}), (Ids{kCartCol, kCart, kAccount}));
  // Down one step on the shopping cart branch only.
  EXPECT_EQ(down(g, {kColumn, kCartCol}, "shoppingcart@-1"),
            "down d747a8a8879 -d747a8a8879 +27c6a30d7c24\n");
  EXPECT_EQ(down(g, {kColumn, kCartCol}, "shoppingcart@-2"),
            "down d747a8a8879 -d747a8a8879 +27c6a30d7c24\n"
            "down 27c6a30d7c24 -27c6a30d7c24\n");
  // A revision of the branch point names both branches; the label keeps one.
  EXPECT_EQ(down(g, {kColumn, kCartCol}, "shoppingcart@1975ea83b712"),
            "down d747a8a8879 -d747a8a8879 +27c6a30d7c24\n"
            "down 27c6a30d7c24 -27c6a30d7c24\n");
  EXPECT_EQ(down(g, {kColumn, kCartCol}, "1975ea83b712"),
            "down ae1027a6acf -ae1027a6acf\n"
            "down d747a8a8879 -d747a8a8879 +27c6a30d7c24\n"
            "down 27c6a30d7c24 -27c6a30d7c24 +1975ea83b712\n");
  EXPECT_EQ(down(g, {kColumn}, "shoppingcart@-1"),
            "error: Relative revision shoppingcart@-1 didn't produce 1 migration");
}

// Networking: a second base with its own label, then a revision on it that
// depends on 55af2cb1c267 from the account tree.
std::vector<RevisionNode> forest(bool with_dependency, bool with_more) {
  std::vector<RevisionNode> nodes = {
      rev(kIp, {kNet}, {}, {}, "model/networking"),
      rev(kDns, {kIp}, {}, {}, "model/networking"),
  };
  if (with_dependency) nodes.push_back(rev(kIpAcct, {kDns}, {kAccount2}, {}, "model/networking"));
  nodes.push_back(rev(kNet, {}, {}, {"networking"}, "model/networking"));
  nodes.push_back(rev(kAccount));
  nodes.push_back(rev(kCart, {kAccount}, {}, {"shoppingcart"}));
  if (with_more) nodes.push_back(rev(kMore, {kAccount2}));
  nodes.push_back(rev(kAccount2, {kColumn}));
  nodes.push_back(rev(kColumn, {kAccount}));
  if (!with_more) nodes.push_back(rev(kCartCol, {kCart}));
  return nodes;
}

TEST(RevisionBranches, MultipleBases) {
  RevisionGraph g = build_ok(forest(false, false));
  EXPECT_EQ(g.bases(), (Ids{kNet, kAccount}));
  EXPECT_EQ(g.heads(), (Ids{kDns, kAccount2, kCartCol}));
  EXPECT_EQ(g.labels(kDns), (Ids{"networking"}));
  EXPECT_EQ(resolve(g, "networking"), (Ids{kNet}));
  EXPECT_EQ(history(g, "networking@base:"), (Ids{kDns, kIp, kNet}));
  EXPECT_EQ(history(g, ":networking@head"), (Ids{kDns, kIp, kNet}));
  // $ alembic upgrade networking@head, then upgrade heads.
  EXPECT_EQ(up(g, {}, "networking@head"),
            "up 3cac04ae8714 +3cac04ae8714\n"
            "up 109ec7d132bf -3cac04ae8714 +109ec7d132bf\n"
            "up 29f859a13ea -109ec7d132bf +29f859a13ea\n");
  auto plan = g.plan_upgrade({kDns}, "heads");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan),
            "up 1975ea83b712 +1975ea83b712\n"
            "up 27c6a30d7c24 -1975ea83b712 +27c6a30d7c24\n"
            "up d747a8a8879 -27c6a30d7c24 +d747a8a8879\n"
            "up ae1027a6acf +ae1027a6acf\n"
            "up 55af2cb1c267 -ae1027a6acf +55af2cb1c267\n");
  EXPECT_EQ(rows_after({kDns}, *plan), (Ids{kDns, kCartCol, kAccount2}));
  EXPECT_EQ(resolve_error(g, "head"),
            "Multiple heads are present for 'head': 29f859a13ea, 55af2cb1c267, d747a8a8879");
}

TEST(RevisionBranches, DependsOn) {
  RevisionGraph g = build_ok(forest(true, false));
  // 55af2cb1c267 is an "effective head": no children, one dependent.
  EXPECT_EQ(g.heads(), (Ids{kIpAcct, kAccount2, kCartCol}));
  EXPECT_EQ(g.real_heads(), (Ids{kIpAcct, kCartCol}));
  EXPECT_TRUE(g.is_head(kAccount2));
  EXPECT_FALSE(g.is_real_head(kAccount2));
  EXPECT_EQ(g.dependents(kAccount2), (Ids{kIpAcct}));
  EXPECT_EQ(resolve(g, "heads"), (Ids{kIpAcct, kCartCol}));
  EXPECT_EQ(history(g, ":networking@head"),
            (Ids{kIpAcct, kDns, kIp, kNet, kAccount2, kColumn, kAccount}));
  EXPECT_EQ(history(g, "networking@base:"), (Ids{kIpAcct, kDns, kIp, kNet}));
  // $ alembic upgrade heads: 29f859a13ea, 55af2cb1c267 -> 2a95102259be, and
  // the dependency leaves the version table.
  Ids rows = {kDns, kCartCol, kAccount2};
  auto plan = g.plan_upgrade(rows, "heads");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan), "up 2a95102259be -29f859a13ea -55af2cb1c267 +2a95102259be\n");
  EXPECT_EQ(rows_after(rows, *plan), (Ids{kCartCol, kIpAcct}));
  // Upgrading networking from nothing pulls in the account tree first.
  EXPECT_EQ(up(g, {}, "networking@head"),
            "up 1975ea83b712 +1975ea83b712\n"
            "up ae1027a6acf -1975ea83b712 +ae1027a6acf\n"
            "up 55af2cb1c267 -ae1027a6acf +55af2cb1c267\n"
            "up 3cac04ae8714 +3cac04ae8714\n"
            "up 109ec7d132bf -3cac04ae8714 +109ec7d132bf\n"
            "up 29f859a13ea -109ec7d132bf +29f859a13ea\n"
            "up 2a95102259be -29f859a13ea -55af2cb1c267 +2a95102259be\n");
  // Downgrading networking leaves its dependencies in place.
  EXPECT_EQ(down(g, {kCartCol, kIpAcct}, "networking@base"),
            "down 2a95102259be -2a95102259be +29f859a13ea +55af2cb1c267\n"
            "down 29f859a13ea -29f859a13ea +109ec7d132bf\n"
            "down 109ec7d132bf -109ec7d132bf +3cac04ae8714\n"
            "down 3cac04ae8714 -3cac04ae8714\n");
  // Downgrading the dependency takes its dependent with it.
  EXPECT_EQ(down(g, {kCartCol, kIpAcct}, kColumn),
            "down 2a95102259be -2a95102259be +29f859a13ea +55af2cb1c267\n"
            "down 55af2cb1c267 -55af2cb1c267 +ae1027a6acf\n");
  EXPECT_EQ(down(g, {kCartCol, kIpAcct}, "networking@-1"),
            "down 2a95102259be -2a95102259be +29f859a13ea +55af2cb1c267\n");
}

TEST(RevisionBranches, DependencyBecomesARealBranchAgain) {
  RevisionGraph g = build_ok(forest(true, true));
  EXPECT_EQ(g.heads(), (Ids{kIpAcct, kCart, kMore}));
  // $ alembic upgrade heads: 55af2cb1c267 -> 34e094ad6ef1, a row of its own.
  Ids rows = {kIpAcct, kCart};
  auto plan = g.plan_upgrade(rows, "heads");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan), "up 34e094ad6ef1 +34e094ad6ef1\n");
  EXPECT_EQ(rows_after(rows, *plan), (Ids{kIpAcct, kCart, kMore}));
  // "For posterity, the revision tree now looks like":
  EXPECT_EQ(history(g, ""),
            (Ids{kIpAcct, kDns, kIp, kNet, kCart, kMore, kAccount2, kColumn, kAccount}));
  EXPECT_EQ(g.draw_graph(history(g, "")),
            (Ids{"*", "*", "*", "*", "*", "| *", "| *", "| *", "|/\n*"}));
}

// --- expressions ------------------------------------------------------------

TEST(RevisionExpr, Parse) {
  auto e = parse_revision_expr(" shoppingcart@head-2 ");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->label, "shoppingcart");
  EXPECT_EQ(e->symbol, "head");
  EXPECT_TRUE(e->relative);
  EXPECT_EQ(e->steps, -2);
  e = parse_revision_expr("+3");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->symbol, "");
  EXPECT_EQ(e->steps, 3);
  e = parse_revision_expr("net-core");
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(e->relative);
  EXPECT_EQ(e->symbol, "net-core");
  EXPECT_EQ(parse_revision_expr("").error().message, "empty revision expression");
  EXPECT_EQ(parse_revision_expr("").error().code, ErrorCode::kUsage);
  EXPECT_EQ(parse_revision_expr("@head").error().message,
            "revision expression '@head' has nothing before '@'; write LABEL@head");
  EXPECT_EQ(parse_revision_expr("cart@").error().message,
            "revision expression 'cart@' has nothing after '@'; write cart@head");
  EXPECT_EQ(parse_revision_expr("+9999999999").error().message,
            "relative step in '+9999999999' is too large");
  auto r = parse_revision_range("a:");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->lower, "a");
  EXPECT_EQ(r->upper, "");
  EXPECT_EQ(parse_revision_range("a").error().message,
            "'a' is not a range; write START:END, START: or :END");
  EXPECT_EQ(parse_revision_range("a:b:c").error().message,
            "'a:b:c' is not a range; write START:END, START: or :END");
}

std::vector<RevisionNode> chain(int n, const std::string& prefix = "r") {
  std::vector<RevisionNode> nodes;
  for (int i = 1; i <= n; ++i) {
    nodes.push_back(
        rev(prefix + std::to_string(i), i == 1 ? Ids{} : Ids{prefix + std::to_string(i - 1)}));
  }
  return nodes;
}

TEST(RevisionExpr, RelativeSteps) {
  RevisionGraph g = build_ok(chain(5));
  EXPECT_EQ(resolve(g, "+2"), (Ids{"r2"}));
  EXPECT_EQ(resolve(g, "+2", {"r2"}), (Ids{"r4"}));
  EXPECT_EQ(resolve(g, "-1", {"r2"}), (Ids{"r1"}));
  EXPECT_EQ(resolve(g, "-2", {"r2"}), Ids{});  // base
  EXPECT_EQ(resolve(g, "head-1"), (Ids{"r4"}));
  EXPECT_EQ(resolve(g, "r2+2"), (Ids{"r4"}));
  EXPECT_EQ(resolve(g, "r3-2"), (Ids{"r1"}));
  EXPECT_EQ(resolve(g, "base+1"), (Ids{"r1"}));
  EXPECT_EQ(resolve(g, "heads-4"), (Ids{"r1"}));
  EXPECT_EQ(resolve(g, "current", {"r3"}), (Ids{"r3"}));
  EXPECT_EQ(resolve(g, "base"), Ids{});
  EXPECT_EQ(resolve_error(g, "-5", {"r3"}), "Relative revision -5 didn't produce 5 migrations");
  EXPECT_EQ(resolve_error(g, "+3", {"r3"}), "Relative revision +3 didn't produce 3 migrations");
  EXPECT_EQ(resolve_error(g, "head+1"), "Relative revision head+1 didn't produce 1 migration");
  EXPECT_EQ(up(g, {"r1"}, "+2"), "up r2 -r1 +r2\nup r3 -r2 +r3\n");
  EXPECT_EQ(down(g, {"r5"}, "-2"), "down r5 -r5 +r4\ndown r4 -r4 +r3\n");
  EXPECT_EQ(up(g, {"r3"}, "-1"), "error: Relative revision -1 goes down, not up");
  EXPECT_EQ(down(g, {"r3"}, "+1"), "error: Relative revision +1 goes up, not down");
  EXPECT_EQ(up(g, {"r3"}, "r2"), "");
  EXPECT_EQ(down(g, {"r3"}, "r4"),
            "error: Destination 'r4' is not a valid downgrade target from the current "
            "revision(s) r3: r4 is not applied");
  EXPECT_EQ(down(g, {"r3"}, "base"), "down r3 -r3 +r2\ndown r2 -r2 +r1\ndown r1 -r1\n");
}

TEST(RevisionExpr, EmptyGraph) {
  RevisionGraph g = build_ok({});
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(g.heads(), Ids{});
  EXPECT_EQ(resolve(g, "head"), Ids{});
  EXPECT_EQ(resolve(g, "heads"), Ids{});
  EXPECT_EQ(up(g, {}, "head"), "");
  EXPECT_EQ(down(g, {}, "base"), "");
  EXPECT_EQ(history(g, ""), Ids{});
  EXPECT_EQ(resolve_error(g, "+1"), "Relative revision +1 didn't produce 1 migration");
}

TEST(RevisionExpr, HistoryRelativeToCurrent) {
  // $ alembic history -r-3:current
  RevisionGraph g = build_ok(chain(6));
  EXPECT_EQ(history(g, "-3:current", {"r5"}), (Ids{"r5", "r4", "r3", "r2"}));
  EXPECT_EQ(history(g, "r2:r4"), (Ids{"r4", "r3", "r2"}));
  EXPECT_EQ(history(g, "current:", {"r5"}), (Ids{"r6", "r5"}));
  EXPECT_EQ(history(g, ":r2"), (Ids{"r2", "r1"}));
}

TEST(RevisionExpr, AmbiguousWalks) {
  RevisionGraph g = build_ok(branched());
  EXPECT_EQ(resolve_error(g, "+2"),
            "Relative revision +2 is ambiguous: 1975ea83b712 has several children "
            "(27c6a30d7c24, ae1027a6acf)");
  EXPECT_EQ(resolve_error(g, "+1", {kCart, kColumn}),
            "Relative revision +1 is ambiguous: the database is at several revisions "
            "(27c6a30d7c24, ae1027a6acf)");
  auto nodes = branched();
  nodes.push_back(rev(kMerge, {kColumn, kCart}));
  g = build_ok(nodes);
  EXPECT_EQ(resolve_error(g, "head-2"),
            "Relative revision head-2 is ambiguous: 53fffde5ad5 merges several parents "
            "(ae1027a6acf, 27c6a30d7c24)");
  g = build_ok(forest(false, false));
  EXPECT_EQ(resolve_error(g, "base+1"),
            "Relative revision base+1 is ambiguous: there are several bases "
            "(3cac04ae8714, 1975ea83b712)");
}

TEST(RevisionExpr, PartialIdentifiers) {
  RevisionGraph g = build_ok({rev("abcd1234"), rev("abcd5678", {"abcd1234"}),
                              rev("ae1027a6acf", {"abcd5678"}, {}, {"cart"})});
  EXPECT_EQ(resolve(g, "ae10"), (Ids{"ae1027a6acf"}));
  EXPECT_EQ(resolve(g, "abcd1"), (Ids{"abcd1234"}));
  EXPECT_EQ(resolve(g, "cart"), (Ids{"ae1027a6acf"}));
  EXPECT_EQ(resolve_error(g, "abcd"), "Multiple revisions start with 'abcd': abcd1234, abcd5678");
  EXPECT_EQ(resolve_error(g, "ae1"),
            "No such revision or branch 'ae1'; a partial revision id needs at least 4 "
            "characters; did you mean 'ae1027a6acf'?");
  EXPECT_EQ(resolve_error(g, "ae1027a6acg"),
            "No such revision or branch 'ae1027a6acg'; did you mean 'ae1027a6acf'?");
  EXPECT_EQ(resolve_error(g, "zzzzzz"), "No such revision or branch 'zzzzzz'");
  EXPECT_EQ(resolve_error(g, "cart@zzzz"), "No such revision or branch 'zzzz' in 'cart@zzzz'");
  auto r = g.resolve("zzzzzz", {});
  EXPECT_EQ(r.error().code, ErrorCode::kFailure);
}

TEST(RevisionExpr, UnknownDatabaseRevision) {
  RevisionGraph g = build_ok(chain(2));
  auto r = g.resolve("head", {"deadbeef0001"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            "The database is at revision deadbeef0001, which no migration file has");
  EXPECT_EQ(r.error().hint,
            "pull the latest migrations (or check out the branch that wrote them); `strata "
            "stamp` can reset the version table");
  EXPECT_EQ(g.plan_upgrade({"r1", "x1", "x2"}, "head").error().message,
            "The database is at revisions x1, x2, which no migration file has");
  EXPECT_FALSE(g.plan_downgrade({"x1"}, "base").has_value());
  EXPECT_FALSE(g.applied_set({"x1"}).has_value());
  EXPECT_FALSE(g.history("", {"x1"}).has_value());
  EXPECT_FALSE(g.stamp_rows({"x1"}, {"head"}, false).has_value());
}

// --- offline ranges, stamps, applied set --------------------------------------

TEST(RevisionPlans, OfflineRanges) {
  RevisionGraph g = build_ok(branched());
  auto plan = g.plan_range("1975ea83b712:ae1027a6acf", true);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan), "up ae1027a6acf -1975ea83b712 +ae1027a6acf\n");
  plan = g.plan_range(":ae10", true);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan),
            "up 1975ea83b712 +1975ea83b712\nup ae1027a6acf -1975ea83b712 +ae1027a6acf\n");
  plan = g.plan_range("base:27c6", true);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan),
            "up 1975ea83b712 +1975ea83b712\nup 27c6a30d7c24 -1975ea83b712 +27c6a30d7c24\n");
  plan = g.plan_range("ae1027a6acf:1975ea83b712", false);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan), "down ae1027a6acf -ae1027a6acf +1975ea83b712\n");
  plan = g.plan_range("ae10:", false);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(show(*plan),
            "down ae1027a6acf -ae1027a6acf +1975ea83b712\ndown 1975ea83b712 -1975ea83b712\n");
  EXPECT_EQ(g.plan_range(":ae10", false).error().message,
            "an offline downgrade needs the revision it starts from: FROM:TO, got ':ae10'");
  EXPECT_EQ(g.plan_range("ae10", true).error().code, ErrorCode::kUsage);
}

TEST(RevisionPlans, Stamp) {
  auto nodes = branched();
  nodes[1].branch_labels = {"shoppingcart"};
  nodes.push_back(rev(kCartCol, {kCart}));
  RevisionGraph g = build_ok(nodes);
  auto stamp = [&](const Ids& rows, const Ids& targets, bool purge = false) {
    auto r = g.stamp_rows(rows, targets, purge);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : Ids{};
  };
  EXPECT_EQ(stamp({kColumn, kCart}, {kAccount}), (Ids{kAccount}));
  EXPECT_EQ(stamp({kColumn}, {kCart}), (Ids{kColumn, kCart}));
  EXPECT_EQ(stamp({kColumn, kCart}, {kCartCol}), (Ids{kColumn, kCartCol}));
  EXPECT_EQ(stamp({kColumn, kCart}, {kCart}), (Ids{kColumn, kCart}));
  EXPECT_EQ(stamp({kColumn, kCartCol}, {"shoppingcart@base"}), (Ids{kColumn}));
  EXPECT_EQ(stamp({kColumn, kCartCol}, {"base"}), Ids{});
  EXPECT_EQ(stamp({kColumn}, {kCart}, true), (Ids{kCart}));
  EXPECT_EQ(stamp({}, {"heads"}), (Ids{kColumn, kCartCol}));
  EXPECT_EQ(stamp({kCartCol}, {"-1"}), (Ids{kCart}));
  EXPECT_EQ(g.stamp_rows({}, {"head"}, false).error().message,
            "Multiple heads are present for 'head': ae1027a6acf, d747a8a8879");
}

TEST(RevisionPlans, AppliedSet) {
  RevisionGraph g = build_ok(forest(true, false));
  auto a = g.applied_set({kIpAcct});
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, (Ids{kNet, kIp, kDns, kAccount, kColumn, kAccount2, kIpAcct}));
  EXPECT_EQ(*g.applied_set({}), Ids{});
}

TEST(RevisionPlans, HistoryRangeErrors) {
  RevisionGraph g = build_ok(branched());
  EXPECT_EQ(history(g, "27c6:"), (Ids{kCart}));
  EXPECT_EQ(history(g, "current:", {kAccount}), (Ids{kCart, kColumn, kAccount}));
  EXPECT_EQ(history(g, "base:27c6"), (Ids{kCart, kAccount}));
  auto h = g.history("27c6:ae10", {});
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().message,
            "Range '27c6:ae10' does not work: 27c6a30d7c24 is not an ancestor of 'ae10'");
  EXPECT_EQ(g.history("27c6", {}).error().message,
            "'27c6' is not a range; write START:END, START: or :END");
}

// --- graph drawing ------------------------------------------------------------

TEST(RevisionDraw, Shapes) {
  RevisionGraph linear = build_ok(chain(3));
  EXPECT_EQ(linear.draw_graph(history(linear, "")), (Ids{"*", "*", "*"}));

  auto nodes = branched();
  nodes.push_back(rev(kMerge, {kColumn, kCart}));
  RevisionGraph merged = build_ok(nodes);
  EXPECT_EQ(merged.draw_graph(history(merged, "")), (Ids{"*", "|\\\n* |", "| *", "|/\n*"}));

  RevisionGraph open = build_ok(branched());
  EXPECT_EQ(open.draw_graph(history(open, "")), (Ids{"*", "| *", "|/\n*"}));

  auto two = chain(2, "a");
  for (auto& n : chain(2, "b")) two.push_back(n);
  RevisionGraph bases = build_ok(two);
  EXPECT_EQ(history(bases, ""), (Ids{"a2", "a1", "b2", "b1"}));
  EXPECT_EQ(bases.draw_graph(history(bases, "")), (Ids{"*", "*", "*", "*"}));
  EXPECT_EQ(bases.draw_graph({"a2", "b2", "a1", "b1"}), (Ids{"*", "| *", "* |", " /\n*"}));

  // A branch left open above the fork, and a three-way merge.
  RevisionGraph fork = build_ok({rev("p"), rev("x", {"p"}), rev("y", {"p"}), rev("y2", {"y"})});
  EXPECT_EQ(fork.draw_graph(history(fork, "")), (Ids{"*", "| *", "| *", "|/\n*"}));
  RevisionGraph octopus = build_ok(
      {rev("p"), rev("a", {"p"}), rev("b", {"p"}), rev("c", {"p"}), rev("m", {"a", "b", "c"})});
  EXPECT_EQ(history(octopus, ""), (Ids{"m", "a", "b", "c", "p"}));
  EXPECT_EQ(octopus.draw_graph(history(octopus, "")),
            (Ids{"*", "|\\\n| |\\\n* | |", "| * |", "|/ /\n| *", "|/\n*"}));
}

// --- build errors -------------------------------------------------------------

TEST(RevisionBuild, Errors) {
  EXPECT_EQ(build_error({rev("a1"), rev("a1")}),
            "duplicate revision id 'a1' in versions/a1.sql and versions/a1.sql");
  auto dup = rev("a1");
  dup.path = "other/a1_copy.sql";
  EXPECT_EQ(build_error({rev("a1"), dup}),
            "duplicate revision id 'a1' in versions/a1.sql and other/a1_copy.sql");
  EXPECT_EQ(build_error({rev("a1"), rev("b", {"a11"})}),
            "versions/b.sql: revision b revises 'a11', which no migration has; did you mean "
            "'a1'?");
  EXPECT_EQ(build_error({rev("a1"), rev("b", {"zzz"})}),
            "versions/b.sql: revision b revises 'zzz', which no migration has");
  EXPECT_EQ(build_error({rev("a1"), rev("b", {"a1"}, {"nope"})}),
            "versions/b.sql: revision b depends on 'nope', which is neither a revision nor a "
            "branch label");
  EXPECT_EQ(build_error({rev("a", {"c"}), rev("b", {"a"}), rev("c", {"b"})}),
            "cycle in revisions: a (versions/a.sql) revises c (versions/c.sql), which revises b "
            "(versions/b.sql), which revises a");
  EXPECT_EQ(build_error({rev("r0"), rev("a", {"r0"}, {"a"})}),
            "cycle in revisions: a (versions/a.sql) depends on a");
  EXPECT_EQ(
      build_error({rev("a", {"b"}), rev("b", {}, {"a"})}),
      "cycle in revisions: a (versions/a.sql) revises b (versions/b.sql), which depends on a");
  EXPECT_EQ(build_error({rev("a", {}, {}, {"x"}), rev("b", {"a"}, {}, {"x"})}),
            "branch label 'x' is used by both a (versions/a.sql) and b (versions/b.sql)");
  EXPECT_EQ(build_error({rev("a"), rev("b", {"a"}, {}, {"a"})}),
            "versions/b.sql: branch label 'a' of revision b is also the id of revision a "
            "(versions/a.sql)");
  EXPECT_EQ(build_error({rev("a", {}, {}, {"heads"})}),
            "versions/a.sql: branch label 'heads' of revision a is a reserved word (head, heads, "
            "base, current)");
  EXPECT_EQ(build_error({rev("a", {}, {}, {"x@y"})}),
            "versions/a.sql: branch label 'x@y' of revision a is invalid: it may not be empty or "
            "hold '@', ':', ',' or blanks");
  EXPECT_EQ(build_error({rev("a-1")}),
            "versions/a-1.sql: revision id 'a-1' is invalid: use letters, digits and '_' only");
  EXPECT_EQ(build_error({rev("head")}),
            "versions/head.sql: revision id 'head' is a reserved word (head, heads, base, "
            "current)");
  RevisionNode code = rev("c1", {"gone"});
  code.path = "";
  EXPECT_EQ(build_error({code}),
            "(code migration): revision c1 revises 'gone', which no migration has");
  // Every problem is reported, one per line.
  EXPECT_EQ(build_error({rev("a"), rev("a"), rev("b", {"q"}), rev("c", {"c"})}),
            "duplicate revision id 'a' in versions/a.sql and versions/a.sql\n"
            "versions/b.sql: revision b revises 'q', which no migration has; did you mean 'a', "
            "'b' or 'c'?\n"
            "cycle in revisions: c (versions/c.sql) revises c");
}

TEST(RevisionBuild, DependsOnALabelAndInputOrder) {
  // Nodes arrive children first; depends-on names a branch label.
  RevisionGraph g = build_ok(
      {rev("n2", {"n1"}, {"acct"}), rev("n1"), rev("a2", {"a1"}, {}, {"acct"}), rev("a1")});
  EXPECT_EQ(g.topological_order(), (Ids{"n1", "a1", "a2", "n2"}));
  EXPECT_EQ(g.dependents("a2"), (Ids{"n2"}));
  EXPECT_EQ(up(g, {}, "n2"), "up a1 +a1\nup a2 -a1 +a2\nup n1 +n1\nup n2 -n1 -a2 +n2\n");
  EXPECT_EQ(g.node("n2")->path, "versions/n2.sql");
  EXPECT_EQ(g.node("zz"), nullptr);
}

TEST(RevisionBuild, LabelsReachAncestorsUpToTheBranchPoint) {
  // root -> q -> fork -> {x -> lab -> top, y}: the label of lab covers top
  // and x (a plain chain below it) but stops at the fork.
  RevisionGraph g =
      build_ok({rev("root"), rev("q", {"root"}), rev("fork", {"q"}), rev("x", {"fork"}),
                rev("lab", {"x"}, {}, {"feat"}), rev("y", {"fork"}), rev("top", {"lab"})});
  EXPECT_EQ(g.labels("x"), (Ids{"feat"}));
  EXPECT_EQ(g.labels("lab"), (Ids{"feat"}));
  EXPECT_EQ(g.labels("top"), (Ids{"feat"}));
  EXPECT_EQ(g.labels("fork"), Ids{});
  EXPECT_EQ(g.labels("y"), Ids{});
}

TEST(RevisionBuild, DescribeAtReusesLabelsOnlyWhileTheSetIsTheSame) {
  // Two labelled branches off a fork: x -> lab (feat), y -> other (ops).
  RevisionGraph g = build_ok({rev("root"), rev("fork", {"root"}), rev("x", {"fork"}),
                              rev("lab", {"x"}, {}, {"feat"}), rev("y", {"fork"}),
                              rev("other", {"y"}, {}, {"ops", "blue"})});
  auto all = g.history_nodes("", {});
  ASSERT_TRUE(all.has_value());
  Ids names = g.names(*all);
  std::map<std::string, int> index;
  for (size_t i = 0; i < names.size(); ++i) index[names[i]] = (*all)[i];
  RevisionGraph::Description d;
  for (const char* id : {"x", "lab", "root", "other", "y", "lab", "fork"}) {
    g.describe_at(index.at(id), d);
    EXPECT_EQ(d.node->id, id);
    EXPECT_EQ(d.labels, g.labels(id)) << id;
    EXPECT_EQ(d.label_set, g.describe(id).label_set) << id;
  }
  EXPECT_EQ(g.describe("x").label_set, g.describe("lab").label_set);
  EXPECT_NE(g.describe("x").label_set, g.describe("y").label_set);
  EXPECT_EQ(g.describe("y").labels, (Ids{"blue", "ops"}));
}

// --- Alembic's walk order (tests/alembic/alembic_diff.py checks many more) ----

TEST(RevisionOrder, ABlockedRevisionMovesToTheFirstHeadAboveIt) {
  // a <- b <- c <- d <- e;  c <- f;  g merges e and f;  b <- h. At c (f is
  // still above it) Alembic moves to f, the first pending head with c below
  // it, not to h, the first that could go.
  RevisionGraph g = build_ok({rev("aaaa"), rev("bbbb", {"aaaa"}), rev("cccc", {"bbbb"}),
                              rev("dddd", {"cccc"}), rev("eeee", {"dddd"}), rev("ffff", {"cccc"}),
                              rev("gggg", {"eeee", "ffff"}), rev("hhhh", {"bbbb"})});
  EXPECT_EQ(history(g, ""), (Ids{"gggg", "eeee", "dddd", "ffff", "hhhh", "cccc", "bbbb", "aaaa"}));
  EXPECT_EQ(up(g, {}, "heads"),
            "up aaaa +aaaa\nup bbbb -aaaa +bbbb\nup cccc -bbbb +cccc\nup hhhh +hhhh\n"
            "up ffff -cccc +ffff\nup dddd +dddd\nup eeee -dddd +eeee\n"
            "up gggg -eeee -ffff +gggg\n");
}

TEST(RevisionOrder, ADependencyAnAncestorDeclaresIsNotWalkedTwice) {
  // e depends on a, which c (an ancestor of e through d) already depends on
  // (through the label lib1): Alembic drops it from e's own edges, which
  // changes where the walk goes after c.
  RevisionGraph g = build_ok({rev("aaaa", {}, {}, {"lib1"}), rev("bbbb", {"aaaa"}),
                              rev("cccc", {}, {"lib1"}, {"lib2"}), rev("dddd", {"cccc"}, {"bbbb"}),
                              rev("eeee", {"dddd", "bbbb"}, {"aaaa"}),
                              rev("ffff", {"eeee"}, {"dddd"}), rev("gggg", {"aaaa"})});
  EXPECT_EQ(history(g, ""), (Ids{"ffff", "eeee", "dddd", "cccc", "bbbb", "gggg", "aaaa"}));
}

TEST(RevisionOrder, DowngradeToARevisionAppliedOnlyAsADependencyIsRefused) {
  // c depends on b; b has no child: at c, nothing of b's own is above it.
  RevisionGraph g = build_ok({rev("aaaa"), rev("bbbb", {"aaaa"}), rev("cccc", {}, {"bbbb"})});
  EXPECT_EQ(down(g, {"cccc"}, "bbbb"),
            "error: Destination 'bbbb' is not a valid downgrade target from the current "
            "revision(s) cccc: nothing above bbbb is applied");
  EXPECT_EQ(down(g, {"cccc"}, "cccc"), "");  // at the target: nothing to do
  EXPECT_EQ(down(g, {"cccc"}, "aaaa"), "down cccc -cccc +bbbb\ndown bbbb -bbbb +aaaa\n");
}

// --- scale --------------------------------------------------------------------

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

TEST(RevisionScale, TenThousandChain) {
  const int n = 10000;
  auto nodes = chain(n);
  std::reverse(nodes.begin(), nodes.end());
  auto t0 = std::chrono::steady_clock::now();
  RevisionGraph g = build_ok(std::move(nodes));
  EXPECT_EQ(g.heads(), (Ids{"r10000"}));
  auto h = g.history("", {});
  ASSERT_TRUE(h.has_value());
  ASSERT_EQ(h->size(), static_cast<size_t>(n));
  EXPECT_EQ(h->front(), "r10000");
  EXPECT_EQ(h->back(), "r1");
  auto applied = g.applied_set({"r10000"});
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(applied->size(), static_cast<size_t>(n));
  double core = ms_since(t0);
  auto plan = g.plan_upgrade({}, "head");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->size(), static_cast<size_t>(n));
  EXPECT_EQ((*plan)[1].delete_rows, (Ids{"r1"}));
  auto back = g.plan_downgrade({"r10000"}, "base");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->size(), static_cast<size_t>(n));
  EXPECT_EQ(resolve(g, "head-9999"), (Ids{"r1"}));
  auto drawing = g.draw_graph(*h);
  EXPECT_EQ(drawing.size(), static_cast<size_t>(n));
  std::printf("chain of %d: build+heads+history+applied %.2f ms, all %.2f ms\n", n, core,
              ms_since(t0));
}

TEST(RevisionScale, TenThousandBranchy) {
  // Every tenth revision forks a two-revision side branch that a later merge
  // joins back; labels and dependencies sprinkled in.
  std::vector<RevisionNode> nodes;
  std::string main = "m0";
  nodes.push_back(rev(main, {}, {}, {"trunk"}));
  int count = 1;
  for (int i = 1; count < 10000; ++i) {
    std::string fork = main;
    std::string s1 = "s" + std::to_string(i) + "a";
    std::string s2 = "s" + std::to_string(i) + "b";
    std::string m = "m" + std::to_string(i);
    nodes.push_back(rev(s1, {fork}, {}, i % 50 == 0 ? Ids{"side" + std::to_string(i)} : Ids{}));
    nodes.push_back(rev(s2, {s1}));
    Ids deps = i > 2 && i % 7 == 0 ? Ids{"s" + std::to_string(i - 2) + "b"} : Ids{};
    nodes.push_back(rev(m + "x", {fork}, deps));
    nodes.push_back(rev(m, {m + "x", s2}));
    main = m;
    count += 4;
  }
  std::reverse(nodes.begin(), nodes.end());
  auto t0 = std::chrono::steady_clock::now();
  RevisionGraph g = build_ok(std::move(nodes));
  EXPECT_EQ(g.heads(), (Ids{main}));
  auto h = g.history("", {});
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->size(), g.size());
  EXPECT_EQ(h->front(), main);
  EXPECT_EQ(h->back(), "m0");
  auto applied = g.applied_set({main});
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(applied->size(), g.size());
  double core = ms_since(t0);
  auto plan = g.plan_upgrade({}, "heads");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->size(), g.size());
  EXPECT_EQ(rows_after({}, *plan), (Ids{main}));
  auto back = g.plan_downgrade({main}, "m1");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(rows_after({main}, *back), (Ids{"m1"}));
  // Labels flow down through merges: the head carries the trunk's and all 50
  // side branches' labels.
  Ids labels = g.labels(main);
  EXPECT_EQ(labels.size(), 51u);
  EXPECT_EQ(labels.back(), "trunk");
  EXPECT_EQ(g.labels("s2a"), (Ids{"trunk"}));
  auto drawing = g.draw_graph(*h);
  EXPECT_EQ(drawing.size(), g.size());
  std::printf("branchy %zu: build+heads+history+applied %.2f ms, all %.2f ms\n", g.size(), core,
              ms_since(t0));
}

}  // namespace
}  // namespace strata::detail
