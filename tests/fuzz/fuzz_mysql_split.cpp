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
  // Written back as a script, a statement splits back whole (the promise
  // generated migration files and `upgrade --sql` rely on), unless no
  // delimiter can hold it, in which case the plain form is returned.
  (void)strata::fuzz::check_split(
      dialect, sql, is_mysql_blank, [&](const strata::detail::StatementText& st) {
        std::string script = strata::detail::mysql_script_statement(st.sql);
        if (script == st.sql + ";\n") return;
        auto back = dialect.split(script);
        FUZZ_CHECK(back.has_value());
        FUZZ_CHECK(back->size() == 1);
        FUZZ_CHECK(back->front().sql == st.sql);
      });
  return 0;
}
