// Round trips of the MySQL/MariaDB renderer against a real server
// (scripts/with-postgres.sh starts a private MariaDB and sets
// STRATA_TEST_MYSQL_URL; without it the tests are skipped). For each case,
// schema A (with rows) and schema B are built in two fresh databases and
// inspected; the differ's changes are rendered and run on A, which must then
// inspect equal to B; the rendering of the reversed changes then takes A back
// to its first state. Every ALGORITHM clause the renderer chose is run too: a
// wrong one fails the statement.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "common/strings.hpp"
#include "common/url.hpp"
#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/mysql/mysql_inspect.hpp"
#include "dialect/mysql/mysql_render.hpp"
#include "diff/differ.hpp"
#include "integration/server_test_support.hpp"

namespace strata::detail {
namespace {

using schema::ObjectName;
using schema::Schema;
using schema::Statement;

struct Case {
  std::string name;
  std::vector<std::string> a;     // schema A
  std::vector<std::string> rows;  // run on A after its schema
  std::vector<std::string> b;     // schema B
  RenameHints hints;
};

using strata::test_support::random_suffix;

std::string listing(const std::vector<Statement>& statements) {
  std::string out;
  for (const auto& s : statements) {
    if (!s.comment.empty()) out += "-- " + s.comment + "\n";
    if (!s.sql.empty()) out += s.sql + ";\n";
  }
  return out;
}

// What still differs between two schemas, one change a line.
std::string differences(const Schema& got, const Schema& want) {
  std::string out;
  for (const auto& c : diff_schemas(got, want).changes) out += "  " + schema::describe(c) + "\n";
  return out;
}

class MysqlRenderRoundTrip : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_MYSQL_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
    auto url = parse_url(env);
    ASSERT_TRUE(url.has_value()) << url.error().message;
    base_url_ = *url;
    auto admin = mysql_dialect().connect(base_url_);
    ASSERT_TRUE(admin.has_value()) << admin.error().message;
    admin_ = std::move(*admin);
    std::string suffix = random_suffix();
    for (const char* side : {"a", "b"}) {
      std::string db = fmt::format("strata_rt_{}_{}", side, suffix);
      auto created = admin_->exec("CREATE DATABASE " + db);
      ASSERT_TRUE(created.has_value()) << created.error().message;
      databases_.push_back(db);
    }
    a_ = open(databases_[0]);
    b_ = open(databases_[1]);
    ASSERT_TRUE(a_ && b_);
  }

  void TearDown() override {
    a_.reset();
    b_.reset();
    for (const auto& db : databases_) {
      auto dropped = admin_->exec("DROP DATABASE IF EXISTS " + db);
      EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
    }
  }

  std::unique_ptr<Connection> open(const std::string& database) {
    Url url = base_url_;
    url.database = database;
    auto c = mysql_dialect().connect(url);
    EXPECT_TRUE(c.has_value()) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  static void run_all(Connection& conn, const std::vector<std::string>& statements) {
    for (const auto& sql : statements) {
      auto r = conn.exec(sql);
      ASSERT_TRUE(r.has_value()) << sql << "\n" << r.error().message;
    }
  }

  static void apply(Connection& conn, const std::vector<Statement>& statements,
                    const std::string& what) {
    for (const auto& s : statements) {
      EXPECT_TRUE(s.transactional) << s.sql;
      if (s.sql.empty()) continue;
      auto r = conn.exec(s.sql);
      ASSERT_TRUE(r.has_value()) << what << " failed at:\n" << s.sql << "\n" << r.error().message;
    }
  }

  static Schema inspect(Connection& conn) {
    auto s = inspect_mysql(conn, {});
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return s ? *s : Schema{};
  }

  Url base_url_;
  std::unique_ptr<Connection> admin_;
  std::vector<std::string> databases_;
  std::unique_ptr<Connection> a_;
  std::unique_ptr<Connection> b_;
};

TEST_P(MysqlRenderRoundTrip, UpReachesBAndDownComesBack) {
  const Case& c = GetParam();
  ASSERT_NO_FATAL_FAILURE(run_all(*a_, c.a));
  ASSERT_NO_FATAL_FAILURE(run_all(*a_, c.rows));
  ASSERT_NO_FATAL_FAILURE(run_all(*b_, c.b));
  Schema a = inspect(*a_);
  Schema b = inspect(*b_);
  ASSERT_NE(a, b) << "the case changes nothing";

  int version = server_version_number(a_->server_version());
  auto diff = diff_schemas(a, b, c.hints);
  ASSERT_TRUE(diff.unusable_hints.empty());
  auto up = render_mysql(diff.changes, schema::RenderContext{&a, &b, version});
  ASSERT_TRUE(up.has_value()) << up.error().message;
  auto down = render_mysql(schema::reverse(diff.changes), schema::RenderContext{&b, &a, version});
  ASSERT_TRUE(down.has_value()) << down.error().message;
  SCOPED_TRACE("up:\n" + listing(*up) + "down:\n" + listing(*down));
  if (const char* v = std::getenv("STRATA_RENDER_VERBOSE"); v != nullptr && *v != '\0') {
    std::printf("up:\n%sdown:\n%s", listing(*up).c_str(), listing(*down).c_str());
  }

  ASSERT_NO_FATAL_FAILURE(apply(*a_, *up, "up"));
  Schema after_up = inspect(*a_);
  EXPECT_TRUE(after_up == b) << "after up, still to do:\n" << differences(after_up, b);

  ASSERT_NO_FATAL_FAILURE(apply(*a_, *down, "down"));
  Schema after_down = inspect(*a_);
  EXPECT_TRUE(after_down == a) << "after down, still to do:\n" << differences(after_down, a);
}

std::vector<Case> cases() {
  std::vector<Case> out;

  out.push_back(Case{
      "new_tables_with_every_part",
      {"CREATE TABLE users (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(100) NOT "
       "NULL)"},
      {"INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com')"},
      // a_orders references z_reviewers, created after it.
      {"SET foreign_key_checks = 0",
       "CREATE TABLE users (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(100) NOT "
       "NULL)",
       "CREATE TABLE a_orders (id bigint unsigned NOT NULL AUTO_INCREMENT, user_id int, "
       "reviewer_id int, total decimal(12,2) NOT NULL DEFAULT 0.00, status enum('new','paid') NOT "
       "NULL DEFAULT 'new', flags set('a','b'), created timestamp NOT NULL DEFAULT "
       "current_timestamp() ON UPDATE current_timestamp(), seen timestamp NULL, note "
       "varchar(200) COLLATE utf8mb4_bin COMMENT 'free text', doubled decimal(13,2) AS (total * "
       "2) VIRTUAL, kept decimal(12,2) AS (total) PERSISTENT, PRIMARY KEY (id), UNIQUE KEY "
       "orders_note (note(10) DESC, total) COMMENT 'lookups', CONSTRAINT orders_user FOREIGN KEY "
       "(user_id) REFERENCES users (id) ON DELETE SET NULL, CONSTRAINT orders_reviewer FOREIGN "
       "KEY (reviewer_id) REFERENCES z_reviewers (id), CONSTRAINT orders_total CHECK (total >= "
       "0)) COMMENT='it''s orders'",
       "CREATE TABLE z_reviewers (id int PRIMARY KEY, parent_id int, body text, FULLTEXT KEY "
       "reviewers_body (body), KEY by_parent (parent_id), CONSTRAINT reviewers_parent FOREIGN KEY "
       "(parent_id) REFERENCES z_reviewers (id) ON UPDATE CASCADE) ENGINE=InnoDB DEFAULT "
       "CHARSET=latin1",
       "CREATE VIEW paid AS SELECT id, total FROM a_orders WHERE status = 'paid'",
       "CREATE TRIGGER orders_bi BEFORE INSERT ON a_orders FOR EACH ROW BEGIN\n"
       "  SET NEW.note = trim(NEW.note);\n"
       "  IF NEW.total < 0 THEN SET NEW.total = 0; END IF;\n"
       "END",
       "SET foreign_key_checks = 1"},
      {}});

  out.push_back(Case{
      "column_changes",
      {"CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(20), code "
       "varchar(10) NOT NULL, qty int, kind enum('a','b') NOT NULL DEFAULT 'a', price int, note "
       "varchar(30) COMMENT 'old', gone int, v int AS (qty + 1) VIRTUAL, KEY t_name (name))"},
      {"INSERT INTO t (name, code, qty, price, gone) VALUES ('x', 'c1', 1, 10, 5), ('y', 'c2', 2, "
       "20, 6)"},
      {"CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(40), code "
       "varchar(10), qty int NOT NULL DEFAULT 0, kind enum('a','b','c') NOT NULL DEFAULT 'b', "
       "price bigint, note varchar(30) COMMENT 'new', v int AS (qty + 2) VIRTUAL, added_at "
       "datetime DEFAULT '2024-01-01 00:00:00', KEY t_name (name)) COMMENT='renamed things'"},
      {}});

  out.push_back(Case{
      "column_positions",
      {"CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(10) NOT NULL DEFAULT 'b', c int, z "
       "int)"},
      {"INSERT INTO t VALUES (1, 2, 'x', 3, 4)"},
      {"CREATE TABLE t (tenant int NOT NULL DEFAULT 0, id int PRIMARY KEY, c int, mid int, z int, "
       "y int)"},
      {}});

  RenameHints renames;
  renames.tables = {TableRename{ObjectName{"", "users"}, ObjectName{"", "people"}}};
  renames.columns = {ColumnRename{ObjectName{"", "people"}, "name", "full_name"}};
  out.push_back(Case{"renames",
                     {"CREATE TABLE users (id int PRIMARY KEY, name varchar(20), KEY users_name "
                      "(name))"},
                     {"INSERT INTO users VALUES (1, 'x')"},
                     {"CREATE TABLE people (id int PRIMARY KEY, full_name varchar(20), KEY "
                      "users_name (full_name))"},
                     renames});

  out.push_back(Case{
      "keys_on_existing_tables",
      {"CREATE TABLE parent (id int PRIMARY KEY, code varchar(10))",
       "CREATE TABLE child (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, parent_id int, tenant int "
       "NOT NULL DEFAULT 1, a int, KEY child_a (a))"},
      {"INSERT INTO parent VALUES (1, 'p')", "INSERT INTO child (parent_id, a) VALUES (1, 5)"},
      {"CREATE TABLE parent (id int PRIMARY KEY, code varchar(10), UNIQUE KEY parent_code (code)) "
       "COMMENT='parents'",
       "CREATE TABLE child (id int NOT NULL AUTO_INCREMENT, parent_id int, tenant int NOT NULL "
       "DEFAULT 1, a int, PRIMARY KEY (id, tenant), KEY child_a (a) COMMENT 'by a', CONSTRAINT "
       "child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE, CONSTRAINT "
       "child_a_positive CHECK (a > 0))"},
      {}});

  out.push_back(Case{
      "dropped_table_still_referenced_before",
      {"CREATE TABLE parent (id int PRIMARY KEY)",
       "CREATE TABLE child (id int PRIMARY KEY, parent_id int, CONSTRAINT child_parent FOREIGN KEY "
       "(parent_id) REFERENCES parent (id))",
       "CREATE TABLE grandchild (id int PRIMARY KEY, child_id int, CONSTRAINT grandchild_child "
       "FOREIGN KEY (child_id) REFERENCES child (id))"},
      {"INSERT INTO parent VALUES (1)", "INSERT INTO child VALUES (1, NULL)"},
      {"CREATE TABLE child (id int PRIMARY KEY, parent_id int)"},
      {}});

  out.push_back(Case{"auto_increment_key_added",
                     {"CREATE TABLE t (x int NOT NULL, v int)"},
                     {"INSERT INTO t VALUES (1, 1), (2, 2)"},
                     {"CREATE TABLE t (x int NOT NULL, v int, id int NOT NULL AUTO_INCREMENT, "
                      "PRIMARY KEY (id))"},
                     {}});
  return out;
}

INSTANTIATE_TEST_SUITE_P(Cases, MysqlRenderRoundTrip, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace strata::detail
