// strata history, heads, branches, show
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "cli/context.hpp"
#include "common/strings.hpp"

namespace strata::cli {

namespace {
// Prints revisions one at a time as text or JSON, so `history` streams a
// large graph without holding every revision's info. Text goes out in
// chunks of 64 KiB.
class RevisionPrinter {
 public:
  RevisionPrinter(Context& ctx, const char* key, const std::unordered_set<std::string>& current,
                  bool verbose, const std::vector<std::string>* graph)
      : ctx_(ctx), current_(current), verbose_(verbose), graph_(graph), w_(ctx.json_writer()) {
    if (ctx_.g.json) w_.begin_object().key(key).begin_array();
    else out_.reserve(kChunk + 4096);
  }

  void add(const RevisionInfo& r) {
    const size_t i = index_++;
    if (ctx_.g.json) {
      ctx_.revision_json(w_, r);
      return;
    }
    bool cur = !current_.empty() && current_.count(r.id) > 0;
    if (graph_) {
      std::string s = (*graph_)[i] + " " + ctx_.out_style.bold(r.id);
      if (!r.branch_labels.empty()) s += " (" + detail::join(r.branch_labels, ", ") + ")";
      if (r.is_head) s += ctx_.out_style.green(" (head)");
      if (cur) s += ctx_.out_style.cyan(" (current)");
      out_ += s + " " + r.message + "\n";
    } else if (verbose_) {
      out_ += ctx_.revision_block(r, cur) + "\n";
    } else {
      ctx_.append_history_line(out_, r, cur);
    }
    if (out_.size() >= kChunk) {
      ctx_.print(out_);
      out_.clear();
    }
  }

  void finish() {
    if (!ctx_.g.json) {
      ctx_.print(out_);
      return;
    }
    w_.end_array();
    if (!current_.empty()) {
      std::vector<std::string> cur(current_.begin(), current_.end());
      std::sort(cur.begin(), cur.end());
      w_.member("current", cur);
    }
    w_.end_object();
    ctx_.print_json(w_);
  }

 private:
  static constexpr size_t kChunk = 64 * 1024;
  Context& ctx_;
  const std::unordered_set<std::string>& current_;
  bool verbose_;
  const std::vector<std::string>* graph_;
  detail::JsonWriter w_;
  std::string out_;
  size_t index_ = 0;
};

void print_revisions(Context& ctx, const char* key, const std::vector<RevisionInfo>& revs,
                     const std::unordered_set<std::string>& current, bool verbose,
                     const std::vector<std::string>* graph) {
  RevisionPrinter p(ctx, key, current, verbose, graph);
  for (const auto& r : revs) p.add(r);
  p.finish();
}
}  // namespace

void add_history(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("history", "List revisions, newest first");
  auto range = std::make_shared<std::string>();
  auto verbose = std::make_shared<bool>(false);
  auto indicate = std::make_shared<bool>(false);
  auto graph = std::make_shared<bool>(false);
  cmd->add_option("-r,--rev-range", *range, "range A:B, :B or A: (current allowed)");
  cmd->add_flag("--verbose", *verbose, "show each revision in full");
  cmd->add_flag("-i,--indicate-current", *indicate, "mark the revisions the database is at");
  cmd->add_flag("--graph", *graph, "draw the revision graph");
  cmd->callback([&ctx, range, verbose, indicate, graph] {
    ctx.init_styles();
    auto& m = ctx.migrator();
    std::unordered_set<std::string> current;
    if (*indicate) {
      for (auto& c : m.current()) current.insert(c);
    }
    std::vector<std::string> lines;
    std::vector<std::string>* drawing = *graph ? &lines : nullptr;
    // The drawing is filled before the first visit, so the printer can
    // hold a pointer to it from the start.
    RevisionPrinter p(ctx, "revisions", current, *verbose || ctx.g.verbose, drawing);
    m.for_each_history(*range, [&p](const RevisionInfo& r) { p.add(r); }, drawing);
    p.finish();
  });
}

void add_heads(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("heads", "List the heads (revisions with no children)");
  auto verbose = std::make_shared<bool>(false);
  cmd->add_flag("--verbose", *verbose, "show each revision in full");
  cmd->callback([&ctx, verbose] {
    ctx.init_styles();
    auto heads = ctx.migrator().heads();
    if (ctx.g.json || *verbose || ctx.g.verbose) {
      print_revisions(ctx, "heads", heads, {}, true, nullptr);
      return;
    }
    std::string out;
    for (const auto& h : heads) {
      out += ctx.out_style.bold(h.id);
      if (!h.branch_labels.empty()) out += " (" + detail::join(h.branch_labels, ", ") + ")";
      out += " (head)\n";
    }
    ctx.print(out);
  });
}

void add_branches(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("branches", "List branch points and the branches leaving them");
  cmd->callback([&ctx] {
    ctx.init_styles();
    auto& m = ctx.migrator();
    auto points = m.branch_points();
    auto all = m.revisions();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object().key("branch_points").begin_array();
      for (const auto& p : points) {
        w.begin_object();
        w.member("revision", p.id);
        w.member("message", p.message);
        std::vector<std::string> kids;
        for (const auto& r : all)
          if (std::find(r.parents.begin(), r.parents.end(), p.id) != r.parents.end()) kids.push_back(r.id);
        w.member("children", kids);
        w.end_object();
      }
      w.end_array().end_object();
      ctx.print_json(w);
      return;
    }
    for (const auto& p : points) {
      ctx.line(ctx.history_line(p));
      for (const auto& r : all)
        if (std::find(r.parents.begin(), r.parents.end(), p.id) != r.parents.end())
          ctx.line(fmt::format("                 -> {}{}, {}", ctx.out_style.bold(r.id),
                               r.is_head ? " (head)" : "", r.message));
    }
  });
}

void add_show(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("show", "Show one revision");
  auto rev = std::make_shared<std::string>();
  cmd->add_option("revision", *rev, "revision expression")->required();
  cmd->callback([&ctx, rev] {
    ctx.init_styles();
    auto r = ctx.migrator().show(*rev);
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      ctx.revision_json(w, r);
      ctx.print_json(w);
      return;
    }
    ctx.print(ctx.revision_block(r));
  });
}

}  // namespace strata::cli
