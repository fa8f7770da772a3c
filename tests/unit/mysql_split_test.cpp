// MySQL/MariaDB statement splitting: exact statement texts and offsets for
// MySQL's comments, quotes, executable comments and the DELIMITER command,
// and errors with their lines.
#include "dialect/mysql/mysql_split.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dialect/mysql/mysql_dialect.hpp"

namespace strata::detail {
namespace {

using V = std::vector<std::string>;

V texts(std::string_view sql) {
  auto r = mysql_dialect().split(sql);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  V out;
  if (r) {
    for (const auto& s : *r) out.push_back(s.sql);
  }
  return out;
}

std::vector<size_t> offsets(std::string_view sql) {
  auto r = mysql_dialect().split(sql);
  EXPECT_TRUE(r.has_value());
  std::vector<size_t> out;
  if (r) {
    for (const auto& s : *r) out.push_back(s.offset);
  }
  return out;
}

Error split_error(std::string_view sql) {
  auto r = mysql_dialect().split(sql);
  EXPECT_FALSE(r.has_value()) << sql;
  return r ? Error{} : r.error();
}

TEST(MysqlSplit, PlainStatementsWithoutTrailingSemicolon) {
  EXPECT_EQ(texts("SELECT 1; SELECT 2;\nSELECT 3"), (V{"SELECT 1", "SELECT 2", "SELECT 3"}));
  EXPECT_EQ(offsets("SELECT 1; SELECT 2;\nSELECT 3"), (std::vector<size_t>{0, 10, 20}));
}

TEST(MysqlSplit, EmptyAndCommentOnlyInputGiveNothing) {
  EXPECT_EQ(texts(""), V{});
  EXPECT_EQ(texts("  \n\t\r\n"), V{});
  EXPECT_EQ(texts("-- nothing here\n# nor here\n/* nor ; here */\n"), V{});
  EXPECT_EQ(texts(";;\n;  -- x\n;"), V{});
}

TEST(MysqlSplit, OffsetSkipsLeadingBlanksAndComments) {
  std::string sql =
      "\n  -- create the table\n# hash comment; with a semicolon\n/* a block; too */\n"
      "CREATE TABLE t (id int);\n-- second\n  DROP TABLE t;\n";
  auto r = mysql_dialect().split(sql);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].sql, "CREATE TABLE t (id int)");
  EXPECT_EQ((*r)[0].offset, sql.find("CREATE"));
  EXPECT_EQ((*r)[1].sql, "DROP TABLE t");
  EXPECT_EQ((*r)[1].offset, sql.find("DROP"));
}

TEST(MysqlSplit, TrailingCommentsAreDroppedInnerOnesKept) {
  EXPECT_EQ(texts("SELECT 1 -- one\n;\nSELECT 2 /* two */;\nSELECT 3 # three\n;SELECT 4\n-- end\n"),
            (V{"SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4"}));
  EXPECT_EQ(
      texts("CREATE TABLE t (\n  id int, -- the key; unique\n  name text # a name; or not\n);"),
      (V{"CREATE TABLE t (\n  id int, -- the key; unique\n  name text # a name; or not\n)"}));
}

TEST(MysqlSplit, DashDashNeedsABlankAfterIt) {
  // "--1" is minus minus one, not a comment: the ';' after it ends the statement.
  EXPECT_EQ(texts("SELECT 5--1; SELECT 2"), (V{"SELECT 5--1", "SELECT 2"}));
  EXPECT_EQ(texts("SELECT 5 --\tcomment; still\nFROM dual; SELECT 2"),
            (V{"SELECT 5 --\tcomment; still\nFROM dual", "SELECT 2"}));
  // Dashes at the very end of the text are a comment.
  EXPECT_EQ(texts("SELECT 1;\n--"), (V{"SELECT 1"}));
}

TEST(MysqlSplit, SemicolonsInsideStringsAndIdentifiers) {
  EXPECT_EQ(texts("INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s; ok'); SELECT `odd;name` FROM t;"),
            (V{"INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s; ok')", "SELECT `odd;name` FROM t"}));
}

TEST(MysqlSplit, BackslashEscapesInStringsNotInBackticks) {
  EXPECT_EQ(texts("SELECT 'it\\'s; fine\\\\'; SELECT \"say \\\"hi\\\"; ok\"; SELECT 2"),
            (V{"SELECT 'it\\'s; fine\\\\'", "SELECT \"say \\\"hi\\\"; ok\"", "SELECT 2"}));
  // A backslash does not escape inside backticks; a doubled backtick does.
  EXPECT_EQ(texts("SELECT 1 AS `a\\`; SELECT 2 AS `b``;c`; SELECT 3"),
            (V{"SELECT 1 AS `a\\`", "SELECT 2 AS `b``;c`", "SELECT 3"}));
}

TEST(MysqlSplit, CommentMarkersInsideStringsAreText) {
  EXPECT_EQ(texts("SELECT '-- no', '# no', '/* no'; SELECT 2"),
            (V{"SELECT '-- no', '# no', '/* no'", "SELECT 2"}));
}

TEST(MysqlSplit, ExecutableCommentsAreCode) {
  std::string sql =
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE */;\n"
      "/*M!100100 SET STATEMENT max_statement_time=5 FOR */ SELECT 1;\n"
      "CREATE TABLE t (id int) /*!50100 PARTITION BY HASH (id); */;\n"
      "/*! SELECT '*/; still' */;";
  EXPECT_EQ(texts(sql), (V{"/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE */",
                           "/*M!100100 SET STATEMENT max_statement_time=5 FOR */ SELECT 1",
                           "CREATE TABLE t (id int) /*!50100 PARTITION BY HASH (id); */",
                           "/*! SELECT '*/; still' */"}));
  EXPECT_EQ(offsets(sql)[1], sql.find("/*M!"));
  // A plain comment before code is not, nor is an optimizer hint (one only
  // counts after its keyword, where it stays as part of the statement).
  EXPECT_EQ(texts("/* x */ /*+ hint */ SELECT 1"), (V{"SELECT 1"}));
  EXPECT_EQ(texts("SELECT /*+ MAX_EXECUTION_TIME(5) */ 1"),
            (V{"SELECT /*+ MAX_EXECUTION_TIME(5) */ 1"}));
}

TEST(MysqlSplit, DelimiterForTriggersAndProcedures) {
  std::string sql =
      "CREATE TABLE t (id int);\n"
      "DELIMITER $$\n"
      "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\n"
      "BEGIN\n"
      "  SET NEW.id = NEW.id + 1;\n"
      "  SET @x = ';';\n"
      "END$$\n"
      "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND $$\n"
      "DELIMITER ;\n"
      "DROP TABLE t;\n";
  EXPECT_EQ(texts(sql),
            (V{"CREATE TABLE t (id int)",
               "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n"
               "  SET NEW.id = NEW.id + 1;\n  SET @x = ';';\nEND",
               "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND", "DROP TABLE t"}));
  EXPECT_EQ(offsets(sql), (std::vector<size_t>{0, sql.find("CREATE TRIGGER"),
                                               sql.find("CREATE PROCEDURE"), sql.find("DROP")}));
}

TEST(MysqlSplit, DelimiterCommandForms) {
  // Any case; a two-character delimiter; a comment after it; at the end of the text.
  EXPECT_EQ(texts("delimiter //  -- procedures follow\nCREATE EVENT e ON SCHEDULE EVERY 1 DAY "
                  "DO BEGIN DELETE FROM t; END//\nDeLiMiTeR ;\nSELECT 1;\nDELIMITER ;;"),
            (V{"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END", "SELECT 1"}));
  // Recognized after a statement on the same line, where no statement has begun.
  EXPECT_EQ(texts("SELECT 1; DELIMITER $$\nSELECT 2; SELECT 3$$"),
            (V{"SELECT 1", "SELECT 2; SELECT 3"}));
  // Inside a statement it is just text, as the client sends it to the server.
  EXPECT_EQ(texts("SELECT 1\nDELIMITER $$"), (V{"SELECT 1\nDELIMITER $$"}));
  // "delimiter" as a column name is not the command.
  EXPECT_EQ(texts("SELECT delimiter FROM t; UPDATE t SET delimiter = 1"),
            (V{"SELECT delimiter FROM t", "UPDATE t SET delimiter = 1"}));
  // A statement left open by a custom delimiter at the end still counts.
  EXPECT_EQ(texts("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END"),
            (V{"CREATE PROCEDURE p() BEGIN SELECT 1; END"}));
  // CRLF line ends.
  EXPECT_EQ(texts("DELIMITER $$\r\nSELECT 1; SELECT 2$$\r\nDELIMITER ;\r\nSELECT 3;\r\n"),
            (V{"SELECT 1; SELECT 2", "SELECT 3"}));
}

TEST(MysqlSplit, DelimiterStringsAndCommentsAreNotDelimiters) {
  EXPECT_EQ(texts("DELIMITER $$\nSELECT '$$', `$$` -- $$\n$$ SELECT 2 /* $$ */ $$"),
            (V{"SELECT '$$', `$$`", "SELECT 2"}));
}

TEST(MysqlSplit, BadDelimiterLines) {
  Error e = split_error("SELECT 1;\nDELIMITER\nSELECT 2");
  EXPECT_EQ(e.message, "DELIMITER must be followed by the new delimiter on the same line");
  EXPECT_EQ(e.line, 2);
  e = split_error("\n\nDELIMITER \\\\\n");
  EXPECT_EQ(e.message, "DELIMITER '\\\\': a delimiter cannot hold a backslash");
  EXPECT_EQ(e.line, 3);
  e = split_error("DELIMITER '$$'\n");
  EXPECT_EQ(e.message, "DELIMITER ''$$'': write the delimiter without quotes");
  EXPECT_EQ(e.line, 1);
  e = split_error("SELECT 1;\n\nDELIMITER $$ CREATE PROCEDURE p() BEGIN END$$");
  EXPECT_EQ(e.message,
            "unexpected text after DELIMITER $$ on the same line (put the next statement on a "
            "line of its own)");
  EXPECT_EQ(e.line, 3);
}

TEST(MysqlSplit, UnterminatedQuotesAndCommentsGiveTheirLine) {
  Error e = split_error("SELECT 1;\nSELECT 'abc;\nSELECT 2;");
  EXPECT_EQ(e.message, "unterminated quoted string");
  EXPECT_EQ(e.line, 2);
  e = split_error("SELECT 1;\n\nSELECT \"it\\\"s");
  EXPECT_EQ(e.message, "unterminated quoted string");
  EXPECT_EQ(e.line, 3);
  e = split_error("SELECT `col\nFROM t");
  EXPECT_EQ(e.message, "unterminated quoted identifier");
  EXPECT_EQ(e.line, 1);
  e = split_error("SELECT 1;\n/* open\n\n");
  EXPECT_EQ(e.message, "unterminated comment");
  EXPECT_EQ(e.line, 2);
  e = split_error("SELECT 1;\nSELECT 2;\n/*!50001 CREATE VIEW v AS SELECT 1;");
  EXPECT_EQ(e.message, "unterminated executable comment");
  EXPECT_EQ(e.line, 3);
  // A string that ends in a backslash-escaped quote is still open.
  e = split_error("SELECT 'C:\\';\nSELECT 2");
  EXPECT_EQ(e.message, "unterminated quoted string");
  EXPECT_EQ(e.line, 1);
}

TEST(MysqlSplit, QuotingHelpers) {
  const Dialect& d = mysql_dialect();
  EXPECT_EQ(d.quote_ident("plain"), "`plain`");
  EXPECT_EQ(d.quote_ident("we`ird"), "`we``ird`");
  EXPECT_EQ(d.quote_literal("it's"), "'it''s'");
  EXPECT_EQ(d.quote_literal("C:\\dir"), "'C:\\\\dir'");
  EXPECT_EQ(d.quote_literal(std::string("a\0b", 3)), "'a\\0b'");
  // What quote_literal writes, the splitter reads back as one string.
  std::string sql = "SELECT " + d.quote_literal("x';\\'; DROP TABLE t; --") + "; SELECT 2";
  EXPECT_EQ(texts(sql).size(), 2u);
}

TEST(MysqlSplit, ScriptStatementAddsDelimiterLinesOnlyWhenNeeded) {
  EXPECT_EQ(mysql_script_statement("CREATE TABLE t (a int)"), "CREATE TABLE t (a int);\n");
  // A ';' inside a string or a comment does not end anything.
  EXPECT_EQ(mysql_script_statement("INSERT INTO t VALUES ('a;b')"),
            "INSERT INTO t VALUES ('a;b');\n");
  const std::string trigger =
      "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
      "  SET NEW.a = 1;\n  SET NEW.b = 2;\nEND";
  EXPECT_EQ(mysql_script_statement(trigger), "DELIMITER $$\n" + trigger + "$$\nDELIMITER ;\n");
  // A body that holds $$ gets another delimiter, and the script splits back.
  const std::string dollars = "CREATE PROCEDURE p() BEGIN SELECT 1 $$ 2; SELECT 3; END";
  std::string script = mysql_script_statement(dollars);
  EXPECT_EQ(script, "DELIMITER //\n" + dollars + "//\nDELIMITER ;\n");
  auto back = split_mysql_sql(script + mysql_script_statement("SELECT 4"));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].sql, dollars);
  EXPECT_EQ((*back)[1].sql, "SELECT 4");
  // Through the dialect interface.
  EXPECT_EQ(mysql_dialect().script_statement(trigger), mysql_script_statement(trigger));
}

}  // namespace
}  // namespace strata::detail
