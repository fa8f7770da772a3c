// Plans (upgrade, downgrade, offline ranges) and stamps over the revision
// graph, with the version table kept as Alembic keeps alembic_version.
#include <algorithm>

#include "common/strings.hpp"
#include "revision/graph.hpp"

namespace strata::detail {

Result<std::vector<Step>> RevisionGraph::plan_upgrade(const std::vector<std::string>& current_rows,
                                                      std::string_view target) const {
  STRATA_TRY(auto rows, row_indices(current_rows));
  STRATA_TRY(RevisionExpr e, parse_revision_expr(target));
  if (e.relative && e.symbol.empty() && e.steps < 0) {
    Error err;
    err.message = fmt::format("Relative revision {} goes down, not up", e.text);
    err.hint = fmt::format("run 'strata downgrade {}'", e.text);
    return fail(std::move(err));
  }
  STRATA_TRY(Target t, resolve_target(e, rows));
  return upgrade_steps(rows, t.nodes);
}

Result<std::vector<Step>> RevisionGraph::plan_downgrade(
    const std::vector<std::string>& current_rows, std::string_view target) const {
  STRATA_TRY(auto rows, row_indices(current_rows));
  STRATA_TRY(RevisionExpr e, parse_revision_expr(target));
  if (e.relative && e.symbol.empty() && e.steps > 0) {
    Error err;
    err.message = fmt::format("Relative revision {} goes up, not down", e.text);
    err.hint = fmt::format("run 'strata upgrade {}'", e.text);
    return fail(std::move(err));
  }
  STRATA_TRY(Target t, resolve_target(e, rows));
  return downgrade_steps(rows, t, e.text);
}

Result<std::vector<Step>> RevisionGraph::plan_range(std::string_view range, bool upgrade) const {
  STRATA_TRY(RevisionRange r, parse_revision_range(range));
  std::vector<int> rows;
  if (!r.lower.empty()) {
    STRATA_TRY(RevisionExpr from, parse_revision_expr(r.lower));
    STRATA_TRY(Target start, resolve_target(from, {}));
    if (!start.lineage_base) rows = start.nodes;
  } else if (!upgrade) {
    return usage_error("an offline downgrade needs the revision it starts from: FROM:TO, got '{}'",
                       range);
  }
  if (upgrade) {
    STRATA_TRY(RevisionExpr to, parse_revision_expr(r.upper.empty() ? "heads" : r.upper));
    STRATA_TRY(Target t, resolve_target(to, rows));
    return upgrade_steps(rows, t.nodes);
  }
  STRATA_TRY(RevisionExpr to, parse_revision_expr(r.upper.empty() ? "base" : r.upper));
  STRATA_TRY(Target t, resolve_target(to, rows));
  return downgrade_steps(rows, t, to.text);
}

Result<std::vector<Step>> RevisionGraph::upgrade_steps(const std::vector<int>& rows,
                                                       const std::vector<int>& targets) const {
  const size_t n = nodes_.size();
  std::vector<char> applied = applied_mask(rows);
  // Applied revisions are closed under ancestry, so the search for missing
  // ancestors can stop at the first applied one on each path.
  std::vector<char> needs(n, 0);
  std::vector<int> stack;
  for (int v : targets) {
    if (!applied[v]) stack.push_back(v);
  }
  while (!stack.empty()) {
    int v = stack.back();
    stack.pop_back();
    if (needs[v]) continue;
    needs[v] = 1;
    for (int d : downs_[v]) {
      if (!applied[d] && !needs[d]) stack.push_back(d);
    }
  }
  std::vector<int> order = newest_first(std::move(needs));
  std::reverse(order.begin(), order.end());

  std::vector<char> in_rows(n, 0);
  for (int v : rows) in_rows[v] = 1;
  std::vector<Step> steps;
  steps.reserve(order.size());
  for (int v : order) {
    Step s;
    s.revision = nodes_[v].id;
    s.upgrade = true;
    for (int d : downs_[v]) {
      if (!in_rows[d]) continue;
      in_rows[d] = 0;
      s.delete_rows.push_back(nodes_[d].id);
    }
    in_rows[v] = 1;
    s.insert_rows.push_back(nodes_[v].id);
    steps.push_back(std::move(s));
  }
  return steps;
}

Result<std::vector<Step>> RevisionGraph::downgrade_steps(const std::vector<int>& rows,
                                                         const Target& t,
                                                         const std::string& expr) const {
  const int n = static_cast<int>(nodes_.size());
  std::vector<char> applied = applied_mask(rows);
  auto at = [&] { return rows.empty() ? std::string("base") : join(names(rows), ", "); };

  // The revisions right above the target; everything applied from them up,
  // through children and dependents, goes.
  std::vector<int> roots;
  if (t.lineage_base) {
    roots = t.nodes;
  } else if (t.nodes.empty()) {
    for (int v = 0; v < n; ++v) {
      if (parents_[v].empty()) roots.push_back(v);
    }
  } else {
    if (t.nodes.size() > 1) {
      return failf("Downgrade target '{}' names several revisions ({}); name one", expr,
                   join(names(t.nodes), ", "));
    }
    int target = t.nodes[0];
    if (!applied[target]) {
      Error err;
      err.message = fmt::format(
          "Destination '{}' is not a valid downgrade target from the current revision(s) {}: "
          "{} is not applied",
          expr, at(), nodes_[target].id);
      err.hint = "a downgrade goes to an applied revision; 'strata upgrade' moves forward";
      return fail(std::move(err));
    }
    auto c = children_[target];
    roots.assign(c.begin(), c.end());
  }
  if (t.branch >= 0 && !t.lineage_base && roots.size() > 1) {
    // Leave the other branches alone: keep the roots below the branch.
    std::vector<char> below(n, 0);
    int seed[] = {t.branch};
    mark(below, seed, parents_);
    std::erase_if(roots, [&](int v) { return !below[v]; });
    if (roots.empty()) {
      return failf(
          "Destination '{}' is not a valid downgrade target from the current revision(s) {}", expr,
          at());
    }
  }
  std::vector<char> remove(n, 0);
  std::vector<int> stack;
  for (int v : roots) {
    if (applied[v]) stack.push_back(v);
  }
  while (!stack.empty()) {
    int v = stack.back();
    stack.pop_back();
    if (remove[v]) continue;
    remove[v] = 1;
    for (int u : ups_[v]) {
      if (applied[u] && !remove[u]) stack.push_back(u);
    }
  }
  if (!t.nodes.empty() && !t.lineage_base &&
      std::find(remove.begin(), remove.end(), 1) == remove.end() &&
      std::find(rows.begin(), rows.end(), t.nodes[0]) == rows.end()) {
    // As Alembic: applied, yet not a row, with nothing of its own above it
    // (it is applied because a row depends on it).
    Error err;
    err.message = fmt::format(
        "Destination '{}' is not a valid downgrade target from the current revision(s) {}: "
        "nothing above {} is applied",
        expr, at(), nodes_[t.nodes[0]].id);
    err.hint = "a revision applied only as a dependency has nothing of its own to unapply";
    return fail(std::move(err));
  }
  std::vector<int> order = newest_first(std::move(remove));

  // A revision whose last applied successor goes becomes a row again.
  std::vector<char> in_rows(n, 0);
  for (int v : rows) in_rows[v] = 1;
  std::vector<int> live_successors(n, 0);
  for (int v = 0; v < n; ++v) {
    if (!applied[v]) continue;
    for (int u : ups_[v]) live_successors[v] += applied[u] ? 1 : 0;
  }
  std::vector<Step> steps;
  steps.reserve(order.size());
  for (int v : order) {
    Step s;
    s.revision = nodes_[v].id;
    s.upgrade = false;
    if (in_rows[v]) {
      in_rows[v] = 0;
      s.delete_rows.push_back(nodes_[v].id);
    }
    applied[v] = 0;
    for (int d : downs_[v]) {
      if (!applied[d]) continue;
      if (--live_successors[d] == 0 && !in_rows[d]) {
        in_rows[d] = 1;
        s.insert_rows.push_back(nodes_[d].id);
      }
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

Result<std::vector<std::string>> RevisionGraph::stamp_rows(
    const std::vector<std::string>& current_rows, const std::vector<std::string>& targets,
    bool purge) const {
  STRATA_TRY(auto rows, row_indices(current_rows));
  std::vector<int> result;
  if (!purge) result = rows;
  auto drop_lineage = [&](int v) {
    std::vector<char> lineage = lineage_mask_all(v);
    std::erase_if(result, [&](int r) { return lineage[r] != 0; });
  };
  for (const std::string& text : targets) {
    STRATA_TRY(RevisionExpr e, parse_revision_expr(text));
    STRATA_TRY(Target t, resolve_target(e, rows));
    if (t.lineage_base || t.nodes.empty()) {
      if (t.branch < 0) {
        result.clear();
      } else {
        drop_lineage(t.branch);
      }
      continue;
    }
    for (int v : t.nodes) {
      if (std::find(result.begin(), result.end(), v) != result.end()) continue;
      drop_lineage(v);
      result.push_back(v);
    }
  }
  return names(result);
}

}  // namespace strata::detail
