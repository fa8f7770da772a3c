// Shared helpers of the fuzz targets: FUZZ_CHECK aborts with a message when an
// invariant fails (libFuzzer then keeps the input as a crash; the replay driver
// fails its ctest), and small comparisons of strata's result types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/result.hpp"

#define FUZZ_CHECK(cond)                                                                       \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

namespace strata::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline bool same_error(const Error& a, const Error& b) {
  return a.code == b.code && a.message == b.message && a.file == b.file && a.line == b.line &&
         a.hint == b.hint;
}

// Two results of the same call on the same input agree: both failed with the
// same error, or both succeeded and `same` says the values are equal.
template <class T, class Same>
bool same_result(const detail::Result<T>& a, const detail::Result<T>& b, Same same) {
  if (a.has_value() != b.has_value()) return false;
  return a ? same(*a, *b) : same_error(a.error(), b.error());
}

}  // namespace strata::fuzz
