// A scratch database: an empty, throwaway database where strata builds a
// schema state by applying SQL (schema/ files, replayed migrations) and then
// inspects it. SQLite's lives in memory; a server's is created on dev_url and
// dropped when the Scratch is destroyed (DESIGN section 5).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "common/url.hpp"
#include "dialect/dialect.hpp"

namespace strata::detail {

// True for a statement to leave out (dump noise such as OWNER TO).
using StatementFilter = std::function<bool(std::string_view sql)>;

class Scratch {
 public:
  static Result<std::unique_ptr<Scratch>> create(const Dialect& dialect, const Url& dev_url);
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  Connection& conn() { return *conn_; }
  const Dialect& dialect() const { return dialect_; }

  // Splits `text` by the dialect's rules and runs each statement. `label`
  // (a file path) and the statement's line (counted from `first_line`) name
  // a failure, with the server's message.
  Status apply(std::string_view text, const std::string& label, int first_line = 1,
               const StatementFilter& skip = {});

  // The whole schema, without strata's bookkeeping tables.
  Result<schema::Schema> inspect(const schema::InspectOptions& options);

 private:
  Scratch(const Dialect& d, Url dev, Url url) : dialect_(d), dev_url_(std::move(dev)), url_(std::move(url)) {}
  const Dialect& dialect_;
  Url dev_url_;
  Url url_;
  std::unique_ptr<Connection> conn_;
};

// Line number (1-based) of byte `offset` in `text`, counting from `first`.
int line_at(std::string_view text, size_t offset, int first = 1);

}  // namespace strata::detail
