// Fuzz target: the MySQL dialect's statement splitter (split_mysql_sql, with
// the client's DELIMITER command) and mysql_script_statement, which writes a
// statement back as a script (DELIMITER lines when its body holds ';').
#include <algorithm>

#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/mysql/mysql_lex.hpp"
#include "dialect/mysql/mysql_split.hpp"
#include "split_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using strata::detail::is_mysql_blank;
  std::string_view sql = strata::fuzz::as_text(data, size);
  const auto& dialect = strata::detail::mysql_dialect();
  auto first = dialect.split(sql);
  auto again = dialect.split(sql);
  FUZZ_CHECK(strata::fuzz::same_result(first, again, strata::fuzz::same_statements));
  if (!first) {
    // An error names a line of the text.
    int lines = 1 + static_cast<int>(std::count(sql.begin(), sql.end(), '\n'));
    FUZZ_CHECK(first.error().line >= 1 && first.error().line <= lines);
    return 0;
  }
  size_t end_of_previous = 0;
  for (const auto& st : *first) {
    FUZZ_CHECK(!st.sql.empty());
    FUZZ_CHECK(st.offset >= end_of_previous);
    FUZZ_CHECK(st.offset + st.sql.size() <= sql.size());
    FUZZ_CHECK(sql.substr(st.offset, st.sql.size()) == st.sql);
    FUZZ_CHECK(!is_mysql_blank(st.sql.front()) && !is_mysql_blank(st.sql.back()));
    end_of_previous = st.offset + st.sql.size();
    // Written back as a script, the statement splits back whole (the promise
    // generated migration files and `upgrade --sql` rely on), unless no
    // delimiter can hold it, in which case the plain form is returned.
    std::string script = strata::detail::mysql_script_statement(st.sql);
    auto back = dialect.split(script);
    if (script != st.sql + ";\n") {
      FUZZ_CHECK(back.has_value());
      FUZZ_CHECK(back->size() == 1);
      FUZZ_CHECK(back->front().sql == st.sql);
    }
  }
  return 0;
}
