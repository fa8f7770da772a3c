// A Connection for tests that forwards to a real one and counts what goes
// through it: the statements run (exec, exec_count) and the queries (query), with each
// query's time, to assert that an inspector or lint reads a fixed number of
// catalog queries whatever the schema's size.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <string>

#include "dialect/dialect.hpp"

namespace strata::detail {

class CountingConnection final : public Connection {
 public:
  explicit CountingConnection(Connection& inner) : inner_(inner) {}

  int execs = 0;
  int queries = 0;
  std::string timings;  // "    12.3 ms  SELECT ...\n" per query

  Status exec(std::string_view sql) override {
    ++execs;
    return inner_.exec(sql);
  }
  Result<QueryResult> query(std::string_view sql,
                            const std::vector<std::optional<std::string>>& params) override {
    ++queries;
    auto start = std::chrono::steady_clock::now();
    auto r = inner_.query(sql, params);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    timings += fmt::format("  {:6.1f} ms  {}\n", ms, sql.substr(0, 70));
    return r;
  }
  Result<int64_t> exec_count(std::string_view sql) override {
    ++execs;
    return inner_.exec_count(sql);
  }
  Status begin() override { return inner_.begin(); }
  Status commit() override { return inner_.commit(); }
  Status rollback() override { return inner_.rollback(); }
  Result<bool> try_lock(std::string_view key) override { return inner_.try_lock(key); }
  Status unlock(std::string_view key) override { return inner_.unlock(key); }
  Status set_lock_timeout(int ms) override { return inner_.set_lock_timeout(ms); }
  std::string server_version() override { return inner_.server_version(); }
  Result<bool> table_exists(std::string_view t) override { return inner_.table_exists(t); }

 private:
  Connection& inner_;
};

}  // namespace strata::detail
