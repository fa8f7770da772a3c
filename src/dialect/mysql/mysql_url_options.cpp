#include "dialect/mysql/mysql_url_options.hpp"

#include <fmt/format.h>

#include <charconv>

#include "common/strings.hpp"

namespace strata::detail {

namespace {

constexpr std::string_view kKeys =
    "unix_socket, ssl-mode, ssl-ca, ssl-capath, ssl-cert, ssl-key, connect_timeout, charset";

std::string normalized_key(std::string_view key) {
  std::string out = to_lower(key);
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

Result<MysqlSslMode> ssl_mode_of(std::string_view value) {
  std::string v = to_lower(value);
  for (char& c : v)
    if (c == '-') c = '_';
  if (v == "disabled") return MysqlSslMode::kDisabled;
  if (v == "preferred") return MysqlSslMode::kPreferred;
  if (v == "required") return MysqlSslMode::kRequired;
  if (v == "verify_ca") return MysqlSslMode::kVerifyCa;
  if (v == "verify_identity") return MysqlSslMode::kVerifyIdentity;
  return failf(
      "invalid ssl-mode '{}' in the database URL; use DISABLED, PREFERRED, REQUIRED, VERIFY_CA "
      "or VERIFY_IDENTITY",
      value);
}

}  // namespace

Result<MysqlUrlOptions> read_mysql_url_options(const Url& url) {
  MysqlUrlOptions out;
  for (const auto& [raw_key, value] : url.query) {
    std::string key = normalized_key(raw_key);
    if (key == "host") continue;
    if (key == "unix-socket") {
      if (value.empty()) return failf("unix_socket in the database URL needs a path");
      out.unix_socket = value;
    } else if (key == "ssl-mode") {
      STRATA_TRY(out.ssl_mode, ssl_mode_of(value));
    } else if (key == "ssl-ca") {
      out.ssl_ca = value;
    } else if (key == "ssl-capath") {
      out.ssl_capath = value;
    } else if (key == "ssl-cert") {
      out.ssl_cert = value;
    } else if (key == "ssl-key") {
      out.ssl_key = value;
    } else if (key == "connect-timeout") {
      unsigned seconds = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec != std::errc() || end != value.data() + value.size() || seconds == 0 ||
          seconds > 3600) {
        return failf(
            "invalid connect_timeout '{}' in the database URL; give whole seconds from 1 to 3600",
            value);
      }
      out.connect_timeout = seconds;
    } else if (key == "charset") {
      if (to_lower(value) != "utf8mb4") {
        return failf(
            "invalid charset '{}' in the database URL; strata talks to MySQL/MariaDB in utf8mb4 "
            "only (leave charset out or write charset=utf8mb4)",
            value);
      }
    } else {
      return failf("unknown option '{}' in the database URL; MySQL/MariaDB URLs take {}", raw_key,
                   kKeys);
    }
  }
  return out;
}

}  // namespace strata::detail
