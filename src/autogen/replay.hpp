// Replaying migrations on a scratch database: the schema state that history
// builds (DESIGN section 5). Runs up (or down) sections exactly as the runner
// would prepare them (-x expansion, the dialect's splitter), without the
// bookkeeping tables, the lock or the journal: the database is throwaway.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "autogen/scratch.hpp"
#include "common/result.hpp"
#include "revision/graph.hpp"
#include "script/migration.hpp"

namespace strata::detail {

struct ReplaySource {
  std::function<const Migration&(const std::string& id)> migration;
  std::map<std::string, std::string> x;  // -x values for {{x.KEY}}
};

// Runs the up sections of `steps` in order. Consecutive transactional
// sections share one transaction (a scratch database needs no per-revision
// boundary); a `transaction:false` section runs outside. Errors name the
// file, line, revision and the server's message.
Status replay(Scratch& scratch, const ReplaySource& source, const std::vector<Step>& steps);

// Runs one revision's up or down section in its own transaction (or none,
// for a `transaction:false` section).
Status apply_revision(Scratch& scratch, const ReplaySource& source, const std::string& id,
                      bool up);

}  // namespace strata::detail
