// End to end, the schema side on MariaDB (STRATA_TEST_MYSQL_URL; skipped when
// unset): `revision --autogenerate` (the exact file, DELIMITER lines around a
// trigger, a procedure named but never written), `upgrade head` then `check`,
// `check` on a changed schema/ (text and --json), `drift` after a manual ALTER
// (its SQL run back makes the database clean again), `diff`, `test`, and the
// scratch databases (dropped after each command, stale ones swept, a user
// without CREATE told which privilege is missing). Each test runs the real
// binary on a fresh project and a fresh database and checks the database
// directly through libmariadb.
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>

#include "cli/cli_harness.hpp"

namespace strata::clitest {
namespace {

using Lines = std::vector<std::string>;
using Rows = std::vector<std::vector<std::string>>;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Lines kinds(const Json& j) {
  Lines out;
  for (const auto& c : j["changes"].items) out.push_back(c["kind"].str);
  return out;
}

// The `-- created:` header line holds the time of the run.
std::string mask_created(const std::string& text) {
  static const std::regex created("-- created: [0-9T:-]+Z\n");
  return std::regex_replace(text, created, "-- created: TIME\n");
}

const char* const kAuthors =
    "CREATE TABLE authors (\n"
    "    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
    "    name varchar(100) NOT NULL\n"
    ");\n";

// The books table; `extra` goes between author_id and title.
std::string books(const std::string& extra = "") {
  return "CREATE TABLE books (\n"
         "    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
         "    author_id int NOT NULL,\n" +
         extra +
         "    title varchar(200) NOT NULL,\n"
         "    CONSTRAINT fk_books_author FOREIGN KEY (author_id) REFERENCES authors (id)\n"
         ");\n";
}

const char* const kTrigger =
    "DELIMITER //\n"
    "CREATE TRIGGER trg_books_title BEFORE INSERT ON books FOR EACH ROW\n"
    "BEGIN\n"
    "  IF NEW.title = '' THEN SET NEW.title = 'untitled; -- x'; END IF;\n"
    "END//\n"
    "DELIMITER ;\n";

class MysqlSchemaCli : public testing::Test {
 protected:
  void SetUp() override {
    if (!db.available()) GTEST_SKIP() << "STRATA_TEST_MYSQL_URL is not set";
    p.write_config(db.url());
    Rows r = db.query("SELECT @@character_set_database, @@collation_database");
    ASSERT_EQ(r.size(), 1u);
    // What CREATE TABLE in a generated file ends with: the scratch database
    // has the charset and collation of the project's database.
    table_options = " ENGINE=InnoDB DEFAULT CHARSET=" + r[0][0] + " COLLATE=" + r[0][1];
    scratch_before = scratch_databases();
  }

  void TearDown() override {
    if (!db.available()) return;
    // Every command has ended: a scratch database left by one of them (its
    // process is gone) was not dropped.
    for (const auto& name : scratch_databases()) {
      if (scratch_before.count(name) != 0) continue;
      if (process_alive(name)) continue;
      ADD_FAILURE() << "scratch database " << name << " was left behind";
    }
  }

  std::set<std::string> scratch_databases() {
    std::set<std::string> out;
    for (const auto& r : db.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE "
                                  "SCHEMA_NAME LIKE 'strata\\_scratch\\_%'"))
      out.insert(r[0]);
    return out;
  }

  // strata_scratch_<time>_<pid>_<random>: whether <pid> still runs (another
  // test's strata, now).
  static bool process_alive(const std::string& name) {
    size_t first = name.find('_', std::string("strata_scratch_").size());
    if (first == std::string::npos) return false;
    long pid = std::strtol(name.c_str() + first + 1, nullptr, 10);
    if (pid <= 1) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
  }

  RunResult autogen(const std::string& message, const std::string& rev) {
    return p.run({"revision", "--autogenerate", "-m", message, "--rev-id", rev});
  }

  // schema/ and a first revision built from it, applied.
  void init(const std::string& schema) {
    p.write("schema/schema.sql", schema);
    RunResult g = autogen("init", "aaaa00000001");
    ASSERT_EQ(g.code, 0) << g.err;
    RunResult u = p.run({"upgrade", "head"});
    ASSERT_EQ(u.code, 0) << u.err;
  }

  // The tables of kAuthors and books() as the renderer writes them,
  // without the books table's final ";\n".
  std::string authors_and_books_ddl() const {
    return "CREATE TABLE `authors` (\n"
           "    `id` int(11) NOT NULL AUTO_INCREMENT,\n"
           "    `name` varchar(100) NOT NULL,\n"
           "    PRIMARY KEY (`id`)\n"
           ")" +
           table_options +
           ";\n"
           "CREATE TABLE `books` (\n"
           "    `id` int(11) NOT NULL AUTO_INCREMENT,\n"
           "    `author_id` int(11) NOT NULL,\n"
           "    `title` varchar(200) NOT NULL,\n"
           "    PRIMARY KEY (`id`),\n"
           "    KEY `fk_books_author` (`author_id`),\n"
           "    CONSTRAINT `fk_books_author` FOREIGN KEY (`author_id`) REFERENCES `authors` "
           "(`id`)\n"
           ")" +
           table_options;
  }

  MysqlDb db;
  Project p;
  std::string table_options;
  std::set<std::string> scratch_before;
};

TEST_F(MysqlSchemaCli, AutogenerateWritesTheFileWithDelimiterLinesThenCheckIsClean) {
  p.write("schema/schema.sql", std::string(kAuthors) + books() + kTrigger);
  const Lines changes{
      "  + create table authors (2 columns)",
      "  + create table books (3 columns)",
      "  + create index fk_books_author on books",
      "  + add foreign key fk_books_author on books (author_id) -> authors (id) on update "
      "restrict on delete restrict",
      "  + create trigger trg_books_title on books",
  };
  RunResult c0 = p.run({"check"});
  EXPECT_EQ(c0.code, 3) << c0.out << c0.err;
  Lines expected{"schema/ differs from what the migrations build (5 changes):"};
  expected.insert(expected.end(), changes.begin(), changes.end());
  expected.push_back("write them as a migration: strata revision --autogenerate -m MSG");
  EXPECT_EQ(c0.out_lines(), expected);

  RunResult g = autogen("authors and books", "aaaa00000001");
  ASSERT_EQ(g.code, 0) << g.err;
  const std::string file = "migrations/aaaa00000001_authors_and_books.sql";
  EXPECT_EQ(g.out, p.path(file) + "\n");
  Lines err{"generated revision for \"authors and books\" (5 changes):"};
  err.insert(err.end(), changes.begin(), changes.end());
  EXPECT_EQ(g.err_lines(), err);
  EXPECT_EQ(mask_created(p.read(file)),
            "-- revision: aaaa00000001\n"
            "-- message: authors and books\n"
            "-- created: TIME\n"
            "\n"
            "-- migrate:up\n" +
                authors_and_books_ddl() +
                ";\n"
                "DELIMITER $$\n"
                "CREATE TRIGGER `trg_books_title` BEFORE INSERT ON `books` FOR EACH ROW BEGIN\n"
                "  IF NEW.title = '' THEN SET NEW.title = 'untitled; -- x'; END IF;\n"
                "END$$\n"
                "DELIMITER ;\n"
                "\n"
                "-- migrate:down\n"
                "DROP TRIGGER `trg_books_title`;\n"
                "DROP TABLE `books`;\n"
                "DROP TABLE `authors`;\n");

  RunResult c1 = p.run({"check"});
  EXPECT_EQ(c1.code, 0) << c1.out << c1.err;
  EXPECT_EQ(c1.out, "check: ok, the migrations build schema/\n");

  RunResult u = p.run({"upgrade", "head"});
  ASSERT_EQ(u.code, 0) << u.err;
  EXPECT_EQ(mask_ms(u.out), "applied 1 revision in N ms; the database is now at aaaa00000001\n");
  EXPECT_EQ(mask_ms(u.err), "[1/1] upgrade   aaaa00000001  N ms\n");
  // The trigger runs in the live database, its body whole.
  db.exec("INSERT INTO authors (name) VALUES ('Le Guin')");
  db.exec("INSERT INTO books (author_id, title) VALUES (1, ''), (1, 'Lathe')");
  EXPECT_EQ(db.query("SELECT title FROM books ORDER BY id"), (Rows{{"untitled; -- x"}, {"Lathe"}}));
  EXPECT_EQ(p.run({"check"}).code, 0);
  RunResult d = p.run({"drift"});
  EXPECT_EQ(d.code, 0) << d.out << d.err;
  EXPECT_EQ(d.out, "drift: none, the database is what its migrations build\n");

  RunResult again = autogen("nothing", "bbbb00000002");
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out, "");
  EXPECT_TRUE(contains(again.err, "no changes")) << again.err;
  EXPECT_EQ(list_dir(p.path("migrations")), (Lines{"aaaa00000001_authors_and_books.sql"}));

  RunResult t = p.run({"test"});
  EXPECT_EQ(t.code, 0) << t.out << t.err;
  EXPECT_EQ(t.out, "test: ok, 1 revision up, down and up again\n");
}

// A column placed in the middle with its index; a procedure is named, never
// written or dropped.
TEST_F(MysqlSchemaCli, ACheckOnAChangedSchemaListsTheChangesAndTheSql) {
  init(std::string(kAuthors) + books());
  p.write("schema/schema.sql",
          std::string(kAuthors) + books("    isbn varchar(20),\n") +
              "CREATE INDEX ix_books_isbn ON books (isbn);\n"
              "DELIMITER $$\n"
              "CREATE PROCEDURE count_books() BEGIN SELECT COUNT(*) FROM books; END$$\n"
              "DELIMITER ;\n");
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 3) << c.err;
  EXPECT_EQ(
      c.out_lines(),
      (Lines{"schema/ differs from what the migrations build (3 changes):",
             "  + add column books.isbn (varchar(20))", "  + create index ix_books_isbn on books",
             "  ? procedure count_books exists only in the target",
             "write them as a migration: strata revision --autogenerate -m MSG"}));

  RunResult j = p.run({"--json", "check"});
  EXPECT_EQ(j.code, 3) << j.err;
  auto parsed = parse_json(j.out);
  ASSERT_TRUE(parsed.has_value()) << j.out;
  EXPECT_FALSE((*parsed)["ok"].b);
  EXPECT_EQ((*parsed)["heads"].strings(), (Lines{"aaaa00000001"}));
  EXPECT_EQ(kinds(*parsed), (Lines{"add_column", "create_index", "unsupported"}));
  EXPECT_EQ((*parsed)["changes"][2]["description"].str,
            "procedure count_books exists only in the target");
  EXPECT_EQ((*parsed)["sql"].str,
            "ALTER TABLE `books` ADD COLUMN `isbn` varchar(20) AFTER `author_id`, "
            "ALGORITHM=INSTANT;\n"
            "ALTER TABLE `books` ADD INDEX `ix_books_isbn` (`isbn`), ALGORITHM=INPLACE, "
            "LOCK=NONE;\n"
            "-- procedure count_books exists only in the target\n");
  EXPECT_EQ((*parsed)["down_sql"].str,
            "-- procedure count_books exists only in the target\n"
            "ALTER TABLE `books` DROP INDEX `ix_books_isbn`, ALGORITHM=INPLACE, LOCK=NONE;\n"
            "ALTER TABLE `books` DROP COLUMN `isbn`, ALGORITHM=INSTANT;\n");

  RunResult g = autogen("isbn", "bbbb00000002");
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_TRUE(contains(g.err, "warning: 1 difference strata cannot write (marked ?)")) << g.err;
  db.exec("INSERT INTO authors (name) VALUES ('a')");
  db.exec("INSERT INTO books (author_id, title) VALUES (1, 'x'), (1, 'y')");
  ASSERT_EQ(p.run({"upgrade", "head"}).code, 0);
  EXPECT_EQ(db.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                     "DATABASE() AND TABLE_NAME = 'books' ORDER BY ORDINAL_POSITION"),
            (Rows{{"id"}, {"author_id"}, {"isbn"}, {"title"}}));
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM books"), (Rows{{"2"}}));
  // Only the procedure is left: strata cannot write it.
  RunResult after = p.run({"check"});
  EXPECT_EQ(after.code, 3);
  EXPECT_EQ(after.out_lines(),
            (Lines{"schema/ differs from what the migrations build (1 change):",
                   "  ? procedure count_books exists only in the target",
                   "write them as a migration: strata revision --autogenerate -m MSG"}));
}

TEST_F(MysqlSchemaCli, DriftAfterAManualAlterPrintsTheSqlThatUndoesIt) {
  init(std::string(kAuthors) + books());
  db.exec("ALTER TABLE books ADD COLUMN hotfix int AFTER author_id");
  db.exec("CREATE INDEX ix_hot ON books (hotfix)");
  const std::string undo =
      "ALTER TABLE `books` DROP INDEX `ix_hot`, ALGORITHM=INPLACE, LOCK=NONE;\n"
      "ALTER TABLE `books` DROP COLUMN `hotfix`, ALGORITHM=INSTANT;\n";
  RunResult d = p.run({"drift"});
  EXPECT_EQ(d.code, 3) << d.out << d.err;
  EXPECT_EQ(d.out,
            "the database has drifted from its migrations (2 changes):\n"
            "  - drop index ix_hot on books\n"
            "  ! drop column books.hotfix\n"
            "\n"
            "-- SQL that makes the database what its migrations build:\n" +
                undo);

  RunResult j = p.run({"--json", "drift"});
  EXPECT_EQ(j.code, 3);
  auto parsed = parse_json(j.out);
  ASSERT_TRUE(parsed.has_value()) << j.out;
  EXPECT_FALSE((*parsed)["ok"].b);
  EXPECT_EQ(kinds(*parsed), (Lines{"drop_index", "drop_column"}));
  EXPECT_FALSE((*parsed)["changes"][0]["destructive"].b);
  EXPECT_TRUE((*parsed)["changes"][1]["destructive"].b);
  EXPECT_EQ((*parsed)["sql"].str, undo);
  EXPECT_EQ((*parsed)["down_sql"].str,
            "-- the data of books.hotfix is not restored\n"
            "ALTER TABLE `books` ADD COLUMN `hotfix` int(11) AFTER `author_id`, "
            "ALGORITHM=INSTANT;\n"
            "ALTER TABLE `books` ADD INDEX `ix_hot` (`hotfix`), ALGORITHM=INPLACE, LOCK=NONE;\n");

  // The printed SQL, run as it is, reconciles.
  db.exec(undo);
  RunResult clean = p.run({"drift"});
  EXPECT_EQ(clean.code, 0) << clean.out << clean.err;
  EXPECT_EQ(clean.out, "drift: none, the database is what its migrations build\n");
}

TEST_F(MysqlSchemaCli, DiffBetweenAnyTwoStates) {
  p.write("schema/schema.sql", std::string(kAuthors) + books());
  ASSERT_EQ(autogen("init", "aaaa00000001").code, 0);
  RunResult same = p.run({"diff"});  // migrations -> schema
  EXPECT_EQ(same.code, 0) << same.err;
  EXPECT_EQ(same.out, "");
  EXPECT_TRUE(contains(same.err, "no differences")) << same.err;

  // The live database is empty: from it to the migrations is everything.
  RunResult all = p.run({"diff", "--from", db.url(), "--to", "migrations"});
  EXPECT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(all.out, authors_and_books_ddl() + ";\n");
  EXPECT_EQ(all.err_lines(),
            (Lines{"-- create table authors (2 columns)", "-- create table books (3 columns)",
                   "-- create index fk_books_author on books",
                   "-- add foreign key fk_books_author on books (author_id) -> authors (id) on "
                   "update restrict on delete restrict"}));
  EXPECT_EQ(all.out.find(db.password()), std::string::npos);
  EXPECT_EQ(all.err.find(db.password()), std::string::npos);

  // Back the other way, from the migrations to a changed schema/.
  p.write("schema/schema.sql",
          std::string(kAuthors) + books("    pages smallint unsigned NOT NULL DEFAULT 0,\n"));
  RunResult one = p.run({"diff", "--from", "migrations", "--to", "schema"});
  EXPECT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out,
            "ALTER TABLE `books` ADD COLUMN `pages` smallint(5) unsigned NOT NULL DEFAULT 0 AFTER "
            "`author_id`, ALGORITHM=INSTANT;\n");
}

TEST_F(MysqlSchemaCli, ARenameHintKeepsTheRowsAndThePosition) {
  init(std::string(kAuthors) + books());
  db.exec("INSERT INTO authors (name) VALUES ('Le Guin'), ('Jemisin')");
  p.write("schema/schema.sql",
          "CREATE TABLE authors (\n"
          "    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
          "    full_name varchar(100) NOT NULL, -- strata:renamed-from name\n"
          "    born smallint\n"
          ");\n" +
              books());
  RunResult g = autogen("rename name", "bbbb00000002");
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_FALSE(contains(g.err, "warning:")) << g.err;
  EXPECT_EQ(mask_created(p.read("migrations/bbbb00000002_rename_name.sql")),
            "-- revision: bbbb00000002\n"
            "-- revises: aaaa00000001\n"
            "-- message: rename name\n"
            "-- created: TIME\n"
            "\n"
            "-- migrate:up\n"
            "ALTER TABLE `authors` RENAME COLUMN `name` TO `full_name`, ALGORITHM=INSTANT;\n"
            "ALTER TABLE `authors` ADD COLUMN `born` smallint(6), ALGORITHM=INSTANT;\n"
            "\n"
            "-- migrate:down\n"
            "ALTER TABLE `authors` DROP COLUMN `born`, ALGORITHM=INSTANT;\n"
            "ALTER TABLE `authors` RENAME COLUMN `full_name` TO `name`, ALGORITHM=INSTANT;\n");
  ASSERT_EQ(p.run({"upgrade", "head"}).code, 0);
  EXPECT_EQ(db.query("SELECT full_name FROM authors ORDER BY id"),
            (Rows{{"Le Guin"}, {"Jemisin"}}));
  EXPECT_EQ(p.run({"check"}).code, 0);
  ASSERT_EQ(p.run({"downgrade", "-1"}).code, 0);
  EXPECT_EQ(db.query("SELECT name FROM authors ORDER BY id"), (Rows{{"Le Guin"}, {"Jemisin"}}));
}

// The schema/ folder may be what mysqldump prints (conditional comments,
// SET statements, DELIMITER around the trigger, strata's own tables).
TEST_F(MysqlSchemaCli, ADumpOfTheDatabaseLoadsAsSchemaFiles) {
  init(std::string(kAuthors) +
       books("    kind enum('novel','essay') NOT NULL DEFAULT 'novel',\n"
             "    changed datetime DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
             "    FULLTEXT KEY ft_title (title),\n") +
       "CREATE VIEW v_books AS SELECT b.id, a.name FROM books b JOIN authors a ON a.id = "
       "b.author_id;\n" +
       kTrigger);
  std::smatch m;
  const std::string url = db.url();
  ASSERT_TRUE(
      std::regex_match(url, m, std::regex("mysql://([^:]+):([^@]+)@([^:/]+):([0-9]+)/(.+)")))
      << url;
  RunResult d = run_program({"mysqldump", "--no-data", "--triggers", "-h", m[3].str(), "-P",
                             m[4].str(), "-u", m[1].str(), "-p" + m[2].str(), m[5].str()});
  ASSERT_EQ(d.code, 0) << d.err;
  ASSERT_TRUE(contains(d.out, "DELIMITER ;;")) << d.out;
  std::filesystem::remove_all(p.path("schema"));
  p.write("schema/structure.sql", d.out);
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 0) << c.out << c.err;
  EXPECT_EQ(c.out, "check: ok, the migrations build schema/\n");
}

TEST_F(MysqlSchemaCli, TestNamesTheRevisionWhoseDownDoesNotRestore) {
  p.migration("001_a", "aaaa1111", "", "CREATE TABLE a (id int PRIMARY KEY, v int);",
              "DROP TABLE a;");
  p.migration("002_b", "bbbb2222", "aaaa1111", "CREATE INDEX ix_a_v ON a (v);",
              "SELECT 1;");  // forgets the index
  RunResult t = p.run({"test"});
  EXPECT_EQ(t.code, 3) << t.out << t.err;
  Lines lines = t.out_lines();
  ASSERT_GE(lines.size(), 2u) << t.out;
  EXPECT_EQ(lines[0],
            "test failed at revision bbbb2222 (down restores): the down section does not "
            "restore the schema before the up section");
  EXPECT_TRUE(contains(t.out, "ix_a_v")) << t.out;

  // Fixed, the whole chain passes; the project's database was never touched.
  p.migration("002_b", "bbbb2222", "aaaa1111", "CREATE INDEX ix_a_v ON a (v);",
              "DROP INDEX ix_a_v ON a;");
  RunResult ok = p.run({"test"});
  EXPECT_EQ(ok.code, 0) << ok.out << ok.err;
  EXPECT_EQ(ok.out, "test: ok, 2 revisions up, down and up again\n");
  EXPECT_FALSE(db.table_exists("a"));
}

TEST_F(MysqlSchemaCli, AStaleScratchDatabaseIsSweptAndNoneIsLeft) {
  db.exec("CREATE DATABASE strata_scratch_1000_1_abcdef");  // a crash long ago
  p.write("schema/schema.sql", kAuthors);
  RunResult c = p.run({"check"});
  EXPECT_EQ(c.code, 3) << c.out << c.err;
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                     "'strata_scratch_1000_1_abcdef'"),
            (Rows{{"0"}}));
}

TEST_F(MysqlSchemaCli, AUserWithoutCreateIsToldWhichPrivilegeIsMissing) {
  db.exec("DROP USER IF EXISTS 'strata_nocreate'@'%'");
  db.exec("CREATE USER 'strata_nocreate'@'%' IDENTIFIED BY 'nocreate-pw'");
  db.exec("GRANT ALL ON `" + db.name() + "`.* TO 'strata_nocreate'@'%'");
  std::string url = db.url();
  // mysql://USER:PASS@host:port/db -> the new user's credentials.
  p.write_config("mysql://strata_nocreate:nocreate-pw" + url.substr(url.find('@')));
  p.write("schema/schema.sql", kAuthors);
  RunResult c = p.run({"check"});
  db.exec("DROP USER 'strata_nocreate'@'%'");
  EXPECT_EQ(c.code, 1) << c.out;
  EXPECT_EQ(c.out, "");
  const std::string redacted = "mysql://strata_nocreate:***" + url.substr(url.find('@'));
  EXPECT_EQ(c.err_lines(),
            (Lines{"error: cannot create a scratch database on " + redacted +
                       ": the user \"strata_nocreate\" lacks the CREATE privilege [1044]",
                   "hint: grant it for scratch databases (GRANT ALL ON `strata\\_scratch\\_%`.* "
                   "TO 'strata_nocreate'@'%') or set dev_url in strata.toml to a server where the "
                   "user may create databases"}));
  EXPECT_FALSE(contains(c.err, "nocreate-pw")) << c.err;
}

}  // namespace
}  // namespace strata::clitest
