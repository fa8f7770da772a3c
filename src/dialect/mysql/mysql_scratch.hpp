// Throwaway MySQL/MariaDB databases for schema states (autogenerate, check,
// drift, diff, test), named strata_scratch_<unix time>_<pid>_<random> so that
// a later run recognises and removes one a crash left behind.
#pragma once

#include "common/result.hpp"
#include "common/url.hpp"

namespace strata::detail {

// Creates an empty database on the server of `dev_url`, with the default
// charset and collation of dev_url's database, and returns its URL. First
// drops stale scratch databases (older than ten minutes). A user without the
// CREATE privilege gets an error that names it and the dev_url setting.
Result<Url> create_mysql_scratch(const Url& dev_url);
Status drop_mysql_scratch(const Url& dev_url, const Url& scratch);

}  // namespace strata::detail
