// PostgreSQL statement splitting: exact statement texts and offsets for the
// constructs a plain `;` scan gets wrong, and lexer errors with their lines.
#include "dialect/postgres/postgres_split.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dialect/postgres/postgres_dialect.hpp"

namespace strata::detail {
namespace {

std::vector<std::string> texts(std::string_view sql) {
  auto r = postgres_dialect().split(sql);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  std::vector<std::string> out;
  if (r) {
    for (const auto& s : *r) out.push_back(s.sql);
  }
  return out;
}

std::vector<size_t> offsets(std::string_view sql) {
  auto r = postgres_dialect().split(sql);
  EXPECT_TRUE(r.has_value());
  std::vector<size_t> out;
  if (r) {
    for (const auto& s : *r) out.push_back(s.offset);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(PostgresSplit, PlainStatementsWithoutTrailingSemicolon) {
  EXPECT_EQ(texts("SELECT 1; SELECT 2;\nSELECT 3"), (V{"SELECT 1", "SELECT 2", "SELECT 3"}));
  EXPECT_EQ(offsets("SELECT 1; SELECT 2;\nSELECT 3"), (std::vector<size_t>{0, 10, 20}));
}

TEST(PostgresSplit, EmptyAndCommentOnlyInputGiveNothing) {
  EXPECT_EQ(texts(""), V{});
  EXPECT_EQ(texts("  \n\t\n"), V{});
  EXPECT_EQ(texts("-- nothing here\n/* nor ; here */\n"), V{});
  EXPECT_EQ(texts(";;\n;  -- x\n;"), V{});
}

TEST(PostgresSplit, OffsetSkipsLeadingBlanksAndComments) {
  std::string sql =
      "\n  -- create the table\n/* a block; with a semicolon */\nCREATE TABLE t (id int);\n"
      "-- second\n  DROP TABLE t;\n";
  auto r = postgres_dialect().split(sql);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].sql, "CREATE TABLE t (id int)");
  EXPECT_EQ((*r)[0].offset, sql.find("CREATE"));
  EXPECT_EQ((*r)[1].sql, "DROP TABLE t");
  EXPECT_EQ((*r)[1].offset, sql.find("DROP"));
}

TEST(PostgresSplit, TrailingCommentsAreNotPartOfTheStatement) {
  // A kept trailing "-- c" would swallow the ';' a script writer appends.
  EXPECT_EQ(texts("SELECT 1 -- one\n;\nSELECT 2 /* two */;\nSELECT 3\n-- end of file\n"),
            (V{"SELECT 1", "SELECT 2", "SELECT 3"}));
  EXPECT_EQ(texts("CREATE TABLE t (\n  id int, -- the key; unique\n  name text\n);"),
            (V{"CREATE TABLE t (\n  id int, -- the key; unique\n  name text\n)"}));
}

TEST(PostgresSplit, SemicolonsInsideStringsAndIdentifiers) {
  EXPECT_EQ(texts("INSERT INTO t VALUES ('a;b', 'it''s; ok'); SELECT \"odd;name\" FROM t;"),
            (V{"INSERT INTO t VALUES ('a;b', 'it''s; ok')", "SELECT \"odd;name\" FROM t"}));
}

TEST(PostgresSplit, EscapeStrings) {
  EXPECT_EQ(texts("SELECT E'it\\'s; fine\\\\'; SELECT 'back\\'; SELECT 2"),
            (V{"SELECT E'it\\'s; fine\\\\'", "SELECT 'back\\'", "SELECT 2"}));
}

TEST(PostgresSplit, DollarQuotes) {
  EXPECT_EQ(texts("SELECT $$a; b$$; SELECT $tag$ $$ ; $tag$; SELECT $x$$y$; $x$;"),
            (V{"SELECT $$a; b$$", "SELECT $tag$ $$ ; $tag$", "SELECT $x$$y$; $x$"}));
}

TEST(PostgresSplit, NestedBlockComments) {
  EXPECT_EQ(texts("SELECT /* outer /* inner; */ still; comment */ 1; SELECT 2"),
            (V{"SELECT /* outer /* inner; */ still; comment */ 1", "SELECT 2"}));
}

TEST(PostgresSplit, DoBlock) {
  std::string sql =
      "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN\n"
      "    CREATE TYPE mood AS ENUM ('sad', 'ok');\n  END IF;\nEND\n$$;\nSELECT 1;";
  EXPECT_EQ(texts(sql),
            (V{"DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') "
               "THEN\n    CREATE TYPE mood AS ENUM ('sad', 'ok');\n  END IF;\nEND\n$$",
               "SELECT 1"}));
}

TEST(PostgresSplit, PlpgsqlFunctionAndTrigger) {
  std::string fn =
      "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
      "BEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$body$";
  std::string trg =
      "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()";
  EXPECT_EQ(texts(fn + ";\n" + trg + ";\n"), (V{fn, trg}));
}

TEST(PostgresSplit, SqlStandardFunctionBodyStaysWhole) {
  std::string fn =
      "CREATE FUNCTION sign_of(x int) RETURNS text LANGUAGE sql\nBEGIN ATOMIC\n"
      "  SELECT CASE WHEN x < 0 THEN 'neg' ELSE 'pos' END;\n  SELECT 'unused';\nEND";
  std::string proc =
      "create or replace procedure ins(v int) language sql begin atomic\n"
      "  insert into t values (v);\n  insert into t values (case v when 1 then 2 end);\nend";
  EXPECT_EQ(texts(fn + ";\n" + proc + ";\nSELECT sign_of(1);"), (V{fn, proc, "SELECT sign_of(1)"}));
}

TEST(PostgresSplit, BeginOutsideRoutinesIsATransactionStatement) {
  EXPECT_EQ(texts("BEGIN; SELECT 1; END; SELECT CASE WHEN true THEN 1 END;"),
            (V{"BEGIN", "SELECT 1", "END", "SELECT CASE WHEN true THEN 1 END"}));
}

TEST(PostgresSplit, RuleActionsInParentheses) {
  EXPECT_EQ(texts("CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b); SELECT 1"),
            (V{"CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b)", "SELECT 1"}));
}

TEST(PostgresSplit, CreateIndexConcurrentlyAndAlterType) {
  EXPECT_EQ(texts("CREATE INDEX CONCURRENTLY ix_t_a ON t (a);\n"
                  "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n"),
            (V{"CREATE INDEX CONCURRENTLY ix_t_a ON t (a)",
               "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy'"}));
}

TEST(PostgresSplit, StatementsTheParserWouldRejectStillSplit) {
  EXPECT_EQ(texts("SELEC 1; FOO BAR baz; CREATE TABLE x (a int,);"),
            (V{"SELEC 1", "FOO BAR baz", "CREATE TABLE x (a int,)"}));
}

TEST(PostgresSplit, MultibyteTextKeepsByteOffsets) {
  std::string sql = "SELECT 'héllo'; SELECT 'ü';";
  auto r = postgres_dialect().split(sql);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].sql, "SELECT 'héllo'");
  EXPECT_EQ((*r)[1].sql, "SELECT 'ü'");
  EXPECT_EQ((*r)[1].offset, sql.find("SELECT 'ü'"));
}

struct SplitErrorCase {
  std::string sql;
  std::string message;
  int line;
};

class PostgresSplitError : public testing::TestWithParam<SplitErrorCase> {};

TEST_P(PostgresSplitError, NamesTheLineWhereTheTokenStarts) {
  auto r = postgres_dialect().split(GetParam().sql);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, GetParam().message);
  EXPECT_EQ(r.error().line, GetParam().line);
}

INSTANTIATE_TEST_SUITE_P(
    Unterminated, PostgresSplitError,
    testing::Values(
        SplitErrorCase{"SELECT 1;\nSELECT 2;\nSELECT 'abc;\nSELECT 4;",
                       "unterminated quoted string at or near \"'abc;\nSELECT 4;\"", 3},
        SplitErrorCase{"SELECT 1;\n/* open\n comment",
                       "unterminated /* comment at or near \"/* open\n comment\"", 2},
        SplitErrorCase{"SELECT 1;\n\n\nDO $x$ BEGIN END $$;",
                       "unterminated dollar-quoted string at or near \"$x$ BEGIN END $$;\"", 4},
        SplitErrorCase{"SELECT \"abc", "unterminated quoted identifier at or near \"\"abc\"", 1},
        // Positions count characters: the two-byte letters before must not shift the line.
        SplitErrorCase{"SELECT 'ééééé';\nSELECT 'ü\n",
                       "unterminated quoted string at or near \"'ü\n\"", 2},
        // An escape string decoding to invalid UTF-8: the lexer gives no position
        // (found by fuzzing; tests/fuzz/regressions/postgres_split).
        SplitErrorCase{"SELECT 1;\nSELECT 2;\nSELECT E'\\xff';",
                       "invalid byte sequence for encoding \"UTF8\": 0xff", 3},
        SplitErrorCase{"SELECT 1;\n-- \xf4 in a comment is not checked\n\nSELECT E'\\\xf4';",
                       "invalid byte sequence for encoding \"UTF8\": 0xf4", 4}));

TEST(PostgresSplit, VerticalTabIsATokenNotABlank) {
  // libpg_query's lexer (PostgreSQL 15) reads '\v' as a token: it stays in its
  // statement, which is never trimmed down to nothing (found by fuzzing).
  auto r = postgres_dialect().split("SELECT 1;\v;SELECT 2 \v");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].sql, "\v");
  EXPECT_EQ((*r)[1].offset, 9u);
  EXPECT_EQ((*r)[2].sql, "SELECT 2 \v");
}

TEST(PostgresSplit, NulByteIsAnError) {
  auto r = postgres_dialect().split(std::string_view("SELECT 1;\nSELECT '\0';", 21));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "the SQL text holds a NUL byte, which PostgreSQL does not accept");
  EXPECT_EQ(r.error().line, 2);
}

TEST(PostgresLineOfPosition, CountsCharactersNotBytes) {
  EXPECT_EQ(line_of_position("abc", 0), 0);
  EXPECT_EQ(line_of_position("abc", 1), 1);
  EXPECT_EQ(line_of_position("a\nb\nc", 3), 2);
  EXPECT_EQ(line_of_position("a\nb\nc", 5), 3);
  EXPECT_EQ(line_of_position("é\nx", 3), 2);  // 'é' is 2 bytes, one character
  EXPECT_EQ(line_of_position("a\n", 99), 2);
}

}  // namespace
}  // namespace strata::detail
