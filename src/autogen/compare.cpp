#include "autogen/compare.hpp"

#include <cstdlib>

namespace strata::detail {

Result<Comparison> compare_schemas(const Dialect& dialect, const schema::Schema& from,
                                   const schema::Schema& to, const RenameHints& renames,
                                   int server_version, bool safe) {
  Comparison c;
  c.dialect = &dialect;
  c.diff = diff_schemas(from, to, renames);
  if (!c.diff.unusable_hints.empty()) {
    // Going on would turn the rename into a drop and an add: data lost.
    Error e;
    e.code = ErrorCode::kUsage;
    e.message = c.diff.unusable_hints.front();
    for (size_t i = 1; i < c.diff.unusable_hints.size(); ++i)
      e.message += "\n" + c.diff.unusable_hints[i];
    e.hint =
        "first rename to a name used on neither side, then (in a second migration) to the final "
        "one";
    return fail(std::move(e));
  }
  schema::RenderContext up_ctx{&from, &to, server_version, safe};
  STRATA_TRY(c.up, dialect.render(c.diff.changes, up_ctx));
  schema::RenderContext down_ctx{&to, &from, server_version, safe};
  STRATA_TRY(c.down, dialect.render(schema::reverse(c.diff.changes), down_ctx));
  return c;
}

SectionText format_section(const Dialect& dialect,
                           const std::vector<schema::Statement>& statements) {
  SectionText out;
  for (const auto& st : statements) {
    if (!st.comment.empty()) {
      // Every line of a note becomes a comment line. A note may hold names
      // from the schema, and PostgreSQL also ends a `--` comment at a lone
      // '\r': that breaks a line too, or a name such as
      // "x\rDROP TABLE t; --" would run as a statement.
      size_t start = 0;
      while (start <= st.comment.size()) {
        size_t end = st.comment.find_first_of("\r\n", start);
        if (end == std::string::npos) end = st.comment.size();
        out.sql += "-- ";
        out.sql.append(st.comment, start, end - start);
        out.sql += '\n';
        if (end + 1 < st.comment.size() && st.comment[end] == '\r' && st.comment[end + 1] == '\n')
          ++end;
        start = end + 1;
      }
    }
    if (st.sql.empty()) continue;
    out.sql += dialect.script_statement(st.sql);
    if (!st.transactional) out.transactional = false;
  }
  return out;
}

}  // namespace strata::detail
