#include "autogen/scratch.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::detail {

int line_at(std::string_view text, size_t offset, int first) {
  offset = std::min(offset, text.size());
  return first + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

Result<std::unique_ptr<Scratch>> Scratch::create(const Dialect& dialect, const Url& dev_url) {
  STRATA_TRY(Url url, dialect.create_scratch(dev_url));
  std::unique_ptr<Scratch> s(new Scratch(dialect, dev_url, url));
  auto conn = dialect.connect(url);
  if (!conn) return fail(conn.error());  // the destructor drops the database
  s->conn_ = std::move(*conn);
  return s;
}

Scratch::~Scratch() {
  conn_.reset();  // a server refuses to drop a database with a session on it
  (void)dialect_.drop_scratch(dev_url_, url_);
}

Status Scratch::apply(std::string_view text, const std::string& label, int first_line,
                      const StatementFilter& skip) {
  auto parts = dialect_.split(text);
  if (!parts) {
    Error e = parts.error();
    e.file = label;
    e.line = e.line > 0 ? first_line + e.line - 1 : first_line;
    return fail(std::move(e));
  }
  // Fast path: every statement in one call inside one transaction (one
  // round trip to a server). When anything fails, roll back and run the
  // statements one by one, which names the failing one (and runs those that
  // refuse a transaction block, such as CREATE INDEX CONCURRENTLY). Where DDL
  // commits by itself (MySQL) a failure could not be rolled back, so the
  // statements go one by one from the start.
  bool fast = dialect_.traits().transactional_ddl;
  std::string joined;
  for (const auto& st : *parts) {
    if (skip && skip(st.sql)) continue;
    joined += st.sql;
    joined += ";\n";
  }
  if (fast && conn_->begin()) {
    if (conn_->exec(joined) && conn_->commit()) return {};
    (void)conn_->rollback();
  }
  int index = 0;
  for (const auto& st : *parts) {
    ++index;
    if (skip && skip(st.sql)) continue;
    auto r = conn_->exec(st.sql);
    if (!r) {
      Error e = r.error();
      e.file = label;
      e.line = line_at(text, st.offset, first_line);
      e.statement = index;
      return fail(std::move(e));
    }
  }
  return {};
}

Result<schema::Schema> Scratch::inspect(const schema::InspectOptions& options) {
  return dialect_.inspect(*conn_, options);
}

}  // namespace strata::detail
