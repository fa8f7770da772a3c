// Tests of the SQLite schema inspector and its two text units: the lexer
// (tokens, unquoting, canonical spacing) and the CREATE-statement reader. The
// inspector runs on real in-memory databases and every test compares the
// whole model it returns with the model the DDL declares.
#include "dialect/sqlite/sqlite_inspect.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "dialect/sqlite/sqlite_connection.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"
#include "dialect/sqlite/sqlite_inspect_ddl.hpp"
#include "dialect/sqlite/sqlite_inspect_lexer.hpp"
#include "integration/counting_connection.hpp"

namespace strata::detail::schema {

// Readable failure output for the model's structs (gtest finds these by ADL).
std::string dump_name(const ObjectName& n) {
  return n.schema.empty() ? n.name : n.schema + "." + n.name;
}

void PrintTo(const ObjectName& n, std::ostream* os) { *os << "'" << dump_name(n) << "'"; }

void PrintTo(const Column& c, std::ostream* os) {
  *os << "{" << c.name << " '" << c.type << "'" << (c.not_null ? " NOT NULL" : "");
  if (c.default_expr) *os << " DEFAULT[" << *c.default_expr << "]";
  if (c.generated)
    *os << " AS[" << *c.generated << "]" << (c.generated_stored ? " STORED" : " VIRTUAL");
  if (!c.collation.empty()) *os << " COLLATE " << c.collation;
  if (c.comment) *os << " COMMENT";
  *os << "}";
}

void PrintTo(const ForeignKey& f, std::ostream* os) {
  *os << "{fk '" << f.name << "' (" << ::testing::PrintToString(f.columns) << ") -> "
      << dump_name(f.ref_table) << ::testing::PrintToString(f.ref_columns)
      << " upd=" << static_cast<int>(f.on_update) << " del=" << static_cast<int>(f.on_delete)
      << (f.deferrable ? " DEFERRABLE" : "") << (f.initially_deferred ? " DEFERRED" : "") << "}";
}

void PrintTo(const IndexKey& k, std::ostream* os) {
  *os << "{" << (k.is_column ? "col " : "expr ") << k.expression << (k.descending ? " DESC" : "")
      << (k.collation.empty() ? "" : " COLLATE " + k.collation) << "}";
}

void PrintTo(const Index& i, std::ostream* os) {
  *os << "{index '" << i.name << "'" << (i.unique ? " UNIQUE " : " ")
      << ::testing::PrintToString(i.keys);
  if (i.where) *os << " WHERE[" << *i.where << "]";
  *os << "}";
}

void PrintTo(const UniqueConstraint& u, std::ostream* os) {
  *os << "{unique '" << u.name << "' " << ::testing::PrintToString(u.columns) << "}";
}

void PrintTo(const CheckConstraint& c, std::ostream* os) {
  *os << "{check '" << c.name << "' [" << c.expression << "]}";
}

void PrintTo(const PrimaryKey& p, std::ostream* os) {
  *os << "{pk '" << p.name << "' " << ::testing::PrintToString(p.columns) << "}";
}

void PrintTo(const Table& t, std::ostream* os) {
  *os << "\nTABLE " << dump_name(t.name) << (t.without_rowid ? " WITHOUT ROWID" : "")
      << (t.strict ? " STRICT" : "") << (t.autoincrement ? " AUTOINCREMENT" : "");
  for (const auto& c : t.columns) *os << "\n  " << ::testing::PrintToString(c);
  if (t.primary_key) *os << "\n  " << ::testing::PrintToString(*t.primary_key);
  for (const auto& u : t.uniques) *os << "\n  " << ::testing::PrintToString(u);
  for (const auto& f : t.foreign_keys) *os << "\n  " << ::testing::PrintToString(f);
  for (const auto& c : t.checks) *os << "\n  " << ::testing::PrintToString(c);
  for (const auto& i : t.indexes) *os << "\n  " << ::testing::PrintToString(i);
}

void PrintTo(const View& v, std::ostream* os) {
  *os << "\nVIEW " << dump_name(v.name) << " [" << v.definition << "] depends on";
  for (const auto& d : v.depends_on) *os << " " << dump_name(d);
}

void PrintTo(const OtherObject& o, std::ostream* os) {
  *os << "\n"
      << o.kind << " " << dump_name(o.name) << " on '" << dump_name(o.table) << "' ["
      << o.definition << "]";
}

void PrintTo(const Schema& s, std::ostream* os) {
  for (const auto& t : s.tables) PrintTo(t, os);
  for (const auto& v : s.views) PrintTo(v, os);
  for (const auto& o : s.others) PrintTo(o, os);
}

}  // namespace strata::detail::schema

namespace strata::detail {
namespace {

using schema::CheckConstraint;
using schema::Column;
using schema::FkAction;
using schema::ForeignKey;
using schema::Index;
using schema::IndexKey;
using schema::ObjectName;
using schema::OtherObject;
using schema::PrimaryKey;
using schema::Table;
using schema::UniqueConstraint;
using schema::View;
using sqlite_lex::TokenKind;
using sqlite_lex::TokenList;
using ::testing::ElementsAre;

// ---------------------------------------------------------------- lexer

std::vector<std::pair<TokenKind, std::string>> lex(std::string_view sql) {
  const TokenList t(sql);
  std::vector<std::pair<TokenKind, std::string>> out;
  for (size_t i = 0; i < t.size(); ++i) out.emplace_back(t.kind(i), std::string(t.text(i)));
  return out;
}

std::string norm(std::string_view sql) { return TokenList(sql).normalized(0, SIZE_MAX); }

TEST(SqliteInspectLexer, SplitsEveryTokenKind) {
  using K = TokenKind;
  EXPECT_THAT(lex("a1 \"q\"\"x\" [b c] `d``e` 'it''s' x'0aFF' 12 3.5e-2 .5 0x1F ?2 :p @q $r"
                  " || <> != <= >> -> ->> ~ ( ) , . ; #"),
              ElementsAre(std::pair{K::kWord, "a1"}, std::pair{K::kQuotedIdent, "\"q\"\"x\""},
                          std::pair{K::kQuotedIdent, "[b c]"}, std::pair{K::kQuotedIdent, "`d``e`"},
                          std::pair{K::kString, "'it''s'"}, std::pair{K::kBlob, "x'0aFF'"},
                          std::pair{K::kNumber, "12"}, std::pair{K::kNumber, "3.5e-2"},
                          std::pair{K::kNumber, ".5"}, std::pair{K::kNumber, "0x1F"},
                          std::pair{K::kVariable, "?2"}, std::pair{K::kVariable, ":p"},
                          std::pair{K::kVariable, "@q"}, std::pair{K::kVariable, "$r"},
                          std::pair{K::kOperator, "||"}, std::pair{K::kOperator, "<>"},
                          std::pair{K::kOperator, "!="}, std::pair{K::kOperator, "<="},
                          std::pair{K::kOperator, ">>"}, std::pair{K::kOperator, "->"},
                          std::pair{K::kOperator, "->>"}, std::pair{K::kOperator, "~"},
                          std::pair{K::kLParen, "("}, std::pair{K::kRParen, ")"},
                          std::pair{K::kComma, ","}, std::pair{K::kDot, "."},
                          std::pair{K::kSemicolon, ";"}, std::pair{K::kOther, "#"}));
}

TEST(SqliteInspectLexer, SkipsCommentsAndKeepsQuotedTextWhole) {
  using K = TokenKind;
  EXPECT_THAT(lex("a -- x 'not a string\n/* \"no\" ( */ 'b -- c' \"d /* e\" [f -- g] x\n"),
              ElementsAre(std::pair{K::kWord, "a"}, std::pair{K::kString, "'b -- c'"},
                          std::pair{K::kQuotedIdent, "\"d /* e\""},
                          std::pair{K::kQuotedIdent, "[f -- g]"}, std::pair{K::kWord, "x"}));
  // A minus that is not a comment, and an unterminated comment or quote runs out.
  EXPECT_THAT(lex("1-2 /* open"),
              ElementsAre(std::pair{K::kNumber, "1"}, std::pair{K::kOperator, "-"},
                          std::pair{K::kNumber, "2"}));
  EXPECT_THAT(lex("'open"), ElementsAre(std::pair{K::kString, "'open"}));
}

TEST(SqliteInspectLexer, NonAsciiLettersAndDollarsAreIdentifierCharacters) {
  using K = TokenKind;
  EXPECT_THAT(lex("ünï_cödé$1 日本 x$"),
              ElementsAre(std::pair{K::kWord, "ünï_cödé$1"}, std::pair{K::kWord, "日本"},
                          std::pair{K::kWord, "x$"}));
}

TEST(SqliteInspectLexer, NamesAreUnquoted) {
  const TokenList t("plain \"a \"\"b\"\"\" [c \"d\"] `e``f` 'g''h' [i]]");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t.name(0), "plain");
  EXPECT_EQ(t.name(1), "a \"b\"");
  EXPECT_EQ(t.name(2), "c \"d\"");
  EXPECT_EQ(t.name(3), "e`f");
  EXPECT_EQ(t.name(4), "g'h");
  EXPECT_EQ(t.name(5), "i");  // [i] then a stray ]
  EXPECT_TRUE(t.is_name(4));
  EXPECT_FALSE(t.is_name(6));
  EXPECT_TRUE(t.is_word(0, "PLAIN"));
  EXPECT_FALSE(t.is_word(1, "A \"B\""));
  EXPECT_FALSE(t.is_word(99, "PLAIN"));
}

TEST(SqliteInspectLexer, PairsParentheses) {
  const TokenList t("f((a), ')' , (b)) ) (");
  // f ( ( a ) , ')' , ( b ) ) ) (
  // 0 1 2 3 4 5  6  7 8 9 10 11 12 13
  ASSERT_EQ(t.size(), 14u);
  EXPECT_EQ(t.close_of(1), 11u);
  EXPECT_EQ(t.close_of(2), 4u);
  EXPECT_EQ(t.close_of(8), 10u);
  EXPECT_EQ(t.close_of(13), 14u);  // unbalanced: past the end
  EXPECT_EQ(t.close_of(0), 0u);    // not a parenthesis
  EXPECT_EQ(t.source(2, 5), "(a)");
  EXPECT_EQ(t.source(5, 5), "");
}

TEST(SqliteInspectLexer, NormalizesSpacingCanonically) {
  EXPECT_EQ(norm("a>0"), "a > 0");
  EXPECT_EQ(norm("  a   >\n\t0  "), "a > 0");
  EXPECT_EQ(norm("a /* c */ > -- d\n 0"), "a > 0");
  EXPECT_EQ(norm("lower( x )||'  two  spaces '"), "lower(x) || '  two  spaces '");
  EXPECT_EQ(norm("x IN(1,2 ,3)"), "x IN(1, 2, 3)");
  EXPECT_EQ(norm("x IN  (1,2)"), "x IN (1, 2)");
  EXPECT_EQ(norm("t . c=\"q\" . [d]"), "t.c = \"q\".[d]");
  EXPECT_EQ(norm("-1"), "-1");
  EXPECT_EQ(norm("a-1"), "a - 1");
  EXPECT_EQ(norm("a = - 1 AND b=+2 OR NOT ~c"), "a = -1 AND b = +2 OR NOT ~c");
  EXPECT_EQ(norm("CASE WHEN a THEN -1 ELSE (-2) END"), "CASE WHEN a THEN -1 ELSE (-2) END");
  EXPECT_EQ(norm("count(*)+t.*"), "count(*) + t.*");
  EXPECT_EQ(norm("a>0;"), "a > 0;");
  // Idempotent: the canonical text reads back as itself.
  for (const char* text : {"lower(x) || 'a'", "x IN (1, 2)", "a = -1", "f (x)", "(a + b) * c"}) {
    EXPECT_EQ(norm(norm(text)), norm(text)) << text;
  }
}

TEST(SqliteInspectLexer, NormalizesTypesAndFoldsAsciiCase) {
  EXPECT_EQ(sqlite_lex::normalize_type("VARCHAR ( 64 )"), "VARCHAR(64)");
  EXPECT_EQ(sqlite_lex::normalize_type(" DECIMAL( 10 ,  2 ) "), "DECIMAL(10,2)");
  EXPECT_EQ(sqlite_lex::normalize_type("DOUBLE \n  PRECISION"), "DOUBLE PRECISION");
  EXPECT_EQ(sqlite_lex::normalize_type("my type"), "my type");
  EXPECT_EQ(sqlite_lex::normalize_type(""), "");
  EXPECT_EQ(sqlite_lex::fold_case("AbC_Ü"), "abc_Ü");
  EXPECT_TRUE(sqlite_lex::equals_folded("Users", "uSERS"));
  EXPECT_FALSE(sqlite_lex::equals_folded("Ü", "ü"));  // SQLite folds ASCII only
}

// ---------------------------------------------------------------- DDL reader

TEST(SqliteInspectDdl, ReadsColumnsAndTheirConstraints) {
  const auto t = sqlite_ddl::parse_create_table(
      "CREATE TABLE t (\n"
      "  \"id\" INTEGER CONSTRAINT pk_t PRIMARY KEY DESC ON CONFLICT ABORT AUTOINCREMENT,\n"
      "  name VARCHAR(10) NOT NULL DEFAULT 'a,b' COLLATE NoCase CHECK (length(name)>0),\n"
      "  n INT DEFAULT -1 CONSTRAINT c_n CHECK(n > 0) UNIQUE CHECK (n<9),\n"
      "  p INT REFERENCES parent (x) ON DELETE SET NULL ON UPDATE NO ACTION MATCH FULL\n"
      "      DEFERRABLE INITIALLY DEFERRED NOT NULL,\n"
      "  g TEXT GENERATED ALWAYS AS (upper( name )) STORED,\n"
      "  h AS (n*2)\n"
      ")");
  ASSERT_EQ(t.columns.size(), 6u);
  EXPECT_EQ(t.columns[0].name, "id");
  EXPECT_EQ(t.columns[1].collation, "NoCase");
  EXPECT_EQ(t.columns[1].generated, std::nullopt);
  EXPECT_EQ(t.columns[4].generated, "upper(name)");
  EXPECT_EQ(t.columns[5].name, "h");
  EXPECT_EQ(t.columns[5].generated, "n * 2");
  ASSERT_TRUE(t.primary_key);
  EXPECT_EQ(t.primary_key->name, "pk_t");
  EXPECT_THAT(t.primary_key->columns, ElementsAre("id"));
  EXPECT_TRUE(t.autoincrement);
  ASSERT_EQ(t.uniques.size(), 1u);
  EXPECT_EQ(t.uniques[0].name, "c_n");  // a name holds until the next comma, as in SQLite
  ASSERT_EQ(t.checks.size(), 3u);
  EXPECT_EQ(t.checks[0].name, "");
  EXPECT_EQ(t.checks[0].expression, "length(name) > 0");
  EXPECT_EQ(t.checks[1].name, "c_n");
  EXPECT_EQ(t.checks[2].name, "c_n");
  EXPECT_EQ(t.checks[2].expression, "n < 9");
  ASSERT_EQ(t.foreign_keys.size(), 1u);
  EXPECT_EQ(t.foreign_keys[0].ref_table, "parent");
  EXPECT_THAT(t.foreign_keys[0].columns, ElementsAre("p"));
  EXPECT_TRUE(t.foreign_keys[0].deferrable);
  EXPECT_TRUE(t.foreign_keys[0].initially_deferred);
  EXPECT_FALSE(t.without_rowid);
  EXPECT_FALSE(t.strict);
}

TEST(SqliteInspectDdl, ReadsTableConstraintsAndOptions) {
  const auto t = sqlite_ddl::parse_create_table(
      "CREATE TABLE IF NOT EXISTS 'x y' (a, b, c,"
      " CONSTRAINT [my pk] PRIMARY KEY (b COLLATE nocase DESC, \"a\"),"
      " UNIQUE (c), CONSTRAINT u2 UNIQUE (a, c) ON CONFLICT IGNORE CHECK (a<>c),"
      " FOREIGN KEY (a, b) REFERENCES \"other t\" DEFERRABLE,"
      " CONSTRAINT f2 FOREIGN KEY (c) REFERENCES o NOT DEFERRABLE INITIALLY DEFERRED,"
      " CHECK ((a)) ) STRICT , WITHOUT ROWID;");
  EXPECT_EQ(t.columns.size(), 3u);
  ASSERT_TRUE(t.primary_key);
  EXPECT_EQ(t.primary_key->name, "my pk");
  EXPECT_THAT(t.primary_key->columns, ElementsAre("b", "a"));
  ASSERT_EQ(t.uniques.size(), 2u);
  EXPECT_EQ(t.uniques[0].name, "");
  EXPECT_EQ(t.uniques[1].name, "u2");
  EXPECT_THAT(t.uniques[1].columns, ElementsAre("a", "c"));
  ASSERT_EQ(t.checks.size(), 2u);
  EXPECT_EQ(t.checks[0].name, "u2");
  EXPECT_EQ(t.checks[0].expression, "a <> c");
  EXPECT_EQ(t.checks[1].name, "");
  EXPECT_EQ(t.checks[1].expression, "(a)");
  ASSERT_EQ(t.foreign_keys.size(), 2u);
  EXPECT_EQ(t.foreign_keys[0].ref_table, "other t");
  EXPECT_THAT(t.foreign_keys[0].columns, ElementsAre("a", "b"));
  EXPECT_TRUE(t.foreign_keys[0].deferrable);
  EXPECT_FALSE(t.foreign_keys[0].initially_deferred);
  EXPECT_EQ(t.foreign_keys[1].name, "f2");
  EXPECT_FALSE(t.foreign_keys[1].deferrable);
  EXPECT_FALSE(t.foreign_keys[1].initially_deferred);
  EXPECT_FALSE(t.autoincrement);
  EXPECT_TRUE(t.strict);
  EXPECT_TRUE(t.without_rowid);
}

TEST(SqliteInspectDdl, TableAsSelectHasNothingToRead) {
  const auto t = sqlite_ddl::parse_create_table("CREATE TABLE t AS SELECT 1 AS x");
  EXPECT_TRUE(t.columns.empty());
  EXPECT_FALSE(t.primary_key);
}

TEST(SqliteInspectDdl, ReadsIndexKeysAndPredicate) {
  const auto i = sqlite_ddl::parse_create_index(
      "CREATE UNIQUE INDEX IF NOT EXISTS \"ix(1)\" ON t (a COLLATE NOCASE DESC, lower( b ) ASC,"
      " (a+b) COLLATE RTRIM, \"c d\")  WHERE  a>0 AND b IS NOT NULL");
  ASSERT_EQ(i.keys.size(), 4u);
  EXPECT_EQ(i.keys[0].expression, "a");
  EXPECT_EQ(i.keys[0].name, "a");
  EXPECT_EQ(i.keys[0].collation, "NOCASE");
  EXPECT_TRUE(i.keys[0].descending);
  EXPECT_EQ(i.keys[1].expression, "lower(b)");
  EXPECT_EQ(i.keys[1].name, std::nullopt);
  EXPECT_EQ(i.keys[1].collation, "");
  EXPECT_FALSE(i.keys[1].descending);
  EXPECT_EQ(i.keys[2].expression, "(a + b)");
  EXPECT_EQ(i.keys[2].name, std::nullopt);
  EXPECT_EQ(i.keys[2].collation, "RTRIM");
  EXPECT_EQ(i.keys[3].expression, "\"c d\"");
  EXPECT_EQ(i.keys[3].name, "c d");
  EXPECT_EQ(sqlite_ddl::parse_create_index("CREATE INDEX i ON t('a')").keys.at(0).name,
            std::nullopt);
  EXPECT_EQ(i.where, "a > 0 AND b IS NOT NULL");
  EXPECT_TRUE(i.unique);
  const auto plain = sqlite_ddl::parse_create_index("CREATE INDEX i ON t(a)");
  EXPECT_EQ(plain.where, std::nullopt);
  EXPECT_FALSE(plain.unique);
}

TEST(SqliteInspectDdl, ReadsViewBodyAndIdentifiers) {
  const auto v = sqlite_ddl::parse_create_view(
      "CREATE VIEW v (x, y) AS\n  SELECT a AS x, 'users' AS y FROM \"Users\" u JOIN [t 2] USING "
      "(id)"
      "\n/* v(x,y) */");
  EXPECT_EQ(v.definition, "SELECT a AS x, 'users' AS y FROM \"Users\" u JOIN [t 2] USING (id)");
  EXPECT_THAT(v.identifiers, ElementsAre("SELECT", "a", "AS", "x", "AS", "y", "FROM", "Users", "u",
                                         "JOIN", "t 2", "USING", "id"));
}

// ---------------------------------------------------------------- inspector

std::unique_ptr<SqliteConnection> open_with(std::string_view ddl) {
  auto conn = SqliteConnection::open(":memory:");
  if (!conn) {
    ADD_FAILURE() << conn.error().to_string();
    return nullptr;
  }
  if (auto st = (*conn)->exec(ddl); !st) ADD_FAILURE() << st.error().to_string();
  return std::move(*conn);
}

schema::Schema inspect(std::string_view ddl, const schema::InspectOptions& options = {}) {
  auto conn = open_with(ddl);
  if (conn == nullptr) return {};
  auto r = inspect_sqlite(*conn, options);
  if (!r) {
    ADD_FAILURE() << r.error().to_string();
    return {};
  }
  return std::move(*r);
}

Table only_table(const schema::Schema& s) {
  EXPECT_EQ(s.tables.size(), 1u);
  return s.tables.empty() ? Table{} : s.tables[0];
}

ObjectName name(std::string n) { return ObjectName{"", std::move(n)}; }

TEST(SqliteInspect, ReadsEveryColumnFeature) {
  const Table t = only_table(inspect(R"sql(
    CREATE TABLE items (
      id INTEGER NOT NULL,
      code VARCHAR ( 64 )  COLLATE NOCASE NOT NULL DEFAULT 'x''y',
      price DECIMAL(10, 2) DEFAULT (1 +   2),
      qty INT DEFAULT -1,
      created TEXT DEFAULT CURRENT_TIMESTAMP,
      total REAL GENERATED ALWAYS AS (price*qty) STORED,
      label TEXT AS (upper(code)   || '-') VIRTUAL,
      note,
      bin TEXT COLLATE binary,
      "Mixed Case" DOUBLE   PRECISION COLLATE "RTRIM"
    ))sql"));
  const std::vector<Column> expected = {
      {.name = "id", .type = "INTEGER", .not_null = true},
      {.name = "code",
       .type = "VARCHAR(64)",
       .not_null = true,
       .default_expr = "'x''y'",
       .collation = "NOCASE"},
      {.name = "price", .type = "DECIMAL(10,2)", .default_expr = "1 + 2"},
      {.name = "qty", .type = "INT", .default_expr = "-1"},
      {.name = "created", .type = "TEXT", .default_expr = "CURRENT_TIMESTAMP"},
      {.name = "total", .type = "REAL", .generated = "price * qty", .generated_stored = true},
      {.name = "label", .type = "TEXT", .generated = "upper(code) || '-'"},
      {.name = "note", .type = ""},
      {.name = "bin", .type = "TEXT"},
      {.name = "Mixed Case", .type = "DOUBLE PRECISION", .collation = "RTRIM"},
  };
  EXPECT_EQ(t.name, name("items"));
  EXPECT_EQ(t.columns, expected);
  EXPECT_EQ(t.primary_key, std::nullopt);
  EXPECT_TRUE(t.uniques.empty());
  EXPECT_TRUE(t.foreign_keys.empty());
  EXPECT_TRUE(t.checks.empty());
  EXPECT_TRUE(t.indexes.empty());
  EXPECT_FALSE(t.without_rowid || t.strict || t.autoincrement);
}

TEST(SqliteInspect, ReadsCompositeAndNamedPrimaryKeys) {
  const auto s = inspect(R"sql(
    CREATE TABLE pairs (a INT, b TEXT NOT NULL, CONSTRAINT pairs_pk PRIMARY KEY (b, a));
    CREATE TABLE single (id INTEGER PRIMARY KEY, v TEXT);
    CREATE TABLE plain (v TEXT);
  )sql");
  ASSERT_EQ(s.tables.size(), 3u);
  EXPECT_EQ(s.tables[0].name, name("pairs"));
  EXPECT_EQ(s.tables[0].primary_key, (PrimaryKey{"pairs_pk", {"b", "a"}}));
  EXPECT_EQ(s.tables[1].name, name("plain"));
  EXPECT_EQ(s.tables[1].primary_key, std::nullopt);
  EXPECT_EQ(s.tables[2].name, name("single"));
  EXPECT_EQ(s.tables[2].primary_key, (PrimaryKey{"", {"id"}}));
  // A key's backing index belongs to the key, not to the index list.
  EXPECT_TRUE(s.tables[0].indexes.empty());
  EXPECT_TRUE(s.tables[0].uniques.empty());
}

TEST(SqliteInspect, TellsKeyIndexesFromUniqueIndexesOnTheSameColumns) {
  const Table t = only_table(inspect(R"sql(
    CREATE TABLE k (a TEXT PRIMARY KEY, b TEXT UNIQUE, UNIQUE (a COLLATE NOCASE), UNIQUE (b, a));
  )sql"));
  EXPECT_EQ(t.primary_key, (PrimaryKey{"", {"a"}}));
  const std::vector<UniqueConstraint> expected = {
      {.name = "", .columns = {"a"}},
      {.name = "", .columns = {"b"}},
      {.name = "", .columns = {"b", "a"}},
  };
  EXPECT_EQ(t.uniques, expected);
  EXPECT_TRUE(t.indexes.empty());
}

TEST(SqliteInspect, ReadsUniqueConstraintsNamedAndUnnamed) {
  const Table t = only_table(inspect(R"sql(
    CREATE TABLE u (
      id INTEGER PRIMARY KEY,
      a INT, b INT, c INT,
      d INT UNIQUE,
      e INT CONSTRAINT u_e UNIQUE,
      CONSTRAINT u_ab UNIQUE (a, b),
      UNIQUE (c),
      UNIQUE (C),
      UNIQUE (id)
    ))sql"));
  // UNIQUE (C) repeats UNIQUE (c): SQLite keeps one index for both. An
  // INTEGER PRIMARY KEY is the rowid and has no index, so UNIQUE (id) gets one.
  const std::vector<UniqueConstraint> expected = {
      {.name = "", .columns = {"c"}},    {.name = "", .columns = {"d"}},
      {.name = "", .columns = {"id"}},   {.name = "u_ab", .columns = {"a", "b"}},
      {.name = "u_e", .columns = {"e"}},
  };
  EXPECT_EQ(t.uniques, expected);
  EXPECT_TRUE(t.indexes.empty());
}

TEST(SqliteInspect, ReadsIndexes) {
  const Table t = only_table(inspect(R"sql(
    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE, email TEXT,
                         age INT, deleted INT);
    CREATE UNIQUE INDEX ux_email ON people (email);
    CREATE INDEX ix_partial ON people (age DESC) WHERE deleted = 0 AND age>18;
    CREATE INDEX ix_expr ON people (lower( email ), age COLLATE rtrim DESC,
                                    (age+1) DESC, email COLLATE BINARY);
    CREATE INDEX ix_name ON people (name);
    CREATE UNIQUE INDEX "ux two" ON people (name COLLATE nocase, "email") WHERE email IS NOT NULL;
  )sql"));
  const std::vector<Index> expected = {
      {.name = "ix_expr",
       .keys = {{.expression = "lower(email)", .is_column = false},
                {.expression = "age", .descending = true, .collation = "rtrim"},
                {.expression = "(age + 1)", .is_column = false, .descending = true},
                {.expression = "email"}}},
      // A key on a column with a collation inherits it, as the pragma reports.
      {.name = "ix_name", .keys = {{.expression = "name", .collation = "NOCASE"}}},
      {.name = "ix_partial",
       .keys = {{.expression = "age", .descending = true}},
       .where = "deleted = 0 AND age > 18"},
      {.name = "ux two",
       .unique = true,
       .keys = {{.expression = "name", .collation = "nocase"}, {.expression = "email"}},
       .where = "email IS NOT NULL"},
      {.name = "ux_email", .unique = true, .keys = {{.expression = "email"}}},
  };
  EXPECT_EQ(t.indexes, expected);
  EXPECT_TRUE(t.uniques.empty());
}

// Indexes on plain columns are read from their text alone; the pragma must
// agree with every key so read, whatever the quoting, case and collation.
TEST(SqliteInspect, IndexKeysReadFromTextAgreeWithThePragma) {
  auto conn = open_with(R"sql(
    CREATE TABLE k (Plain INT, "Quoted Col" TEXT COLLATE NOCASE, [br] TEXT COLLATE RTRIM,
                    `bt` TEXT COLLATE "BINARY", g AS (Plain + 1));
    CREATE INDEX i1 ON k (plain);
    CREATE INDEX i2 ON k ("quoted col" DESC, BR ASC);
    CREATE INDEX i3 ON k ([Quoted Col] COLLATE binary, `br` COLLATE nocase DESC);
    CREATE UNIQUE INDEX i4 ON k (bt COLLATE RTRIM, g, "PLAIN");
    CREATE INDEX i5 ON k (br COLLATE "NoCase") WHERE plain > 0;
  )sql");
  ASSERT_NE(conn, nullptr);
  auto s = inspect_sqlite(*conn, {});
  ASSERT_TRUE(s) << s.error().to_string();
  ASSERT_EQ(s->tables.size(), 1u);
  const auto& indexes = s->tables[0].indexes;
  ASSERT_EQ(indexes.size(), 5u);
  for (const Index& index : indexes) {
    auto rows = conn->query(
        "SELECT name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno",
        {index.name});
    ASSERT_TRUE(rows) << rows.error().to_string();
    std::vector<IndexKey> expected;
    for (const auto& row : rows->rows) {
      IndexKey key{.expression = *row[0], .descending = *row[1] == "1"};
      if (!sqlite_lex::equals_folded(*row[2], "BINARY")) key.collation = *row[2];
      expected.push_back(key);
    }
    EXPECT_EQ(index.keys, expected) << index.name;
  }
  EXPECT_EQ(indexes[1].keys,
            (std::vector<IndexKey>{
                {.expression = "Quoted Col", .descending = true, .collation = "NOCASE"},
                {.expression = "br", .collation = "RTRIM"}}));
  EXPECT_TRUE(indexes[3].unique);
  EXPECT_EQ(indexes[4].where, "plain > 0");
}

TEST(SqliteInspect, ReadsForeignKeys) {
  const auto s = inspect(R"sql(
    CREATE TABLE parent (a INT, b INT, PRIMARY KEY (a, b));
    CREATE TABLE Solo (ID INTEGER PRIMARY KEY);
    CREATE TABLE child (
      id INTEGER PRIMARY KEY,
      pa INT, pb INT,
      s INT REFERENCES solo ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      s2 INT CONSTRAINT fk_s2 REFERENCES SOLO (id) ON UPDATE SET NULL ON DELETE SET DEFAULT,
      missing INT REFERENCES nowhere,
      dangling INT REFERENCES "nowhere" (k) ON UPDATE CASCADE,
      CONSTRAINT fk_parent FOREIGN KEY (pa, pb) REFERENCES parent
          ON DELETE RESTRICT DEFERRABLE INITIALLY IMMEDIATE,
      FOREIGN KEY (pb) REFERENCES parent(b) NOT DEFERRABLE INITIALLY DEFERRED
    );
  )sql");
  ASSERT_EQ(s.tables.size(), 3u);
  const Table& t = s.tables[1];  // "Solo" sorts first: names compare bytewise
  ASSERT_EQ(t.name, name("child"));
  const std::vector<ForeignKey> expected = {
      // The implicit parent key of an absent parent stays unknown.
      {.name = "",
       .columns = {"dangling"},
       .ref_table = name("nowhere"),
       .ref_columns = {"k"},
       .on_update = FkAction::cascade},
      {.name = "", .columns = {"missing"}, .ref_table = name("nowhere")},
      {.name = "", .columns = {"pb"}, .ref_table = name("parent"), .ref_columns = {"b"}},
      // References take the parent's own spelling of its name and columns.
      {.name = "",
       .columns = {"s"},
       .ref_table = name("Solo"),
       .ref_columns = {"ID"},
       .on_delete = FkAction::cascade,
       .deferrable = true,
       .initially_deferred = true},
      {.name = "fk_parent",
       .columns = {"pa", "pb"},
       .ref_table = name("parent"),
       .ref_columns = {"a", "b"},
       .on_delete = FkAction::restrict,
       .deferrable = true},
      {.name = "fk_s2",
       .columns = {"s2"},
       .ref_table = name("Solo"),
       .ref_columns = {"ID"},
       .on_update = FkAction::set_null,
       .on_delete = FkAction::set_default},
  };
  EXPECT_EQ(t.foreign_keys, expected);
  EXPECT_TRUE(s.tables[0].foreign_keys.empty());
  EXPECT_TRUE(s.tables[2].foreign_keys.empty());
}

TEST(SqliteInspect, MatchesRepeatedForeignKeysToTheirDeclarations) {
  const Table t = only_table(inspect(R"sql(
    CREATE TABLE n (id INTEGER PRIMARY KEY,
      p INT,
      FOREIGN KEY (p) REFERENCES n ON DELETE CASCADE,
      CONSTRAINT second FOREIGN KEY (p) REFERENCES n DEFERRABLE INITIALLY DEFERRED);
  )sql"));
  const std::vector<ForeignKey> expected = {
      {.name = "",
       .columns = {"p"},
       .ref_table = name("n"),
       .ref_columns = {"id"},
       .on_delete = FkAction::cascade},
      {.name = "second",
       .columns = {"p"},
       .ref_table = name("n"),
       .ref_columns = {"id"},
       .deferrable = true,
       .initially_deferred = true},
  };
  EXPECT_EQ(t.foreign_keys, expected);
}

TEST(SqliteInspect, ReadsChecks) {
  const Table t = only_table(inspect(R"sql(
    CREATE TABLE c (
      a INT CHECK (a > 0),
      b INT CONSTRAINT b_pos CHECK(b>0) CHECK (b < 100),
      "s t" TEXT CHECK ("s t" IN ('x', 'y')),
      CONSTRAINT ab CHECK ( a <> b ),
      CHECK (a + b<   10 /* small */ AND
             length("s t")  = 1)
    ))sql"));
  const std::vector<CheckConstraint> expected = {
      {.name = "", .expression = "\"s t\" IN ('x', 'y')"},
      {.name = "", .expression = "a + b < 10 AND length(\"s t\") = 1"},
      {.name = "", .expression = "a > 0"},
      {.name = "ab", .expression = "a <> b"},
      {.name = "b_pos", .expression = "b < 100"},
      {.name = "b_pos", .expression = "b > 0"},
  };
  EXPECT_EQ(t.checks, expected);
}

TEST(SqliteInspect, ReadsTableOptions) {
  const auto s = inspect(R"sql(
    CREATE TABLE w (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
    CREATE TABLE s (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT) STRICT;
    CREATE TABLE ws (k INT, v ANY, PRIMARY KEY (k)) STRICT, WITHOUT ROWID;
    CREATE TABLE ta (id INTEGER, v, PRIMARY KEY (id AUTOINCREMENT));
    INSERT INTO s (v) VALUES ('row');
  )sql");
  ASSERT_EQ(s.tables.size(), 4u);  // sqlite_sequence is SQLite's
  EXPECT_EQ(s.tables[0].name, name("s"));
  EXPECT_TRUE(s.tables[0].strict && s.tables[0].autoincrement);
  EXPECT_FALSE(s.tables[0].without_rowid);
  EXPECT_EQ(s.tables[1].name, name("ta"));
  EXPECT_TRUE(s.tables[1].autoincrement);
  EXPECT_FALSE(s.tables[1].strict || s.tables[1].without_rowid);
  EXPECT_EQ(s.tables[1].primary_key, (PrimaryKey{"", {"id"}}));
  EXPECT_EQ(s.tables[2].name, name("w"));
  EXPECT_TRUE(s.tables[2].without_rowid);
  EXPECT_FALSE(s.tables[2].strict || s.tables[2].autoincrement);
  EXPECT_EQ(s.tables[2].primary_key, (PrimaryKey{"", {"k"}}));
  // A WITHOUT ROWID table's key columns are NOT NULL whether written or not.
  EXPECT_EQ(s.tables[2].columns[0], (Column{.name = "k", .type = "TEXT", .not_null = true}));
  EXPECT_EQ(s.tables[3].name, name("ws"));
  EXPECT_TRUE(s.tables[3].without_rowid && s.tables[3].strict);
  EXPECT_FALSE(s.tables[3].autoincrement);
}

TEST(SqliteInspect, ReadsViewsWithTheirDependencies) {
  const auto s = inspect(R"sql(
    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INT);
    CREATE TABLE pets (id INTEGER PRIMARY KEY, owner INT, kind TEXT);
    CREATE VIEW adults AS SELECT id, name FROM people WHERE age >= 18;
    CREATE VIEW "owners" (n, k) AS
      SELECT a.name, p.kind FROM "ADULTS" a JOIN main.pets p ON p.owner = a.id
      WHERE p.kind <> 'people'   -- trailing comment
    ;
    CREATE VIEW constant AS SELECT 1 AS people;
  )sql");
  const std::vector<View> expected = {
      {.name = name("adults"),
       .definition = "SELECT id, name FROM people WHERE age >= 18",
       .depends_on = {name("people")}},
      // An identifier that names a table counts even as a column alias: a superset is safe.
      {.name = name("constant"),
       .definition = "SELECT 1 AS people",
       .depends_on = {name("people")}},
      {.name = name("owners"),
       .definition = "SELECT a.name, p.kind FROM \"ADULTS\" a JOIN main.pets p ON p.owner = a.id\n"
                     "      WHERE p.kind <> 'people'",
       .depends_on = {name("adults"), name("pets")}},
  };
  EXPECT_EQ(s.views, expected);
}

TEST(SqliteInspect, ReadsTriggersAsOtherObjects) {
  const auto s = inspect(R"sql(
    CREATE TABLE log (msg TEXT);
    CREATE TABLE t (v INT);
    CREATE VIEW tv AS SELECT v FROM t;
    CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('ins; ' || new.v); END;
    CREATE TRIGGER tv_ins INSTEAD OF INSERT ON tv BEGIN INSERT INTO t VALUES (new.v); END;
  )sql");
  const std::vector<OtherObject> expected = {
      {"trigger", name("t_ins"), name("t"),
       "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('ins; ' || new.v); "
       "END"},
      {"trigger", name("tv_ins"), name("tv"),
       "CREATE TRIGGER tv_ins INSTEAD OF INSERT ON tv BEGIN INSERT INTO t VALUES (new.v); END"},
  };
  EXPECT_EQ(s.others, expected);
}

TEST(SqliteInspect, LeavesOutBookkeepingInternalAndShadowTables) {
  schema::InspectOptions options;
  options.exclude_tables = {"strata_version", "strata_version_history"};
  const auto s = inspect(R"sql(
    CREATE TABLE strata_version (version_num TEXT PRIMARY KEY);
    CREATE TABLE Strata_Version_History (id INTEGER PRIMARY KEY AUTOINCREMENT, rev TEXT);
    CREATE INDEX ix_history ON Strata_Version_History (rev);
    CREATE TRIGGER history_guard BEFORE DELETE ON strata_version_history BEGIN SELECT 1; END;
    CREATE TABLE kept (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT);
    CREATE INDEX ix_kept ON kept (body);
    INSERT INTO kept (body) VALUES ('a'), ('b');
    ANALYZE;
    CREATE VIRTUAL TABLE docs USING fts5(body);
  )sql",
                         options);
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_EQ(s.tables[0].name, name("kept"));
  EXPECT_EQ(s.tables[0].indexes.size(), 1u);
  const std::vector<OtherObject> expected = {
      {"virtual table", name("docs"), {}, "CREATE VIRTUAL TABLE docs USING fts5(body)"},
  };
  EXPECT_EQ(s.others, expected);
  EXPECT_TRUE(s.views.empty());
  EXPECT_TRUE(s.namespaces.empty());
}

TEST(SqliteInspect, KeepsOddIdentifiersExactly) {
  const auto s = inspect(R"sql(
    CREATE TABLE "odd ""name""" (
      [col one] INT,
      `back``tick` TEXT COLLATE "NOCASE",
      "ünïcödé" TEXT,
      日本 TEXT,
      CONSTRAINT "pk ""x""" PRIMARY KEY ([col one]),
      CONSTRAINT [uq ü] UNIQUE ("ünïcödé"),
      CONSTRAINT `chk` CHECK ("ünïcödé" <> '' AND 日本 <> '')
    );
    CREATE INDEX "ix ""q""" ON "odd ""name""" (`back``tick` DESC, lower(日本));
    CREATE TABLE 'ref table' (r INT REFERENCES "odd ""name""", CONSTRAINT 'fk ü' FOREIGN KEY (r)
      REFERENCES "odd ""name""" ("col one"));
    CREATE VIEW "vue ""x""" AS SELECT * FROM "odd ""name""";
  )sql");
  ASSERT_EQ(s.tables.size(), 2u);
  const Table& odd = s.tables[0];
  EXPECT_EQ(odd.name, name("odd \"name\""));
  const std::vector<Column> columns = {
      {.name = "col one", .type = "INT", .not_null = false},
      {.name = "back`tick", .type = "TEXT", .collation = "NOCASE"},
      {.name = "ünïcödé", .type = "TEXT"},
      {.name = "日本", .type = "TEXT"},
  };
  EXPECT_EQ(odd.columns, columns);
  EXPECT_EQ(odd.primary_key, (PrimaryKey{"pk \"x\"", {"col one"}}));
  EXPECT_EQ(odd.uniques, (std::vector<UniqueConstraint>{{.name = "uq ü", .columns = {"ünïcödé"}}}));
  EXPECT_EQ(odd.checks, (std::vector<CheckConstraint>{
                            {.name = "chk", .expression = "\"ünïcödé\" <> '' AND 日本 <> ''"}}));
  const std::vector<Index> indexes = {
      {.name = "ix \"q\"",
       .keys = {{.expression = "back`tick", .descending = true, .collation = "NOCASE"},
                {.expression = "lower(日本)", .is_column = false}}},
  };
  EXPECT_EQ(odd.indexes, indexes);
  const Table& ref = s.tables[1];
  EXPECT_EQ(ref.name, name("ref table"));
  const std::vector<ForeignKey> fks = {
      {.name = "", .columns = {"r"}, .ref_table = name("odd \"name\""), .ref_columns = {"col one"}},
      {.name = "fk ü",
       .columns = {"r"},
       .ref_table = name("odd \"name\""),
       .ref_columns = {"col one"}},
  };
  EXPECT_EQ(ref.foreign_keys, fks);
  ASSERT_EQ(s.views.size(), 1u);
  EXPECT_EQ(s.views[0].name, name("vue \"x\""));
  EXPECT_EQ(s.views[0].depends_on, std::vector<ObjectName>{name("odd \"name\"")});
}

// The same schema written as plain DDL and in the shape `sqlite3 .schema`
// prints (IF NOT EXISTS, quoted names, other line breaks and spacing, the
// shell's column comments after views) inspects the same. The shell also
// prints `CREATE TABLE sqlite_sequence(name,seq);`, which SQLite refuses to
// run: whoever loads such a file skips it, so this text leaves it out.
TEST(SqliteInspect, DumpStyleDdlInspectsLikePlainDdl) {
  const char* plain = R"sql(
    CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE,
      name VARCHAR(40) COLLATE NOCASE DEFAULT 'anon', score REAL DEFAULT (0.5*2),
      CONSTRAINT email_shape CHECK (email LIKE '%@%'));
    CREATE TABLE posts (id INTEGER PRIMARY KEY, author INT NOT NULL REFERENCES users ON DELETE CASCADE,
      title TEXT, slug TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL,
      CONSTRAINT uq_title UNIQUE (author, title)) STRICT;
    CREATE INDEX ix_posts_slug ON posts (slug DESC) WHERE slug IS NOT NULL;
    CREATE INDEX ix_posts_title ON posts (lower(title));
    CREATE VIEW recent AS SELECT p.id, u.email FROM posts p JOIN users u ON u.id = p.author;
    CREATE TRIGGER posts_guard BEFORE DELETE ON users BEGIN SELECT 1; END;
  )sql";
  const char* dump = R"sql(
CREATE TABLE IF NOT EXISTS "users"(
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "email" TEXT NOT NULL UNIQUE,
  "name" VARCHAR( 40 ) COLLATE NOCASE DEFAULT 'anon',
  "score" REAL DEFAULT ( 0.5 * 2 ),
  CONSTRAINT "email_shape" CHECK(email   LIKE '%@%')
);
CREATE TABLE IF NOT EXISTS "posts"(
  "id" INTEGER PRIMARY KEY,
  "author" INT NOT NULL REFERENCES "users" ON DELETE CASCADE,
  "title" TEXT,
  "slug" TEXT GENERATED ALWAYS AS ( lower(title) ) VIRTUAL,
  CONSTRAINT "uq_title" UNIQUE("author","title")
) STRICT;
CREATE INDEX "ix_posts_slug" ON "posts"("slug" DESC) WHERE slug   IS NOT NULL;
CREATE INDEX "ix_posts_title" ON "posts"(lower(title));
CREATE VIEW "recent" AS SELECT p.id, u.email FROM posts p JOIN users u ON u.id = p.author
/* recent(id,email) */;
CREATE TRIGGER posts_guard BEFORE DELETE ON users BEGIN SELECT 1; END;
)sql";
  const auto a = inspect(plain);
  const auto b = inspect(dump);
  ASSERT_EQ(a.tables.size(), 2u);
  EXPECT_EQ(a, b);
  // Spot checks that the comparison is not between two empty models.
  EXPECT_EQ(
      a.tables[1].checks,
      (std::vector<CheckConstraint>{{.name = "email_shape", .expression = "email LIKE '%@%'"}}));
  EXPECT_EQ(a.tables[0].uniques,
            (std::vector<UniqueConstraint>{{.name = "uq_title", .columns = {"author", "title"}}}));
  EXPECT_EQ(a.views.at(0).depends_on, (std::vector<ObjectName>{name("posts"), name("users")}));
}

TEST(SqliteInspect, UsesAFixedNumberOfReadOnlyQueries) {
  std::string small = "CREATE TABLE t0 (id INTEGER PRIMARY KEY);";
  std::string large;
  for (int i = 0; i < 50; ++i) {
    const std::string t = "t" + std::to_string(i);
    large += "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, a TEXT UNIQUE, p INT";
    if (i > 0) large += " REFERENCES t" + std::to_string(i - 1);
    large += ");\nCREATE INDEX ix" + t + " ON " + t + " (a, p);\n";
    large += "CREATE INDEX ex" + t + " ON " + t + " (lower(a));\n";
    large += "CREATE TABLE w" + t + " (k TEXT PRIMARY KEY, v TEXT UNIQUE) WITHOUT ROWID;\n";
  }
  int counts[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    auto conn = open_with(k == 0 ? small : large);
    ASSERT_NE(conn, nullptr);
    CountingConnection counting(*conn);
    auto r = inspect_sqlite(counting, {});
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(counting.execs, 0);
    counts[k] = counting.queries;
    if (k == 1) {
      ASSERT_EQ(r->tables.size(), 100u);
      const Table* t1 = r->find_table(name("t1"));
      ASSERT_NE(t1, nullptr);
      EXPECT_EQ(t1->indexes.size(), 2u);
      EXPECT_EQ(t1->uniques.size(), 1u);
      EXPECT_EQ(t1->foreign_keys.size(), 1u);
      const Table* wt1 = r->find_table(name("wt1"));
      ASSERT_NE(wt1, nullptr);
      EXPECT_EQ(wt1->primary_key, (PrimaryKey{"", {"k"}}));
      EXPECT_EQ(wt1->uniques, (std::vector<UniqueConstraint>{{.name = "", .columns = {"v"}}}));
    }
  }
  EXPECT_EQ(counts[0], 6);
  EXPECT_EQ(counts[1], 6);
}

TEST(SqliteInspect, ReportsQueryFailures) {
  // A connection that fails every query stands in for a database SQLite
  // cannot read (an in-memory one cannot be corrupted on purpose).
  struct Broken final : public Connection {
    Status exec(std::string_view) override { return {}; }
    Result<QueryResult> query(std::string_view,
                              const std::vector<std::optional<std::string>>&) override {
      return failf("database disk image is malformed");
    }
    Result<int64_t> exec_count(std::string_view) override { return 0; }
    Status begin() override { return {}; }
    Status commit() override { return {}; }
    Status rollback() override { return {}; }
    Result<bool> try_lock(std::string_view) override { return true; }
    Status unlock(std::string_view) override { return {}; }
    Status set_lock_timeout(int) override { return {}; }
    std::string server_version() override { return "SQLite 3"; }
    Result<bool> table_exists(std::string_view) override { return false; }
  } broken;
  auto r = inspect_sqlite(broken, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "reading the SQLite schema: database disk image is malformed");
}

TEST(SqliteInspect, TheDialectInspectsThroughTheSameReader) {
  auto url = parse_url("sqlite://");
  ASSERT_TRUE(url) << url.error().to_string();
  auto conn = sqlite_dialect().connect(*url);
  ASSERT_TRUE(conn) << conn.error().to_string();
  ASSERT_TRUE((*conn)->exec("CREATE TABLE a (x INT NOT NULL DEFAULT 1)"));
  auto s = sqlite_dialect().inspect(**conn, {});
  ASSERT_TRUE(s) << s.error().to_string();
  ASSERT_EQ(s->tables.size(), 1u);
  EXPECT_EQ(
      s->tables[0].columns,
      (std::vector<Column>{{.name = "x", .type = "INT", .not_null = true, .default_expr = "1"}}));
}

}  // namespace
}  // namespace strata::detail
