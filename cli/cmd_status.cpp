// strata status and strata verify
#include <fmt/format.h>

#include "cli/context.hpp"

namespace strata::cli {

namespace {
const char* state_name(RevisionState s) {
  switch (s) {
    case RevisionState::kApplied: return "applied";
    case RevisionState::kPending: return "pending";
    case RevisionState::kEdited: return "edited";
    case RevisionState::kUnfinished: return "unfinished";
    case RevisionState::kMissing: return "missing";
  }
  return "?";
}
}  // namespace

void add_status(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("status", "Each revision: applied, pending, edited, unfinished");
  cmd->callback([&ctx] {
    ctx.init_styles();
    auto list = ctx.migrator().status();
    int counts[5] = {0, 0, 0, 0, 0};
    for (const auto& s : list) counts[static_cast<int>(s.state)]++;
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object();
      w.member("database", ctx.redacted_url());
      w.key("revisions").begin_array();
      for (const auto& s : list) {
        w.begin_object();
        w.member("revision", s.id);
        w.member("message", s.message);
        w.member("path", s.path);
        w.member("state", state_name(s.state));
        w.member("applied_at", s.applied_at);
        w.member("recorded_checksum", s.recorded_checksum);
        w.member("file_checksum", s.file_checksum);
        if (s.state == RevisionState::kUnfinished) {
          w.member("direction", s.unfinished_direction);
          w.member("statements_done", s.statement_done);
          w.member("statement_count", s.statement_count);
          w.member("error", s.error);
        }
        w.end_object();
      }
      w.end_array();
      w.key("summary").begin_object();
      for (int i = 0; i < 5; ++i) w.member(state_name(static_cast<RevisionState>(i)), counts[i]);
      w.end_object();
      w.end_object();
      ctx.print_json(w);
      return;
    }
    const auto& st = ctx.out_style;
    std::string out;
    for (const auto& s : list) {
      std::string state = state_name(s.state);
      std::string padded = fmt::format("{:<10}", state);
      switch (s.state) {
        case RevisionState::kApplied: padded = st.green(padded); break;
        case RevisionState::kPending: padded = st.yellow(padded); break;
        default: padded = st.red(padded); break;
      }
      out += fmt::format("{} {:<14} {}", padded, s.id, s.message);
      if (s.state == RevisionState::kEdited) out += st.red("  (file changed since applied)");
      if (s.state == RevisionState::kUnfinished)
        out += st.red(fmt::format("  ({} stopped after statement {} of {})", s.unfinished_direction,
                                  s.statement_done, s.statement_count));
      if (s.state == RevisionState::kMissing) out += st.red("  (applied, but no file has it)");
      out += "\n";
    }
    ctx.print(out);
    ctx.line(fmt::format("{} applied, {} pending{}{}{}", counts[0] + counts[2], counts[1],
                         counts[2] ? fmt::format(", {} edited", counts[2]) : "",
                         counts[3] ? fmt::format(", {} unfinished", counts[3]) : "",
                         counts[4] ? fmt::format(", {} missing", counts[4]) : ""));
  });
}

void add_verify(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "verify", "Integrity: edited applied files, applied revisions with no file, unfinished ones (exit 3)");
  cmd->callback([&ctx] {
    ctx.init_styles();
    auto report = ctx.migrator().verify();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object().member("ok", report.ok()).member("problems", report.problems).end_object();
      ctx.print_json(w);
    } else if (report.ok()) {
      ctx.line("verify: ok");
    } else {
      for (const auto& p : report.problems) ctx.line(ctx.out_style.red("problem: ") + p);
    }
    if (!report.ok()) throw ExitCode{3};
  });
}

}  // namespace strata::cli
