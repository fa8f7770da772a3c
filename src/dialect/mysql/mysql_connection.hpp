// A Connection to MySQL or MariaDB through libmariadb (MariaDB Connector/C).
//
// Statements go over the text protocol with CLIENT_MULTI_STATEMENTS on, so a
// bookkeeping script and its COMMIT travel in one round trip (as libpq's
// simple protocol does for PostgreSQL); every result is drained and the first
// error stops the script. Migration statements arrive one at a time, cut by
// the MySQL splitter. query() substitutes its `?` parameters on the client as
// quoted literals (found by the MySQL lexer, never inside strings, comments or
// identifiers), so results come back as text exactly as the server prints
// them; a parameter is always a string literal (or NULL).
//
// Errors carry the server's message and, in Error::sqlstate, the MySQL error
// NUMBER ("1205", "1064", client errors "2003"...), which identifies the
// condition where the five-character SQLSTATE (often "HY000") does not. A
// syntax error's "at line N" becomes Error::line. The password only goes to
// libmariadb and every text it returns passes through redact().
//
// Thread-safety: one thread at a time per connection, like libmariadb's MYSQL.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "common/url.hpp"
#include "dialect/dialect.hpp"

namespace strata::detail {

// Opens a session to `url`: user, password, host, port and database from the
// URL; query keys (`-` and `_` alike): unix_socket=PATH, ssl-mode=DISABLED|
// PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY, ssl-ca, ssl-capath, ssl-cert,
// ssl-key, connect_timeout (seconds, default 10), charset (utf8mb4 only).
// Any other key is an error naming it. The session runs in utf8mb4 with
// autocommit on and without NO_BACKSLASH_ESCAPES. Errors read
// "cannot connect to <redacted url>: <libmariadb's reason>".
Result<std::unique_ptr<Connection>> connect_mysql(const Url& url);

// The GET_LOCK name for a lock key in a database: "<key>@<database>" (user
// locks are server-wide, the migration lock is per database), or, beyond the
// 64 characters MySQL allows, "strata:" and a SHA-256 prefix of that text.
std::string mysql_lock_name(std::string_view key, std::string_view database);

// "MariaDB 10.11.6" from "10.11.6-MariaDB-0+deb12u1" (or its "5.5.5-" form),
// "MySQL 8.0.36" from "8.0.36".
std::string mysql_version_label(std::string_view server_info);

}  // namespace strata::detail
