// libmariadb (MariaDB Connector/C, which also speaks to MySQL), loaded with
// dlopen on the first MySQL connection, as libpq is for PostgreSQL. Linked
// directly it made every strata process load it and its TLS and zlib
// dependencies at start-up (about 1 ms), SQLite runs and `strata heads`
// included. The function table is filled once (thread-safe) and never changes.
#pragma once

#include <mysql.h>

#include "common/result.hpp"

namespace strata::detail {

// mysql_library_init is a macro for mysql_server_init.
#define STRATA_LIBMARIADB_FUNCTIONS(X)                                                        \
  X(mariadb_get_infov)                                                                        \
  X(mysql_affected_rows) X(mysql_close) X(mysql_errno) X(mysql_error) X(mysql_fetch_fields)   \
      X(mysql_fetch_lengths) X(mysql_fetch_row) X(mysql_field_count) X(mysql_free_result)     \
          X(mysql_get_server_info) X(mysql_get_ssl_cipher) X(mysql_init) X(mysql_next_result) \
              X(mysql_num_fields) X(mysql_num_rows) X(mysql_optionsv) X(mysql_real_connect)   \
                  X(mysql_real_query) X(mysql_server_init) X(mysql_store_result)

struct LibMariadb {
#define STRATA_LIBMARIADB_MEMBER(name) decltype(&::name) name = nullptr;
  STRATA_LIBMARIADB_FUNCTIONS(STRATA_LIBMARIADB_MEMBER)
#undef STRATA_LIBMARIADB_MEMBER
};

// Loads libmariadb and runs mysql_library_init (once); the error says which
// library or symbol is missing.
Result<const LibMariadb*> load_libmariadb();

// The loaded table; only valid after load_libmariadb() succeeded (every
// connection is made through it, so connection code may call this freely).
const LibMariadb& libmariadb();

}  // namespace strata::detail
