// inspect_bench URL [RUNS]: times the dialect's whole-schema inspector alone.
// Connects once to URL (a postgresql://, mysql:// or sqlite:/// URL), runs one untimed
// inspect() to warm the server's catalog caches, then RUNS timed ones on the
// same connection, and prints one line of key=value pairs for bench/bench.py:
//   tables=N columns=N indexes=N foreign_keys=N runs=N median_ms=T min_ms=T
//   max_ms=T cpu_ms=T
// cpu_ms is this process's median CPU time per inspect(): the client's share
// of the work (decoding rows, building the model), never the server's.
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/url.hpp"
#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"

namespace {

using strata::detail::Dialect;

double clock_ms(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int fail(const std::string& what) {
  std::fputs(fmt::format("inspect_bench: {}\n", what).c_str(), stderr);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fputs("usage: inspect_bench URL [RUNS]\n", stderr);
    return 2;
  }
  int runs = argc == 3 ? std::atoi(argv[2]) : 10;
  if (runs < 1) return fail(fmt::format("RUNS must be a positive number, not '{}'", argv[2]));

  auto url = strata::detail::parse_url(argv[1]);
  if (!url) return fail(url.error().to_string());
  // Only the engines the benchmark covers: the registry module is not linked.
  const Dialect* dialect = nullptr;
  if (url->scheme == "postgresql") {
    dialect = &strata::detail::postgres_dialect();
  } else if (url->scheme == "mysql") {
    dialect = &strata::detail::mysql_dialect();
  } else if (url->scheme == "sqlite") {
    dialect = &strata::detail::sqlite_dialect();
  } else {
    return fail(fmt::format("{}: not a postgresql, mysql or sqlite URL", url->redacted()));
  }
  auto conn = dialect->connect(*url);
  if (!conn) return fail(conn.error().to_string());

  const strata::detail::schema::InspectOptions options;
  std::vector<double> wall;
  std::vector<double> cpu;
  strata::detail::schema::Schema last;
  for (int i = 0; i <= runs; ++i) {
    double w0 = clock_ms(CLOCK_MONOTONIC);
    double c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    auto schema = dialect->inspect(**conn, options);
    double c1 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    double w1 = clock_ms(CLOCK_MONOTONIC);
    if (!schema) return fail(schema.error().to_string());
    // Run 0 is the warm-up.
    if (i > 0) {
      wall.push_back(w1 - w0);
      cpu.push_back(c1 - c0);
    }
    last = std::move(*schema);
  }

  size_t columns = 0;
  size_t indexes = 0;
  size_t foreign_keys = 0;
  for (const auto& t : last.tables) {
    columns += t.columns.size();
    indexes += t.indexes.size();
    foreign_keys += t.foreign_keys.size();
  }
  std::fputs(fmt::format("tables={} columns={} indexes={} foreign_keys={} runs={} median_ms={:.2f} "
                         "min_ms={:.2f} max_ms={:.2f} cpu_ms={:.2f}\n",
                         last.tables.size(), columns, indexes, foreign_keys, runs, median(wall),
                         *std::min_element(wall.begin(), wall.end()),
                         *std::max_element(wall.begin(), wall.end()), median(cpu))
                 .c_str(),
             stdout);
  return 0;
}
