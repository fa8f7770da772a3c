// Tests for the script module (parse, checksum, -x expansion, load, write) and
// the SHA-256 it relies on.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/sha256.hpp"
#include "common/strings.hpp"
#include "script/checksum.hpp"
#include "script/expand.hpp"
#include "script/loader.hpp"
#include "script/parser.hpp"
#include "script/writer.hpp"

namespace strata::detail {
namespace {

namespace fs = std::filesystem;

// "file:line: message", without the hint line.
std::string where(const Error& e) {
  std::string s = e.to_string();
  return s.substr(0, s.find('\n'));
}

std::string parse_error(std::string_view text) {
  auto r = parse_migration(text, "m.sql");
  if (r) return "(parsed)";
  return where(r.error());
}

Migration parse_ok(std::string_view text) {
  auto r = parse_migration(text, "m.sql");
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().to_string());
  return r ? std::move(*r) : Migration{};
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// ---------------------------------------------------------------- SHA-256

TEST(Sha256, NistVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjk"
                       "lmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundaries) {
  EXPECT_EQ(sha256_hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7 + 3);
  for (size_t chunk : {1u, 3u, 63u, 64u, 65u, 200u}) {
    Sha256 h;
    for (size_t pos = 0; pos < data.size(); pos += chunk) {
      h.update(std::string_view(data).substr(pos, chunk));
    }
    auto d = h.digest();
    std::string hex;
    for (uint8_t b : d) hex += fmt::format("{:02x}", b);
    EXPECT_EQ(hex, sha256_hex(data)) << "chunk " << chunk;
  }
}

// ---------------------------------------------------------------- parser

constexpr std::string_view kExample =
    "-- revision: 3f2a9c1b7d4e\n"
    "-- revises: 1a2b3c4d5e6f\n"
    "-- message: add users table\n"
    "-- created: 2026-11-22T10:00:00Z\n"
    "\n"
    "-- migrate:up\n"
    "CREATE TABLE users (\n"
    "    id    INTEGER PRIMARY KEY,\n"
    "    email TEXT NOT NULL UNIQUE\n"
    ");\n"
    "CREATE INDEX ix_users_email ON users (email);\n"
    "\n"
    "-- migrate:down\n"
    "DROP INDEX ix_users_email;\n"
    "DROP TABLE users;\n";

TEST(Parser, DesignExample) {
  Migration m = parse_ok(kExample);
  EXPECT_EQ(m.id, "3f2a9c1b7d4e");
  EXPECT_EQ(m.revises, std::vector<std::string>{"1a2b3c4d5e6f"});
  EXPECT_EQ(m.message, "add users table");
  EXPECT_EQ(m.created, "2026-11-22T10:00:00Z");
  EXPECT_TRUE(m.depends_on.empty());
  EXPECT_TRUE(m.branch_labels.empty());
  EXPECT_EQ(m.path, "m.sql");
  EXPECT_TRUE(m.up.present);
  EXPECT_TRUE(m.up.transaction);
  EXPECT_EQ(m.up.first_line, 7);
  EXPECT_EQ(m.up.body,
            "CREATE TABLE users (\n    id    INTEGER PRIMARY KEY,\n    email TEXT NOT NULL "
            "UNIQUE\n);\nCREATE INDEX ix_users_email ON users (email);\n\n");
  EXPECT_TRUE(m.down.present);
  EXPECT_EQ(m.down.first_line, 14);
  EXPECT_EQ(m.down.body, "DROP INDEX ix_users_email;\nDROP TABLE users;\n");
  EXPECT_TRUE(m.reversible());
  EXPECT_FALSE(m.is_code());
}

TEST(Parser, ListsAndRoot) {
  Migration m = parse_ok(
      "-- revision: merge_1\n"
      "-- revises: aaaa, bbbb,cccc\n"
      "-- depends-on: other_rev, lib.v1-x\n"
      "-- branch-labels: core\n"
      "-- migrate:up\n");
  EXPECT_EQ(m.revises, (std::vector<std::string>{"aaaa", "bbbb", "cccc"}));
  EXPECT_EQ(m.depends_on, (std::vector<std::string>{"other_rev", "lib.v1-x"}));
  EXPECT_EQ(m.branch_labels, std::vector<std::string>{"core"});
  EXPECT_TRUE(parse_ok("-- revision: r1\n-- revises:\n-- migrate:up\n").revises.empty());
  EXPECT_TRUE(parse_ok("-- revision: r1\n-- migrate:up\n").revises.empty());
}

TEST(Parser, BlankLinesAndBareDashesInHeader) {
  Migration m =
      parse_ok("\n-- revision: r1\n\n--\n  -- message:   spaced out  \n\n-- migrate:up\nX;\n");
  EXPECT_EQ(m.id, "r1");
  EXPECT_EQ(m.message, "spaced out");
  EXPECT_EQ(m.up.first_line, 8);
  EXPECT_EQ(m.up.body, "X;\n");
}

TEST(Parser, ColonsInValueAndNoSpaceAfterDashes) {
  Migration m = parse_ok("--revision:r1\n-- message: fix: the thing\n-- migrate:up\n");
  EXPECT_EQ(m.id, "r1");
  EXPECT_EQ(m.message, "fix: the thing");
}

TEST(Parser, NoDownIsIrreversible) {
  Migration m = parse_ok("-- revision: r1\n-- migrate:up\nCREATE TABLE t (a INT);");
  EXPECT_FALSE(m.down.present);
  EXPECT_FALSE(m.reversible());
  EXPECT_EQ(m.up.body, "CREATE TABLE t (a INT);");
}

TEST(Parser, EmptyDownIsReversible) {
  Migration m = parse_ok("-- revision: r1\n-- migrate:up\nX;\n-- migrate:down");
  EXPECT_TRUE(m.down.present);
  EXPECT_TRUE(m.reversible());
  EXPECT_EQ(m.down.body, "");
  EXPECT_EQ(m.down.first_line, 5);
  EXPECT_EQ(m.up.body, "X;\n");

  Migration c =
      parse_ok("-- revision: r1\n-- migrate:up\nX;\n-- migrate:down\n-- nothing to do\n\n");
  EXPECT_TRUE(c.down.present);
  EXPECT_EQ(c.down.body, "-- nothing to do\n\n");
}

TEST(Parser, MarkersMayBeIndented) {
  Migration m = parse_ok("-- revision: r1\n   -- migrate:up\nX;\n\t--  migrate:down\nY;\n");
  EXPECT_EQ(m.up.body, "X;\n");
  EXPECT_EQ(m.down.body, "Y;\n");
}

TEST(Parser, OnlyLineStartingCommentsAreMarkers) {
  Migration m = parse_ok(
      "-- revision: r1\n"
      "-- migrate:up\n"
      "SELECT a - b, c -- migrate:down is a comment here\n"
      "  FROM t; -- trailing -- migrate:down\n"
      "-- plain comment\n"
      "-\n"
      "--migrate:batch\n"
      "UPDATE t SET a = a - 1; --\n"
      "\t-- migrate:down\n"
      "--- migrate:up is not a marker: three dashes\n"
      "-- migrate:batch");
  EXPECT_EQ(m.up.batch_lines, std::vector<int>{7});
  EXPECT_EQ(m.down.first_line, 10);
  EXPECT_EQ(m.down.body, "--- migrate:up is not a marker: three dashes\n-- migrate:batch");
  EXPECT_EQ(m.down.batch_lines, std::vector<int>{11});
  EXPECT_EQ(m.up.body.substr(0, 14), "SELECT a - b, ");
}

TEST(Parser, SectionOptions) {
  Migration m = parse_ok(
      "-- revision: r1\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
      "-- migrate:down   transaction:true\nDROP INDEX i;\n");
  EXPECT_FALSE(m.up.transaction);
  EXPECT_TRUE(m.down.transaction);
  Migration d = parse_ok("-- revision: r1\n-- migrate:up\n-- migrate:down transaction:false\n");
  EXPECT_TRUE(d.up.transaction);
  EXPECT_FALSE(d.down.transaction);
}

TEST(Parser, OptionErrors) {
  EXPECT_EQ(parse_error("-- revision: r1\n\n-- migrate:up transactoin:false\n"),
            "m.sql:3: unknown option `transactoin` on `-- migrate:up` (did you mean "
            "`transaction`?)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up\n-- migrate:down fast\n"),
            "m.sql:3: unknown option `fast` on `-- migrate:down`");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up transaction:no\n"),
            "m.sql:2: invalid value `no` for option `transaction` on `-- migrate:up`: use "
            "transaction:false or transaction:true");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up transaction\n"),
            "m.sql:2: invalid value `` for option `transaction` on `-- migrate:up`: use "
            "transaction:false or transaction:true");
}

TEST(Parser, BatchLines) {
  Migration m = parse_ok(
      "-- revision: r1\n"
      "-- migrate:up\n"
      "ALTER TABLE t ADD b INT;\n"
      "-- migrate:batch\n"
      "UPDATE t SET b = a WHERE id IN (SELECT id FROM t WHERE b IS NULL LIMIT 1000);\n"
      "  -- migrate:batch\n"
      "DELETE FROM t WHERE id IN (SELECT id FROM t WHERE a IS NULL LIMIT 1000);\n"
      "-- migrate:down\n"
      "-- migrate:batch\n"
      "UPDATE t SET b = NULL WHERE id IN (SELECT id FROM t WHERE b IS NOT NULL LIMIT 10);\n");
  EXPECT_EQ(m.up.batch_lines, (std::vector<int>{4, 6}));
  EXPECT_EQ(m.down.batch_lines, std::vector<int>{9});
  // The marker stays in the body so statement line numbers hold.
  EXPECT_EQ(m.up.body.substr(0, 42), "ALTER TABLE t ADD b INT;\n-- migrate:batch\n");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:batch\n-- migrate:up\n"),
            "m.sql:2: `-- migrate:batch` outside a section");
  EXPECT_EQ(
      parse_error("-- revision: r1\n-- migrate:up\n-- migrate:batch 100\nUPDATE t SET a=1;\n"),
      "m.sql:3: unexpected text `100` after `-- migrate:batch`");
}

TEST(Parser, CrlfParsesLikeLf) {
  std::string text = crlf(kExample);
  Migration a = parse_ok(kExample);
  Migration b = parse_ok(text);
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.revises, a.revises);
  EXPECT_EQ(b.message, a.message);
  EXPECT_EQ(b.created, a.created);
  EXPECT_EQ(b.up.body, a.up.body);
  EXPECT_EQ(b.up.first_line, a.up.first_line);
  EXPECT_EQ(b.down.body, a.down.body);
  EXPECT_EQ(b.down.first_line, a.down.first_line);
  EXPECT_EQ(parse_error(crlf("-- revision: r1\n-- migrate:up\n-- migrate:up\n")),
            "m.sql:3: second `-- migrate:up` section (the first is at line 2)");
  Migration opt = parse_ok(crlf("-- revision: r1\n-- migrate:up transaction:false\nX;\n"));
  EXPECT_FALSE(opt.up.transaction);
}

TEST(Parser, BomIsSkipped) {
  Migration m = parse_ok("\xEF\xBB\xBF-- revision: r1\n-- migrate:up\nX;\n");
  EXPECT_EQ(m.id, "r1");
  EXPECT_EQ(m.up.first_line, 3);
  EXPECT_EQ(parse_error("\xEF\xBB\xBF-- revison: r1\n"),
            "m.sql:1: unknown header key `revison` (did you mean `revision`?)");
}

TEST(Parser, HeaderErrors) {
  EXPECT_EQ(parse_error("-- revision: r1\n-- revison: x\n-- migrate:up\n"),
            "m.sql:2: unknown header key `revison` (did you mean `revision`?)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- dependson: x\n-- migrate:up\n"),
            "m.sql:2: unknown header key `dependson` (did you mean `depends-on`?)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- down_revision: x\n-- migrate:up\n"),
            "m.sql:2: unknown header key `down_revision`");
  EXPECT_EQ(parse_error("-- revision: r1\n\n-- revision: r2\n-- migrate:up\n"),
            "m.sql:3: duplicate header key `revision` (the first is at line 1)");
  EXPECT_EQ(parse_error("-- revision: r1\n--message add users\n-- migrate:up\n"),
            "m.sql:2: malformed header line: expected `-- key: value`");
  EXPECT_EQ(parse_error("-- revision: r1\n-- this is: prose\n-- migrate:up\n"),
            "m.sql:2: malformed header line: expected `-- key: value`");
  EXPECT_EQ(parse_error("-- revision:\n-- migrate:up\n"), "m.sql:1: empty `revision:`");
  EXPECT_EQ(parse_error("-- revision: ab-cd\n-- migrate:up\n"),
            "m.sql:1: invalid revision id `ab-cd`: use only letters, digits and _");
  EXPECT_EQ(parse_error("-- revision: r1\n-- revises: aaaa, b b\n-- migrate:up\n"),
            "m.sql:2: invalid revision id `b b` in `revises:`: use only letters, digits and _");
  EXPECT_EQ(parse_error("-- revision: r1\n-- branch-labels: x@y\n-- migrate:up\n"),
            "m.sql:2: invalid name `x@y` in `branch-labels:`: use only letters, digits, _, . "
            "and -");
  EXPECT_EQ(parse_error("-- message: no id\n-- migrate:up\nX;\n"),
            "m.sql: missing `-- revision:` header");
}

TEST(Parser, UnknownKeyHintListsKeys) {
  auto r = parse_migration("-- revision: r1\n-- author: me\n-- migrate:up\n", "m.sql");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, "m.sql");
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().hint,
            "header keys are revision, revises, message, created, depends-on, branch-labels");
}

TEST(Parser, SectionErrors) {
  EXPECT_EQ(parse_error("-- revision: r1\n"), "m.sql: no `-- migrate:up` section");
  EXPECT_EQ(parse_error(""), "m.sql: no `-- migrate:up` section");
  EXPECT_EQ(parse_error("-- revision: r1\nCREATE TABLE t (a INT);\n"),
            "m.sql: no `-- migrate:up` section");
  EXPECT_EQ(parse_error("-- revision: r1\n\nCREATE TABLE t (a INT);\n-- migrate:up\n"),
            "m.sql:3: SQL before `-- migrate:up`");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:down\nX;\n-- migrate:up\n"),
            "m.sql:2: `-- migrate:down` before `-- migrate:up`");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up\nX;\n-- migrate:up\n"),
            "m.sql:4: second `-- migrate:up` section (the first is at line 2)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up\n-- migrate:down\n\n-- migrate:down\n"),
            "m.sql:5: second `-- migrate:down` section (the first is at line 3)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up\n-- migrate:down\n-- migrate:up\n"),
            "m.sql:4: second `-- migrate:up` section (the first is at line 2)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:upgrade\n"),
            "m.sql:2: unknown marker `-- migrate:upgrade` (did you mean `-- migrate:up`?)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up\n-- migrate:downgrade\n"),
            "m.sql:3: unknown marker `-- migrate:downgrade` (did you mean `-- migrate:down`?)");
  EXPECT_EQ(parse_error("-- revision: r1\n-- migrate:up\n-- migrate:rollback\n"),
            "m.sql:3: unknown marker `-- migrate:rollback`");
}

// ParseDepth::kHeaders: every field but the section texts, and the same errors.
Migration parse_headers(std::string_view text, std::string* error = nullptr) {
  Migration m;
  Status st = parse_migration_into(text, "m.sql", m, ParseDepth::kHeaders);
  if (error != nullptr) *error = st ? "(parsed)" : where(st.error());
  return m;
}

TEST(Parser, HeadersOnlyKeepsAllButTheSqlTexts) {
  Migration full = parse_ok(kExample);
  std::string error;
  Migration m = parse_headers(kExample, &error);
  EXPECT_EQ(error, "(parsed)");
  EXPECT_EQ(m.id, full.id);
  EXPECT_EQ(m.revises, full.revises);
  EXPECT_EQ(m.message, full.message);
  EXPECT_EQ(m.created, full.created);
  EXPECT_EQ(m.path, "m.sql");
  EXPECT_TRUE(m.up.present);
  EXPECT_TRUE(m.down.present);
  EXPECT_EQ(m.up.first_line, 7);
  EXPECT_EQ(m.down.first_line, 14);
  EXPECT_EQ(m.up.body, "");
  EXPECT_EQ(m.down.body, "");
  EXPECT_TRUE(m.reversible());

  Migration flags =
      parse_headers("-- revision: r1\n-- migrate:up transaction:false\nA;\n-- migrate:batch\nB;\n");
  EXPECT_FALSE(flags.up.transaction);
  EXPECT_EQ(flags.up.batch_lines, std::vector<int>{4});
  EXPECT_FALSE(flags.down.present);
  EXPECT_FALSE(flags.reversible());

  for (std::string_view bad :
       {"-- revision: r1\n", "-- revision: r1\n-- migrate:up\nX;\n-- migrate:up\n",
        "-- revision: r1\n-- migrate:up\n-- migrate:rollback\n",
        "-- revizion: r1\n-- migrate:up\n"}) {
    parse_headers(bad, &error);
    EXPECT_EQ(error, parse_error(bad)) << bad;
  }
}

TEST(Parser, ErrorsNameTheGivenPath) {
  auto r = parse_migration("-- revision: r1\n", "migrations/0001_init.sql");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, "migrations/0001_init.sql");
  EXPECT_EQ(r.error().line, 0);
}

TEST(Parser, IdValidators) {
  EXPECT_TRUE(is_valid_revision_id("3f2a9c1b7d4e"));
  EXPECT_TRUE(is_valid_revision_id("Ab_9"));
  EXPECT_FALSE(is_valid_revision_id(""));
  EXPECT_FALSE(is_valid_revision_id("a-b"));
  EXPECT_TRUE(is_valid_label("v1.2-x_y"));
  EXPECT_FALSE(is_valid_label("a@b"));
  EXPECT_FALSE(is_valid_label("a:b"));
}

// ---------------------------------------------------------------- checksum

TEST(Checksum, NormalizeText) {
  EXPECT_EQ(normalize_sql_text("\n\n  \n  A;  \r\n\r\nB;\t\rC;\n\n \n"), "  A;\n\nB;\nC;");
  EXPECT_EQ(normalize_sql_text(" \r\n\t\n"), "");
}

TEST(Checksum, ExactValue) {
  Migration m = parse_ok("-- revision: r1\n-- migrate:up\nSELECT 1;\n");
  EXPECT_EQ(migration_checksum(m),
            "59c27f1210b20d66a5ddfe9c9ff26d2b3cf745d21b2135d73ea798c4d987f2cf");
}

TEST(Checksum, WhatCountsAsAnEdit) {
  std::string base = migration_checksum(parse_ok(kExample));
  EXPECT_EQ(base.size(), 64u);
  // Not edits: line endings, trailing blanks, surrounding blank lines, the header.
  EXPECT_EQ(migration_checksum(parse_ok(crlf(kExample))), base);
  std::string trailing(kExample);
  trailing.insert(trailing.find("DROP TABLE users;") + 17, "   \t");
  trailing += "\n\n\n";
  EXPECT_EQ(migration_checksum(parse_ok(trailing)), base);
  std::string header(kExample);
  header.replace(header.find("add users table"), 15, "create the users table");
  EXPECT_EQ(migration_checksum(parse_ok(header)), base);
  std::string spaced(kExample);
  spaced.insert(spaced.find("-- migrate:up\n") + 14, "\n\n");
  EXPECT_EQ(migration_checksum(parse_ok(spaced)), base);
  // Edits: any statement, in either section.
  std::string up_edit(kExample);
  up_edit.replace(up_edit.find("UNIQUE"), 6, "");
  EXPECT_NE(migration_checksum(parse_ok(up_edit)), base);
  std::string down_edit(kExample);
  down_edit.replace(down_edit.find("DROP TABLE users;"), 17, "DROP TABLE users CASCADE;");
  EXPECT_NE(migration_checksum(parse_ok(down_edit)), base);
}

TEST(Checksum, NoDownDiffersFromEmptyDown) {
  std::string none = migration_checksum(parse_ok("-- revision: r1\n-- migrate:up\nX;\n"));
  std::string empty =
      migration_checksum(parse_ok("-- revision: r1\n-- migrate:up\nX;\n-- migrate:down\n"));
  std::string comment = migration_checksum(
      parse_ok("-- revision: r1\n-- migrate:up\nX;\n-- migrate:down\n-- nothing\n"));
  EXPECT_NE(none, empty);
  EXPECT_NE(empty, comment);
}

TEST(Checksum, CodeMigrationHasNone) {
  Migration m;
  m.id = "code1";
  m.code = std::make_shared<CodeSteps>(CodeSteps{[](const SqlExec&) -> Status { return {}; }, {}});
  EXPECT_EQ(migration_checksum(m), "");
}

// ---------------------------------------------------------------- -x expansion

Section section(std::string body, int first_line = 10) {
  Section s;
  s.present = true;
  s.body = std::move(body);
  s.first_line = first_line;
  return s;
}

std::string expand_error(const std::string& body, const std::map<std::string, std::string>& x) {
  auto r = expand_section(section(body), x, "m.sql");
  if (r) return "(expanded)";
  return where(r.error());
}

TEST(Expand, Placeholders) {
  std::map<std::string, std::string> x = {{"schema", "app"}, {"owner", "bob"}, {"empty", ""}};
  auto r = expand_section(
      section("CREATE SCHEMA {{x.schema}};\nALTER SCHEMA {{ x.schema }} OWNER TO {{x.owner}};"
              "{{x.empty}}\n"),
      x, "m.sql");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, "CREATE SCHEMA app;\nALTER SCHEMA app OWNER TO bob;\n");
}

TEST(Expand, OtherBracesLeftAlone) {
  std::map<std::string, std::string> x = {{"a", "1"}};
  auto r = expand_section(section("SELECT '{{name}}', '{{ y.a }}', '{x.a}', '{{{x.a}}}';\n"), x,
                          "m.sql");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, "SELECT '{{name}}', '{{ y.a }}', '{x.a}', '{1}';\n");
}

TEST(Expand, NoTemplateReturnsBodyUnchanged) {
  auto r = expand_section(section("SELECT 1;\r\n-- comment\n"), {}, "m.sql");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "SELECT 1;\r\n-- comment\n");
}

TEST(Expand, PlaceholderErrors) {
  EXPECT_EQ(expand_error("SELECT 1;\nGRANT ALL TO {{x.role}};\n", {}),
            "m.sql:11: -x role=... not given");
  EXPECT_EQ(expand_error("SELECT {{x.}};\n", {}), "m.sql:10: malformed placeholder `{{x.}}`");
  EXPECT_EQ(expand_error("SELECT {{x.a b}};\n", {{"a", "1"}}),
            "m.sql:10: malformed placeholder `{{x.a b}}`");
  EXPECT_EQ(expand_error("SELECT {{x.a\n", {{"a", "1"}}),
            "m.sql:10: malformed placeholder `{{x.a`");
}

TEST(Expand, ConditionalBlocksKeepLineNumbers) {
  std::string body =
      "A;\n"
      "-- strata:if x.seed\n"
      "INSERT INTO t VALUES ({{x.seed}});\n"
      "-- strata:endif\n"
      "-- strata:if !x.seed\n"
      "NO_SEED;\n"
      "-- strata:endif\n"
      "  --   strata:if x.env == prod\n"
      "PROD;\n"
      "-- strata:else\n"
      "NOT_PROD {{x.env}};\n"
      "-- strata:endif\n"
      "Z;";
  auto with = expand_section(section(body), {{"seed", "7"}, {"env", "prod"}}, "m.sql");
  ASSERT_TRUE(with) << with.error().to_string();
  EXPECT_EQ(*with, "A;\n\nINSERT INTO t VALUES (7);\n\n\n\n\n\nPROD;\n\n\n\nZ;");
  // Unset keys in dropped lines are not errors.
  auto without = expand_section(section(body), {{"env", "dev"}}, "m.sql");
  ASSERT_TRUE(without) << without.error().to_string();
  EXPECT_EQ(*without, "A;\n\n\n\n\nNO_SEED;\n\n\n\n\nNOT_PROD dev;\n\nZ;");
  auto empty_seed = expand_section(section(body), {{"seed", ""}, {"env", "dev"}}, "m.sql");
  ASSERT_TRUE(empty_seed);
  EXPECT_EQ(*empty_seed, *without);
}

TEST(Expand, ConditionForms) {
  std::string body =
      "-- strata:if x.env != 'prod'\nA;\n-- strata:endif\n"
      "-- strata:if x.env == \"stage\"\nB;\n-- strata:endif\n"
      "-- strata:if x.missing == stage\nC;\n-- strata:endif\n"
      "-- strata:if x.missing != stage\nD;\n-- strata:endif\n";
  auto r = expand_section(section(body), {{"env", "stage"}}, "m.sql");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, "\nA;\n\n\nB;\n\n\n\n\n\nD;\n\n");
}

TEST(Expand, Nesting) {
  std::string body =
      "-- strata:if x.a\n"
      "-- strata:if x.b\n"
      "AB;\n"
      "-- strata:else\n"
      "A_NOT_B;\n"
      "-- strata:endif\n"
      "-- strata:else\n"
      "-- strata:if x.b\n"
      "B_NOT_A;\n"
      "-- strata:endif\n"
      "-- strata:endif\n";
  auto run = [&](std::map<std::string, std::string> x) {
    auto r = expand_section(section(body), x, "m.sql");
    EXPECT_TRUE(r);
    return std::string(trim(r ? *r : ""));
  };
  EXPECT_EQ(run({{"a", "1"}, {"b", "1"}}), "AB;");
  EXPECT_EQ(run({{"a", "1"}}), "A_NOT_B;");
  EXPECT_EQ(run({{"b", "1"}}), "B_NOT_A;");
  EXPECT_EQ(run({}), "");
}

TEST(Expand, BlockErrors) {
  EXPECT_EQ(expand_error("A;\n-- strata:endif\n", {}),
            "m.sql:11: `-- strata:endif` without `-- strata:if`");
  EXPECT_EQ(expand_error("A;\n-- strata:else\n", {}),
            "m.sql:11: `-- strata:else` without `-- strata:if`");
  EXPECT_EQ(expand_error("-- strata:if x.a\n-- strata:if x.b\nA;\n-- strata:endif\n", {}),
            "m.sql:10: `-- strata:if` without `-- strata:endif`");
  EXPECT_EQ(expand_error("-- strata:if x.a\n-- strata:else\n-- strata:else\n-- strata:endif\n", {}),
            "m.sql:12: second `-- strata:else` for the `-- strata:if` at line 10");
  EXPECT_EQ(expand_error("\n-- strata:if env\n-- strata:endif\n", {}),
            "m.sql:11: malformed condition `env` in `-- strata:if`");
  EXPECT_EQ(expand_error("-- strata:if !x.a == b\n-- strata:endif\n", {}),
            "m.sql:10: malformed condition `!x.a == b` in `-- strata:if`");
  EXPECT_EQ(expand_error("-- strata:if x.a = b\n-- strata:endif\n", {}),
            "m.sql:10: malformed condition `x.a = b` in `-- strata:if`");
}

TEST(Expand, OtherStrataCommentsLeftAlone) {
  auto r = expand_section(section("-- strata:renamed-from old\nA;\n"), {}, "m.sql");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "-- strata:renamed-from old\nA;\n");
}

// ---------------------------------------------------------------- loader

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "strata_script_test_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string write(const std::string& rel, std::string_view text) const {
    std::string p = path_ + "/" + rel;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::string path_;
};

std::string migration_text(const std::string& id, const std::string& parent = "") {
  return "-- revision: " + id + "\n" + (parent.empty() ? "" : "-- revises: " + parent + "\n") +
         "\n-- migrate:up\nCREATE TABLE t_" + id + " (a INT);\n-- migrate:down\nDROP TABLE t_" +
         id + ";\n";
}

TEST(Loader, ReadsSqlFilesInNameOrder) {
  TempDir dir;
  dir.write("0002_b.sql", migration_text("bbbb", "aaaa"));
  dir.write("0001_a.sql", migration_text("aaaa"));
  dir.write("0003_c.sql", migration_text("cccc", "bbbb"));
  dir.write("README.md", "not a migration");
  dir.write("notes.sql.bak", "-- nope");
  dir.write(".hidden.sql", "garbage");
  fs::create_directory(dir.path() + "/sub");
  dir.write("sub/0000_nested.sql", "garbage");
  fs::create_directory(dir.path() + "/dir.sql");
  fs::create_symlink(dir.path() + "/0001_a.sql", dir.path() + "/0004_link.sql");
  LoadResult r = load_migrations({dir.path()});
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  ASSERT_EQ(r.migrations.size(), 4u);
  EXPECT_EQ(r.migrations[0].id, "aaaa");
  EXPECT_EQ(r.migrations[0].path, dir.path() + "/0001_a.sql");
  EXPECT_EQ(r.migrations[1].id, "bbbb");
  EXPECT_EQ(r.migrations[1].revises, std::vector<std::string>{"aaaa"});
  EXPECT_EQ(r.migrations[2].id, "cccc");
  EXPECT_EQ(r.migrations[2].up.body, "CREATE TABLE t_cccc (a INT);\n");
  // Duplicates are the graph's business.
  EXPECT_EQ(r.migrations[3].id, "aaaa");
  EXPECT_EQ(r.migrations[3].path, dir.path() + "/0004_link.sql");
}

TEST(Loader, CollectsEveryError) {
  TempDir dir;
  dir.write("1_good.sql", migration_text("good"));
  dir.write("2_bad.sql", "-- revision: bad\n-- revizes: good\n-- migrate:up\n");
  dir.write("3_good.sql", migration_text("good2", "good"));
  dir.write("4_bad.sql", "-- revision: bad2\n");
  LoadResult r = load_migrations({dir.path() + "/", dir.path() + "/missing"});
  ASSERT_EQ(r.migrations.size(), 2u);
  EXPECT_EQ(r.migrations[0].id, "good");
  EXPECT_EQ(r.migrations[1].id, "good2");
  EXPECT_EQ(r.migrations[0].path, dir.path() + "/1_good.sql");
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(where(r.errors[0]), dir.path() + "/missing: migrations folder not found");
  EXPECT_EQ(where(r.errors[1]), dir.path() +
                                    "/2_bad.sql:2: unknown header key `revizes` (did you mean "
                                    "`revises`?)");
  EXPECT_EQ(where(r.errors[2]), dir.path() + "/4_bad.sql: no `-- migrate:up` section");
}

TEST(Loader, SeveralFoldersMergeByName) {
  TempDir a, b;
  a.write("0001_x.sql", migration_text("x1"));
  a.write("0003_x.sql", migration_text("x3"));
  b.write("0002_y.sql", migration_text("y2"));
  b.write("0001_x.sql", migration_text("y1"));
  LoadResult r = load_migrations({a.path(), b.path()});
  ASSERT_TRUE(r.errors.empty());
  std::vector<std::string> ids;
  for (const auto& m : r.migrations) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"x1", "y1", "y2", "x3"}));
}

TEST(Loader, ByteOrderOfShortAndLongNames) {
  TempDir dir;
  for (std::string name :
       {"b", "ab", "a_b", "a", "abcdefgh_2", "abcdefgh_10", "\xc3\xa9t\xc3\xa9"}) {
    dir.write(name + ".sql", migration_text("r"));
  }
  LoadResult r = load_migrations({dir.path()});
  ASSERT_TRUE(r.errors.empty());
  std::vector<std::string> names;
  for (const auto& m : r.migrations) names.push_back(fs::path(m.path).filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"a.sql", "a_b.sql", "ab.sql", "abcdefgh_10.sql",
                                             "abcdefgh_2.sql", "b.sql", "\xc3\xa9t\xc3\xa9.sql"}));
}

TEST(Loader, NotAFolder) {
  TempDir dir;
  std::string file = dir.write("plain.sql", migration_text("p"));
  LoadResult r = load_migrations({file});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(where(r.errors[0]), file + ": migrations folder is not a folder");
}

TEST(Loader, ManyFilesInParallelKeepOrderAndBigFiles) {
  TempDir dir;
  std::set<std::string> expected;
  for (int i = 0; i < 600; ++i) {
    std::string id = fmt::format("r{:04d}", i);
    expected.insert(id);
    std::string text = migration_text(id);
    if (i == 300) text += std::string(200000, '-') + "\n";  // larger than the read buffer
    dir.write(fmt::format("{:04d}_m.sql", i), text);
  }
  dir.write("0100_bad.sql", "nothing here");
  LoadResult r = load_migrations({dir.path()});
  ASSERT_EQ(r.migrations.size(), 600u);
  for (int i = 0; i < 600; ++i) EXPECT_EQ(r.migrations[i].id, fmt::format("r{:04d}", i));
  EXPECT_EQ(r.migrations[300].down.body.size(), 20u + 200001u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, dir.path() + "/0100_bad.sql");
}

TEST(Loader, HeadersOnlyInParallel) {
  TempDir dir;
  for (int i = 0; i < 300; ++i) {
    dir.write(fmt::format("{:04d}_m.sql", i), migration_text(fmt::format("r{:04d}", i)));
  }
  dir.write("0100_bad.sql", "-- revision: bad\n-- migrate:upp\n");
  LoadResult r = load_migrations({dir.path()}, ParseDepth::kHeaders);
  ASSERT_EQ(r.migrations.size(), 300u);
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(r.migrations[i].id, fmt::format("r{:04d}", i));
    EXPECT_TRUE(r.migrations[i].up.present);
    EXPECT_EQ(r.migrations[i].up.body, "");
  }
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(where(r.errors[0]),
            dir.path() +
                "/0100_bad.sql:2: unknown marker `-- migrate:upp` (did you mean "
                "`-- migrate:up`?)");
}

TEST(Loader, SingleFile) {
  TempDir dir;
  std::string p = dir.write("one.sql", migration_text("one"));
  auto r = load_migration_file(p);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, "one");
  auto missing = load_migration_file(dir.path() + "/nope.sql");
  ASSERT_FALSE(missing);
  EXPECT_EQ(where(missing.error()),
            dir.path() + "/nope.sql: cannot open: No such file or directory");
}

// ---------------------------------------------------------------- writer

TEST(Writer, RevisionIds) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = new_revision_id();
    ASSERT_EQ(id.size(), 12u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_TRUE(is_valid_revision_id(id));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

NewMigration example_new() {
  NewMigration n;
  n.id = "3f2a9c1b7d4e";
  n.revises = {"1a2b3c4d5e6f"};
  n.message = "add users table";
  n.created = "2026-11-22T10:00:00Z";
  n.up_sql =
      "CREATE TABLE users (\n    id    INTEGER PRIMARY KEY,\n    email TEXT NOT NULL UNIQUE\n);\n"
      "CREATE INDEX ix_users_email ON users (email);";
  n.down_sql = "DROP INDEX ix_users_email;\nDROP TABLE users;\n\n";
  return n;
}

TEST(Writer, RendersDesignLayout) { EXPECT_EQ(render_migration(example_new()), kExample); }

TEST(Writer, RootIrreversibleAndOptionalKeys) {
  NewMigration n;
  n.id = "abc";
  n.message = "line one\nline two";
  n.depends_on = {"d1", "d2"};
  n.branch_labels = {"core"};
  n.up_sql = "SELECT 1;";
  n.irreversible = true;
  EXPECT_EQ(render_migration(n),
            "-- revision: abc\n-- message: line one line two\n-- depends-on: d1, d2\n"
            "-- branch-labels: core\n\n-- migrate:up\nSELECT 1;\n");
  NewMigration empty;
  empty.id = "e";
  EXPECT_EQ(render_migration(empty), "-- revision: e\n\n-- migrate:up\n\n-- migrate:down\n");
}

TEST(Writer, RoundTrip) {
  NewMigration n = example_new();
  n.revises = {"p1", "p2"};
  n.depends_on = {"dep"};
  n.branch_labels = {"l1", "l2"};
  Migration m = parse_ok(render_migration(n));
  EXPECT_EQ(m.id, n.id);
  EXPECT_EQ(m.revises, n.revises);
  EXPECT_EQ(m.depends_on, n.depends_on);
  EXPECT_EQ(m.branch_labels, n.branch_labels);
  EXPECT_EQ(m.message, n.message);
  EXPECT_EQ(m.created, n.created);
  EXPECT_EQ(normalize_sql_text(m.up.body), normalize_sql_text(n.up_sql));
  EXPECT_EQ(normalize_sql_text(m.down.body), normalize_sql_text(n.down_sql));
  EXPECT_TRUE(m.reversible());
  n.irreversible = true;
  EXPECT_FALSE(parse_ok(render_migration(n)).reversible());
  NewMigration root;
  root.id = "root";
  Migration r = parse_ok(render_migration(root));
  EXPECT_TRUE(r.revises.empty());
  EXPECT_TRUE(r.down.present);
}

TEST(Writer, FileNames) {
  NewMigration n;
  n.id = "3f2a9c1b7d4e";
  n.message = "Add users table!";
  std::time_t t = 1700000000;  // 2023-11-14T22:13:20Z
  auto name = [&](std::string_view tmpl) {
    auto r = render_file_name(tmpl, n, t);
    return r ? *r : "error: " + r.error().message;
  };
  EXPECT_EQ(name("{rev}_{slug}"), "3f2a9c1b7d4e_add_users_table.sql");
  EXPECT_EQ(name("{year}{month}{day}{hour}{minute}{second}_{rev}"),
            "20231114221320_3f2a9c1b7d4e.sql");
  EXPECT_EQ(name("{epoch}-{slug}"), "1700000000-add_users_table.sql");
  n.message = "";
  EXPECT_EQ(name("{rev}_{slug}"), "3f2a9c1b7d4e.sql");
  EXPECT_EQ(name("{slug}_{rev}"), "3f2a9c1b7d4e.sql");
  EXPECT_EQ(name("{rev}_{slug}_{epoch}"), "3f2a9c1b7d4e_1700000000.sql");
  n.message = std::string(60, 'x');
  EXPECT_EQ(name("{slug}"), std::string(40, 'x') + ".sql");
  std::time_t jan = 1704085506;  // 2024-01-01T05:05:06Z
  auto padded = render_file_name("{month}{day}{hour}{minute}{second}", n, jan);
  ASSERT_TRUE(padded);
  EXPECT_EQ(*padded, "0101050506.sql");
}

TEST(Writer, FileNameErrors) {
  NewMigration n;
  n.id = "abc";
  auto err = [&](std::string_view tmpl) {
    auto r = render_file_name(tmpl, n, 0);
    return r ? "ok: " + *r : r.error().message;
  };
  EXPECT_EQ(err("{rev}_{slg}"),
            "unknown placeholder `{slg}` in file_template `{rev}_{slg}` (did you mean `{slug}`?)");
  EXPECT_EQ(err("{rev}_{zzz}"), "unknown placeholder `{zzz}` in file_template `{rev}_{zzz}`");
  EXPECT_EQ(err("{rev"), "unclosed `{` in file_template `{rev`");
  EXPECT_EQ(err("sub/{rev}"), "file_template `sub/{rev}` must not contain `/`, `\\` or `..`");
  EXPECT_EQ(err("{rev}..x"), "file_template `{rev}..x` must not contain `/`, `\\` or `..`");
  EXPECT_EQ(err("{slug}"), "file_template `{slug}` gives an empty file name");
  EXPECT_EQ(err(".{rev}"), "file_template `.{rev}` gives a hidden file name `.abc.sql`");
  n.id = "a/b";
  EXPECT_EQ(err("{rev}"),
            "file name `a/b.sql` from file_template `{rev}` must not contain `/`, `\\` or `..`");
}

}  // namespace
}  // namespace strata::detail
