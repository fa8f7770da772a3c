// strata revision -m MSG [...] and strata merge REV... -m MSG
#include <fmt/format.h>

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
  cmd->add_flag("--autogenerate", *autogen, "diff schema/ against the migrations (not available yet)");
  cmd->callback([&ctx, o, autogen] {
    ctx.init_styles();
    if (*autogen) {
      Error e;
      e.code = ErrorCode::kUsage;
      e.message = "--autogenerate is not available in this version of strata yet";
      throw Exception(e);
    }
    std::string path = ctx.migrator().create_revision(*o);
    report_new_file(ctx, path, fmt::format("created revision for \"{}\"", o->message));
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
