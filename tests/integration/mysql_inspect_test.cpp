// The MySQL/MariaDB inspector and scratch databases against a real server
// (scripts/with-postgres.sh starts a private MariaDB and sets
// STRATA_TEST_MYSQL_URL; without it the server tests are skipped): exact model
// contents for every field the model carries, the fixed query count, equal
// models from two scratch databases, scratch creation, cleanup and privilege
// errors, and a 200-table database. The text helpers are tested offline.
#include "dialect/mysql/mysql_inspect.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

#include "common/url.hpp"
#include "dialect/mysql/mysql_connection.hpp"
#include "dialect/mysql/mysql_inspect_text.hpp"
#include "dialect/mysql/mysql_scratch.hpp"
#include "integration/counting_connection.hpp"
#include "integration/server_test_support.hpp"

namespace strata::detail::schema {

// Readable failure output: gtest would otherwise print the structs as bytes.
std::ostream& operator<<(std::ostream& os, const ObjectName& n) {
  return os << '[' << n.schema << "].[" << n.name << ']';
}

std::string opt(const std::optional<std::string>& v) { return v ? '{' + *v + '}' : "-"; }

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += i + ',';
  return out;
}

void PrintTo(const Column& c, std::ostream* os) {
  *os << "Column{" << c.name << " | " << c.type << " | nn=" << c.not_null
      << " | def=" << opt(c.default_expr) << " | gen=" << opt(c.generated)
      << " stored=" << c.generated_stored << " | coll=" << c.collation
      << " | comment=" << opt(c.comment) << " | ai=" << c.auto_increment
      << " | onupd=" << opt(c.on_update) << " | id=" << static_cast<int>(c.identity) << "}";
}

void PrintTo(const Index& i, std::ostream* os) {
  *os << "Index{" << i.name << " uniq=" << i.unique << " method=" << i.method << " keys=[";
  for (const auto& k : i.keys) {
    *os << k.expression << " col=" << k.is_column << " desc=" << k.descending
        << " prefix=" << k.prefix_length << " coll=" << k.collation << " opc=" << k.opclass << "; ";
  }
  *os << "] include=[" << list(i.include) << "] where=" << opt(i.where)
      << " comment=" << opt(i.comment) << "}";
}

void PrintTo(const ForeignKey& f, std::ostream* os) {
  *os << "FK{" << f.name << " (" << list(f.columns) << ") -> " << f.ref_table << " ("
      << list(f.ref_columns) << ") upd=" << fk_action_sql(f.on_update)
      << " del=" << fk_action_sql(f.on_delete) << " full=" << f.match_full
      << " def=" << f.deferrable << " nv=" << f.not_valid << "}";
}

void PrintTo(const CheckConstraint& c, std::ostream* os) {
  *os << "Check{" << c.name << " | " << c.expression << " | nv=" << c.not_valid << "}";
}

void PrintTo(const Table& t, std::ostream* os) {
  *os << "Table{" << t.name << " engine=" << t.engine << " coll=" << t.collation
      << " comment=" << opt(t.comment) << "\n";
  for (const auto& c : t.columns) PrintTo(c, os), *os << "\n";
  if (t.primary_key) {
    *os << "PK{" << t.primary_key->name << " " << list(t.primary_key->columns) << "}\n";
  }
  *os << "uniques=" << t.uniques.size() << "\n";
  for (const auto& f : t.foreign_keys) PrintTo(f, os), *os << "\n";
  for (const auto& c : t.checks) PrintTo(c, os), *os << "\n";
  for (const auto& i : t.indexes) PrintTo(i, os), *os << "\n";
  *os << "}";
}

void PrintTo(const View& v, std::ostream* os) {
  *os << "View{" << v.name << " mat=" << v.materialized << " | " << v.definition << " | deps=";
  for (const auto& d : v.depends_on) *os << d << ',';
  *os << " comment=" << opt(v.comment) << "}";
}

void PrintTo(const OtherObject& o, std::ostream* os) {
  *os << "Other{" << o.kind << " " << o.name << " on " << o.table << " | " << o.definition << "}";
}

void PrintTo(const Schema& s, std::ostream* os) {
  *os << "Schema{namespaces=" << list(s.namespaces) << " extensions=" << s.extensions.size()
      << " enums=" << s.enums.size() << " sequences=" << s.sequences.size() << "\n";
  for (const auto& t : s.tables) PrintTo(t, os), *os << "\n";
  for (const auto& v : s.views) PrintTo(v, os), *os << "\n";
  for (const auto& o : s.others) PrintTo(o, os), *os << "\n";
  *os << "}";
}

}  // namespace strata::detail::schema

namespace strata::detail {
namespace {

using namespace schema;

// Queries of one inspection on MariaDB 10.3.10+: the current database, tables,
// columns, statistics, foreign key actions, foreign key columns, checks,
// views, triggers, routines and events.
constexpr int kQueries = 10;

using strata::test_support::random_suffix;

long now_seconds() {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
}

class MysqlInspect : public testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_MYSQL_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
    auto admin_url = parse_url(env);
    ASSERT_TRUE(admin_url.has_value()) << admin_url.error().message;
    admin_url_ = *admin_url;
    admin_ = connect(admin_url_);
    ASSERT_NE(admin_, nullptr);
    db_name_ = "strata_i_" + random_suffix();
    cleanup_databases_.push_back(db_name_);
    run(*admin_, fmt::format("CREATE DATABASE {} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                             db_name_));
    url_ = admin_url_;
    url_.database = db_name_;
    conn_ = connect(url_);
    ASSERT_NE(conn_, nullptr);
  }

  void TearDown() override {
    conn_.reset();
    if (!admin_) return;
    for (const auto& db : cleanup_databases_) {
      auto dropped = admin_->exec("DROP DATABASE IF EXISTS `" + db + "`");
      EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
    }
  }

  static std::unique_ptr<Connection> connect(const Url& url) {
    auto c = connect_mysql(url);
    EXPECT_TRUE(c.has_value()) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  static void run(Connection& conn, std::string_view sql) {
    auto r = conn.exec(sql);
    ASSERT_TRUE(r.has_value()) << r.error().message << "\nin: " << sql;
  }

  std::vector<std::string> databases_like(std::string_view pattern) {
    auto r = admin_->query(
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? "
        "ORDER BY SCHEMA_NAME",
        {std::string(pattern)});
    EXPECT_TRUE(r.has_value()) << r.error().message;
    std::vector<std::string> out;
    if (r) {
      for (auto& row : r->rows) out.push_back(row[0].value_or(""));
    }
    return out;
  }

  Schema inspect_on(Connection& conn, const InspectOptions& options = {}) {
    CountingConnection counting(conn);
    auto s = inspect_mysql(counting, options);
    EXPECT_TRUE(s.has_value()) << s.error().message;
    last_query_count_ = counting.queries;
    last_timings_ = std::move(counting.timings);
    return s ? std::move(*s) : Schema{};
  }

  Url admin_url_, url_;
  std::string db_name_;
  std::vector<std::string> cleanup_databases_;
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
  int last_query_count_ = 0;
  std::string last_timings_;
};

// One schema that uses every field of the model MySQL/MariaDB fills, in a
// database created with utf8mb4_unicode_ci.
constexpr std::string_view kFeatureSchema = R"sql(
CREATE TABLE parent (
  id int unsigned NOT NULL AUTO_INCREMENT,
  code char(3) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT 'abc',
  PRIMARY KEY (id),
  UNIQUE KEY uq_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='the parent';

CREATE TABLE everything (
  a int NOT NULL,
  b smallint(5) unsigned zerofill NOT NULL DEFAULT 7,
  mood enum('sad','ok','it''s') NOT NULL DEFAULT 'ok',
  tags set('x','y') DEFAULT NULL,
  price decimal(12,2) DEFAULT 1.50,
  s varchar(50) DEFAULT 'it''s \\ here',
  e varchar(20) COLLATE utf8mb4_unicode_ci DEFAULT '',
  n varchar(20) DEFAULT 'NULL',
  created timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  dt datetime(3) DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
  expr int DEFAULT (1+2),
  u varchar(36) DEFAULT uuid(),
  body text COLLATE utf8mb4_bin COMMENT 'the body',
  total decimal(14,2) AS (price * 2) VIRTUAL,
  total2 decimal(14,2) GENERATED ALWAYS AS (price * 3) STORED,
  parent_id int unsigned,
  js json,
  b1 bit(1) DEFAULT b'1',
  c2 int CHECK (c2 <> 5),
  PRIMARY KEY (a, b),
  UNIQUE KEY uq_s (s, e),
  KEY ix_prefix (body(20)),
  KEY ix_desc (price DESC, a) COMMENT 'newest first',
  FULLTEXT KEY ft_body (body) COMMENT 'fts',
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id)
    ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT chk_price CHECK (price >= 0),
  CHECK (a > 0 and b < 100)
) ENGINE=InnoDB;

CREATE TABLE mem (k int NOT NULL, KEY k_hash (k) USING HASH) ENGINE=MEMORY;

CREATE TABLE strata_version (version_num varchar(255) NOT NULL PRIMARY KEY);

CREATE VIEW v_pos AS SELECT a, price FROM everything WHERE price > 0;
CREATE VIEW v_join AS SELECT v_pos.a, p.code FROM v_pos JOIN parent p ON p.id = v_pos.a;

CREATE TRIGGER trg_bi BEFORE INSERT ON everything FOR EACH ROW SET NEW.a = NEW.a + 1;
CREATE TRIGGER trg_au AFTER UPDATE ON parent FOR EACH ROW BEGIN
  SET @n = 1;
  SET @m = 2;
END;

CREATE PROCEDURE proc_a() SELECT 1;
CREATE FUNCTION fn_a(x int) RETURNS int DETERMINISTIC RETURN x + 1;
CREATE EVENT ev_a ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1;
CREATE SEQUENCE seq_a;
)sql";

const InspectOptions kExcludeBookkeeping{{"strata_version"}, {}};

Schema expected_feature_schema() {
  Schema s;
  Table parent;
  parent.name = {"", "parent"};
  parent.engine = "InnoDB";
  parent.collation = "utf8mb4_bin";
  parent.comment = "the parent";
  parent.columns = {
      Column{.name = "id", .type = "int(10) unsigned", .not_null = true, .auto_increment = true},
      Column{.name = "code",
             .type = "char(3)",
             .not_null = true,
             .default_expr = "'abc'",
             .collation = "latin1_bin"},
  };
  parent.primary_key = PrimaryKey{"", {"id"}};
  parent.indexes = {Index{.name = "uq_code", .unique = true, .keys = {IndexKey{"code"}}}};

  Table everything;
  everything.name = {"", "everything"};
  everything.engine = "InnoDB";
  everything.collation = "utf8mb4_unicode_ci";
  everything.columns = {
      Column{.name = "a", .type = "int(11)", .not_null = true},
      Column{.name = "b",
             .type = "smallint(5) unsigned zerofill",
             .not_null = true,
             .default_expr = "00007"},
      Column{.name = "mood",
             .type = "enum('sad','ok','it''s')",
             .not_null = true,
             .default_expr = "'ok'"},
      Column{.name = "tags", .type = "set('x','y')"},
      Column{.name = "price", .type = "decimal(12,2)", .default_expr = "1.50"},
      Column{.name = "s", .type = "varchar(50)", .default_expr = R"('it''s \\ here')"},
      Column{.name = "e", .type = "varchar(20)", .default_expr = "''"},
      Column{.name = "n", .type = "varchar(20)", .default_expr = "'NULL'"},
      Column{.name = "created",
             .type = "timestamp",
             .not_null = true,
             .default_expr = "current_timestamp()",
             .on_update = "current_timestamp()"},
      Column{.name = "dt",
             .type = "datetime(3)",
             .default_expr = "current_timestamp(3)",
             .on_update = "current_timestamp(3)"},
      Column{.name = "expr", .type = "int(11)", .default_expr = "(1 + 2)"},
      Column{.name = "u", .type = "varchar(36)", .default_expr = "uuid()"},
      Column{.name = "body", .type = "text", .collation = "utf8mb4_bin", .comment = "the body"},
      Column{.name = "total", .type = "decimal(14,2)", .generated = "`price` * 2"},
      Column{.name = "total2",
             .type = "decimal(14,2)",
             .generated = "`price` * 3",
             .generated_stored = true},
      Column{.name = "parent_id", .type = "int(10) unsigned"},
      Column{.name = "js", .type = "longtext", .collation = "utf8mb4_bin"},
      Column{.name = "b1", .type = "bit(1)", .default_expr = "b'1'"},
      Column{.name = "c2", .type = "int(11)"},
  };
  everything.primary_key = PrimaryKey{"", {"a", "b"}};
  everything.foreign_keys = {ForeignKey{.name = "fk_parent",
                                        .columns = {"parent_id"},
                                        .ref_table = {"", "parent"},
                                        .ref_columns = {"id"},
                                        .on_update = FkAction::cascade,
                                        .on_delete = FkAction::set_null}};
  everything.checks = {
      CheckConstraint{"CONSTRAINT_1", "`a` > 0 and `b` < 100"},
      CheckConstraint{"c2", "`c2` <> 5"},
      CheckConstraint{"chk_price", "`price` >= 0"},
      CheckConstraint{"js", "json_valid(`js`)"},
  };
  everything.indexes = {
      Index{.name = "fk_parent", .keys = {IndexKey{"parent_id"}}},
      Index{.name = "ft_body", .method = "FULLTEXT", .keys = {IndexKey{"body"}}, .comment = "fts"},
      Index{.name = "ix_desc",
            .keys = {IndexKey{.expression = "price", .descending = true}, IndexKey{"a"}},
            .comment = "newest first"},
      Index{.name = "ix_prefix", .keys = {IndexKey{.expression = "body", .prefix_length = 20}}},
      Index{.name = "uq_s", .unique = true, .keys = {IndexKey{"s"}, IndexKey{"e"}}},
  };

  Table mem;
  mem.name = {"", "mem"};
  mem.engine = "MEMORY";
  mem.collation = "utf8mb4_unicode_ci";
  mem.columns = {Column{.name = "k", .type = "int(11)", .not_null = true}};
  mem.indexes = {Index{.name = "k_hash", .method = "HASH", .keys = {IndexKey{"k"}}}};

  s.tables = {everything, mem, parent};
  s.views = {
      View{.name = {"", "v_join"},
           .definition = "select `v_pos`.`a` AS `a`,`p`.`code` AS `code` from (`v_pos` join "
                         "`parent` `p` on(`p`.`id` = `v_pos`.`a`))",
           .depends_on = {{"", "parent"}, {"", "v_pos"}}},
      View{.name = {"", "v_pos"},
           .definition = "select `everything`.`a` AS `a`,`everything`.`price` AS `price` from "
                         "`everything` where `everything`.`price` > 0",
           .depends_on = {{"", "everything"}}},
  };
  s.others = {
      OtherObject{"event", {"", "ev_a"}, {}, ""},
      OtherObject{"function", {"", "fn_a"}, {}, ""},
      OtherObject{"procedure", {"", "proc_a"}, {}, ""},
      OtherObject{"sequence", {"", "seq_a"}, {}, ""},
      OtherObject{"trigger",
                  {"", "trg_au"},
                  {"", "parent"},
                  "CREATE TRIGGER `trg_au` AFTER UPDATE ON `parent` FOR EACH ROW BEGIN\n"
                  "  SET @n = 1;\n  SET @m = 2;\nEND"},
      OtherObject{"trigger",
                  {"", "trg_bi"},
                  {"", "everything"},
                  "CREATE TRIGGER `trg_bi` BEFORE INSERT ON `everything` FOR EACH ROW SET NEW.a "
                  "= NEW.a + 1"},
  };
  return s;
}

TEST_F(MysqlInspect, EveryFeatureExactly) {
  run(*conn_, kFeatureSchema);
  Schema s = inspect_on(*conn_, kExcludeBookkeeping);
  EXPECT_EQ(last_query_count_, kQueries);
  Schema expected = expected_feature_schema();
  // Compared piece by piece first for readable failures, then whole.
  ASSERT_EQ(s.tables.size(), expected.tables.size());
  for (size_t i = 0; i < s.tables.size(); ++i) EXPECT_EQ(s.tables[i], expected.tables[i]);
  EXPECT_EQ(s.views, expected.views);
  EXPECT_EQ(s.others, expected.others);
  EXPECT_EQ(s, expected);

  // Without the exclusion the bookkeeping table is an ordinary table.
  Schema all = inspect_on(*conn_);
  const Table* version = all.find_table({"", "strata_version"});
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(version->primary_key, (PrimaryKey{"", {"version_num"}}));
}

// The database's own name is removed only where it qualifies a name, never
// inside a string; names of other databases stay.
TEST_F(MysqlInspect, ViewBodiesLoseOnlyTheirOwnQualifier) {
  run(*admin_, fmt::format("CREATE DATABASE {}_o", db_name_));
  cleanup_databases_.push_back(db_name_ + "_o");
  run(*conn_, fmt::format("CREATE TABLE {0}_o.far (id int PRIMARY KEY);\n"
                          "CREATE TABLE near (id int PRIMARY KEY, far_id int,\n"
                          "  CONSTRAINT fk_far FOREIGN KEY (far_id) REFERENCES {0}_o.far (id));\n"
                          "CREATE VIEW v AS SELECT '`{0}`.`near`' AS q, n.id, f.id AS fid\n"
                          "  FROM near n JOIN {0}_o.far f ON f.id = n.far_id;",
                          db_name_));
  Schema s = inspect_on(*conn_);
  ASSERT_EQ(s.views.size(), 1u);
  EXPECT_EQ(s.views[0].definition,
            fmt::format("select '`{0}`.`near`' AS `q`,`n`.`id` AS `id`,`f`.`id` AS `fid` from "
                        "(`near` `n` join `{0}_o`.`far` `f` on(`f`.`id` = `n`.`far_id`))",
                        db_name_));
  EXPECT_EQ(s.views[0].depends_on, (std::vector<ObjectName>{{"", "near"}}));
  const Table* near = s.find_table({"", "near"});
  ASSERT_NE(near, nullptr);
  EXPECT_EQ(near->foreign_keys,
            (std::vector<ForeignKey>{ForeignKey{.name = "fk_far",
                                                .columns = {"far_id"},
                                                .ref_table = {db_name_ + "_o", "far"},
                                                .ref_columns = {"id"},
                                                .on_update = FkAction::restrict,
                                                .on_delete = FkAction::restrict}}));
}

TEST_F(MysqlInspect, EmptyDatabase) {
  Schema s = inspect_on(*conn_);
  EXPECT_EQ(s, Schema{});
  EXPECT_EQ(last_query_count_, kQueries);
}

TEST_F(MysqlInspect, NoCurrentDatabaseIsAnError) {
  Url bare = admin_url_;
  bare.database.clear();
  auto c = connect(bare);
  ASSERT_NE(c, nullptr);
  auto s = inspect_mysql(*c, {});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message,
            "cannot inspect the MySQL/MariaDB schema: the connection has no current database "
            "(name one in the URL)");
}

// n tables, each with an index, a foreign key, a check, a view and a trigger.
std::string numbered_tables(int from, int to) {
  std::string sql;
  for (int i = from; i < to; ++i) {
    sql += fmt::format(
        "CREATE TABLE t{0} (id int PRIMARY KEY, ref int, name varchar(20), KEY t{0}_name (name), "
        "CONSTRAINT t{0}_ref FOREIGN KEY (ref) REFERENCES t{0} (id), "
        "CONSTRAINT t{0}_chk CHECK (id > 0));\n"
        "CREATE VIEW v{0} AS SELECT id FROM t{0};\n"
        "CREATE TRIGGER t{0}_trg BEFORE INSERT ON t{0} FOR EACH ROW SET NEW.name = 'x';\n",
        i);
  }
  return sql;
}

TEST_F(MysqlInspect, QueryCountDoesNotGrowWithTables) {
  run(*conn_, numbered_tables(0, 3));
  Schema small = inspect_on(*conn_);
  int small_count = last_query_count_;
  run(*conn_, numbered_tables(3, 30));
  Schema large = inspect_on(*conn_);
  EXPECT_EQ(small.tables.size(), 3u);
  EXPECT_EQ(large.tables.size(), 30u);
  EXPECT_EQ(large.views.size(), 30u);
  EXPECT_EQ(large.others.size(), 30u);
  EXPECT_EQ(small_count, kQueries);
  EXPECT_EQ(last_query_count_, kQueries);
}

TEST_F(MysqlInspect, TwoScratchDatabasesFromTheSameSqlInspectEqual) {
  auto first = create_mysql_scratch(url_);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  cleanup_databases_.push_back(first->database);
  auto second = create_mysql_scratch(url_);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  cleanup_databases_.push_back(second->database);
  ASSERT_NE(first->database, second->database);

  auto a = connect(*first);
  auto b = connect(*second);
  ASSERT_TRUE(a && b);
  run(*a, kFeatureSchema);
  run(*b, kFeatureSchema);
  Schema sa = inspect_on(*a, kExcludeBookkeeping);
  Schema sb = inspect_on(*b, kExcludeBookkeeping);
  EXPECT_EQ(sa, sb);
  EXPECT_EQ(sa, expected_feature_schema());

  ASSERT_TRUE(drop_mysql_scratch(url_, *first).has_value());
  ASSERT_TRUE(drop_mysql_scratch(url_, *second).has_value());
  EXPECT_TRUE(databases_like(first->database).empty());
  EXPECT_TRUE(databases_like(second->database).empty());
}

TEST_F(MysqlInspect, ScratchTakesTheDevDatabaseCharsetAndKeepsTheUrl) {
  std::string dev_db = db_name_ + "_dev";
  run(*admin_,
      fmt::format("CREATE DATABASE {} CHARACTER SET latin1 COLLATE latin1_german2_ci", dev_db));
  cleanup_databases_.push_back(dev_db);
  Url dev = admin_url_;
  dev.database = dev_db;
  dev.query["connect_timeout"] = "7";
  auto scratch = create_mysql_scratch(dev);
  ASSERT_TRUE(scratch.has_value()) << scratch.error().message;
  cleanup_databases_.push_back(scratch->database);

  // strata_scratch_<unix time>_<pid>_<6 hex digits>
  std::string_view name = scratch->database;
  ASSERT_EQ(name.substr(0, 15), "strata_scratch_");
  long created = std::strtol(scratch->database.c_str() + 15, nullptr, 10);
  EXPECT_LE(std::labs(created - now_seconds()), 5);
  EXPECT_NE(name.find(fmt::format("_{}_", static_cast<long>(::getpid()))), std::string::npos);
  EXPECT_EQ(name.size() - name.rfind('_'), 7u);

  Url expected_url = dev;
  expected_url.database = scratch->database;
  EXPECT_EQ(scratch->redacted(), expected_url.redacted());
  EXPECT_EQ(scratch->password, dev.password);

  auto r = admin_->query(
      "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM "
      "information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
      {scratch->database});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0][0], "latin1");
  EXPECT_EQ(r->rows[0][1], "latin1_german2_ci");

  ASSERT_TRUE(drop_mysql_scratch(dev, *scratch).has_value());
  EXPECT_TRUE(databases_like(scratch->database).empty());
  // Dropping twice is harmless; a database that is not a scratch is refused.
  EXPECT_TRUE(drop_mysql_scratch(dev, *scratch).has_value());
  auto refused = drop_mysql_scratch(dev, dev);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(
      refused.error().message,
      fmt::format("refusing to drop the database `{}`: it is not a scratch database", dev_db));
  EXPECT_EQ(databases_like(dev_db).size(), 1u);
}

TEST_F(MysqlInspect, ScratchCreationDropsStaleScratchDatabases) {
  long now = now_seconds();
  std::string stale = fmt::format("strata_scratch_{}_1_abcdef", now - 700);
  std::string young = fmt::format("strata_scratch_{}_1_abcdef", now - 60);
  std::string lookalike = fmt::format("strata_scratchy_{}_1_abcdef", now - 7000);
  for (const auto& db : {stale, young, lookalike}) {
    run(*admin_, "CREATE DATABASE " + db);
    cleanup_databases_.push_back(db);
  }
  auto scratch = create_mysql_scratch(url_);
  ASSERT_TRUE(scratch.has_value()) << scratch.error().message;
  cleanup_databases_.push_back(scratch->database);
  EXPECT_TRUE(databases_like(stale).empty());
  EXPECT_EQ(databases_like(young), std::vector<std::string>{young});
  EXPECT_EQ(databases_like(lookalike), std::vector<std::string>{lookalike});
  EXPECT_EQ(databases_like(scratch->database), std::vector<std::string>{scratch->database});
}

TEST_F(MysqlInspect, ScratchWithoutCreatePrivilegeNamesItAndDevUrl) {
  std::string user = "strata_np_" + random_suffix().substr(0, 8);
  std::string password = "np-secret-" + random_suffix();
  run(*admin_, fmt::format("CREATE USER '{}'@'%' IDENTIFIED BY '{}'", user, password));
  run(*admin_, fmt::format("GRANT SELECT ON `{}`.* TO '{}'@'%'", db_name_, user));
  Url limited = url_;
  limited.user = user;
  limited.password = password;
  auto scratch = create_mysql_scratch(limited);
  run(*admin_, fmt::format("DROP USER '{}'@'%'", user));
  ASSERT_FALSE(scratch.has_value());
  const Error& e = scratch.error();
  EXPECT_EQ(e.message, fmt::format("cannot create a scratch database on {}: the user \"{}\" lacks "
                                   "the CREATE privilege",
                                   limited.redacted(), user));
  EXPECT_EQ(e.hint, fmt::format("grant it for scratch databases (GRANT ALL ON "
                                "`strata\\_scratch\\_%`.* TO '{}'@'%') or set dev_url in "
                                "strata.toml to a server where the user may create databases",
                                user));
  EXPECT_EQ(e.sqlstate, "1044");
  EXPECT_EQ(e.message.find(password), std::string::npos);
  EXPECT_NE(e.message.find(":***@"), std::string::npos);
}

// 200 tables of 8 columns, 2 indexes, a foreign key and a check each: the
// same fixed number of queries, every object in place. The time is printed,
// not asserted (timing 1,000 tables is bench/'s job).
TEST_F(MysqlInspect, ManyTables) {
  constexpr int kTables = 200;
  std::string script = "CREATE TABLE t0 (id int PRIMARY KEY);\n";
  for (int i = 1; i <= kTables; ++i) {
    script += fmt::format(
        "CREATE TABLE t{0} (id int PRIMARY KEY, ref int, name varchar(100) NOT NULL, "
        "qty int DEFAULT 0, price decimal(10,2), created timestamp DEFAULT current_timestamp(), "
        "note varchar(40), flag tinyint(1), KEY t{0}_name (name), KEY t{0}_note (note(10), flag), "
        "CONSTRAINT t{0}_ref FOREIGN KEY (ref) REFERENCES t{1} (id), "
        "CONSTRAINT t{0}_chk CHECK (qty >= 0));\n",
        i, i - 1);
  }
  run(*conn_, script);

  // The first round runs on a fresh connection right after the build, as
  // strata meets a scratch database.
  auto fresh = connect(url_);
  ASSERT_NE(fresh, nullptr);
  Schema s;
  for (int round = 0; round < 5; ++round) {
    auto start = std::chrono::steady_clock::now();
    s = inspect_on(*fresh);
    auto end = std::chrono::steady_clock::now();
    EXPECT_EQ(last_query_count_, kQueries);
    std::cout << fmt::format("inspecting {} tables, round {}: {:.1f} ms\n", kTables + 1, round + 1,
                             std::chrono::duration<double, std::milli>(end - start).count());
    if (round == 0 || round == 4) std::cout << last_timings_;
  }

  ASSERT_EQ(s.tables.size(), static_cast<size_t>(kTables + 1));
  size_t columns = 0, indexes = 0, fks = 0, checks = 0;
  for (const auto& t : s.tables) {
    columns += t.columns.size();
    indexes += t.indexes.size();
    fks += t.foreign_keys.size();
    checks += t.checks.size();
    EXPECT_TRUE(t.primary_key.has_value()) << t.name.name;
  }
  EXPECT_EQ(columns, static_cast<size_t>(kTables * 8 + 1));
  EXPECT_EQ(indexes, static_cast<size_t>(kTables * 3));  // two and the foreign key's
  EXPECT_EQ(fks, static_cast<size_t>(kTables));
  EXPECT_EQ(checks, static_cast<size_t>(kTables));

  Table t150;
  t150.name = {"", "t150"};
  t150.engine = "InnoDB";
  t150.collation = "utf8mb4_unicode_ci";
  t150.columns = {
      Column{.name = "id", .type = "int(11)", .not_null = true},
      Column{.name = "ref", .type = "int(11)"},
      Column{.name = "name", .type = "varchar(100)", .not_null = true},
      Column{.name = "qty", .type = "int(11)", .default_expr = "0"},
      Column{.name = "price", .type = "decimal(10,2)"},
      Column{.name = "created", .type = "timestamp", .default_expr = "current_timestamp()"},
      Column{.name = "note", .type = "varchar(40)"},
      Column{.name = "flag", .type = "tinyint(1)"},
  };
  t150.primary_key = PrimaryKey{"", {"id"}};
  t150.foreign_keys = {ForeignKey{.name = "t150_ref",
                                  .columns = {"ref"},
                                  .ref_table = {"", "t149"},
                                  .ref_columns = {"id"},
                                  .on_update = FkAction::restrict,
                                  .on_delete = FkAction::restrict}};
  t150.checks = {CheckConstraint{"t150_chk", "`qty` >= 0"}};
  t150.indexes = {
      Index{.name = "t150_name", .keys = {IndexKey{"name"}}},
      Index{.name = "t150_note",
            .keys = {IndexKey{.expression = "note", .prefix_length = 10}, IndexKey{"flag"}}},
      Index{.name = "t150_ref", .keys = {IndexKey{"ref"}}},
  };
  const Table* found = s.find_table({"", "t150"});
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, t150);
}

// ---- text helpers, no server needed ----

TEST(MysqlInspectText, ParsesServerLabels) {
  MysqlServer maria = parse_mysql_server("MariaDB 10.11.6");
  EXPECT_TRUE(maria.mariadb);
  EXPECT_EQ(maria.major, 10);
  EXPECT_EQ(maria.minor, 11);
  EXPECT_EQ(maria.patch, 6);
  EXPECT_TRUE(mysql_defaults_are_sql(maria));
  EXPECT_FALSE(mysql_defaults_are_sql(parse_mysql_server("MariaDB 10.2.6")));
  EXPECT_TRUE(mysql_defaults_are_sql(parse_mysql_server("MariaDB 10.2.7")));
  MysqlServer my = parse_mysql_server("MySQL 8.0.36");
  EXPECT_FALSE(my.mariadb);
  EXPECT_TRUE(my.at_least(8, 0, 13));
  EXPECT_FALSE(my.at_least(8, 1, 0));
  EXPECT_FALSE(mysql_defaults_are_sql(my));
}

TEST(MysqlInspectText, DefaultsMariadbPrintsAsSql) {
  EXPECT_EQ(mysql_column_default(std::nullopt, "", "int(11)", true), std::nullopt);
  EXPECT_EQ(mysql_column_default("NULL", "", "varchar(5)", true), std::nullopt);
  EXPECT_EQ(mysql_column_default("'NULL'", "", "varchar(5)", true), "'NULL'");
  EXPECT_EQ(mysql_column_default("current_timestamp()", "", "timestamp", true),
            "current_timestamp()");
}

TEST(MysqlInspectText, DefaultsMysqlPrintsBare) {
  EXPECT_EQ(mysql_column_default(std::nullopt, "", "varchar(5)", false), std::nullopt);
  EXPECT_EQ(mysql_column_default("abc", "", "varchar(5)", false), "'abc'");
  EXPECT_EQ(mysql_column_default("NULL", "", "varchar(5)", false), "'NULL'");
  EXPECT_EQ(mysql_column_default("it's \\", "", "text", false), R"('it''s \\')");
  EXPECT_EQ(mysql_column_default("", "", "char(1)", false), "''");
  EXPECT_EQ(mysql_column_default("0", "", "int unsigned", false), "0");
  EXPECT_EQ(mysql_column_default("1.50", "", "decimal(12,2)", false), "1.50");
  EXPECT_EQ(mysql_column_default("b'1'", "", "bit(1)", false), "b'1'");
  EXPECT_EQ(mysql_column_default("2024-01-01 00:00:00", "", "datetime", false),
            "'2024-01-01 00:00:00'");
  EXPECT_EQ(mysql_column_default("CURRENT_TIMESTAMP", "DEFAULT_GENERATED", "timestamp", false),
            "CURRENT_TIMESTAMP");
  EXPECT_EQ(mysql_column_default("CURRENT_TIMESTAMP", "", "datetime", false), "CURRENT_TIMESTAMP");
  EXPECT_EQ(mysql_column_default("rand()", "DEFAULT_GENERATED", "double", false), "(rand())");
  EXPECT_EQ(mysql_column_default("(1 + 2)", "DEFAULT_GENERATED", "int", false), "(1 + 2)");
  EXPECT_EQ(mysql_column_default("(1) + (2)", "DEFAULT_GENERATED", "int", false), "((1) + (2))");
}

TEST(MysqlInspectText, OnUpdate) {
  EXPECT_EQ(mysql_on_update(""), std::nullopt);
  EXPECT_EQ(mysql_on_update("auto_increment"), std::nullopt);
  EXPECT_EQ(mysql_on_update("on update current_timestamp()"), "current_timestamp()");
  EXPECT_EQ(mysql_on_update("on update current_timestamp(3), INVISIBLE"), "current_timestamp(3)");
  EXPECT_EQ(mysql_on_update("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
}

TEST(MysqlInspectText, StripsOnlyWrappingParentheses) {
  EXPECT_EQ(mysql_strip_outer_parens("(`a` > 0)"), "`a` > 0");
  EXPECT_EQ(mysql_strip_outer_parens(" ((`a` > 0)) "), "(`a` > 0)");
  EXPECT_EQ(mysql_strip_outer_parens("(`a` > 0) and (`b` > 0)"), "(`a` > 0) and (`b` > 0)");
  EXPECT_EQ(mysql_strip_outer_parens("(`a` <> ')(')"), "`a` <> ')('");
  EXPECT_EQ(mysql_strip_outer_parens("(`)` > 0) or (`b` > 0)"), "(`)` > 0) or (`b` > 0)");
  EXPECT_EQ(mysql_strip_outer_parens("`a` > 0"), "`a` > 0");
}

TEST(MysqlInspectText, UnqualifiesOwnDatabaseOnly) {
  std::vector<std::string> refs;
  EXPECT_EQ(mysql_unqualify("select `db`.`t`.`a` AS `a`,'`db`.`x`' from (`db`.`t` join "
                            "`other`.`u`) join `db`.`we``ird`",
                            "db", &refs),
            "select `t`.`a` AS `a`,'`db`.`x`' from (`t` join `other`.`u`) join `we``ird`");
  EXPECT_EQ(refs, (std::vector<std::string>{"t", "t", "we`ird"}));
  refs.clear();
  EXPECT_EQ(mysql_unqualify("select `db2`.`t`.`a` from `db2`.`t`", "db", &refs),
            "select `db2`.`t`.`a` from `db2`.`t`");
  EXPECT_TRUE(refs.empty());
  EXPECT_EQ(mysql_unqualify("select 1 from `d``b`.`t`", "d`b", nullptr), "select 1 from `t`");
}

}  // namespace
}  // namespace strata::detail
