// The catalogue of `strata lint` rules: what each flags, why (the lock it
// takes, whether it rewrites or scans the table) and the safe recipe. The
// README's "Safe migrations" chapter is this text.
#include <algorithm>

#include "lint/lint_types.hpp"

namespace strata::detail::lint {

namespace {

std::vector<RuleInfo> make_catalogue() {
  return {
      // ---- statements that fail at run time
      {"concurrently-in-transaction", Severity::kError, "postgresql",
       "CREATE INDEX, DROP INDEX, REINDEX or DETACH PARTITION with CONCURRENTLY in a section "
       "that runs in a transaction.",
       "PostgreSQL refuses CONCURRENTLY inside a transaction block, so the migration fails.",
       "Move the statement to its own section marked `transaction:false` "
       "(`-- migrate:up transaction:false`)."},
      {"non-transactional-in-transaction", Severity::kError, "postgresql, sqlite",
       "A statement that cannot run in a transaction (VACUUM, CREATE or DROP DATABASE, "
       "CREATE or DROP TABLESPACE, ALTER SYSTEM, database-wide CLUSTER or REINDEX) in a "
       "section that runs in one.",
       "The engine refuses it inside a transaction block (SQLite: \"cannot VACUUM from within a "
       "transaction\"), so the migration fails.",
       "Put it in a section marked `transaction:false`, or run it outside migrations."},
      {"transaction-control-in-transaction", Severity::kError, "postgresql, sqlite, mysql",
       "BEGIN, START TRANSACTION, COMMIT, END or ROLLBACK in a section strata already runs "
       "in a transaction.",
       "strata opens the transaction itself and records the revision in it. A COMMIT in the "
       "SQL ends it early, so a later failure leaves the revision half applied and unrecorded; "
       "a BEGIN is refused (SQLite) or ignored with a warning (PostgreSQL).",
       "Delete the statement. For a section that must manage its own transactions, mark it "
       "`transaction:false`."},
      {"add-column-not-null-without-default", Severity::kError, "postgresql, sqlite, mysql",
       "ADD COLUMN ... NOT NULL without a non-NULL DEFAULT on an existing table.",
       "Existing rows would get NULL in the new column, so the statement fails on any table "
       "that has rows (SQLite: \"Cannot add a NOT NULL column with default value NULL\").",
       "Add the column with a constant DEFAULT (no rewrite on PostgreSQL 11+), or add it "
       "nullable, backfill it in batches (`-- migrate:batch`), then make it NOT NULL "
       "(see set-not-null-scan)."},
      {"enum-add-value-in-transaction", Severity::kError, "postgresql",
       "ALTER TYPE ... ADD VALUE in a section that runs in a transaction.",
       "Before PostgreSQL 12 it cannot run in a transaction block at all, so the migration "
       "fails. From 12 on it runs, but the new value cannot be used until the transaction "
       "commits: a later statement of the same section that uses it fails (reported as info).",
       "Put ADD VALUE in a section marked `transaction:false`, and use the value in a later "
       "section or revision."},
      {"add-column-unsupported", Severity::kError, "sqlite",
       "ADD COLUMN with PRIMARY KEY, UNIQUE, a STORED generated value, or a non-constant "
       "default (CURRENT_TIMESTAMP, an expression).",
       "SQLite's ALTER TABLE ADD COLUMN refuses these (the non-constant default only when "
       "the table has rows), so the migration fails.",
       "Rebuild the table: create the new table, copy the rows, drop the old one and rename "
       "(what `strata revision --autogenerate` writes for SQLite)."},

      // ---- long locks, scans and rewrites (info when the table is known small)
      {"add-index-non-concurrently", Severity::kError, "postgresql",
       "CREATE INDEX without CONCURRENTLY on an existing table.",
       "CREATE INDEX holds a SHARE lock on the table while it scans and sorts every row: "
       "reads go on, but every INSERT, UPDATE and DELETE waits until the build ends.",
       "CREATE INDEX CONCURRENTLY in a `transaction:false` section. It takes SHARE UPDATE "
       "EXCLUSIVE, which lets writes through; if it fails it leaves an INVALID index to drop "
       "before retrying (DROP INDEX CONCURRENTLY IF EXISTS)."},
      {"drop-index-non-concurrently", Severity::kWarning, "postgresql",
       "DROP INDEX without CONCURRENTLY.",
       "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table. The drop itself is "
       "quick, but while it waits for running queries to finish, every new read and write of "
       "the table queues behind it.",
       "DROP INDEX CONCURRENTLY in a `transaction:false` section: it waits for readers "
       "without blocking them."},
      {"reindex-non-concurrently", Severity::kError, "postgresql", "REINDEX without CONCURRENTLY.",
       "REINDEX holds a SHARE lock on the table (writes wait) and an ACCESS EXCLUSIVE lock on "
       "each index it rebuilds (queries that would use it wait) until the rebuild ends.",
       "REINDEX ... CONCURRENTLY (PostgreSQL 12+) in a `transaction:false` section, or "
       "CREATE INDEX CONCURRENTLY a copy, then drop the old index concurrently."},
      {"add-column-volatile-default", Severity::kError, "postgresql",
       "ADD COLUMN whose value is computed per row: a volatile DEFAULT (random(), "
       "gen_random_uuid(), uuid_generate_v4(), clock_timestamp(), nextval(), ...), "
       "serial, an identity or a STORED generated column; before PostgreSQL 11, any "
       "non-NULL DEFAULT.",
       "PostgreSQL rewrites the whole table, and its indexes, under an ACCESS EXCLUSIVE "
       "lock: reads and writes wait until the rewrite ends. A constant or stable default "
       "(now(), CURRENT_TIMESTAMP, a literal) is stored once in the catalog instead, on 11+.",
       "Add the column without a default (or with a constant one), set the volatile DEFAULT "
       "in a second ALTER (it applies to new rows only), and backfill existing rows in "
       "batches (`-- migrate:batch`)."},
      {"alter-column-type-rewrite", Severity::kError, "postgresql",
       "ALTER COLUMN ... TYPE that rewrites the table: any change but the binary-coercible "
       "ones (varchar(n) to a wider varchar, varchar or text; text to unbounded varchar; "
       "numeric(p,s) to numeric(p2>=p,s) or numeric; varbit likewise; more fractional digits "
       "for timestamp/time; cidr to inet), and any USING.",
       "The table and all its indexes are rewritten under an ACCESS EXCLUSIVE lock: reads "
       "and writes wait until it ends. Without a database, the column's current type is "
       "unknown and a change to one of the types above is reported as a warning.",
       "Add a new column of the new type, write to both (trigger or application), backfill "
       "in batches, then switch reads and drop the old column. For a length limit, prefer a "
       "CHECK constraint added NOT VALID and validated."},
      {"set-not-null-scan", Severity::kError, "postgresql",
       "ALTER COLUMN ... SET NOT NULL on an existing table.",
       "PostgreSQL scans the whole table to prove there is no NULL, holding an ACCESS "
       "EXCLUSIVE lock: reads and writes wait for the scan.",
       "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; then VALIDATE CONSTRAINT c (SHARE "
       "UPDATE EXCLUSIVE: reads and writes go on); then SET NOT NULL, which on PostgreSQL 12+ "
       "uses the valid constraint and skips the scan; then DROP CONSTRAINT c. (This rule still "
       "fires on the last step: mark it `-- strata:lint-ignore set-not-null-scan`.)"},
      {"add-foreign-key-without-not-valid", Severity::kError, "postgresql",
       "ADD FOREIGN KEY (or ADD COLUMN ... REFERENCES) on an existing table without NOT "
       "VALID.",
       "Adding the key takes SHARE ROW EXCLUSIVE locks on both tables and checks every "
       "existing row: writes to both tables wait for the whole check.",
       "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID (brief lock; new rows are checked), then "
       "in a later statement VALIDATE CONSTRAINT, which takes SHARE UPDATE EXCLUSIVE on the "
       "table and ROW SHARE on the referenced one, so writes go on."},
      {"add-check-without-not-valid", Severity::kError, "postgresql",
       "ADD CHECK (or ADD COLUMN ... CHECK) on an existing table without NOT VALID.",
       "The check is evaluated on every existing row under an ACCESS EXCLUSIVE lock: reads "
       "and writes wait for the scan.",
       "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later "
       "statement (SHARE UPDATE EXCLUSIVE: reads and writes go on)."},
      {"add-unique-builds-index", Severity::kError, "postgresql",
       "ADD UNIQUE, PRIMARY KEY or EXCLUDE on an existing table that builds its own index.",
       "The index is built under the ALTER TABLE's ACCESS EXCLUSIVE lock: reads and writes "
       "wait for the whole build. A PRIMARY KEY also sets NOT NULL on its columns, with a "
       "scan.",
       "CREATE UNIQUE INDEX CONCURRENTLY in a `transaction:false` section, then ADD CONSTRAINT "
       "... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX, once the columns are NOT NULL: "
       "see set-not-null-scan). EXCLUDE has no such path: schedule it for a quiet time."},
      {"vacuum-full", Severity::kError, "postgresql", "VACUUM FULL.",
       "VACUUM FULL rewrites the table (every table, without a name) into a new file under "
       "an ACCESS EXCLUSIVE lock: reads and writes wait until it ends.",
       "Plain VACUUM (no lock against reads or writes) is enough for routine upkeep; to "
       "reclaim space online use pg_repack, outside migrations."},
      {"cluster", Severity::kError, "postgresql", "CLUSTER.",
       "CLUSTER rewrites the table in index order under an ACCESS EXCLUSIVE lock: reads and "
       "writes wait until it ends.",
       "Run it outside migrations in a maintenance window, or use pg_repack --order-by "
       "online."},
      {"table-rebuild", Severity::kWarning, "sqlite",
       "INSERT INTO a table created in this migration SELECT ... FROM an existing table: the "
       "copy step of a table rebuild.",
       "The copy reads and writes every row of the old table while the migration holds the "
       "database's write lock: every other writer waits (or fails with SQLITE_BUSY) until "
       "the migration commits.",
       "Expected for ALTERs SQLite cannot do in place; on a large table run it when writers "
       "can wait, or prefer an ALTER TABLE that SQLite does in place (ADD COLUMN, RENAME)."},
      {"vacuum", Severity::kWarning, "sqlite", "VACUUM (not VACUUM INTO).",
       "VACUUM rewrites the whole database file under an exclusive lock: neither readers "
       "nor writers can use the database until it ends, and it needs up to twice the file's "
       "size on disk.",
       "Run it outside migrations when the database is idle, or VACUUM INTO a new file."},
      // MySQL/MariaDB: InnoDB online DDL (ALGORITHM=INSTANT / INPLACE / COPY, LOCK=...)
      {"mysql-copy-algorithm", Severity::kError, "mysql",
       "ALTER TABLE that InnoDB can only run with ALGORITHM=COPY: a column type change (MODIFY "
       "or CHANGE COLUMN; widening a VARCHAR within its length-byte class is in place), a "
       "character set change (CONVERT TO CHARACTER SET, or one column's), making a column "
       "AUTO_INCREMENT, ADD CHECK, DROP PRIMARY KEY without a new one, ENGINE= another engine, "
       "or ALGORITHM=COPY written.",
       "COPY builds a new table and copies every row into it: reads go on, but every INSERT, "
       "UPDATE and DELETE waits until the copy ends, and the copy needs the disk space of the "
       "whole table. InnoDB falls back to COPY silently when no ALGORITHM is written. Without a "
       "database the column's current type is unknown and a MODIFY is reported as a warning.",
       "On a large table, use an online schema change tool (gh-ost or pt-online-schema-change), "
       "which copies in the background while writes go on and swaps the tables at the end. "
       "Otherwise write ALGORITHM=INPLACE, LOCK=NONE (or ALGORITHM=INSTANT) on the ALTER, so the "
       "server refuses with an error instead of silently copying; for a type change, add a new "
       "column, backfill it in batches (`-- migrate:batch`) and switch to it."},
      {"mysql-add-column-blocks-writes", Severity::kError, "mysql",
       "ADD COLUMN with AUTO_INCREMENT (or SERIAL) or a STORED (PERSISTENT) generated column on "
       "an existing table.",
       "The new column must be filled for every existing row: an AUTO_INCREMENT column rebuilds "
       "the table in place but only under LOCK=SHARED, a stored generated column copies it "
       "(ALGORITHM=COPY). Either way reads go on and every write waits for the whole rebuild.",
       "Add a VIRTUAL generated column instead (instant, computed on read), or a plain nullable "
       "column filled by the application and a batched backfill (`-- migrate:batch`); for a new "
       "AUTO_INCREMENT key on a large table, use gh-ost or pt-online-schema-change."},
      {"mysql-add-foreign-key", Severity::kError, "mysql",
       "ADD FOREIGN KEY on an existing table without ALGORITHM=INPLACE or LOCK=NONE written.",
       "With foreign_key_checks on (the default) InnoDB adds a foreign key only with "
       "ALGORITHM=COPY: it copies the table and checks every row against the referenced table "
       "while writes wait for the whole copy.",
       "SET foreign_key_checks = 0 in the statement before (strata runs a section's statements "
       "on one connection), then ALTER TABLE ... ADD FOREIGN KEY ..., ALGORITHM=INPLACE, "
       "LOCK=NONE, then SET foreign_key_checks = 1. InnoDB then adds the key in place without "
       "copying or checking existing rows, so look for orphans yourself first (a LEFT JOIN). "
       "With ALGORITHM=INPLACE written the server refuses if the checks are still on. Or add the "
       "key in a quiet window."},
      {"mysql-table-rebuild", Severity::kWarning, "mysql",
       "ALTER TABLE or OPTIMIZE TABLE that rebuilds the table in place: a column made NOT NULL "
       "or nullable, ADD PRIMARY KEY (or a changed one), ENGINE=InnoDB, FORCE, ROW_FORMAT or "
       "KEY_BLOCK_SIZE, OPTIMIZE TABLE, moving a column (FIRST/AFTER; instant on MariaDB 10.4+), "
       "ADD COLUMN before MySQL 8.0.12 / MariaDB 10.3, ADD COLUMN not at the end or DROP COLUMN "
       "before MySQL 8.0.29 / MariaDB 10.4, and ADD or DROP COLUMN with ALGORITHM=INPLACE on "
       "MySQL 8 (which rebuilds where INSTANT would not).",
       "Reads and writes go on (ALGORITHM=INPLACE, LOCK=NONE), but InnoDB rewrites every row "
       "and index: it takes as long as a copy and needs the disk space of one, writes made "
       "meanwhile are kept in an online log that fails the ALTER if it outgrows "
       "innodb_online_alter_log_max_size, the exclusive metadata lock taken at the start and the "
       "end waits for running transactions while new queries queue behind it, and replicas "
       "replay the rebuild only afterwards, lagging by as long.",
       "On a large table, use gh-ost or pt-online-schema-change. Otherwise write "
       "ALGORITHM=INPLACE, LOCK=NONE so the server refuses rather than locks, and run it in a "
       "quiet window. On MySQL 8.0.29+ / MariaDB 10.4+ add and drop columns with "
       "ALGORITHM=INSTANT; on MySQL 8.0.12-8.0.28 and MariaDB 10.3, add the column last."},
      {"mysql-index-blocks-writes", Severity::kError, "mysql",
       "A FULLTEXT or SPATIAL index (ALTER TABLE ... ADD or CREATE INDEX) on an existing table.",
       "InnoDB builds these indexes in place but only under LOCK=SHARED: reads go on, every "
       "write waits until the build ends. A table's first FULLTEXT index also rebuilds the whole "
       "table to add its hidden FTS_DOC_ID column.",
       "Build it in a quiet window, or with gh-ost or pt-online-schema-change on a large table. "
       "A table created with an FTS_DOC_ID BIGINT UNSIGNED NOT NULL AUTO_INCREMENT column and a "
       "UNIQUE index FTS_DOC_ID_INDEX on it gets FULLTEXT indexes without the rebuild."},
      {"mysql-add-index", Severity::kInfo, "mysql",
       "ADD INDEX, ADD UNIQUE or CREATE INDEX on an existing table without LOCK= written.",
       "InnoDB builds a secondary index in place without rebuilding the table, while reads and "
       "writes go on. It still scans and sorts every row: an exclusive metadata lock taken for "
       "a moment at the start and the end waits for running transactions (new queries queue "
       "behind it), replicas replay the build afterwards and lag by as long, and a UNIQUE index "
       "fails if a duplicate exists or is written meanwhile.",
       "Write ALGORITHM=INPLACE, LOCK=NONE on the statement: the server then refuses with an "
       "error instead of taking a lock if it cannot build the index online, and lint accepts "
       "it."},
      {"mysql-explicit-lock", Severity::kError, "mysql",
       "LOCK=SHARED or LOCK=EXCLUSIVE written on ALTER TABLE, CREATE INDEX or DROP INDEX on an "
       "existing table.",
       "LOCK=SHARED blocks every write, and LOCK=EXCLUSIVE every read and write, for the whole "
       "statement, even where InnoDB could let them through.",
       "Write LOCK=NONE (the server refuses if the statement cannot let writes through; the "
       "other mysql rules give the recipe then), or leave LOCK out."},

      // ---- changes that break the running application or lose data
      {"rename-column", Severity::kWarning, "postgresql, sqlite, mysql",
       "RENAME COLUMN on an existing table.",
       "The rename is instant, but application code still running that uses the old name "
       "fails from that moment until it is deployed again.",
       "Add the new column, write to both, backfill in batches, switch reads to it, then drop "
       "the old column in a later release; or first deploy code that works with either name."},
      {"rename-table", Severity::kWarning, "postgresql, sqlite, mysql",
       "RENAME TO on an existing table.",
       "The rename is instant, but running application code that uses the old name fails "
       "until it is deployed again.",
       "Create the new table name as a view over the old one (or the reverse) while both "
       "names are in use, then drop the bridge in a later release."},
      {"drop-column", Severity::kWarning, "postgresql, sqlite, mysql",
       "DROP COLUMN on an existing table.",
       "The column's data is gone for good, and code still reading it (including ORMs that "
       "list every column) fails. PostgreSQL only marks the column dropped; SQLite rewrites "
       "every row of the table.",
       "First deploy code that no longer reads or writes the column, then drop it in a later "
       "migration; keep a backup if the data may matter."},
      {"drop-table", Severity::kWarning, "postgresql, sqlite, mysql",
       "DROP TABLE of an existing table.",
       "The table's data is gone for good, and code still using the table fails. PostgreSQL "
       "takes an ACCESS EXCLUSIVE lock, which waits for running queries.",
       "First deploy code that no longer uses the table, then drop it in a later migration; "
       "keep a backup if the data may matter."},
      {"truncate-table", Severity::kInfo, "postgresql, mysql", "TRUNCATE.",
       "Every row is deleted at once under an ACCESS EXCLUSIVE lock; it cannot be undone "
       "after commit.",
       "Make sure the data is disposable; to keep the table usable meanwhile, DELETE in "
       "batches (`-- migrate:batch`)."},
      {"truncate-cascade", Severity::kWarning, "postgresql", "TRUNCATE ... CASCADE.",
       "CASCADE also empties every table with a foreign key to the named ones, recursively: "
       "tables the migration does not name lose all their rows.",
       "Name every table to empty and drop CASCADE, so PostgreSQL refuses if another table "
       "still refers to them."},
  };
}

}  // namespace

const std::vector<RuleInfo>& rule_catalogue() {
  static const std::vector<RuleInfo> rules = make_catalogue();
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  const auto& rules = rule_catalogue();
  auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

void StatementAnalysis::add(std::string_view rule, Severity severity, std::string table,
                            std::string message) {
  Hit h;
  h.rule = std::string(rule);
  h.severity = severity;
  h.table = std::move(table);
  h.message = std::move(message);
  if (const RuleInfo* info = find_rule(rule)) h.fix = std::string(info->fix);
  hits.push_back(std::move(h));
}

}  // namespace strata::detail::lint
