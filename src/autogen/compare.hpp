// Comparing two schema states: the differ's changes, rendered both ways by
// the dialect (up = from -> to; down = the reversed changes), and the text of
// a migration section built from rendered statements.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "dialect/dialect.hpp"
#include "diff/differ.hpp"

namespace strata::detail {

struct Comparison {
  DiffResult diff;
  std::vector<schema::Statement> up;
  std::vector<schema::Statement> down;
  const Dialect* dialect = nullptr;  // what rendered them
};

Result<Comparison> compare_schemas(const Dialect& dialect, const schema::Schema& from,
                                   const schema::Schema& to, const RenameHints& renames,
                                   int server_version, bool safe = false);

struct SectionText {
  std::string sql;            // statements ending in ';', comments as `-- ` lines
  bool transactional = true;  // false when any statement must run outside a transaction
};

SectionText format_section(const Dialect& dialect,
                           const std::vector<schema::Statement>& statements);

}  // namespace strata::detail
