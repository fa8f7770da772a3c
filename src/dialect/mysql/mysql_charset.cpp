#include "dialect/mysql/mysql_charset.hpp"

#include <array>

namespace strata::detail {

int mysql_charset_bytes(std::string_view charset) {
  struct Width {
    std::string_view charset;
    int bytes;
  };
  static constexpr std::array<Width, 30> kWidths = {{
      {"latin1", 1},  {"ascii", 1},   {"binary", 1}, {"latin2", 1},  {"cp1250", 1},  {"cp1251", 1},
      {"cp1256", 1},  {"cp1257", 1},  {"greek", 1},  {"hebrew", 1},  {"latin5", 1},  {"latin7", 1},
      {"koi8r", 1},   {"koi8u", 1},   {"utf8", 3},   {"utf8mb3", 3}, {"utf8mb4", 4}, {"ucs2", 2},
      {"utf16", 4},   {"utf16le", 4}, {"utf32", 4},  {"big5", 2},    {"gbk", 2},     {"gb2312", 2},
      {"gb18030", 4}, {"sjis", 2},    {"cp932", 2},  {"euckr", 2},   {"ujis", 3},    {"eucjpms", 3},
  }};
  for (const auto& w : kWidths) {
    if (w.charset == charset) return w.bytes;
  }
  return 0;
}

int mysql_charset_max_bytes(std::string_view collation) {
  return mysql_charset_bytes(collation.substr(0, collation.find('_')));
}

}  // namespace strata::detail
