#include "runner/prepare.hpp"

#include <algorithm>

#include "script/expand.hpp"

namespace strata::detail {

Result<PreparedSection> prepare_section(const Migration& m, bool up, const Dialect& dialect,
                                        const std::map<std::string, std::string>& x) {
  const Section& s = up ? m.up : m.down;
  PreparedSection out;
  out.transactional = s.transaction;
  if (m.is_code() || !s.present) return out;
  STRATA_TRY(std::string body, expand_section(s, x, m.path));
  auto split = dialect.split(body);
  if (!split) {
    Error e = std::move(split).error();
    e.file = m.path;
    e.revision = m.id;
    e.line = s.first_line + std::max(e.line, 1) - 1;
    return fail(std::move(e));
  }
  if (!dialect.traits().transactional_ddl) {
    for (const auto& st : *split) {
      if (dialect.commits_implicitly(st)) {
        out.implicit_commit = true;
        out.transactional = false;
        break;
      }
    }
  }
  // Line of each statement: count newlines incrementally (offsets ascend).
  size_t pos = 0;
  int line = s.first_line;
  size_t next_batch = 0;
  out.statements.reserve(split->size());
  for (auto& st : *split) {
    for (; pos < st.offset && pos < body.size(); ++pos)
      if (body[pos] == '\n') ++line;
    PreparedStatement p;
    p.sql = std::move(st.sql);
    p.line = line;
    // A batch marker applies to the first statement that starts after it.
    while (next_batch < s.batch_lines.size() && s.batch_lines[next_batch] < line) {
      p.batch = true;
      ++next_batch;
    }
    out.has_batch |= p.batch;
    out.statements.push_back(std::move(p));
  }
  return out;
}

}  // namespace strata::detail
