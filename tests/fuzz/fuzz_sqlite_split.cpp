// Fuzz target: the SQLite dialect's statement splitter (split() of
// dialect/sqlite, sqlite_split.cpp). Beyond the common splitter checks, each
// statement must be one complete statement to SQLite once given its `;`.
#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "dialect/sqlite/sqlite_dialect.hpp"
#include "dialect/sqlite/sqlite_text.hpp"
#include "split_check.hpp"

namespace {

bool is_blank(char c) {
  return strata::detail::sqlite_text::is_space(static_cast<unsigned char>(c));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql = strata::fuzz::as_text(data, size);
  auto r = strata::fuzz::check_split(strata::detail::sqlite_dialect(), sql, is_blank);
  if (!r) return 0;
  for (const auto& st : *r) {
    // sqlite3_complete stops at a NUL byte: only meaningful without one.
    if (st.sql.find('\0') != std::string::npos) continue;
    FUZZ_CHECK(sqlite3_complete((st.sql + ";").c_str()) != 0);
  }
  return 0;
}
