// Scratch databases' names, shared by the dialects that create them on a
// server (schema commands build throwaway databases on dev_url):
// strata_scratch_<unix time>_<pid>_<random>, so that strata tells its own
// from a user's database and can sweep up those a dead run left.
#pragma once

#include <string>
#include <string_view>

namespace strata::detail {

std::string new_scratch_name();

// The creation time (Unix seconds) a scratch name holds, or -1 if `name` is
// not a scratch database's.
long scratch_created_at(std::string_view name);

// Whether `name` is a scratch database created over ten minutes ago: left
// by a process that died (a younger one may belong to a run about to use it).
bool is_stale_scratch(std::string_view name);

}  // namespace strata::detail
