// The MySQL/MariaDB lint analyzer through Dialect::lint(): exact rule ids,
// severities and messages for what InnoDB's online DDL would copy, rebuild or
// lock, and no hit for the safe forms (ALGORITHM=INSTANT, LOCK=NONE, a
// VARCHAR widened within its length-byte class, tables created in the same
// migration). Then mysql_table_sizes on the MariaDB server of
// STRATA_TEST_MYSQL_URL (skipped when unset): exact rows after ANALYZE TABLE,
// bytes and column types, in a fixed number of queries.
#include "dialect/mysql/mysql_lint.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>

#include "common/url.hpp"
#include "dialect/mysql/mysql_dialect.hpp"
#include "integration/counting_connection.hpp"
#include "integration/server_test_support.hpp"
#include "lint/lint_types.hpp"
#include "unit/lint_test_support.hpp"

namespace strata::detail::lint {
namespace {

// Sections with DDL run journaled on MySQL, outside a transaction.
StatementAnalysis my(const std::string& sql, const Ctx& ctx = Ctx().outside()) {
  auto r = mysql_dialect().lint(StatementText{sql, 0}, ctx.context());
  EXPECT_TRUE(r.has_value()) << sql;
  if (!r) return {};
  for (const Hit& h : r->hits) {
    const RuleInfo* info = find_rule(h.rule);
    EXPECT_NE(info, nullptr) << "rule not in the catalogue: " << h.rule;
    // Every fix is the catalogue's, but for the one rule whose recipe differs
    // on MySQL (a NOT NULL column is not refused there, it gets 0 or '').
    if (info && h.rule != "add-column-not-null-without-default") {
      EXPECT_EQ(h.fix, info->fix) << h.rule;
    }
  }
  return *r;
}

constexpr int64_t kMillion = 1'000'000;
constexpr int64_t k72MB = 72LL * 1024 * 1024;
constexpr std::string_view kBig = "users (1.0M rows, 72 MB)";
constexpr std::string_view kCopyTail =
    "InnoDB copies the table row by row (ALGORITHM=COPY) and writes wait for the whole copy";
constexpr std::string_view kRebuildTail =
    "InnoDB rebuilds the table in place: reads and writes go on, but every row is rewritten, "
    "which takes the time and disk space of a full copy";

// users as mysql_table_sizes reads it from the catalog.
Ctx big_users(int version = 0) {
  return Ctx().outside().server(version).size(
      "users", kMillion, k72MB,
      {{"id", "int(11) NOT NULL PRIMARY KEY AUTO_INCREMENT"},
       {"name", "varchar(40) CHARACTER SET utf8mb4"},
       {"code", "varchar(70) CHARACTER SET utf8mb4"},
       {"short", "varchar(20) CHARACTER SET utf8mb4"},
       {"n", "int(11)"},
       {"nn", "int(11) NOT NULL"},
       {"status", "enum('a','b')"},
       {"price", "decimal(10,2)"},
       {"lat", "varchar(10) CHARACTER SET latin1"}});
}
Ctx tiny_users() { return Ctx().outside().size("users", 12, 16384, {{"n", "int(11)"}}); }

// ---------------------------------------------------------------- catalogue

TEST(MysqlLintCatalogue, RulesAreInTheCatalogue) {
  std::map<std::string, Severity> expected = {{"mysql-copy-algorithm", Severity::kError},
                                              {"mysql-add-column-blocks-writes", Severity::kError},
                                              {"mysql-add-foreign-key", Severity::kError},
                                              {"mysql-table-rebuild", Severity::kWarning},
                                              {"mysql-index-blocks-writes", Severity::kError},
                                              {"mysql-add-index", Severity::kInfo},
                                              {"mysql-explicit-lock", Severity::kError}};
  for (const auto& [id, severity] : expected) {
    const RuleInfo* r = find_rule(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_EQ(r->default_severity, severity) << id;
    EXPECT_EQ(r->dialects, "mysql") << id;
  }
  EXPECT_NE(find_rule("mysql-copy-algorithm")->why.find("every INSERT, UPDATE and DELETE waits"),
            std::string::npos);
  EXPECT_NE(find_rule("mysql-copy-algorithm")->fix.find("gh-ost or pt-online-schema-change"),
            std::string::npos);
  EXPECT_NE(find_rule("mysql-index-blocks-writes")->why.find("LOCK=SHARED"), std::string::npos);
  EXPECT_NE(find_rule("mysql-add-foreign-key")->fix.find("SET foreign_key_checks = 0"),
            std::string::npos);
}

// ---------------------------------------------------------------- type changes

TEST(MysqlLint, TypeChangeCopiesTheTable) {
  auto a = my("ALTER TABLE users MODIFY n BIGINT", big_users());
  EXPECT_EQ(ids(a), "mysql-copy-algorithm:error");
  EXPECT_EQ(a.hits[0].table, "users");
  EXPECT_EQ(message(a), fmt::format("MODIFY COLUMN n BIGINT on {} changes the column's type from "
                                    "int(11) to BIGINT: {}",
                                    kBig, kCopyTail));
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY COLUMN price DECIMAL(12,2)", big_users())),
            "mysql-copy-algorithm:error");
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY n INT UNSIGNED", big_users())),
            "mysql-copy-algorithm:error");
  EXPECT_EQ(
      message(my("ALTER TABLE users MODIFY lat VARCHAR(10) CHARACTER SET utf8mb4", big_users())),
      fmt::format("MODIFY COLUMN lat VARCHAR(10) on {} converts the column from character "
                  "set latin1 to utf8mb4: {}",
                  kBig, kCopyTail));
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY status ENUM('c','a','b')", big_users())),
            "mysql-copy-algorithm:error");
  EXPECT_EQ(message(my("ALTER TABLE users MODIFY n INT AUTO_INCREMENT UNIQUE", big_users())),
            fmt::format("MODIFY COLUMN n INT on {} makes the column AUTO_INCREMENT: {}", kBig,
                        kCopyTail));
  // Known small: info.
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY n BIGINT", tiny_users())),
            "mysql-copy-algorithm:info");
}

TEST(MysqlLint, ChangesInnoDbMakesWithoutACopy) {
  // Same type (display width, DEFAULT, COMMENT aside), an alias of it.
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY n INT(5)", big_users())), "");
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY n INTEGER DEFAULT 3 COMMENT 'count'", big_users())),
            "");
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY id INT AUTO_INCREMENT", big_users())), "");
  // ENUM members appended at the end.
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY status ENUM('a','b','c')", big_users())), "");
  // VARCHAR widened within its length-byte class: 80 -> 240 bytes, 280 -> 400.
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY short VARCHAR(60)", big_users())), "");
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY code VARCHAR(100)", big_users())), "");
  // The server refuses rather than copy.
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY n BIGINT, ALGORITHM=INPLACE, LOCK=NONE", big_users())),
            "");
  EXPECT_EQ(ids(my("ALTER ONLINE TABLE users MODIFY n BIGINT", big_users())), "");
}

TEST(MysqlLint, VarcharLengthByteClass) {
  auto a = my("ALTER TABLE users MODIFY name VARCHAR(100)", big_users(80030));
  EXPECT_EQ(ids(a), "mysql-copy-algorithm:error");
  EXPECT_EQ(message(a), fmt::format("MODIFY COLUMN name VARCHAR(100) on {} widens the column from "
                                    "varchar(40) to VARCHAR(100), 160 to 400 bytes: past 255 "
                                    "bytes a value needs a second length byte: {}",
                                    kBig, kCopyTail));
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY name VARCHAR(100)", big_users(100011))),
            "mysql-copy-algorithm:error");
  // MariaDB 10.4+ extends a VARCHAR of at most 127 bytes instantly; MySQL copies.
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY short VARCHAR(100)", big_users(100011))), "");
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY short VARCHAR(100)", big_users(80030))),
            "mysql-copy-algorithm:error");
  EXPECT_EQ(message(my("ALTER TABLE users MODIFY code VARCHAR(60)", big_users())),
            fmt::format("MODIFY COLUMN code VARCHAR(60) on {} shortens the column from "
                        "varchar(70) to VARCHAR(60): {}",
                        kBig, kCopyTail));
}

TEST(MysqlLint, NullnessChangeRebuilds) {
  auto a = my("ALTER TABLE users MODIFY n INT NOT NULL", big_users());
  EXPECT_EQ(ids(a), "mysql-table-rebuild:warning");
  EXPECT_EQ(message(a), fmt::format("MODIFY COLUMN n INT on {} makes the column NOT NULL: {}", kBig,
                                    kRebuildTail));
  EXPECT_EQ(message(my("ALTER TABLE users MODIFY nn INT", big_users())),
            fmt::format("MODIFY COLUMN nn INT on {} makes the column nullable (MODIFY and CHANGE "
                        "restate the whole column: NOT NULL left out): {}",
                        kBig, kRebuildTail));
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY n INT NOT NULL", tiny_users())),
            "mysql-table-rebuild:info");
}

TEST(MysqlLint, TypeChangeWithUnknownCurrentType) {
  auto a = my("ALTER TABLE users MODIFY n BIGINT");
  EXPECT_EQ(ids(a), "mysql-copy-algorithm:warning");
  EXPECT_EQ(message(a),
            fmt::format("MODIFY COLUMN n BIGINT on users (size unknown: assumed large): {} unless "
                        "the column keeps its type, character set and NULL-ness (a VARCHAR may "
                        "widen within its length-byte class); its current type is unknown",
                        kCopyTail));
  // A column the catalog does not have (added earlier in the run) is unknown too.
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY added BIGINT", big_users())),
            "mysql-copy-algorithm:warning");
}

TEST(MysqlLint, ChangeColumnRenamesAndRetypes) {
  EXPECT_EQ(ids(my("ALTER TABLE users CHANGE n m INT", big_users())), "rename-column:warning");
  auto a = my("ALTER TABLE users CHANGE COLUMN n m BIGINT", big_users());
  EXPECT_EQ(ids(a), "rename-column:warning, mysql-copy-algorithm:error");
  EXPECT_EQ(message(a), fmt::format("renaming column n of {} to m: running code that uses the old "
                                    "name fails until it is deployed again",
                                    kBig));
  EXPECT_EQ(message(a, 1), fmt::format("CHANGE COLUMN n m BIGINT on {} changes the column's type "
                                       "from int(11) to BIGINT: {}",
                                       kBig, kCopyTail));
  EXPECT_EQ(ids(my("ALTER TABLE users CHANGE `n` `N` INT", big_users())), "");
}

TEST(MysqlLint, MovingAColumn) {
  auto a = my("ALTER TABLE users MODIFY code VARCHAR(70) AFTER id", big_users(80030));
  EXPECT_EQ(ids(a), "mysql-table-rebuild:warning");
  EXPECT_EQ(message(a), fmt::format("MODIFY COLUMN code VARCHAR(70) on {} moves the column AFTER "
                                    "id: {}",
                                    kBig, kRebuildTail));
  EXPECT_EQ(ids(my("ALTER TABLE users MODIFY code VARCHAR(70) FIRST", big_users(100004))), "");
}

// ---------------------------------------------------------------- new columns

TEST(MysqlLint, AddColumnIsInstantOnCurrentServers) {
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN c INT, ALGORITHM=INSTANT", big_users(80011))), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN c INT")), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD c INT NULL DEFAULT NULL", big_users(80012))), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN c INT FIRST", big_users(80029))), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN c INT AFTER name", big_users(100004))), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN (c INT, d TEXT)", big_users(100003))), "");
  // MariaDB's ALGORITHM=INPLACE still lets an instant change be instant.
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN c INT, ALGORITHM=INPLACE", big_users(100011))),
            "");
}

TEST(MysqlLint, AddColumnRebuildsOnOlderServers) {
  auto a = my("ALTER TABLE users ADD COLUMN c INT", big_users(80011));
  EXPECT_EQ(ids(a), "mysql-table-rebuild:warning");
  EXPECT_EQ(message(a), fmt::format("ADD COLUMN c INT on {} adds a column: columns are added "
                                    "instantly only from MySQL 8.0.12 on (target: MySQL 8.0.11): "
                                    "{}",
                                    kBig, kRebuildTail));
  EXPECT_EQ(message(my("ALTER TABLE users ADD COLUMN c INT AFTER name", big_users(80028))),
            fmt::format("ADD COLUMN c INT on {} adds the column AFTER name: columns are added "
                        "instantly other than at the end only from MySQL 8.0.29 on (target: "
                        "MySQL 8.0.28): {}",
                        kBig, kRebuildTail));
  EXPECT_EQ(message(my("ALTER TABLE users ADD COLUMN c INT FIRST", big_users(100003))),
            fmt::format("ADD COLUMN c INT on {} adds the column FIRST: columns are added "
                        "instantly other than at the end only from MariaDB 10.4 on (target: "
                        "MariaDB 10.3): {}",
                        kBig, kRebuildTail));
  EXPECT_EQ(message(my("ALTER TABLE users ADD COLUMN c INT, ALGORITHM=INPLACE", big_users(80030))),
            fmt::format("ADD COLUMN c INT on {} with ALGORITHM=INPLACE: MySQL then rebuilds the "
                        "table where ALGORITHM=INSTANT would add the column at once: {}",
                        kBig, kRebuildTail));
}

TEST(MysqlLint, AddColumnFilledForEveryRow) {
  auto a =
      my("ALTER TABLE users ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE", big_users());
  EXPECT_EQ(ids(a), "mysql-add-column-blocks-writes:error");
  EXPECT_EQ(message(a), fmt::format("ADD COLUMN seq BIGINT on {} numbers every existing row: "
                                    "InnoDB rebuilds the table under LOCK=SHARED, so writes wait "
                                    "for the whole rebuild",
                                    kBig));
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN seq SERIAL", big_users())),
            "mysql-add-column-blocks-writes:error");
  auto g = my("ALTER TABLE users ADD COLUMN total INT AS (n + nn) STORED", big_users());
  EXPECT_EQ(ids(g), "mysql-add-column-blocks-writes:error");
  EXPECT_EQ(message(g), fmt::format("ADD COLUMN total INT on {} computes the STORED generated "
                                    "column for every existing row: {}",
                                    kBig, kCopyTail));
  EXPECT_EQ(ids(my("ALTER TABLE users ADD total INT GENERATED ALWAYS AS (n + 1) PERSISTENT")),
            "mysql-add-column-blocks-writes:error");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN total INT AS (n + nn) VIRTUAL", big_users())), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN seq BIGINT AUTO_INCREMENT UNIQUE, LOCK=NONE")),
            "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN seq SERIAL", tiny_users())),
            "mysql-add-column-blocks-writes:info");
}

TEST(MysqlLint, NotNullColumnWithoutDefault) {
  auto a = my("ALTER TABLE users ADD COLUMN flag INT NOT NULL", big_users());
  EXPECT_EQ(ids(a), "add-column-not-null-without-default:warning");
  EXPECT_EQ(message(a), fmt::format("ADD COLUMN flag NOT NULL without a DEFAULT on {}: MySQL does "
                                    "not refuse it but gives every existing row the type's "
                                    "implicit default (0, '' or a zero date), which the "
                                    "application may not expect",
                                    kBig));
  ASSERT_EQ(a.hits.size(), 1u);
  EXPECT_EQ(a.hits[0].fix.find("PostgreSQL"), std::string::npos) << a.hits[0].fix;
  EXPECT_NE(a.hits[0].fix.find("Give the column a DEFAULT"), std::string::npos);
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN flag INT NOT NULL DEFAULT 0", big_users())), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD COLUMN flag INT NOT NULL",
                   Ctx().outside().size("users", 0, 0))),
            "");
}

// ---------------------------------------------------------------- keys and indexes

TEST(MysqlLint, ForeignKeys) {
  auto a = my("ALTER TABLE users ADD CONSTRAINT fk_org FOREIGN KEY (org_id) REFERENCES orgs (id)",
              big_users());
  EXPECT_EQ(ids(a), "mysql-add-foreign-key:error");
  EXPECT_EQ(message(a), fmt::format("ADD FOREIGN KEY on {} referencing orgs: with "
                                    "foreign_key_checks on, InnoDB adds a foreign key only with "
                                    "ALGORITHM=COPY, checking every row while writes wait for the "
                                    "whole copy",
                                    kBig));
  EXPECT_EQ(ids(my("ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs (id)")),
            "mysql-add-foreign-key:error");
  // The recipe: foreign_key_checks=0 and ALGORITHM=INPLACE, which the server
  // refuses while the checks are on.
  EXPECT_EQ(ids(my("ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs (id), "
                   "ALGORITHM=INPLACE, LOCK=NONE")),
            "");
  EXPECT_EQ(
      ids(my("ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs (id)", tiny_users())),
      "mysql-add-foreign-key:info");
}

TEST(MysqlLint, SecondaryIndexesAreOnlineButSaySo) {
  auto a = my("ALTER TABLE users ADD INDEX users_name (name)", big_users());
  EXPECT_EQ(ids(a), "mysql-add-index:info");
  EXPECT_EQ(message(a), fmt::format("ADD INDEX on {} is built in place while reads and writes go "
                                    "on; write ALGORITHM=INPLACE, LOCK=NONE so the server refuses "
                                    "rather than locks the table if it cannot",
                                    kBig));
  EXPECT_EQ(ids(my("CREATE UNIQUE INDEX users_code ON users (code)")), "mysql-add-index:info");
  EXPECT_EQ(message(my("CREATE INDEX users_code ON users (code)")),
            "CREATE INDEX on users (size unknown: assumed large) is built in place while reads and "
            "writes go on; write ALGORITHM=INPLACE, LOCK=NONE so the server refuses rather than "
            "locks the table if it cannot");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD UNIQUE KEY (code), ALGORITHM=INPLACE, LOCK=NONE")), "");
  EXPECT_EQ(ids(my("CREATE INDEX i ON users (code) ALGORITHM=INPLACE LOCK=NONE")), "");
  EXPECT_EQ(ids(my("CREATE INDEX i ON users (code) LOCK = NONE")), "");
}

TEST(MysqlLint, FulltextAndSpatialIndexesBlockWrites) {
  auto a = my("ALTER TABLE users ADD FULLTEXT INDEX ft (name)", big_users());
  EXPECT_EQ(ids(a), "mysql-index-blocks-writes:error");
  EXPECT_EQ(message(a), fmt::format("ADD FULLTEXT INDEX on {} is built in place only under "
                                    "LOCK=SHARED: writes wait until the build ends; a table's "
                                    "first FULLTEXT index also rebuilds the table to add its "
                                    "hidden FTS_DOC_ID column",
                                    kBig));
  auto s = my("CREATE SPATIAL INDEX sp ON places (location)");
  EXPECT_EQ(ids(s), "mysql-index-blocks-writes:error");
  EXPECT_EQ(message(s),
            "CREATE SPATIAL INDEX on places (size unknown: assumed large) is built in place only "
            "under LOCK=SHARED: writes wait until the build ends");
  EXPECT_EQ(ids(my("CREATE FULLTEXT INDEX ft ON users (name)", tiny_users())),
            "mysql-index-blocks-writes:info");
  // Written LOCK=SHARED: reported once, as the explicit lock.
  EXPECT_EQ(ids(my("ALTER TABLE users ADD FULLTEXT (name), LOCK=SHARED")),
            "mysql-explicit-lock:error");
}

TEST(MysqlLint, PrimaryKeys) {
  auto a = my("ALTER TABLE users DROP PRIMARY KEY", big_users());
  EXPECT_EQ(ids(a), "mysql-copy-algorithm:error");
  EXPECT_EQ(message(a),
            fmt::format("DROP PRIMARY KEY on {} without adding another one: {}", kBig, kCopyTail));
  auto c = my("ALTER TABLE users DROP PRIMARY KEY, ADD PRIMARY KEY (id, nn)", big_users());
  EXPECT_EQ(ids(c), "mysql-table-rebuild:warning");
  EXPECT_EQ(message(c), fmt::format("DROP PRIMARY KEY, ADD PRIMARY KEY on {} sets the primary key, "
                                    "by which InnoDB stores every row: {}",
                                    kBig, kRebuildTail));
  EXPECT_EQ(ids(my("ALTER TABLE logs ADD CONSTRAINT pk PRIMARY KEY (id)")),
            "mysql-table-rebuild:warning");
}

// ---------------------------------------------------------------- whole-table copies

TEST(MysqlLint, ExplicitCopyAndTableRebuilds) {
  auto a = my("ALTER TABLE users ADD COLUMN c INT, ALGORITHM=COPY", big_users());
  EXPECT_EQ(ids(a), "mysql-copy-algorithm:error");
  EXPECT_EQ(message(a), fmt::format("ALGORITHM=COPY on {} makes InnoDB copy the table row by row: "
                                    "writes wait for the whole copy",
                                    kBig));
  auto cv = my("ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  EXPECT_EQ(ids(cv), "mysql-copy-algorithm:error");
  EXPECT_EQ(message(cv),
            fmt::format("CONVERT TO CHARACTER SET utf8mb4 on users (size unknown: assumed large) "
                        "rewrites every text column in the new character set: {}",
                        kCopyTail));
  EXPECT_EQ(ids(my("ALTER TABLE users DEFAULT CHARSET = utf8mb4")), "");
  EXPECT_EQ(message(my("ALTER TABLE users ENGINE=MyISAM", big_users())),
            fmt::format("ENGINE=MyISAM on {} moves the table to another storage engine: {}", kBig,
                        kCopyTail));
  EXPECT_EQ(message(my("ALTER TABLE users ENGINE = InnoDB", big_users())),
            fmt::format("ENGINE=InnoDB on {}: {}", kBig, kRebuildTail));
  EXPECT_EQ(ids(my("ALTER TABLE users FORCE")), "mysql-table-rebuild:warning");
  EXPECT_EQ(ids(my("ALTER TABLE users ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8")),
            "mysql-table-rebuild:warning, mysql-table-rebuild:warning");
  EXPECT_EQ(message(my("ALTER TABLE users ADD CHECK (n > 0)", big_users())),
            fmt::format("ADD CHECK on {} checks every existing row: {}", kBig, kCopyTail));
  EXPECT_EQ(ids(my("ALTER TABLE users ADD CONSTRAINT c CHECK (n > 0) NOT ENFORCED")), "");
  auto o = my("OPTIMIZE TABLE users, orders", big_users());
  EXPECT_EQ(ids(o), "mysql-table-rebuild:warning, mysql-table-rebuild:warning");
  EXPECT_EQ(message(o), fmt::format("OPTIMIZE TABLE {} recreates the InnoDB table: it rebuilds it "
                                    "in place, so reads and writes go on, but every row is "
                                    "rewritten, which takes the time and disk space of a full "
                                    "copy",
                                    kBig));
  EXPECT_EQ(o.hits[1].table, "orders");
}

TEST(MysqlLint, ExplicitLocks) {
  auto a = my("ALTER TABLE users ADD INDEX (code), LOCK=EXCLUSIVE", big_users());
  EXPECT_EQ(ids(a), "mysql-explicit-lock:error");
  EXPECT_EQ(message(a), fmt::format("LOCK=EXCLUSIVE on {} blocks reads and writes until the "
                                    "statement ends, even where InnoDB could let them through",
                                    kBig));
  EXPECT_EQ(message(my("CREATE INDEX i ON users (code) LOCK=SHARED", tiny_users())),
            "LOCK=SHARED on users (12 rows, 16 kB) blocks writes until the statement ends, even "
            "where InnoDB could let them through");
  EXPECT_EQ(ids(my("CREATE INDEX i ON users (code) LOCK=SHARED", tiny_users())),
            "mysql-explicit-lock:info");
  EXPECT_EQ(ids(my("DROP INDEX i ON users LOCK=EXCLUSIVE")), "mysql-explicit-lock:error");
  EXPECT_EQ(ids(my("DROP INDEX i ON users")), "");
  EXPECT_EQ(ids(my("ALTER TABLE users ALTER COLUMN n SET DEFAULT 1, LOCK=NONE")), "");
}

// ---------------------------------------------------------------- renames and drops

TEST(MysqlLint, RenamesAndDrops) {
  auto d = my("ALTER TABLE users DROP COLUMN nn", big_users());
  EXPECT_EQ(ids(d), "drop-column:warning");
  EXPECT_EQ(message(d), fmt::format("DROP COLUMN nn of {} deletes its data; code still reading or "
                                    "writing the column fails",
                                    kBig));
  auto old = my("ALTER TABLE users DROP nn", big_users(80028));
  EXPECT_EQ(ids(old), "drop-column:warning, mysql-table-rebuild:warning");
  EXPECT_EQ(message(old, 1), fmt::format("DROP COLUMN nn on {} drops a column, which is instant "
                                         "only from MySQL 8.0.29 on (target: MySQL 8.0.28): {}",
                                         kBig, kRebuildTail));
  EXPECT_EQ(ids(my("ALTER TABLE users DROP INDEX users_name, DROP FOREIGN KEY fk")), "");
  EXPECT_EQ(ids(my("ALTER TABLE users RENAME COLUMN n TO m")), "rename-column:warning");
  auto rt = my("ALTER TABLE users RENAME TO members", big_users());
  EXPECT_EQ(ids(rt), "rename-table:warning");
  EXPECT_EQ(message(rt), fmt::format("renaming table {} to members: running code that uses the old "
                                     "name fails until it is deployed again",
                                     kBig));
  EXPECT_EQ(ids(my("ALTER TABLE users RENAME INDEX a TO b")), "");
  auto r2 = my("RENAME TABLE users TO members, orders TO purchases");
  EXPECT_EQ(ids(r2), "rename-table:warning, rename-table:warning");
  EXPECT_EQ(r2.hits[1].table, "orders");
  auto dt = my("DROP TABLE IF EXISTS users, `old orders`", big_users());
  EXPECT_EQ(ids(dt), "drop-table:warning, drop-table:warning");
  EXPECT_EQ(message(dt), fmt::format("DROP TABLE {} deletes the table and all its data; code still "
                                     "using it fails",
                                     kBig));
  EXPECT_EQ(dt.hits[1].table, "old orders");
  EXPECT_EQ(ids(my("DROP TEMPORARY TABLE IF EXISTS scratch")), "");
  auto tr = my("TRUNCATE TABLE users", big_users());
  EXPECT_EQ(ids(tr), "truncate-table:info");
  EXPECT_EQ(message(tr), fmt::format("TRUNCATE drops and recreates {} under an exclusive metadata "
                                     "lock, and MySQL commits it at once: it cannot be rolled back",
                                     kBig));
}

TEST(MysqlLint, TransactionControl) {
  auto b = my("BEGIN", Ctx().outside().inside());
  EXPECT_EQ(ids(b), "transaction-control-in-transaction:error");
  EXPECT_EQ(message(b),
            "BEGIN in a section strata runs in a transaction: MySQL commits the open transaction "
            "implicitly, so the revision is no longer applied and recorded atomically");
  EXPECT_EQ(ids(my("START TRANSACTION", Ctx().outside().inside())),
            "transaction-control-in-transaction:error");
  EXPECT_EQ(ids(my("commit", Ctx().outside().inside())),
            "transaction-control-in-transaction:error");
  EXPECT_EQ(ids(my("ROLLBACK", Ctx().outside().inside())),
            "transaction-control-in-transaction:error");
  EXPECT_EQ(ids(my("ROLLBACK TO SAVEPOINT s", Ctx().outside().inside())), "");
  EXPECT_EQ(ids(my("ROLLBACK WORK TO s", Ctx().outside().inside())), "");
  // Journaled (strata runs a section with DDL or BEGIN outside a transaction).
  EXPECT_EQ(ids(my("BEGIN")), "");
  EXPECT_EQ(ids(my("COMMIT")), "");
}

// ---------------------------------------------------------------- names and scope

TEST(MysqlLint, TablesCreatedInTheMigration) {
  auto c = my("CREATE TABLE IF NOT EXISTS `orders` (id INT PRIMARY KEY) ENGINE=InnoDB");
  EXPECT_EQ(ids(c), "");
  EXPECT_EQ(c.created_tables, std::vector<std::string>{"orders"});
  EXPECT_EQ(my("CREATE TEMPORARY TABLE tmp (a INT)").created_tables,
            std::vector<std::string>{"tmp"});
  EXPECT_EQ(my("CREATE TABLE app.t LIKE app.s").created_tables, std::vector<std::string>{"app.t"});
  Ctx fresh = Ctx().outside().create("orders");
  for (const char* sql :
       {"ALTER TABLE orders MODIFY id BIGINT", "ALTER TABLE orders ADD FULLTEXT (note)",
        "ALTER TABLE orders ADD COLUMN n INT NOT NULL FIRST, ALGORITHM=COPY, LOCK=EXCLUSIVE",
        "CREATE INDEX i ON orders (id)", "ALTER TABLE orders DROP COLUMN x",
        "ALTER TABLE orders ADD FOREIGN KEY (u) REFERENCES users (id)", "DROP TABLE orders",
        "TRUNCATE orders", "OPTIMIZE TABLE orders"}) {
    EXPECT_EQ(ids(my(sql, fresh)), "") << sql;
  }
  // A rename keeps it new under its new name.
  EXPECT_EQ(my("RENAME TABLE orders TO purchases", fresh).created_tables,
            std::vector<std::string>{"purchases"});
  auto r = my("ALTER TABLE orders RENAME TO purchases", fresh);
  EXPECT_EQ(ids(r), "");
  EXPECT_EQ(r.created_tables, std::vector<std::string>{"purchases"});
}

TEST(MysqlLint, QuotedQualifiedNamesAndExecutableComments) {
  Ctx ctx = Ctx().outside().size("app.users", kMillion, k72MB, {{"n", "int(11)"}});
  auto a = my("ALTER TABLE `app`.`users` MODIFY `n` BIGINT", ctx);
  EXPECT_EQ(ids(a), "mysql-copy-algorithm:error");
  EXPECT_EQ(a.hits[0].table, "app.users");
  // Column names compare without case.
  EXPECT_EQ(ids(my("ALTER TABLE app.users MODIFY N INT", ctx)), "");
  // Code in an executable comment is read; a plain comment is not.
  EXPECT_EQ(ids(my("ALTER TABLE users ADD INDEX (n) /*!50600 , ALGORITHM=INPLACE, LOCK=NONE */")),
            "");
  EXPECT_EQ(ids(my("ALTER TABLE users ADD INDEX (n) /* , LOCK=NONE */")), "mysql-add-index:info");
  EXPECT_EQ(ids(my("/*!40000 ALTER TABLE users DISABLE KEYS */")), "");
  EXPECT_EQ(ids(my("ALTER TABLE users -- LOCK=NONE\n ADD INDEX (n)")), "mysql-add-index:info");
  // A word in a string or a comment is not a clause.
  EXPECT_EQ(ids(my("ALTER TABLE users COMMENT = 'DROP COLUMN x, ENGINE=MyISAM'")), "");
}

TEST(MysqlLint, OddInputGivesNoHits) {
  for (const char* sql :
       {"", ";", "ALTER", "ALTER TABLE", "ALTER TABLE t MODIFY", "DROP TABLE", "RENAME TABLE a",
        "CREATE INDEX i ON", "ALTER TABLE t ADD COLUMN (", "ALTER TABLE t MODIFY c VARCHAR(",
        "SELECT 'ALTER TABLE t FORCE'", "ALTER TABLE t CHANGE", "OPTIMIZE", "ALTER TABLE t ADD 'x",
        "UPDATE users SET n = 1", "INSERT INTO users SELECT * FROM old"}) {
    EXPECT_EQ(ids(my(sql, Ctx().outside().inside())), "") << sql;
  }
}

// ---------------------------------------------------------------- live sizes

class MysqlTableSizes : public testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_MYSQL_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
    auto admin_url = parse_url(env);
    ASSERT_TRUE(admin_url.has_value()) << admin_url.error().message;
    auto admin = mysql_dialect().connect(*admin_url);
    ASSERT_TRUE(admin.has_value()) << admin.error().message;
    admin_ = std::move(*admin);
    db_ = "strata_lint_" + test_support::random_suffix();
    ASSERT_TRUE(admin_->exec("CREATE DATABASE " + db_).has_value());
    Url url = *admin_url;
    url.database = db_;
    auto c = mysql_dialect().connect(url);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    conn_ = std::move(*c);
  }
  void TearDown() override {
    conn_.reset();
    if (admin_ && !db_.empty()) {
      EXPECT_TRUE(admin_->exec("DROP DATABASE IF EXISTS " + db_));
    }
  }
  void run(const std::string& sql) {
    auto r = conn_->exec(sql);
    ASSERT_TRUE(r.has_value()) << r.error().message << "\nin: " << sql;
  }

  std::string db_;
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(MysqlTableSizes, ExactRowsAfterAnalyzeAndColumnTypes) {
  run("CREATE TABLE empty_t (id INT PRIMARY KEY) ENGINE=InnoDB");
  run("CREATE TABLE small (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40), "
      "code VARCHAR(10) CHARACTER SET latin1 NOT NULL DEFAULT '', amount DECIMAL(10,2)) "
      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  run("INSERT INTO small (name) VALUES ('a'), ('b'), ('c')");
  run("CREATE TABLE `Mid` (id INT PRIMARY KEY, note VARCHAR(100), KEY mid_note (note)) "
      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  run("INSERT INTO `Mid` WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE "
      "n < 1000) SELECT n, CONCAT('note ', n) FROM s");
  run("CREATE VIEW v AS SELECT id FROM small");
  for (const char* t : {"empty_t", "small", "`Mid`"}) {
    auto r = conn_->query(fmt::format("ANALYZE TABLE {}", t));
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  CountingConnection counting(*conn_);
  auto sizes = mysql_dialect().table_sizes(counting);
  ASSERT_TRUE(sizes.has_value()) << sizes.error().message;
  EXPECT_EQ(counting.queries + counting.execs, 2);  // MariaDB: the tables, then the columns
  std::set<std::string> keys;
  for (const auto& [k, v] : *sizes) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"Mid", "empty_t", "small", db_ + ".Mid", db_ + ".empty_t",
                                         db_ + ".small"}));
  const TableSize& small = sizes->at("small");
  EXPECT_EQ(sizes->at("empty_t").rows, 0);
  EXPECT_EQ(small.rows, 3);
  EXPECT_EQ(sizes->at("Mid").rows, 1000);
  EXPECT_EQ(sizes->at(db_ + ".Mid").rows, 1000);
  EXPECT_EQ(small.bytes, 16384);  // one page of clustered index, no secondary index
  EXPECT_GT(sizes->at("Mid").bytes, small.bytes);
  EXPECT_EQ(small.column_types, (std::map<std::string, std::string>{
                                    {"id", "int(11) NOT NULL PRIMARY KEY AUTO_INCREMENT"},
                                    {"name", "varchar(40) CHARACTER SET utf8mb4"},
                                    {"code", "varchar(10) CHARACTER SET latin1 NOT NULL"},
                                    {"amount", "decimal(10,2)"}}));

  // The sizes drive the analyzer: everything here is small, so info.
  StatementContext ctx;
  ctx.server_version_num = 100011;
  ctx.table_size = [&](std::string_view t) -> std::optional<TableSize> {
    auto it = sizes->find(std::string(t));
    if (it == sizes->end()) return std::nullopt;
    return it->second;
  };
  auto lint = [&](const std::string& sql) {
    auto r = mysql_dialect().lint(StatementText{sql, 0}, ctx);
    EXPECT_TRUE(r.has_value());
    return r ? ids(*r) + (r->hits.empty() ? "" : " " + r->hits[0].message) : "";
  };
  EXPECT_EQ(lint("ALTER TABLE small MODIFY name VARCHAR(100)"),
            "mysql-copy-algorithm:info MODIFY COLUMN name VARCHAR(100) on small (3 rows, 16 kB) "
            "widens the column from varchar(40) to VARCHAR(100), 160 to 400 bytes: past 255 bytes "
            "a value needs a second length byte: " +
                std::string(kCopyTail));
  EXPECT_EQ(lint("ALTER TABLE small MODIFY code VARCHAR(200) CHARACTER SET latin1 NOT NULL"), "");
  EXPECT_EQ(lint("ALTER TABLE small MODIFY code VARCHAR(10) NOT NULL DEFAULT 'x'"), "");
  EXPECT_EQ(lint("ALTER TABLE small ADD COLUMN later INT NOT NULL"),
            "add-column-not-null-without-default:warning ADD COLUMN later NOT NULL without a "
            "DEFAULT on small (3 rows, 16 kB): MySQL does not refuse it but gives every existing "
            "row the type's implicit default (0, '' or a zero date), which the application may "
            "not expect");
  EXPECT_EQ(lint("ALTER TABLE empty_t ADD COLUMN later INT NOT NULL"), "");
  EXPECT_EQ(lint("ALTER TABLE `Mid` ADD FULLTEXT (note)").substr(0, 36),
            "mysql-index-blocks-writes:info ADD F");
}

}  // namespace
}  // namespace strata::detail::lint
