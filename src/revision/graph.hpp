// The revision graph: every migration is a node, `revises` (parents) and
// `depends-on` make a DAG, and the expression grammar, plans, stamps and
// history read it with Alembic's semantics (DESIGN section 4; Alembic's
// "Working with Branches" chapter is the reference for every behaviour).
//
// Pure: no files, no database, no clock. Built once; afterwards every method
// is const and safe to call from several threads at once. Every operation is
// linear or near-linear in the number of revisions and iterative (no
// recursion), so 10,000-deep chains are fine.
//
// Vocabulary:
//  - parents: the `revises` list. children: revisions that revise this one.
//  - depends-on: an ordering edge that is not a merge; dependents are the
//    revisions that depend on this one.
//  - head: a revision with no children (Alembic's `heads` listing, which shows
//    "effective heads" that only have dependents). real head: no children and
//    no dependents. base: a revision with no parents.
//  - version rows: the version table holds one row per applied head, as
//    alembic_version does: the applied revisions that no other applied
//    revision revises or depends on.
//  - ties: whenever several orders are valid, revisions come in input order.
//    The caller passes nodes in a deterministic order (folders in config
//    order, files sorted by name, as Alembic loads them).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "revision/expression.hpp"

namespace strata::detail {

struct RevisionNode {
  std::string id;
  std::vector<std::string> parents;     // `revises`; empty = a base
  std::vector<std::string> depends_on;  // revision ids or branch labels
  std::vector<std::string> branch_labels;
  std::string path;  // file it came from, for errors; "" for code migrations (see build)
  size_t tag = 0;    // the caller's own index for this revision, kept as given
};

// One migration of a plan and the version-table change that must commit with
// it. An UPDATE-minded runner may pair the last deleted row with the last
// inserted row (that is exactly the UPDATE Alembic emits) and run the other
// rows as DELETEs and INSERTs.
struct Step {
  std::string revision;
  bool upgrade = true;
  std::vector<std::string> delete_rows;
  std::vector<std::string> insert_rows;

  bool operator==(const Step&) const = default;
};

class RevisionGraph {
 public:
  // Validates and indexes. One Error lists every problem on its own line, each
  // naming the files involved: duplicate ids, invalid or reserved ids, a
  // missing parent or dependency (with "did you mean"), cycles, a branch label
  // used twice or equal to a revision id. `where` names a node's file in
  // those errors (called only when there is one); without it, node.path. A
  // caller that keeps the paths elsewhere passes it and spares a copy of
  // every path on every build.
  using WhereFn = std::function<std::string(const RevisionNode&)>;
  static Result<RevisionGraph> build(std::vector<RevisionNode> nodes, const WhereFn& where = {});

  // Move-only: its indexes point into its own nodes. Share it by reference
  // or through a shared_ptr.
  RevisionGraph(RevisionGraph&&) noexcept = default;
  RevisionGraph& operator=(RevisionGraph&&) noexcept = default;
  RevisionGraph(const RevisionGraph&) = delete;
  RevisionGraph& operator=(const RevisionGraph&) = delete;

  size_t size() const { return nodes_.size(); }
  bool empty() const { return nodes_.empty(); }
  bool contains(std::string_view id) const { return find(id) >= 0; }
  // The input node, or nullptr for an unknown id.
  const RevisionNode* node(std::string_view id) const;

  std::vector<std::string> heads() const;
  std::vector<std::string> real_heads() const;
  std::vector<std::string> bases() const;
  std::vector<std::string> branch_points() const;  // revisions with several children
  std::vector<std::string> children(std::string_view id) const;
  std::vector<std::string> dependents(std::string_view id) const;
  // Every shape flag of one revision with a single lookup (for listings of
  // the whole history); all false for an unknown id.
  struct Shape {
    bool head = false, real_head = false, base = false, branch_point = false, merge_point = false;
  };
  Shape shape(std::string_view id) const;
  // node(), shape() and labels() of one revision with a single lookup;
  // node is null for an unknown id.
  struct Description {
    const RevisionNode* node = nullptr;
    Shape shape;
    std::vector<std::string> labels;
    // Revisions along one branch share their labels: equal ids, equal
    // `labels`. describe_at() copies the labels only when the id changes.
    int label_set = -1;
  };
  Description describe(std::string_view id) const;
  // The same by node index (0 <= v < size()), filling `out` in place so a
  // listing of the whole graph reuses one Description's storage.
  void describe_at(int v, Description& out) const;
  // history() as node indices, for listings that then use describe_at().
  Result<std::vector<int>> history_nodes(std::string_view range,
                                         const std::vector<std::string>& current_rows) const;
  // The ids of node indices.
  std::vector<std::string> names(const std::vector<int>& idx) const;
  bool is_head(std::string_view id) const;
  bool is_real_head(std::string_view id) const;
  bool is_base(std::string_view id) const;
  bool is_branch_point(std::string_view id) const;
  bool is_merge_point(std::string_view id) const;
  // Branch labels carried by a revision, sorted: its own, those of its
  // ancestors (inherited along the branch), and those of a labelled
  // descendant reached without crossing a branch point or merge point.
  std::vector<std::string> labels(std::string_view id) const;
  // Every revision, parents before children.
  std::vector<std::string> topological_order() const;

  // Resolves an expression to revision ids (empty = base). `current_rows` are
  // the version table's rows, used by `current`, `+N`, `-N`, `LABEL@+N`.
  // Errors (kFailure) quote the expression: unknown id (with "did you mean"),
  // ambiguous prefix (listing candidates), prefix under 4 characters, several
  // heads for `head`, a relative walk that passes base or head or meets a
  // fork; and a row no revision has.
  Result<std::vector<std::string>> resolve(std::string_view expr,
                                           const std::vector<std::string>& current_rows) const;

  // All revisions applied when the table holds `current_rows`: the rows and
  // their ancestors through parents and dependencies, parents first.
  Result<std::vector<std::string>> applied_set(const std::vector<std::string>& current_rows) const;

  // Applies every not-yet-applied ancestor-or-self of the target(s), parents
  // first. A target already applied gives an empty plan.
  Result<std::vector<Step>> plan_upgrade(const std::vector<std::string>& current_rows,
                                         std::string_view target) const;
  // Unapplies every applied revision above the target (not the target),
  // children first, including revisions that depend on them, and leaves other
  // branches alone. `base` unapplies everything, `LABEL@base` one lineage,
  // `-N` walks down the first row's branch (Alembic), `LABEL@-N` that
  // branch's row.
  Result<std::vector<Step>> plan_downgrade(const std::vector<std::string>& current_rows,
                                           std::string_view target) const;
  // Offline (`--sql`) plans: upgrade `A:B` runs from A (`base` or empty = an
  // empty table) to B; downgrade `B:A` runs from B down to A.
  Result<std::vector<Step>> plan_range(std::string_view range, bool upgrade) const;

  // The version rows after `stamp TARGET...`: each target replaces the rows on
  // its lineage (ancestors or descendants) or joins as a new row; `base`
  // clears the table, `LABEL@base` that lineage's rows; `purge` starts from an
  // empty table.
  Result<std::vector<std::string>> stamp_rows(const std::vector<std::string>& current_rows,
                                              const std::vector<std::string>& targets,
                                              bool purge) const;

  // Revisions newest first, walking down from the heads, children before
  // parents (Alembic's `history` order). `range`: "" = all; "A:B" = ancestors-
  // or-self of B that descend from or are A; ":B" and "A:" leave an end open.
  Result<std::vector<std::string>> history(std::string_view range,
                                           const std::vector<std::string>& current_rows) const;

  // For revisions in newest-first order (as from history()), the graph prefix
  // of each one, like `git log --graph`: `*` marks the revision, `|` a line
  // passing by, `/` `\` forks and joins. When lines must bend before a
  // revision, its prefix starts with those lines, each ending in '\n'; the
  // last line holds the `*`. Trailing blanks are trimmed. O(n * width).
  std::vector<std::string> draw_graph(const std::vector<std::string>& order) const;

 private:
  // Compressed adjacency lists: the neighbours of v are items[start[v], start[v+1]).
  class Adjacency {
   public:
    void build(size_t n, const std::vector<std::pair<int, int>>& edges);
    std::span<const int> operator[](int v) const {
      return {items_.data() + start_[v], items_.data() + start_[v + 1]};
    }

   private:
    std::vector<int> start_;
    std::vector<int> items_;
  };

  // Keys view the ids and labels held in nodes_, whose buffers never move.
  using IdMap = std::unordered_map<std::string_view, int>;

  // A resolved expression. `nodes` empty = base. `lineage_base`: the nodes are
  // the bases of one lineage (`LABEL@base`), which downgrade and stamp read as
  // "below them". `branch` (-1 = none) confines a downgrade to one branch.
  struct Target {
    std::vector<int> nodes;
    bool lineage_base = false;
    int branch = -1;
  };

  RevisionGraph() = default;

  int find(std::string_view id) const;
  Shape shape_of(int v) const;
  std::vector<std::string> all_ids() const;

  Result<std::vector<int>> row_indices(const std::vector<std::string>& rows) const;
  std::vector<char> applied_mask(const std::vector<int>& rows) const;
  // Marks everything reachable from `seeds` (seeds included) along `adj`.
  void mark(std::vector<char>& marks, std::span<const int> seeds, const Adjacency& adj) const;
  std::vector<char> lineage_mask(int v) const;      // ancestors + descendants via parents
  std::vector<char> lineage_mask_all(int v) const;  // same, through dependencies too
  std::vector<int> newest_first(std::vector<char> todo) const;

  Result<Target> resolve_target(const RevisionExpr& e, const std::vector<int>& rows) const;
  Result<Target> resolve_absolute(const RevisionExpr& e, int branch,
                                  const std::vector<int>& rows) const;
  Result<Target> resolve_relative(const RevisionExpr& e, int branch,
                                  const std::vector<int>& rows) const;
  Result<int> resolve_branch(const std::string& label) const;
  Result<int> lookup(const std::string& symbol, const std::string& expr,
                     const std::vector<char>* lineage) const;
  Result<int> walk(int start, long steps, const std::vector<char>* lineage,
                   const std::string& expr) const;

  Result<std::vector<Step>> upgrade_steps(const std::vector<int>& rows,
                                          const std::vector<int>& targets) const;
  Result<std::vector<Step>> downgrade_steps(const std::vector<int>& rows, const Target& t,
                                            const std::string& expr) const;

  std::vector<RevisionNode> nodes_;
  IdMap index_;
  IdMap label_owner_;
  Adjacency parents_;                         // `revises`, in declared order
  Adjacency downs_;                           // parents then dependencies
  Adjacency children_;                        // reverse of parents_, in input order
  Adjacency dependents_;                      // reverse of dependencies
  Adjacency ups_;                             // reverse of downs_: children and dependents
  std::vector<int> topo_;                     // parents first, ties in input order
  std::vector<std::string> label_names_;      // label id -> name, sorted
  std::vector<std::vector<int>> label_sets_;  // pool of sorted label-id sets; [0] = {}
  std::vector<int> label_set_of_;             // node -> index in label_sets_
};

}  // namespace strata::detail
