// Fuzz target: the PostgreSQL dialect's statement splitter (split() of
// dialect/postgres, postgres_split.cpp over libpg_query's lexer).
#include <algorithm>

#include "dialect/postgres/postgres_dialect.hpp"
#include "split_check.hpp"

namespace {

// PostgreSQL 15's lexer (libpg_query): '\v' is not a blank there.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql = strata::fuzz::as_text(data, size);
  (void)strata::fuzz::check_split(strata::detail::postgres_dialect(), sql, is_blank);
  return 0;
}
