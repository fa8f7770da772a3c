// The MySQL/MariaDB dialect's pure parts: traits, bookkeeping DDL text, the
// lock-timeout error, URL options, version labels, lock names and the
// registry. The server side is in tests/integration/mysql_connection_test.cpp.
#include "dialect/mysql/mysql_dialect.hpp"

#include <gtest/gtest.h>

#include "dialect/mysql/mysql_connection.hpp"
#include "dialect/mysql/mysql_implicit_commit.hpp"
#include "dialect/mysql/mysql_url_options.hpp"
#include "runner/prepare.hpp"

namespace strata::detail {
namespace {

TEST(MysqlDialect, Traits) {
  const Traits& t = mysql_dialect().traits();
  EXPECT_EQ(t.name, "mysql");
  EXPECT_FALSE(t.transactional_ddl);
  EXPECT_TRUE(t.has_lock_timeout);
  EXPECT_EQ(t.param_style, "?");
  EXPECT_FALSE(t.folds_to_lower);
  EXPECT_EQ(t.default_namespace, "");
  EXPECT_EQ(t.version_order_by, "seq");
  EXPECT_TRUE(t.recognises_done_ddl);
}

TEST(MysqlDialect, RegistryMapsEveryMysqlSpelling) {
  for (const char* text : {"mysql://u:p@h/db", "mariadb://u:p@h/db", "mysql+pymysql://u:p@h/db"}) {
    auto url = parse_url(text);
    ASSERT_TRUE(url.has_value()) << text;
    auto d = dialect_for_scheme(url->scheme);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(*d, &mysql_dialect()) << text;
  }
}

TEST(MysqlDialect, BookkeepingDdl) {
  auto ddl = mysql_dialect().bookkeeping_ddl("strata_version");
  ASSERT_EQ(ddl.size(), 3u);
  EXPECT_EQ(ddl[0],
            "CREATE TABLE IF NOT EXISTS `strata_version` (\n"
            "    version_num VARCHAR(255) NOT NULL PRIMARY KEY,\n"
            "    seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  EXPECT_EQ(ddl[1],
            "CREATE TABLE IF NOT EXISTS `strata_version_history` (\n"
            "    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
            "    revision VARCHAR(255) NOT NULL,\n"
            "    direction VARCHAR(10) NOT NULL,\n"
            "    checksum VARCHAR(64),\n"
            "    started_at VARCHAR(32) NOT NULL,\n"
            "    duration_ms BIGINT,\n"
            "    applied_by TEXT,\n"
            "    hostname TEXT,\n"
            "    strata_version TEXT,\n"
            "    message TEXT\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  EXPECT_EQ(ddl[2],
            "CREATE TABLE IF NOT EXISTS `strata_version_journal` (\n"
            "    revision VARCHAR(255) NOT NULL,\n"
            "    direction VARCHAR(10) NOT NULL,\n"
            "    statement_index INT NOT NULL,\n"
            "    statement_count INT NOT NULL,\n"
            "    state VARCHAR(12) NOT NULL,\n"
            "    checksum VARCHAR(64),\n"
            "    updated_at VARCHAR(32) NOT NULL,\n"
            "    error TEXT,\n"
            "    PRIMARY KEY (revision, direction)\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  // Another database, and a name with a backtick.
  auto other = mysql_dialect().bookkeeping_ddl("ops.mig`s");
  EXPECT_EQ(other[0].substr(0, 42), "CREATE TABLE IF NOT EXISTS `ops`.`mig``s` ");
  EXPECT_NE(other[2].find("`ops`.`mig``s_journal`"), std::string::npos);
}

TEST(MysqlDialect, NowSqlIsTheRunnersUtcFormat) {
  EXPECT_EQ(mysql_dialect().now_sql(),
            "CONCAT(LEFT(DATE_FORMAT(UTC_TIMESTAMP(3), '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')");
}

TEST(MysqlDialect, LockTimeoutIsError1205Only) {
  Error e;
  e.sqlstate = "1205";
  EXPECT_TRUE(mysql_dialect().is_lock_timeout(e));
  for (const char* other : {"3572", "1213", "1064", "", "HY000", "55P03"}) {
    e.sqlstate = other;
    EXPECT_FALSE(mysql_dialect().is_lock_timeout(e)) << other;
  }
}

TEST(MysqlDialect, AlreadyDoneErrorsAreTheRerunOfACommittedDdl) {
  Error e;
  for (const char* code : {"1007", "1050", "1060", "1061", "1068", "1304", "1359", "1826", "1008",
                           "1051", "1054", "1091", "1146", "1305", "1360", "4092"}) {
    e.sqlstate = code;
    EXPECT_TRUE(mysql_dialect().shows_already_done(e)) << code;
  }
  // A syntax error, a lock wait, a deadlock, a failed FK check: real failures.
  for (const char* code : {"1064", "1205", "1213", "1452", "1062", "", "42P07"}) {
    e.sqlstate = code;
    EXPECT_FALSE(mysql_dialect().shows_already_done(e)) << code;
  }
  e.sqlstate = "1005";
  e.message = "Can't create table `db`.`t` (errno: 121 \"Duplicate key on write or update\")";
  EXPECT_TRUE(mysql_dialect().shows_already_done(e));
  e.message =
      "Can't create table `db`.`t` (errno: 150 \"Foreign key constraint is incorrectly formed\")";
  EXPECT_FALSE(mysql_dialect().shows_already_done(e));
}

TEST(MysqlDialect, StatementsThatCommitImplicitly) {
  auto commits = [](const char* sql) {
    return mysql_dialect().commits_implicitly(StatementText{sql, 0});
  };
  for (const char* sql :
       {"CREATE TABLE t (id int)",
        "create index i on t (a)",
        "ALTER TABLE t ADD c int",
        "DROP TABLE t",
        "RENAME TABLE a TO b",
        "TRUNCATE t",
        "CREATE OR REPLACE VIEW v AS SELECT 1",
        "CREATE DEFINER=`u`@`%` PROCEDURE p() BEGIN END",
        "GRANT SELECT ON *.* TO u",
        "LOCK TABLES t WRITE",
        "ANALYZE TABLE t",
        "OPTIMIZE TABLE t",
        "START TRANSACTION",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "SET PASSWORD = 'x'",
        "LOAD INDEX INTO CACHE t",
        "/* why */ -- this\n CREATE TABLE t (id int)",
        "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON t "
        "FOR EACH ROW SET NEW.a = 1 */",
        "/*M!100100 CREATE SEQUENCE s */"}) {
    EXPECT_TRUE(commits(sql)) << sql;
  }
  for (const char* sql : {"INSERT INTO t VALUES (1)",
                          "UPDATE t SET a = 1",
                          "DELETE FROM t",
                          "SELECT 1",
                          "REPLACE INTO t VALUES (1)",
                          "SET @x = 1",
                          "SET SESSION sql_mode = ''",
                          "CREATE TEMPORARY TABLE tmp (id int)",
                          "CREATE OR REPLACE TEMPORARY TABLE tmp (a int)",
                          "DROP TEMPORARY TABLE tmp",
                          "ROLLBACK TO SAVEPOINT s",
                          "ROLLBACK WORK TO s",
                          "LOAD DATA INFILE 'x' INTO TABLE t",
                          "SAVEPOINT s",
                          "CALL p()",
                          "WITH x AS (SELECT 1) SELECT * FROM x",
                          "'CREATE'",
                          "(SELECT 1)",
                          "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE */",
                          ""}) {
    EXPECT_FALSE(commits(sql)) << sql;
  }
  EXPECT_EQ(mysql_leading_words("/*!50003 create*/ /*!50017 DEFINER=`r`@`%`*/ trigger", 4),
            (std::vector<std::string>{"CREATE", "DEFINER"}));
}

// The runner journals a section holding DDL statement by statement; a
// data-only section keeps its transaction (atomic with its version update).
TEST(MysqlDialect, PreparedSectionsWithDdlRunJournaled) {
  Migration m;
  m.id = "r1";
  m.up.present = true;
  m.up.first_line = 5;
  m.up.body = "INSERT INTO t VALUES (1);\nCREATE INDEX i ON t (a);\n";
  m.down.present = true;
  m.down.first_line = 9;
  m.down.body = "DELETE FROM t;\nDELIMITER $$\nCREATE TEMPORARY TABLE x (a int)$$\n";
  auto up = prepare_section(m, true, mysql_dialect(), {});
  ASSERT_TRUE(up.has_value()) << up.error().message;
  EXPECT_FALSE(up->transactional);
  EXPECT_TRUE(up->implicit_commit);
  ASSERT_EQ(up->statements.size(), 2u);
  EXPECT_EQ(up->statements[1].line, 6);
  auto down = prepare_section(m, false, mysql_dialect(), {});
  ASSERT_TRUE(down.has_value()) << down.error().message;
  EXPECT_TRUE(down->transactional);
  EXPECT_FALSE(down->implicit_commit);
  EXPECT_EQ(down->statements[1].sql, "CREATE TEMPORARY TABLE x (a int)");
  EXPECT_EQ(down->statements[1].line, 11);
}

Result<MysqlUrlOptions> options_of(const char* text) {
  auto url = parse_url(text);
  EXPECT_TRUE(url.has_value()) << text;
  return read_mysql_url_options(*url);
}

TEST(MysqlUrlOptions, ReadsEveryKeyInEitherSpelling) {
  auto o = options_of(
      "mysql://u@h/db?unix_socket=/run/my.sock&ssl_mode=verify_identity&ssl-ca=/ca.pem&"
      "ssl_capath=/cas&ssl-cert=/c.pem&ssl_key=/k.pem&connect-timeout=3&charset=UTF8MB4");
  ASSERT_TRUE(o.has_value()) << o.error().message;
  EXPECT_EQ(o->unix_socket, "/run/my.sock");
  EXPECT_EQ(o->ssl_mode, MysqlSslMode::kVerifyIdentity);
  EXPECT_EQ(o->ssl_ca, "/ca.pem");
  EXPECT_EQ(o->ssl_capath, "/cas");
  EXPECT_EQ(o->ssl_cert, "/c.pem");
  EXPECT_EQ(o->ssl_key, "/k.pem");
  EXPECT_EQ(o->connect_timeout, 3u);

  auto d = options_of("mysql://u@h/db");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->ssl_mode, MysqlSslMode::kDefault);
  EXPECT_EQ(d->connect_timeout, 10u);

  const std::pair<const char*, MysqlSslMode> modes[] = {
      {"DISABLED", MysqlSslMode::kDisabled},
      {"Preferred", MysqlSslMode::kPreferred},
      {"required", MysqlSslMode::kRequired},
      {"VERIFY_CA", MysqlSslMode::kVerifyCa},
      {"verify-identity", MysqlSslMode::kVerifyIdentity}};
  for (const auto& [text, mode] : modes) {
    auto m = options_of(fmt::format("mysql://h/db?ssl-mode={}", text).c_str());
    ASSERT_TRUE(m.has_value()) << text;
    EXPECT_EQ(m->ssl_mode, mode) << text;
  }
}

TEST(MysqlUrlOptions, RejectsWhatItDoesNotKnow) {
  auto bad_mode = options_of("mysql://h/db?ssl-mode=STRICT");
  ASSERT_FALSE(bad_mode.has_value());
  EXPECT_EQ(bad_mode.error().message,
            "invalid ssl-mode 'STRICT' in the database URL; use DISABLED, PREFERRED, REQUIRED, "
            "VERIFY_CA or VERIFY_IDENTITY");
  auto unknown = options_of("mysql://h/db?sslmode=require");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message,
            "unknown option 'sslmode' in the database URL; MySQL/MariaDB URLs take unix_socket, "
            "ssl-mode, ssl-ca, ssl-capath, ssl-cert, ssl-key, connect_timeout, charset");
  auto charset = options_of("mysql://h/db?charset=latin1");
  ASSERT_FALSE(charset.has_value());
  EXPECT_EQ(charset.error().message,
            "invalid charset 'latin1' in the database URL; strata talks to MySQL/MariaDB in "
            "utf8mb4 only (leave charset out or write charset=utf8mb4)");
  auto timeout = options_of("mysql://h/db?connect_timeout=0");
  ASSERT_FALSE(timeout.has_value());
  EXPECT_EQ(timeout.error().message,
            "invalid connect_timeout '0' in the database URL; give whole seconds from 1 to 3600");
  EXPECT_FALSE(options_of("mysql://h/db?unix_socket=").has_value());
}

TEST(MysqlDialect, ConnectRejectsABadOptionWithoutThePassword) {
  auto url = parse_url("mysql://strata:s3cret-pw@127.0.0.1:1/db?ssl-mode=sometimes");
  ASSERT_TRUE(url.has_value());
  auto c = mysql_dialect().connect(*url);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message,
            "cannot connect to mysql://strata:***@127.0.0.1:1/db?ssl-mode=sometimes: invalid "
            "ssl-mode 'sometimes' in the database URL; use DISABLED, PREFERRED, REQUIRED, "
            "VERIFY_CA or VERIFY_IDENTITY");
}

TEST(MysqlDialect, VersionLabels) {
  EXPECT_EQ(mysql_version_label("10.11.6-MariaDB-0+deb12u1"), "MariaDB 10.11.6");
  EXPECT_EQ(mysql_version_label("5.5.5-10.11.6-MariaDB-log"), "MariaDB 10.11.6");
  EXPECT_EQ(mysql_version_label("11.4.2-MariaDB"), "MariaDB 11.4.2");
  EXPECT_EQ(mysql_version_label("8.0.36"), "MySQL 8.0.36");
  EXPECT_EQ(mysql_version_label("8.4.0-commercial"), "MySQL 8.4.0");
}

TEST(MysqlDialect, LockNamesArePerDatabaseAndFit64Characters) {
  EXPECT_EQ(mysql_lock_name("strata:strata_version", "shop"), "strata:strata_version@shop");
  EXPECT_NE(mysql_lock_name("strata:strata_version", "a"),
            mysql_lock_name("strata:strata_version", "b"));
  std::string long_db(60, 'd');
  std::string name = mysql_lock_name("strata:strata_version", long_db);
  EXPECT_EQ(name.size(), 64u);
  EXPECT_EQ(name.substr(0, 7), "strata:");
  EXPECT_EQ(name, mysql_lock_name("strata:strata_version", long_db));
  EXPECT_NE(name, mysql_lock_name("strata:strata_version", long_db + "x"));
}

}  // namespace
}  // namespace strata::detail
