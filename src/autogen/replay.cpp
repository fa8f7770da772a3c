#include "autogen/replay.hpp"

#include "runner/prepare.hpp"

namespace strata::detail {

namespace {

Status run_section(Connection& conn, const Dialect& dialect, const Migration& m, bool up,
                   const std::map<std::string, std::string>& x) {
  if (m.is_code()) {
    const CodeStep& step = up ? m.code->up : m.code->down;
    if (!step) return failf("revision {} has no down function", m.id);
    auto r = step([&](std::string_view sql) { return conn.exec(sql); });
    if (!r) {
      Error e = r.error();
      e.revision = m.id;
      return fail(std::move(e));
    }
    return {};
  }
  STRATA_TRY(PreparedSection section, prepare_section(m, up, dialect, x));
  int index = 0;
  for (const auto& st : section.statements) {
    ++index;
    auto r = conn.exec(st.sql);
    if (!r) {
      Error e = r.error();
      e.file = m.path;
      e.line = st.line;
      e.revision = m.id;
      e.statement = index;
      return fail(std::move(e));
    }
  }
  return {};
}

bool transactional(const Migration& m, bool up) {
  return m.is_code() || (up ? m.up.transaction : m.down.transaction);
}

}  // namespace

Status replay(Scratch& scratch, const ReplaySource& source, const std::vector<Step>& steps) {
  Connection& conn = scratch.conn();
  // Runs of consecutive transactional sections go to the database as one
  // script in one transaction (one round trip to a server). When a run
  // fails it is rolled back and replayed statement by statement, which
  // names the failing statement's file, line and revision.
  size_t i = 0;
  while (i < steps.size()) {
    const Migration& first = source.migration(steps[i].revision);
    if (!transactional(first, steps[i].upgrade)) {
      STRATA_CHECK(run_section(conn, scratch.dialect(), first, steps[i].upgrade, source.x));
      ++i;
      continue;
    }
    size_t end = i;
    std::string script;
    bool batchable = true;
    while (end < steps.size()) {
      const Migration& m = source.migration(steps[end].revision);
      if (!transactional(m, steps[end].upgrade)) break;
      if (m.is_code()) {
        batchable = false;
      } else if (batchable) {
        auto section = prepare_section(m, steps[end].upgrade, scratch.dialect(), source.x);
        if (!section) return tl::unexpected(section.error());
        for (const auto& st : section->statements) {
          script += st.sql;
          script += ";\n";
        }
      }
      ++end;
    }
    STRATA_CHECK(conn.begin());
    if (batchable && conn.exec(script)) {
      STRATA_CHECK(conn.commit());
      i = end;
      continue;
    }
    (void)conn.rollback();
    STRATA_CHECK(conn.begin());
    for (size_t k = i; k < end; ++k) {
      const Migration& m = source.migration(steps[k].revision);
      auto r = run_section(conn, scratch.dialect(), m, steps[k].upgrade, source.x);
      if (!r) {
        (void)conn.rollback();
        return r;
      }
    }
    STRATA_CHECK(conn.commit());
    i = end;
  }
  return {};
}

Status apply_revision(Scratch& scratch, const ReplaySource& source, const std::string& id,
                      bool up) {
  Connection& conn = scratch.conn();
  const Migration& m = source.migration(id);
  const bool tx = transactional(m, up);
  if (tx) STRATA_CHECK(conn.begin());
  auto r = run_section(conn, scratch.dialect(), m, up, source.x);
  if (!r) {
    if (tx) (void)conn.rollback();
    return r;
  }
  if (tx) STRATA_CHECK(conn.commit());
  return {};
}

}  // namespace strata::detail
