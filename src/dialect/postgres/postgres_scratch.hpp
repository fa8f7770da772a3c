// Throwaway PostgreSQL databases for schema states (autogenerate, check,
// drift, diff, test). Each is named strata_scratch_<unix time>_<pid>_<random>
// so that a later run can recognise and remove one a crash left behind.
#pragma once

#include "common/result.hpp"
#include "common/url.hpp"

namespace strata::detail {

// Creates an empty database on the server of `dev_url` and returns the URL of
// the new database. First drops stale scratch databases (older than ten
// minutes, nobody connected). A role without CREATEDB gets an error that
// names the missing privilege and the dev_url setting.
Result<Url> create_postgres_scratch(const Url& dev_url);
Status drop_postgres_scratch(const Url& dev_url, const Url& scratch);

}  // namespace strata::detail
