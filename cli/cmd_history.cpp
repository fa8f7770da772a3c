// strata history, heads, branches, show
#include <fmt/format.h>

#include <unordered_set>

#include "cli/context.hpp"
#include "common/strings.hpp"

namespace strata::cli {

namespace {
void print_revisions(Context& ctx, const char* key, const std::vector<RevisionInfo>& revs,
                     const std::unordered_set<std::string>& current, bool verbose,
                     const std::vector<std::string>* graph) {
  if (ctx.g.json) {
    auto w = ctx.json_writer();
    w.begin_object().key(key).begin_array();
    for (size_t i = 0; i < revs.size(); ++i) {
      ctx.revision_json(w, revs[i]);
    }
    w.end_array();
    if (!current.empty()) {
      std::vector<std::string> cur(current.begin(), current.end());
      std::sort(cur.begin(), cur.end());
      w.member("current", cur);
    }
    w.end_object();
    ctx.print_json(w);
    return;
  }
  std::string out;
  out.reserve(revs.size() * 96);
  for (size_t i = 0; i < revs.size(); ++i) {
    const auto& r = revs[i];
    bool cur = current.count(r.id) > 0;
    if (graph) {
      std::string s = (*graph)[i] + " " + ctx.out_style.bold(r.id);
      if (!r.branch_labels.empty()) s += " (" + detail::join(r.branch_labels, ", ") + ")";
      if (r.is_head) s += ctx.out_style.green(" (head)");
      if (cur) s += ctx.out_style.cyan(" (current)");
      out += s + " " + r.message + "\n";
    } else if (verbose) {
      out += ctx.revision_block(r, cur) + "\n";
    } else {
      ctx.append_history_line(out, r, cur);
    }
  }
  ctx.print(out);
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
    auto revs = m.history(*range, *graph ? &lines : nullptr);
    print_revisions(ctx, "revisions", revs, current, *verbose || ctx.g.verbose, *graph ? &lines : nullptr);
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
