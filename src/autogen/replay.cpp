#include "autogen/replay.hpp"

#include "runner/prepare.hpp"

namespace strata::detail {

namespace {

Status run_section(Connection& conn, const Dialect& dialect, const Migration& m, bool up,
                   const std::map<std::string, std::string>& x) {
  if (m.is_code()) {
    const CodeStep& step = up ? m.code_up : m.code_down;
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
  bool open = false;
  for (const auto& step : steps) {
    const Migration& m = source.migration(step.revision);
    const bool tx = transactional(m, step.upgrade);
    if (tx && !open) {
      STRATA_CHECK(conn.begin());
      open = true;
    } else if (!tx && open) {
      STRATA_CHECK(conn.commit());
      open = false;
    }
    auto r = run_section(conn, scratch.dialect(), m, step.upgrade, source.x);
    if (!r) {
      if (open) (void)conn.rollback();
      return r;
    }
  }
  if (open) STRATA_CHECK(conn.commit());
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
