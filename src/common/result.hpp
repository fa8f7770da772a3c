// Result<T>: the return type of every internal operation that can fail in an
// expected way (bad input, SQL errors). Exceptions are reserved for the public
// façade, which converts an Error into strata::Exception once.
#pragma once

#include <fmt/format.h>

#include <string>
#include <tl/expected.hpp>
#include <utility>

#include "strata/error.hpp"

namespace strata::detail {

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

template <class... Args>
tl::unexpected<Error> failf(fmt::format_string<Args...> f, Args&&... args) {
  Error e;
  e.message = fmt::format(f, std::forward<Args>(args)...);
  return tl::unexpected<Error>(std::move(e));
}

template <class... Args>
tl::unexpected<Error> usage_error(fmt::format_string<Args...> f, Args&&... args) {
  Error e;
  e.code = ErrorCode::kUsage;
  e.message = fmt::format(f, std::forward<Args>(args)...);
  return tl::unexpected<Error>(std::move(e));
}

// Propagate an error: STRATA_TRY(auto x, expr) ... or STRATA_CHECK(expr).
#define STRATA_CONCAT_INNER(a, b) a##b
#define STRATA_CONCAT(a, b) STRATA_CONCAT_INNER(a, b)
#define STRATA_TRY(decl, expr)                                              \
  auto STRATA_CONCAT(strata_r_, __LINE__) = (expr);                         \
  if (!STRATA_CONCAT(strata_r_, __LINE__))                                  \
    return ::tl::unexpected(std::move(STRATA_CONCAT(strata_r_, __LINE__)).error()); \
  decl = std::move(*STRATA_CONCAT(strata_r_, __LINE__))
#define STRATA_CHECK(expr)                                        \
  do {                                                            \
    auto strata_s_ = (expr);                                      \
    if (!strata_s_) return ::tl::unexpected(std::move(strata_s_).error()); \
  } while (0)

}  // namespace strata::detail
