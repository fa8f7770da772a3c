// Turns a migration section into the statements the runner executes: -x
// expansion, the dialect's splitter, file line numbers, `-- migrate:batch`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "dialect/dialect.hpp"
#include "script/migration.hpp"

namespace strata::detail {

struct PreparedStatement {
  std::string sql;
  int line = 0;        // line in the migration file
  bool batch = false;  // re-run until it changes no rows
};

struct PreparedSection {
  std::vector<PreparedStatement> statements;
  bool transactional = true;  // the section may run inside a transaction
  bool has_batch = false;
  // A statement commits by itself (DDL where DDL is not transactional), so the
  // section runs journaled: `transactional` is false.
  bool implicit_commit = false;
};

Result<PreparedSection> prepare_section(const Migration& m, bool up, const Dialect& dialect,
                                        const std::map<std::string, std::string>& x);

}  // namespace strata::detail
