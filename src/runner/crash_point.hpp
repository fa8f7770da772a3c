// Named crash points: a test seam for the kill -9 guarantees. When the
// environment variable STRATA_TEST_CRASH_AT is "POINT" or "POINT:N", the
// process kills itself with SIGKILL the N-th time (default 1st) it reaches
// POINT. Points: before-statement, after-statement, before-version-update,
// before-commit, after-commit. Unset (always, in production) it costs one
// branch per call.
#pragma once

namespace strata::detail {

void crash_point(const char* name);

}  // namespace strata::detail
