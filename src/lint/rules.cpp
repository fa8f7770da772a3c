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
      {"transaction-control-in-transaction", Severity::kError, "postgresql, sqlite",
       "BEGIN, START TRANSACTION, COMMIT, END or ROLLBACK in a section strata already runs "
       "in a transaction.",
       "strata opens the transaction itself and records the revision in it. A COMMIT in the "
       "SQL ends it early, so a later failure leaves the revision half applied and unrecorded; "
       "a BEGIN is refused (SQLite) or ignored with a warning (PostgreSQL).",
       "Delete the statement. For a section that must manage its own transactions, mark it "
       "`transaction:false`."},
      {"add-column-not-null-without-default", Severity::kError, "postgresql, sqlite",
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

      // ---- changes that break the running application or lose data
      {"rename-column", Severity::kWarning, "postgresql, sqlite",
       "RENAME COLUMN on an existing table.",
       "The rename is instant, but application code still running that uses the old name "
       "fails from that moment until it is deployed again.",
       "Add the new column, write to both, backfill in batches, switch reads to it, then drop "
       "the old column in a later release; or first deploy code that works with either name."},
      {"rename-table", Severity::kWarning, "postgresql, sqlite", "RENAME TO on an existing table.",
       "The rename is instant, but running application code that uses the old name fails "
       "until it is deployed again.",
       "Create the new table name as a view over the old one (or the reverse) while both "
       "names are in use, then drop the bridge in a later release."},
      {"drop-column", Severity::kWarning, "postgresql, sqlite", "DROP COLUMN on an existing table.",
       "The column's data is gone for good, and code still reading it (including ORMs that "
       "list every column) fails. PostgreSQL only marks the column dropped; SQLite rewrites "
       "every row of the table.",
       "First deploy code that no longer reads or writes the column, then drop it in a later "
       "migration; keep a backup if the data may matter."},
      {"drop-table", Severity::kWarning, "postgresql, sqlite", "DROP TABLE of an existing table.",
       "The table's data is gone for good, and code still using the table fails. PostgreSQL "
       "takes an ACCESS EXCLUSIVE lock, which waits for running queries.",
       "First deploy code that no longer uses the table, then drop it in a later migration; "
       "keep a backup if the data may matter."},
      {"truncate-table", Severity::kInfo, "postgresql", "TRUNCATE.",
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

}  // namespace strata::detail::lint
