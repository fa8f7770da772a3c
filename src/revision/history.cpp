// History listings and their `--graph` drawing.
#include <algorithm>

#include "common/strings.hpp"
#include "revision/graph.hpp"

namespace strata::detail {

Result<std::vector<std::string>> RevisionGraph::history(
    std::string_view range, const std::vector<std::string>& current_rows) const {
  STRATA_TRY(auto nodes, history_nodes(range, current_rows));
  return names(nodes);
}

Result<std::vector<int>> RevisionGraph::history_nodes(
    std::string_view range, const std::vector<std::string>& current_rows) const {
  STRATA_TRY(auto rows, row_indices(current_rows));
  const size_t n = nodes_.size();
  if (trim(range).empty()) return newest_first(std::vector<char>(n, 1));

  STRATA_TRY(RevisionRange r, parse_revision_range(range));
  STRATA_TRY(RevisionExpr upper, parse_revision_expr(r.upper.empty() ? "heads" : r.upper));
  STRATA_TRY(Target top, resolve_target(upper, rows));
  std::vector<char> todo(n, 0);
  mark(todo, top.nodes, downs_);
  if (!r.lower.empty()) {
    STRATA_TRY(RevisionExpr lower, parse_revision_expr(r.lower));
    STRATA_TRY(Target bottom, resolve_target(lower, rows));
    if (!bottom.nodes.empty()) {
      for (int v : bottom.nodes) {
        if (!todo[v]) {
          return failf("Range '{}' does not work: {} is not an ancestor of {}", trim(range),
                       nodes_[v].id,
                       r.upper.empty() ? std::string("any head") : "'" + r.upper + "'");
        }
      }
      // Alembic bounds the lower end through parents only, so a revision
      // that merely depends on the range stays out of it.
      std::vector<char> above(n, 0);
      mark(above, bottom.nodes, children_);
      for (size_t v = 0; v < n; ++v) todo[v] &= above[v];
    }
  }
  return newest_first(std::move(todo));
}

namespace {

// Puts a line character, drawing crossing diagonals as 'X'.
void put(std::string& row, size_t at, char c) {
  if (row.size() <= at) row.resize(at + 1, ' ');
  char& cell = row[at];
  if (cell == ' ' || cell == c) {
    cell = c;
  } else if ((cell == '/' && c == '\\') || (cell == '\\' && c == '/')) {
    cell = 'X';
  }
}

// Lines that move each edge (from column, to column) one column per line
// until all sit where they go. Column k is drawn at character 2k.
std::string bend_lines(std::vector<std::pair<int, int>> edges) {
  std::string out;
  while (true) {
    bool moving = false;
    for (const auto& e : edges) moving |= e.first != e.second;
    if (!moving) break;
    std::string row;
    for (auto& e : edges) {
      if (e.first < e.second) {
        put(row, 2 * e.first + 1, '\\');
        ++e.first;
      } else if (e.first > e.second) {
        put(row, 2 * e.first - 1, '/');
        --e.first;
      } else {
        put(row, 2 * e.first, '|');
      }
    }
    out += std::string(trim_right(row));
    out += '\n';
  }
  return out;
}

}  // namespace

std::vector<std::string> RevisionGraph::draw_graph(const std::vector<std::string>& order) const {
  const int n = static_cast<int>(nodes_.size());
  const int count = static_cast<int>(order.size());
  // Unknown ids get keys past the graph's nodes and are drawn without edges.
  std::vector<int> key(count);
  std::vector<int> position(n, -1);
  for (int k = 0; k < count; ++k) {
    int v = find(order[k]);
    key[k] = v >= 0 ? v : n + k;
    if (v >= 0 && position[v] < 0) position[v] = k;
  }
  std::vector<int> cols;  // the revision each column waits for
  std::vector<int> fresh, joins, next_cols;
  std::vector<std::pair<int, int>> edges;
  std::vector<std::string> out;
  out.reserve(count);
  std::string bends;
  for (int k = 0; k < count; ++k) {
    const int v = key[k];
    int c = static_cast<int>(std::find(cols.begin(), cols.end(), v) - cols.begin());
    if (c == static_cast<int>(cols.size())) cols.push_back(v);
    std::string line;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) line += ' ';
      line += static_cast<int>(i) == c ? '*' : '|';
    }
    out.push_back(bends + line);

    // Parents still to come take this column (the first) or open new ones
    // right of it; a parent another column already waits for is a join.
    fresh.clear();
    joins.clear();
    if (v < n) {
      for (int p : parents_[v]) {
        if (position[p] <= k) continue;
        int j = static_cast<int>(std::find(cols.begin(), cols.end(), p) - cols.begin());
        if (j < static_cast<int>(cols.size())) {
          joins.push_back(j);
        } else if (std::find(fresh.begin(), fresh.end(), p) == fresh.end()) {
          fresh.push_back(p);
        }
      }
    }
    const int m = static_cast<int>(fresh.size());
    auto moved = [&](int i) { return i < c ? i : i + m - 1; };
    next_cols.assign(cols.begin(), cols.begin() + c);
    next_cols.insert(next_cols.end(), fresh.begin(), fresh.end());
    next_cols.insert(next_cols.end(), cols.begin() + c + 1, cols.end());
    edges.clear();
    for (int i = 0; i < static_cast<int>(cols.size()); ++i) {
      if (i != c) edges.emplace_back(i, moved(i));
    }
    for (int j = 0; j < m; ++j) edges.emplace_back(c, c + j);
    for (int j : joins) edges.emplace_back(c, moved(j));
    bends = bend_lines(edges);
    cols.swap(next_cols);
  }
  return out;
}

}  // namespace strata::detail
