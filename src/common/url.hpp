// Database URLs in SQLAlchemy's spelling, and password redaction.
// sqlite:///relative.db, sqlite:////abs/path.db, sqlite:// (memory),
// postgresql://user:pass@host:5432/db?sslmode=require (postgres://,
// postgresql+psycopg2:// too), mysql://... (mariadb://, mysql+pymysql://).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace strata::detail {

struct Url {
  std::string scheme;     // normalized: "sqlite", "postgresql", "mysql"
  std::string driver;     // the "+driver" part if any, e.g. "psycopg2"
  std::string user;       // percent-decoded
  std::string password;   // percent-decoded; never printed
  std::string host;       // "" = default/unix socket
  int port = 0;           // 0 = default
  std::string database;   // for sqlite: the file path ("" or ":memory:" = memory)
  std::map<std::string, std::string> query;  // ?key=value pairs, decoded

  // The URL with the password (and any ?password= / ?sslpassword= value)
  // replaced by ***, for any output.
  std::string redacted() const;
  // Every secret the URL carries: the password and secret query values.
  std::vector<std::string> secrets() const;
  bool is_memory() const { return scheme == "sqlite" && (database.empty() || database == ":memory:"); }
};

// Parses a URL. Errors name the URL in redacted form, never the password.
Result<Url> parse_url(std::string_view text);

// Query keys whose values are secrets (password, sslpassword).
bool is_secret_key(std::string_view key);

// Replaces every occurrence of `secret` (if non-empty) in `text` with ***.
std::string redact(std::string text, std::string_view secret);

// Masks, in free text, the password of every URL-like token
// ("scheme://user:SECRET@host...", up to a blank or a quote) and the values of
// its secret query keys. For messages that may echo what a user typed where a
// URL did not belong; SQLite URLs (file paths) are left alone.
std::string redact_urls(std::string_view text);

}  // namespace strata::detail
