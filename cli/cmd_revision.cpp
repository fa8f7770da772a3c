// strata revision -m MSG [...] and strata merge REV... -m MSG
#include <fmt/format.h>

#include <unistd.h>

#include <cstdio>

#include "cli/context.hpp"

namespace strata::cli {

namespace {
void report_new_file(Context& ctx, const std::string& path, const std::string& what) {
  if (ctx.g.json) {
    auto w = ctx.json_writer();
    w.begin_object().member("path", path).end_object();
    ctx.print_json(w);
    return;
  }
  ctx.note(what);
  ctx.line(path);
}

// Asks on the terminal whether a suggested rename is one (Django's question).
bool ask_rename(const RenameSuggestion& s) {
  std::string what = s.column ? fmt::format("column {}.{} to {}", s.table, s.from, s.to)
                              : fmt::format("table {} to {}", s.from, s.to);
  std::fprintf(stderr, "Did you rename %s? [y/N] ", what.c_str());
  std::fflush(stderr);
  char buf[16] = {0};
  if (std::fgets(buf, sizeof buf, stdin) == nullptr) return false;
  return buf[0] == 'y' || buf[0] == 'Y';
}

void autogenerate(Context& ctx, const NewRevision& rev, const std::vector<std::string>& renames) {
  AutogenerateOptions opts;
  opts.revision = rev;
  opts.renames = renames;
  if (!ctx.g.json && ::isatty(0) == 1 && ::isatty(2) == 1) opts.confirm_rename = ask_rename;
  AutogenerateResult r = ctx.migrator().autogenerate(opts);
  if (ctx.g.json) {
    auto w = ctx.json_writer();
    w.begin_object().member("path", r.path);
    schema_diff_json(w, r.diff);
    w.end_object();
    ctx.print_json(w);
    return;
  }
  if (r.path.empty()) {
    ctx.note("no changes: the migrations already build schema/; nothing written");
    return;
  }
  ctx.note(fmt::format("generated revision for \"{}\" ({} change{}):", rev.message,
                       r.diff.changes.size(), r.diff.changes.size() == 1 ? "" : "s"));
  if (!ctx.g.quiet) {
    for (const auto& c : r.diff.changes) {
      std::string mark = c.kind == "unsupported" ? "  ? " : c.destructive ? "  ! " : "  + ";
      ctx.note(mark + c.description);
    }
    for (const auto& s : r.diff.suggestions) {
      ctx.note(fmt::format("  ? {} and {} look like a rename; written as a drop and an add "
                           "(rerun with --rename {} if it is one)",
                           s.column ? s.table + "." + s.from : s.from,
                           s.column ? s.table + "." + s.to : s.to, s.option()));
    }
  }
  size_t unsupported = 0;
  for (const auto& c : r.diff.changes) unsupported += c.kind == "unsupported" ? 1 : 0;
  if (unsupported > 0) {
    ctx.note(ctx.err_style.yellow("warning: ") +
             fmt::format("{} difference{} strata cannot write (marked ?): the file says where; "
                         "write {} by hand",
                         unsupported, unsupported == 1 ? "" : "s", unsupported == 1 ? "it" : "them"));
  }
  size_t destructive = 0;
  for (const auto& c : r.diff.changes) destructive += c.destructive ? 1 : 0;
  if (destructive > 0) {
    ctx.note(ctx.err_style.yellow("warning: ") +
             fmt::format("{} change{} lose data or break readers (marked !): review the file",
                         destructive, destructive == 1 ? "" : "s"));
  }
  ctx.line(r.path);
}
}  // namespace

void add_revision(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("revision", "Write a new migration file and print its path");
  auto o = std::make_shared<NewRevision>();
  auto autogen = std::make_shared<bool>(false);
  cmd->add_option("-m,--message", o->message, "what the revision does")->required();
  cmd->add_option("--head", o->head, "parent revision (default: the head); `base` starts a new root")
      ->allow_extra_args(false);
  cmd->add_flag("--splice", o->splice, "allow --head to name a revision that is not a head");
  cmd->add_option("--branch-label", o->branch_labels, "label the new branch")->allow_extra_args(false);
  cmd->add_option("--depends-on", o->depends_on, "revision this one depends on (not a parent)")
      ->allow_extra_args(false);
  cmd->add_option("--rev-id", o->rev_id, "use this revision id instead of a random one");
  auto renames = std::make_shared<std::vector<std::string>>();
  cmd->add_flag("--autogenerate", *autogen,
                "write what schema/ has and the migrations do not (up and down)");
  cmd->add_option("--rename", *renames,
                  "with --autogenerate: OLD=NEW or TABLE.OLD=NEW is a rename, not a drop and an add")
      ->allow_extra_args(false);
  cmd->callback([&ctx, o, autogen, renames] {
    ctx.init_styles();
    if (!*autogen) {
      if (!renames->empty()) {
        Error e;
        e.code = ErrorCode::kUsage;
        e.message = "--rename goes with --autogenerate";
        throw Exception(e);
      }
      std::string path = ctx.migrator().create_revision(*o);
      report_new_file(ctx, path, fmt::format("created revision for \"{}\"", o->message));
      return;
    }
    autogenerate(ctx, *o, *renames);
  });
}

void add_merge(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("merge", "Write a merge revision joining several heads");
  auto revs = std::make_shared<std::vector<std::string>>();
  auto msg = std::make_shared<std::string>();
  auto rev_id = std::make_shared<std::string>();
  cmd->add_option("revisions", *revs, "revisions to merge (e.g. `heads`)")->required();
  cmd->add_option("-m,--message", *msg, "message")->required();
  cmd->add_option("--rev-id", *rev_id, "use this revision id");
  cmd->callback([&ctx, revs, msg, rev_id] {
    ctx.init_styles();
    std::string path = ctx.migrator().merge(*revs, *msg, *rev_id);
    report_new_file(ctx, path, "created merge revision");
  });
}

}  // namespace strata::cli
