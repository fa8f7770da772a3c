// libpq, loaded with dlopen on the first PostgreSQL connection. Linking it
// directly would make every strata process pay for loading libpq and its
// dependencies (TLS, Kerberos, LDAP) at start-up, SQLite-only runs and
// `strata heads` included; loaded lazily, only PostgreSQL work pays.
// The function table is filled once (thread-safe) and never changes.
#pragma once

#include <libpq-fe.h>

#include "common/result.hpp"

namespace strata::detail {

#define STRATA_LIBPQ_FUNCTIONS(X)                                                         \
  X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconnectdbParams) X(PQerrorMessage) X(PQexec) \
  X(PQexecParams) X(PQfinish) X(PQfname) X(PQgetisnull) X(PQgetlength) X(PQgetvalue)        \
  X(PQnfields) X(PQntuples) X(PQresultErrorField) X(PQresultErrorMessage) X(PQresultStatus) \
  X(PQserverVersion) X(PQsetNoticeProcessor) X(PQstatus)

struct LibPq {
#define STRATA_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  STRATA_LIBPQ_FUNCTIONS(STRATA_LIBPQ_MEMBER)
#undef STRATA_LIBPQ_MEMBER
};

// Loads libpq (once); the error says which library or symbol is missing.
Result<const LibPq*> load_libpq();

// The loaded table; only valid after load_libpq() succeeded (every
// connection is made through it, so connection code may call this freely).
const LibPq& libpq();

}  // namespace strata::detail
