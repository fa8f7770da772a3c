// A Connection to PostgreSQL through libpq. Statements run with the simple
// protocol (exec: several statements at once are fine) or the extended one
// with text parameters (query). Errors carry the server's primary message,
// its DETAIL and HINT lines, the SQLSTATE and the line of the error position.
// The password only ever goes to libpq as a keyword value and every libpq
// text passes through redact() before it reaches an Error.
//
// Thread-safety: one thread at a time per connection, like libpq's PGconn.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/result.hpp"
#include "common/url.hpp"
#include "dialect/dialect.hpp"

namespace strata::detail {

// Opens a session to `url`. Every query parameter of the URL passes to libpq
// as a connection keyword (sslmode, connect_timeout, ...); connect_timeout
// defaults to 10 s, application_name to "strata", client_encoding to UTF8.
// Errors read "cannot connect to <redacted url>: <libpq's reason>".
Result<std::unique_ptr<Connection>> connect_postgres(const Url& url);

// The advisory-lock key for a lock name: FNV-1a 64 of its bytes, stable across
// processes, machines and strata versions (it is what concurrent runs agree on).
int64_t advisory_lock_key(std::string_view name);

}  // namespace strata::detail
