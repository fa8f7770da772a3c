#include "revision/graph.hpp"

#include <algorithm>
#include <functional>
#include <queue>

#include "common/strings.hpp"

namespace strata::detail {

namespace {

constexpr std::string_view kReserved[] = {"head", "heads", "base", "current"};

bool is_reserved(std::string_view s) {
  return std::find(std::begin(kReserved), std::end(kReserved), s) != std::end(kReserved);
}

bool valid_id(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Labels may hold '-' (Neutron-style "networking-foo-expand"), but not the
// characters that split expressions, lists and ranges.
bool valid_label(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c == '@' || c == ':' || c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
  }
  return true;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string> near = closest_matches(word, candidates, 6);
  std::vector<std::string> unique;
  for (auto& c : near) {
    if (unique.size() < 3 && std::find(unique.begin(), unique.end(), c) == unique.end()) {
      unique.push_back(std::move(c));
    }
  }
  near = std::move(unique);
  if (near.empty()) return "";
  std::string out = "; did you mean ";
  for (size_t i = 0; i < near.size(); ++i) {
    if (i) out += i + 1 == near.size() ? " or " : ", ";
    out += "'" + near[i] + "'";
  }
  return out + "?";
}

}  // namespace

void RevisionGraph::Adjacency::build(size_t n, const std::vector<std::pair<int, int>>& edges) {
  start_.assign(n + 1, 0);
  for (const auto& e : edges) ++start_[e.first + 1];
  for (size_t i = 0; i < n; ++i) start_[i + 1] += start_[i];
  items_.resize(edges.size());
  std::vector<int> fill(start_.begin(), start_.end() - 1);
  for (const auto& e : edges) items_[fill[e.first]++] = e.second;
}

std::vector<std::string> RevisionGraph::all_ids() const {
  std::vector<std::string> out;
  out.reserve(nodes_.size() + label_owner_.size());
  for (const auto& n : nodes_) out.push_back(n.id);
  return out;
}

Result<RevisionGraph> RevisionGraph::build(std::vector<RevisionNode> nodes, const WhereFn& where) {
  RevisionGraph g;
  g.nodes_ = std::move(nodes);
  // Names a node's file in the errors below.
  auto where_of = [&](int v) -> std::string {
    if (where) return where(g.nodes_[v]);
    const std::string& p = g.nodes_[v].path;
    return p.empty() ? "(code migration)" : p;
  };
  const int n = static_cast<int>(g.nodes_.size());
  std::vector<std::string> problems;
  std::vector<char> duplicate(n, 0);

  g.index_.reserve(n);
  for (int i = 0; i < n; ++i) {
    const std::string& id = g.nodes_[i].id;
    if (!valid_id(id)) {
      problems.push_back(fmt::format(
          "{}: revision id '{}' is invalid: use letters, digits and '_' only", where_of(i), id));
    } else if (is_reserved(id)) {
      problems.push_back(fmt::format(
          "{}: revision id '{}' is a reserved word (head, heads, base, current)", where_of(i), id));
    }
    auto [it, inserted] = g.index_.try_emplace(id, i);
    if (!inserted) {
      duplicate[i] = 1;
      problems.push_back(fmt::format("duplicate revision id '{}' in {} and {}", id,
                                     where_of(it->second), where_of(i)));
    }
  }

  for (int i = 0; i < n; ++i) {
    if (duplicate[i]) continue;
    const RevisionNode& node = g.nodes_[i];
    for (const std::string& label : node.branch_labels) {
      if (!valid_label(label)) {
        problems.push_back(fmt::format(
            "{}: branch label '{}' of revision {} is invalid: it may not be empty or hold "
            "'@', ':', ',' or blanks",
            where_of(i), label, node.id));
        continue;
      }
      if (is_reserved(label)) {
        problems.push_back(
            fmt::format("{}: branch label '{}' of revision {} is a reserved word (head, heads, "
                        "base, current)",
                        where_of(i), label, node.id));
        continue;
      }
      if (auto it = g.index_.find(label); it != g.index_.end()) {
        problems.push_back(
            fmt::format("{}: branch label '{}' of revision {} is also the id of revision {} ({})",
                        where_of(i), label, node.id, label, where_of(it->second)));
        continue;
      }
      auto [it, inserted] = g.label_owner_.try_emplace(label, i);
      if (!inserted && it->second != i) {
        problems.push_back(fmt::format("branch label '{}' is used by both {} ({}) and {} ({})",
                                       label, g.nodes_[it->second].id, where_of(it->second),
                                       node.id, where_of(i)));
      }
    }
  }

  std::vector<std::string> hint_ids;  // filled on the first missing reference
  auto suggestions = [&](std::string_view word, bool with_labels) {
    if (hint_ids.empty()) hint_ids = g.all_ids();
    if (!with_labels) return did_you_mean(word, hint_ids);
    std::vector<std::string> labels;
    for (const auto& [label, owner] : g.label_owner_) labels.emplace_back(label);
    std::sort(labels.begin(), labels.end());
    std::vector<std::string> all = hint_ids;
    all.insert(all.end(), labels.begin(), labels.end());
    return did_you_mean(word, all);
  };

  std::vector<std::pair<int, int>> parent_edges, dep_edges, down_edges;
  parent_edges.reserve(n);
  down_edges.reserve(n);
  std::vector<int> downs;
  for (int i = 0; i < n; ++i) {
    if (duplicate[i]) continue;
    const RevisionNode& node = g.nodes_[i];
    downs.clear();
    for (const std::string& p : node.parents) {
      int j = g.find(p);
      if (j < 0) {
        problems.push_back(fmt::format("{}: revision {} revises '{}', which no migration has{}",
                                       where_of(i), node.id, p, suggestions(p, false)));
        continue;
      }
      if (std::find(downs.begin(), downs.end(), j) != downs.end()) continue;
      downs.push_back(j);
      parent_edges.emplace_back(i, j);
    }
    for (const std::string& d : node.depends_on) {
      int j = g.find(d);
      if (j < 0) {
        if (auto it = g.label_owner_.find(d); it != g.label_owner_.end()) j = it->second;
      }
      if (j < 0) {
        problems.push_back(fmt::format(
            "{}: revision {} depends on '{}', which is neither a revision nor a branch label{}",
            where_of(i), node.id, d, suggestions(d, true)));
        continue;
      }
      if (std::find(downs.begin(), downs.end(), j) != downs.end()) continue;
      downs.push_back(j);
      dep_edges.emplace_back(i, j);
    }
    for (int j : downs) down_edges.emplace_back(i, j);
  }

  auto reversed = [](const std::vector<std::pair<int, int>>& edges) {
    std::vector<std::pair<int, int>> out;
    out.reserve(edges.size());
    for (const auto& e : edges) out.emplace_back(e.second, e.first);
    return out;
  };
  g.parents_.build(n, parent_edges);
  // As Alembic does, a dependency that an ancestor (through `revises`)
  // declares too is dropped from the revision's own edges: every revision
  // reaches the same ones, but listings and plans walk the edges that remain
  // (Alembic's "normalized" dependencies). Only a target with several
  // dependents can be inherited, so the walks up `revises` are rare.
  if (!dep_edges.empty()) {
    std::vector<std::vector<int>> dependers(n);
    for (const auto& [from, to] : dep_edges) dependers[to].push_back(from);
    std::vector<int> seen(n, 0);
    int walk = 0;
    std::vector<int> stack;
    auto parent_ancestor = [&](int a, int of) {  // a reached from `of` through parents_
      ++walk;
      stack.assign(g.parents_[of].begin(), g.parents_[of].end());
      while (!stack.empty()) {
        int v = stack.back();
        stack.pop_back();
        if (v == a) return true;
        if (seen[v] == walk) continue;
        seen[v] = walk;
        for (int p : g.parents_[v]) stack.push_back(p);
      }
      return false;
    };
    std::vector<std::pair<int, int>> inherited;
    for (const auto& [from, to] : dep_edges) {
      if (dependers[to].size() < 2) continue;
      for (int other : dependers[to]) {
        if (other != from && parent_ancestor(other, from)) {
          inherited.emplace_back(from, to);
          break;
        }
      }
    }
    if (!inherited.empty()) {
      std::sort(inherited.begin(), inherited.end());
      std::erase_if(down_edges, [&](const std::pair<int, int>& e) {
        return std::binary_search(inherited.begin(), inherited.end(), e);
      });
    }
  }
  g.downs_.build(n, down_edges);
  g.children_.build(n, reversed(parent_edges));
  g.dependents_.build(n, reversed(dep_edges));
  g.ups_.build(n, reversed(down_edges));

  // Kahn's algorithm; the min-heap keeps ties in input order.
  std::vector<int> indegree(n);
  std::priority_queue<int, std::vector<int>, std::greater<>> ready;
  for (int v = 0; v < n; ++v) {
    indegree[v] = static_cast<int>(g.downs_[v].size());
    if (indegree[v] == 0) ready.push(v);
  }
  g.topo_.reserve(n);
  while (!ready.empty()) {
    int v = ready.top();
    ready.pop();
    g.topo_.push_back(v);
    for (int u : g.ups_[v]) {
      if (--indegree[u] == 0) ready.push(u);
    }
  }

  if (static_cast<int>(g.topo_.size()) < n) {
    // Every node left has a predecessor left, so walking predecessors from
    // any of them must come back on itself: that loop is a cycle to report.
    std::vector<int> walk_of(n, 0);
    for (int v : g.topo_) walk_of[v] = -1;
    int walk = 0;
    std::vector<int> path;
    for (int s = 0; s < n; ++s) {
      if (walk_of[s] != 0) continue;
      ++walk;
      path.clear();
      int v = s;
      while (walk_of[v] == 0) {
        walk_of[v] = walk;
        path.push_back(v);
        int next = -1;
        for (int d : g.downs_[v]) {
          if (walk_of[d] != -1) {
            next = d;
            break;
          }
        }
        v = next;
      }
      if (walk_of[v] != walk) continue;
      std::vector<int> cycle(std::find(path.begin(), path.end(), v), path.end());
      std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
      std::string text =
          fmt::format("cycle in revisions: {} ({})", g.nodes_[cycle[0]].id, where_of(cycle[0]));
      for (size_t k = 0; k < cycle.size(); ++k) {
        int from = cycle[k];
        int to = cycle[(k + 1) % cycle.size()];
        auto ps = g.parents_[from];
        bool is_parent = std::find(ps.begin(), ps.end(), to) != ps.end();
        text += fmt::format("{}{} {}", k ? ", which " : " ", is_parent ? "revises" : "depends on",
                            g.nodes_[to].id);
        if (k + 1 < cycle.size()) text += fmt::format(" ({})", where_of(to));
      }
      problems.push_back(std::move(text));
    }
  }

  if (!problems.empty()) {
    Error e;
    e.message = join(problems, "\n");
    return fail(std::move(e));
  }

  // Branch labels. A label reaches its revision's descendants (through
  // parents), and its ancestors down a plain chain: while each revision has a
  // single parent and a single successor. down_set holds what arrives from
  // above that way; the full set adds what parents carry.
  g.label_sets_.assign(1, {});
  g.label_set_of_.assign(n, 0);
  if (!g.label_owner_.empty()) {
    for (const auto& [label, owner] : g.label_owner_) g.label_names_.emplace_back(label);
    std::sort(g.label_names_.begin(), g.label_names_.end());
    auto label_id = [&](const std::string& label) {
      return static_cast<int>(
          std::lower_bound(g.label_names_.begin(), g.label_names_.end(), label) -
          g.label_names_.begin());
    };
    // Unions reuse a source set when it already holds everything, so a merge
    // below labelled branches shares its parents' set instead of copying it.
    auto unite = [&](std::vector<int> ids) {
      std::vector<int> out;
      int largest = ids[0];
      for (int id : ids) {
        const auto& s = g.label_sets_[id];
        out.insert(out.end(), s.begin(), s.end());
        if (s.size() > g.label_sets_[largest].size()) largest = id;
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      if (out.size() == g.label_sets_[largest].size()) return largest;
      g.label_sets_.push_back(std::move(out));
      return static_cast<int>(g.label_sets_.size() - 1);
    };
    auto plain = [&](int v) { return g.ups_[v].size() <= 1 && g.parents_[v].size() <= 1; };
    std::vector<int> own(n, 0), down_set(n, 0);
    for (int v = 0; v < n; ++v) {
      std::vector<int> ids;
      for (const std::string& label : g.nodes_[v].branch_labels) ids.push_back(label_id(label));
      if (ids.empty()) continue;
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      g.label_sets_.push_back(std::move(ids));
      own[v] = static_cast<int>(g.label_sets_.size() - 1);
    }
    for (auto it = g.topo_.rbegin(); it != g.topo_.rend(); ++it) {
      int v = *it;
      int above = 0;
      if (plain(v) && g.ups_[v].size() == 1) {
        int s = g.ups_[v][0];
        if (plain(s) && g.parents_[s].size() == 1 && g.parents_[s][0] == v) above = down_set[s];
      }
      if (own[v] == 0) {
        down_set[v] = above;
      } else {
        down_set[v] = above == 0 ? own[v] : unite({own[v], above});
      }
    }
    std::vector<int> sources;
    for (int v : g.topo_) {
      sources.clear();
      if (down_set[v]) sources.push_back(down_set[v]);
      for (int p : g.parents_[v]) {
        int s = g.label_set_of_[p];
        if (s && std::find(sources.begin(), sources.end(), s) == sources.end())
          sources.push_back(s);
      }
      if (sources.empty()) continue;
      g.label_set_of_[v] = sources.size() == 1 ? sources[0] : unite(sources);
    }
  }
  return g;
}

int RevisionGraph::find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

const RevisionNode* RevisionGraph::node(std::string_view id) const {
  int v = find(id);
  return v < 0 ? nullptr : &nodes_[v];
}

std::vector<std::string> RevisionGraph::names(const std::vector<int>& idx) const {
  std::vector<std::string> out;
  out.reserve(idx.size());
  for (int v : idx) out.push_back(nodes_[v].id);
  return out;
}

std::vector<std::string> RevisionGraph::heads() const {
  std::vector<std::string> out;
  for (size_t v = 0; v < nodes_.size(); ++v) {
    if (children_[static_cast<int>(v)].empty()) out.push_back(nodes_[v].id);
  }
  return out;
}

std::vector<std::string> RevisionGraph::real_heads() const {
  std::vector<std::string> out;
  for (size_t v = 0; v < nodes_.size(); ++v) {
    if (ups_[static_cast<int>(v)].empty()) out.push_back(nodes_[v].id);
  }
  return out;
}

std::vector<std::string> RevisionGraph::bases() const {
  std::vector<std::string> out;
  for (size_t v = 0; v < nodes_.size(); ++v) {
    if (parents_[static_cast<int>(v)].empty()) out.push_back(nodes_[v].id);
  }
  return out;
}

std::vector<std::string> RevisionGraph::branch_points() const {
  std::vector<std::string> out;
  for (size_t v = 0; v < nodes_.size(); ++v) {
    if (children_[static_cast<int>(v)].size() > 1) out.push_back(nodes_[v].id);
  }
  return out;
}

std::vector<std::string> RevisionGraph::children(std::string_view id) const {
  int v = find(id);
  if (v < 0) return {};
  auto c = children_[v];
  return names(std::vector<int>(c.begin(), c.end()));
}

std::vector<std::string> RevisionGraph::dependents(std::string_view id) const {
  int v = find(id);
  if (v < 0) return {};
  auto d = dependents_[v];
  return names(std::vector<int>(d.begin(), d.end()));
}

RevisionGraph::Description RevisionGraph::describe(std::string_view id) const {
  Description out;
  int v = find(id);
  if (v < 0) return out;
  out.node = &nodes_[v];
  out.shape = shape_of(v);
  out.label_set = label_set_of_[v];
  for (int l : label_sets_[out.label_set]) out.labels.push_back(label_names_[l]);
  return out;
}

void RevisionGraph::describe_at(int v, Description& out) const {
  out.node = &nodes_[v];
  out.shape = shape_of(v);
  if (out.label_set == label_set_of_[v]) return;
  out.label_set = label_set_of_[v];
  const auto& set = label_sets_[out.label_set];
  out.labels.resize(set.size());
  for (size_t i = 0; i < set.size(); ++i) out.labels[i] = label_names_[set[i]];
}

RevisionGraph::Shape RevisionGraph::shape(std::string_view id) const {
  int v = find(id);
  return v < 0 ? Shape{} : shape_of(v);
}

RevisionGraph::Shape RevisionGraph::shape_of(int v) const {
  Shape out;
  out.head = children_[v].empty();
  out.real_head = ups_[v].empty();
  out.base = parents_[v].empty();
  out.branch_point = children_[v].size() > 1;
  out.merge_point = parents_[v].size() > 1;
  return out;
}

bool RevisionGraph::is_head(std::string_view id) const {
  int v = find(id);
  return v >= 0 && children_[v].empty();
}

bool RevisionGraph::is_real_head(std::string_view id) const {
  int v = find(id);
  return v >= 0 && ups_[v].empty();
}

bool RevisionGraph::is_base(std::string_view id) const {
  int v = find(id);
  return v >= 0 && parents_[v].empty();
}

bool RevisionGraph::is_branch_point(std::string_view id) const {
  int v = find(id);
  return v >= 0 && children_[v].size() > 1;
}

bool RevisionGraph::is_merge_point(std::string_view id) const {
  int v = find(id);
  return v >= 0 && parents_[v].size() > 1;
}

std::vector<std::string> RevisionGraph::labels(std::string_view id) const {
  int v = find(id);
  if (v < 0) return {};
  std::vector<std::string> out;
  for (int l : label_sets_[label_set_of_[v]]) out.push_back(label_names_[l]);
  return out;
}

std::vector<std::string> RevisionGraph::topological_order() const { return names(topo_); }

Result<std::vector<int>> RevisionGraph::row_indices(const std::vector<std::string>& rows) const {
  std::vector<int> out;
  std::vector<std::string> unknown;
  std::vector<char> seen(nodes_.size(), 0);
  out.reserve(rows.size());
  for (const std::string& r : rows) {
    int v = find(r);
    if (v < 0) {
      unknown.push_back(r);
    } else if (!seen[v]) {
      seen[v] = 1;
      out.push_back(v);
    }
  }
  if (unknown.empty()) return out;
  Error e;
  e.message =
      unknown.size() == 1
          ? fmt::format("The database is at revision {}, which no migration file has", unknown[0])
          : fmt::format("The database is at revisions {}, which no migration file has",
                        join(unknown, ", "));
  e.hint =
      "pull the latest migrations (or check out the branch that wrote them); `strata stamp` can "
      "reset the version table";
  return fail(std::move(e));
}

void RevisionGraph::mark(std::vector<char>& marks, std::span<const int> seeds,
                         const Adjacency& adj) const {
  std::vector<int> stack(seeds.begin(), seeds.end());
  while (!stack.empty()) {
    int v = stack.back();
    stack.pop_back();
    if (marks[v]) continue;
    marks[v] = 1;
    for (int u : adj[v]) {
      if (!marks[u]) stack.push_back(u);
    }
  }
}

std::vector<char> RevisionGraph::applied_mask(const std::vector<int>& rows) const {
  std::vector<char> applied(nodes_.size(), 0);
  mark(applied, rows, downs_);
  return applied;
}

std::vector<char> RevisionGraph::lineage_mask(int v) const {
  std::vector<char> up(nodes_.size(), 0), down(nodes_.size(), 0);
  int seed[] = {v};
  mark(down, seed, parents_);
  mark(up, seed, children_);
  for (size_t i = 0; i < up.size(); ++i) up[i] |= down[i];
  return up;
}

std::vector<char> RevisionGraph::lineage_mask_all(int v) const {
  std::vector<char> up(nodes_.size(), 0), down(nodes_.size(), 0);
  int seed[] = {v};
  mark(down, seed, downs_);
  mark(up, seed, ups_);
  for (size_t i = 0; i < up.size(); ++i) up[i] |= down[i];
  return up;
}

Result<std::vector<std::string>> RevisionGraph::applied_set(
    const std::vector<std::string>& current_rows) const {
  STRATA_TRY(auto rows, row_indices(current_rows));
  std::vector<char> applied = applied_mask(rows);
  std::vector<int> out;
  for (int v : topo_) {
    if (applied[v]) out.push_back(v);
  }
  return names(out);
}

// Alembic's order: keep a list of pending heads and walk down from the
// current one while the revision reached has nothing left above it; when it
// still has (another branch must come first), move to the first pending head,
// in list order, that has it among its ancestors, and go on from there.
// Each revision waits on a counter of its unemitted successors, and the head
// to move to is found by a walk up from the blocked revision through the
// unemitted ones, so the whole walk stays near-linear instead of Alembic's
// ancestor-set scans.
std::vector<int> RevisionGraph::newest_first(std::vector<char> todo) const {
  const int n = static_cast<int>(nodes_.size());
  std::vector<int> pending(n, 0);
  size_t total = 0;
  for (int v = 0; v < n; ++v) {
    if (!todo[v]) continue;
    ++total;
    for (int u : ups_[v]) pending[v] += todo[u] ? 1 : 0;
  }
  std::vector<int> next(n, -1), prev(n, -1);
  std::vector<char> listed(n, 0);
  int first = -1, last = -1;
  auto append = [&](int v) {
    prev[v] = last;
    next[v] = -1;
    if (last >= 0)
      next[last] = v;
    else
      first = v;
    last = v;
    listed[v] = 1;
  };
  auto unlink = [&](int v) {
    if (prev[v] >= 0)
      next[prev[v]] = next[v];
    else
      first = next[v];
    if (next[v] >= 0)
      prev[next[v]] = prev[v];
    else
      last = prev[v];
    listed[v] = 0;
  };
  auto replace = [&](int old, int v) {
    prev[v] = prev[old];
    next[v] = next[old];
    if (prev[v] >= 0)
      next[prev[v]] = v;
    else
      first = v;
    if (next[v] >= 0)
      prev[next[v]] = v;
    else
      last = v;
    listed[old] = 0;
    listed[v] = 1;
  };
  for (int v = 0; v < n; ++v) {
    if (todo[v] && pending[v] == 0) append(v);
  }
  std::vector<int> out;
  out.reserve(total);
  std::vector<int> added;
  std::vector<int> above(n, 0);  // above[v] == walk: v is an unemitted descendant of cur
  int walk = 0;
  std::vector<int> stack;
  int cur = first;
  while (first >= 0) {
    if (pending[cur] > 0) {
      above[cur] = ++walk;
      stack.assign(1, cur);
      while (!stack.empty()) {
        int v = stack.back();
        stack.pop_back();
        for (int u : ups_[v]) {
          if (todo[u] && above[u] != walk) {
            above[u] = walk;
            stack.push_back(u);
          }
        }
      }
      int u = first;
      while (u >= 0 && (u == cur || above[u] != walk)) u = next[u];
      if (u < 0) break;  // only a cycle could block every head; build() rejects those
      cur = u;
      continue;  // the head moved to may wait on another one in turn
    }
    out.push_back(cur);
    todo[cur] = 0;
    added.clear();
    for (int d : downs_[cur]) {
      if (!todo[d]) continue;
      --pending[d];
      if (!listed[d]) added.push_back(d);
    }
    if (added.empty()) {
      int back = prev[cur];
      unlink(cur);
      cur = back >= 0 ? back : first;
    } else {
      replace(cur, added[0]);
      for (size_t i = 1; i < added.size(); ++i) append(added[i]);
      cur = added[0];
    }
  }
  return out;
}

}  // namespace strata::detail
