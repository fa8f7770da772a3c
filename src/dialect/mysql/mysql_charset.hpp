// MySQL/MariaDB character sets: the most bytes one character takes, which
// decides a VARCHAR's length-byte class (one length byte up to 255 bytes)
// for both the renderer's ALGORITHM choice and lint's judgement.
#pragma once

#include <string_view>

namespace strata::detail {

// "utf8mb4" -> 4, "latin1" -> 1 ("utf8" is utf8mb3); 0 when unknown.
int mysql_charset_bytes(std::string_view charset);
// The same for the charset a collation belongs to: "utf8mb4_bin" -> 4,
// "binary" -> 1; 0 when unknown.
int mysql_charset_max_bytes(std::string_view collation);

}  // namespace strata::detail
