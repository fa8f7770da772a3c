// Results of Migrator::lint(): what `strata lint` reports about migrations
// that would lock or rewrite busy tables, lose data or fail at run time
// (README "Safe migrations" lists every rule with its reason and recipe).
#pragma once

#include <string>
#include <vector>

namespace strata {

struct LintFinding {
  std::string rule;      // rule id, e.g. "add-index-non-concurrently"
  std::string severity;  // "error" | "warning" | "info"
  std::string revision;
  std::string file;
  int line = 0;         // line of the statement in `file`
  int statement = 0;    // 1-based statement number in the up section
  std::string table;    // the table at risk, "" when none
  std::string message;  // what happens: the lock, the rewrite, the breakage
  std::string fix;      // the safe recipe
};

struct LintOptions {
  // Revisions to lint, upgrade order. "" = those not yet applied when the
  // database is reachable, otherwise every revision; "A:B" as `upgrade --sql`
  // reads it (from A, exclusive, up to B); "base:heads" = everything.
  std::string range;
  // Do not connect: no table sizes, version from target_version only.
  bool offline = false;
};

struct LintReport {
  std::vector<LintFinding> findings;   // in upgrade order, then by line
  std::vector<std::string> revisions;  // the revisions linted
  std::string scope;                   // "3 pending revisions", "every revision", "r1:r2"
  bool database_used = false;          // table sizes and version came from the database
  std::string server_version;          // assumed or read ("" = newest behaviour)
  int errors = 0;
  int warnings = 0;
  int infos = 0;
  int ignored = 0;  // findings silenced by -- strata:lint-ignore
};

// A rule as `strata lint --rules` and the README describe it.
struct LintRule {
  std::string id;
  std::string severity;    // default severity
  std::string configured;  // after lint_rules in strata.toml ("off" = disabled)
  std::string dialects;
  std::string summary;
  std::string why;
  std::string fix;
};

}  // namespace strata
