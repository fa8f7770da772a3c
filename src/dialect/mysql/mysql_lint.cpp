#include "dialect/mysql/mysql_lint.hpp"

namespace strata::detail {

Result<lint::StatementAnalysis> lint_mysql(const StatementText&, const lint::StatementContext&) {
  return lint::StatementAnalysis{};
}

Result<std::map<std::string, lint::TableSize>> mysql_table_sizes(Connection&) {
  return std::map<std::string, lint::TableSize>{};
}

}  // namespace strata::detail
