// Durations as written in strata.toml and on the command line: "250ms", "5s",
// "1.5s", "2m", "1h", segments combined as in "1m30s", and a bare number
// meaning seconds ("0", "30", "2.5"). Results are whole milliseconds.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.hpp"

namespace strata::detail {

// Errors name the text: "invalid duration '5x': ...". Negative values, a
// precision finer than a millisecond and values past int64 milliseconds are
// errors, not silently rounded.
Result<int64_t> parse_duration_ms(std::string_view text);

}  // namespace strata::detail
