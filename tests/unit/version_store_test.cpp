// VersionStore's SQL text: the batched bookkeeping of several finished steps
// (Runner defers DDL revisions' bookkeeping on MySQL and writes it in one go).
#include "runner/version_store.hpp"

#include <gtest/gtest.h>

#include "dialect/mysql/mysql_dialect.hpp"

namespace strata::detail {
namespace {

Bookkeeping move(std::string from, std::string to, std::string rev) {
  Bookkeeping b;
  if (!from.empty()) b.delete_rows.push_back(std::move(from));
  if (!to.empty()) b.insert_rows.push_back(std::move(to));
  b.history.revision = std::move(rev);
  b.history.direction = "up";
  b.history.checksum = "c";
  b.history.started_at = "2026-12-05T10:00:00.000Z";
  b.history.duration_ms = 3;
  b.history.applied_by = "me";
  b.history.hostname = "h";
  b.history.strata_version = "0.1";
  b.history.message = "m";
  b.clear_journal = true;
  return b;
}

const char* const kHistoryColumns =
    "INSERT INTO `v_history` (revision, direction, checksum, started_at, duration_ms, "
    "applied_by, hostname, strata_version, message) VALUES ";

std::string values(const std::string& rev) {
  return "('" + rev + "', 'up', 'c', '2026-12-05T10:00:00.000Z', 3, 'me', 'h', '0.1', 'm')";
}

TEST(VersionStore, OneStepIsWrittenAsUpdateSqlWrites) {
  VersionStore store(mysql_dialect(), nullptr, "v");
  std::vector<Bookkeeping> one{move("a", "b", "b")};
  EXPECT_EQ(store.batch_update_sql(one), store.update_sql({"a"}, {"b"}, one[0].history, true));
}

TEST(VersionStore, AChainOfMovesIsOneUpdateOneInsertOneDelete) {
  VersionStore store(mysql_dialect(), nullptr, "v");
  std::vector<Bookkeeping> chain{move("", "a", "a"), move("a", "b", "b"), move("b", "c", "c"),
                                 move("c", "d", "d")};
  EXPECT_EQ(store.batch_update_sql(chain),
            "INSERT INTO `v` (version_num) VALUES ('a');\n"
            "UPDATE `v` SET version_num = 'd' WHERE version_num = 'a';\n" +
                std::string(kHistoryColumns) + values("a") + ", " + values("b") + ", " +
                values("c") + ", " + values("d") +
                ";\n"
                "DELETE FROM `v_journal` WHERE revision IN ('a', 'b', 'c', 'd');\n");
}

TEST(VersionStore, MovesThatDoNotFollowEachOtherStaySeparate) {
  VersionStore store(mysql_dialect(), nullptr, "v");
  // b moves on a branch beside x; a merge takes c and y to m.
  Bookkeeping merge = move("c", "m", "m");
  merge.delete_rows = {"y", "c"};
  std::vector<Bookkeeping> steps{move("a", "b", "b"), move("x", "y", "y"), move("b", "c", "c"),
                                 merge};
  EXPECT_EQ(store.batch_update_sql(steps),
            "UPDATE `v` SET version_num = 'b' WHERE version_num = 'a';\n"
            "UPDATE `v` SET version_num = 'y' WHERE version_num = 'x';\n"
            "UPDATE `v` SET version_num = 'c' WHERE version_num = 'b';\n"
            "DELETE FROM `v` WHERE version_num = 'y';\n"
            "UPDATE `v` SET version_num = 'm' WHERE version_num = 'c';\n" +
                std::string(kHistoryColumns) + values("b") + ", " + values("y") + ", " +
                values("c") + ", " + values("m") +
                ";\n"
                "DELETE FROM `v_journal` WHERE revision IN ('b', 'y', 'c', 'm');\n");
}

TEST(VersionStore, JournalRowsInOneInsert) {
  VersionStore store(mysql_dialect(), nullptr, "v");
  JournalRow a;
  a.revision = "a";
  a.direction = "up";
  a.statement_count = 1;
  a.state = "running";
  a.checksum = "x";
  JournalRow b = a;
  b.revision = "b";
  b.statement_count = 2;
  const std::string now = mysql_dialect().now_sql();
  const std::string head =
      "INSERT INTO `v_journal` (revision, direction, statement_index, statement_count, state, "
      "checksum, updated_at, error) VALUES ";
  EXPECT_EQ(store.journal_insert_many_sql({a, b}), head + "('a', 'up', 0, 1, 'running', 'x', " +
                                                       now + ", NULL), ('b', 'up', 0, 2, " +
                                                       "'running', 'x', " + now + ", NULL)");
  EXPECT_EQ(store.journal_insert_sql(a),
            head + "('a', 'up', 0, 1, 'running', 'x', " + now + ", NULL)");
}

}  // namespace
}  // namespace strata::detail
