// Meaning of revision expressions: RevisionGraph::resolve and its helpers.
#include <algorithm>

#include "common/strings.hpp"
#include "revision/graph.hpp"

namespace strata::detail {

namespace {

constexpr size_t kMaxListed = 10;

std::string list_ids(const std::vector<std::string>& ids) {
  if (ids.size() <= kMaxListed) return join(ids, ", ");
  std::vector<std::string> head(ids.begin(), ids.begin() + kMaxListed);
  return fmt::format("{}, ... ({} in all)", join(head, ", "), ids.size());
}

std::string migrations(long n) { return fmt::format("{} migration{}", n, n == 1 ? "" : "s"); }

}  // namespace

Result<std::vector<std::string>> RevisionGraph::resolve(
    std::string_view expr, const std::vector<std::string>& current_rows) const {
  STRATA_TRY(auto rows, row_indices(current_rows));
  STRATA_TRY(RevisionExpr e, parse_revision_expr(expr));
  STRATA_TRY(Target t, resolve_target(e, rows));
  return names(t.nodes);
}

Result<RevisionGraph::Target> RevisionGraph::resolve_target(const RevisionExpr& e,
                                                            const std::vector<int>& rows) const {
  int branch = -1;
  if (!e.label.empty()) {
    STRATA_TRY(branch, resolve_branch(e.label));
  }
  if (e.relative) return resolve_relative(e, branch, rows);
  return resolve_absolute(e, branch, rows);
}

Result<int> RevisionGraph::resolve_branch(const std::string& label) const {
  if (auto it = label_owner_.find(label); it != label_owner_.end()) return it->second;
  return lookup(label, label, nullptr);
}

Result<int> RevisionGraph::lookup(const std::string& symbol, const std::string& expr,
                                  const std::vector<char>* lineage) const {
  if (int v = find(symbol); v >= 0) return v;
  if (auto it = label_owner_.find(symbol); it != label_owner_.end()) return it->second;
  std::string in_expr = expr == symbol ? "" : fmt::format(" in '{}'", expr);
  if (symbol.size() >= 4) {
    // A linear scan: resolving happens a few times per command, and keeping
    // a sorted index would cost every build a sort of all ids.
    std::vector<int> found;
    for (int v = 0; v < static_cast<int>(nodes_.size()); ++v) {
      if (nodes_[v].id.compare(0, symbol.size(), symbol) == 0) found.push_back(v);
    }
    std::sort(found.begin(), found.end(),
              [&](int a, int b) { return nodes_[a].id < nodes_[b].id; });
    // A branch only narrows an ambiguous prefix; a unique one is checked
    // for membership by the caller, which gives the clearer error.
    if (found.size() > 1 && lineage) {
      std::vector<int> on_branch;
      for (int v : found) {
        if ((*lineage)[v]) on_branch.push_back(v);
      }
      if (on_branch.size() == 1) return on_branch[0];
    }
    if (found.size() == 1) return found[0];
    if (found.size() > 1) {
      Error e;
      e.message = fmt::format("Multiple revisions start with '{}'{}: {}", symbol, in_expr,
                              list_ids(names(found)));
      e.hint = "give more characters of the revision id";
      return fail(std::move(e));
    }
  }
  std::vector<std::string> candidates = all_ids();
  candidates.insert(candidates.end(), label_names_.begin(), label_names_.end());
  std::vector<std::string> near = closest_matches(symbol, candidates);
  std::string message = fmt::format("No such revision or branch '{}'{}", symbol, in_expr);
  if (symbol.size() < 4) {
    message += "; a partial revision id needs at least 4 characters";
  }
  if (!near.empty()) {
    message += "; did you mean ";
    for (size_t i = 0; i < near.size(); ++i) {
      if (i) message += i + 1 == near.size() ? " or " : ", ";
      message += "'" + near[i] + "'";
    }
    message += "?";
  }
  Error e;
  e.message = std::move(message);
  return fail(std::move(e));
}

Result<RevisionGraph::Target> RevisionGraph::resolve_absolute(const RevisionExpr& e, int branch,
                                                              const std::vector<int>& rows) const {
  const int n = static_cast<int>(nodes_.size());
  const std::string& s = e.symbol;
  Target t;
  t.branch = branch;
  std::vector<char> lineage;
  if (branch >= 0) lineage = lineage_mask(branch);
  auto on_branch = [&](int v) { return branch < 0 || lineage[v]; };

  if (s == "heads") {
    // Alembic: plain `heads` leaves out "effective heads" (revisions that
    // only have dependents); `LABEL@heads` keeps them.
    for (int v = 0; v < n; ++v) {
      bool head = branch < 0 ? ups_[v].empty() : children_[v].empty() && lineage[v];
      if (head) t.nodes.push_back(v);
    }
    return t;
  }
  if (s == "head") {
    for (int v = 0; v < n; ++v) {
      if (children_[v].empty() && on_branch(v)) t.nodes.push_back(v);
    }
    if (t.nodes.size() > 1) {
      Error err;
      err.message =
          fmt::format("Multiple heads are present for '{}': {}", e.text, list_ids(names(t.nodes)));
      err.hint =
          "name one revision, narrow to one branch with LABEL@head, use 'heads' for all of "
          "them, or join them with 'strata merge heads'";
      return fail(std::move(err));
    }
    return t;
  }
  if (s == "base") {
    if (branch < 0) return t;
    for (int v = 0; v < n; ++v) {
      if (parents_[v].empty() && lineage[v]) t.nodes.push_back(v);
    }
    t.lineage_base = true;
    return t;
  }
  if (s == "current") {
    for (int v : rows) {
      if (on_branch(v)) t.nodes.push_back(v);
    }
    return t;
  }
  STRATA_TRY(int v, lookup(s, e.text, branch >= 0 ? &lineage : nullptr));
  if (!on_branch(v)) {
    return failf("Revision {} is not a member of branch '{}'", nodes_[v].id, e.label);
  }
  t.nodes.push_back(v);
  return t;
}

Result<RevisionGraph::Target> RevisionGraph::resolve_relative(const RevisionExpr& e, int branch,
                                                              const std::vector<int>& rows) const {
  const int n = static_cast<int>(nodes_.size());
  Target t;
  t.branch = branch;
  std::vector<char> lineage;
  if (branch >= 0) lineage = lineage_mask(branch);
  const std::vector<char>* filter = branch >= 0 ? &lineage : nullptr;
  auto on_branch = [&](int v) { return branch < 0 || lineage[v]; };
  auto ambiguous = [&](const std::vector<int>& at) {
    Error err;
    err.message =
        fmt::format("Relative revision {} is ambiguous: the database is at several revisions ({})",
                    e.text, list_ids(names(at)));
    err.hint = "name the revision to start from, or pick a branch with LABEL@" +
               std::string(e.steps > 0 ? "+N" : "-N");
    return fail(std::move(err));
  };

  int start = -1;
  if (e.symbol.empty()) {
    std::vector<int> from;
    for (int v : rows) {
      if (on_branch(v)) from.push_back(v);
    }
    if (e.steps == 0) {
      t.nodes = from;
      return t;
    }
    if (from.empty() && branch >= 0 && !rows.empty()) {
      // The branch has no row of its own (it is below another row): start
      // from its topmost applied revision instead.
      // Going up, that is the branch's highest applied revision; going down,
      // an applied revision with no applied child at all (one that only a
      // dependency keeps out of the table), as Alembic does.
      std::vector<char> applied = applied_mask(rows);
      for (int v = 0; v < n; ++v) {
        if (!applied[v] || !lineage[v]) continue;
        bool top = true;
        for (int u : e.steps > 0 ? ups_[v] : children_[v]) {
          if (applied[u] && (e.steps < 0 || lineage[u])) top = false;
        }
        if (top) from.push_back(v);
      }
    }
    if (e.steps > 0) {
      if (from.size() > 1) return ambiguous(from);
      start = from.empty() ? -1 : from[0];
    } else {
      if (from.empty()) {
        return failf("Relative revision {} didn't produce {}", e.text, migrations(-e.steps));
      }
      // With several rows and no label Alembic walks down the first row's
      // branch (its docs step `downgrade -1` through two heads that way).
      if (branch >= 0 && from.size() > 1) return ambiguous(from);
      start = from[0];
      if (branch < 0) t.branch = start;
    }
  } else {
    RevisionExpr anchor = e;
    anchor.relative = false;
    anchor.steps = 0;
    STRATA_TRY(Target a, resolve_absolute(anchor, branch, rows));
    if (!a.lineage_base && a.nodes.size() > 1) {
      return failf("Relative revision {} needs one revision to start from, but '{}' names {}: {}",
                   e.text, e.symbol, a.nodes.size(), list_ids(names(a.nodes)));
    }
    start = a.lineage_base || a.nodes.empty() ? -1 : a.nodes[0];
  }
  STRATA_TRY(int end, walk(start, e.steps, e.steps > 0 ? filter : nullptr, e.text));
  if (end >= 0) t.nodes.push_back(end);
  return t;
}

// One step up goes to the only child (on the branch, when filtered), or from
// base to the only base; one step down to the only parent, or from a base to
// base. A fork on the way is an error, as is walking past either end.
Result<int> RevisionGraph::walk(int start, long steps, const std::vector<char>* lineage,
                                const std::string& expr) const {
  const int n = static_cast<int>(nodes_.size());
  const long count = steps < 0 ? -steps : steps;
  int cur = start;
  std::vector<int> next;
  for (long i = 0; i < count; ++i) {
    next.clear();
    if (steps > 0) {
      if (cur < 0) {
        for (int v = 0; v < n; ++v) {
          if (parents_[v].empty() && (!lineage || (*lineage)[v])) next.push_back(v);
        }
      } else {
        for (int c : children_[cur]) {
          if (!lineage || (*lineage)[c]) next.push_back(c);
        }
      }
    } else {
      if (cur < 0)
        next.clear();
      else if (parents_[cur].empty())
        next.push_back(-1);
      else
        next.assign(parents_[cur].begin(), parents_[cur].end());
    }
    if (next.empty())
      return failf("Relative revision {} didn't produce {}", expr, migrations(count));
    if (next.size() > 1) {
      Error err;
      if (cur < 0) {
        err.message = fmt::format("Relative revision {} is ambiguous: there are several bases ({})",
                                  expr, list_ids(names(next)));
      } else if (steps > 0) {
        err.message = fmt::format("Relative revision {} is ambiguous: {} has several children ({})",
                                  expr, nodes_[cur].id, list_ids(names(next)));
      } else {
        err.message =
            fmt::format("Relative revision {} is ambiguous: {} merges several parents ({})", expr,
                        nodes_[cur].id, list_ids(names(next)));
      }
      err.hint = "name the revision instead, or pick a branch with LABEL@+N / LABEL@-N";
      return fail(std::move(err));
    }
    cur = next[0];
  }
  return cur;
}

}  // namespace strata::detail
