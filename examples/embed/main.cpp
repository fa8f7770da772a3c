// A small application that migrates its own database at start-up, the way
// web applications run their migrations when they boot: link libstrata, point
// it at the migrations shipped with the app, call upgrade("head"). Safe when
// many replicas start at once: strata's lock makes each revision run once.
#include <strata/strata.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "sqlite:///embed-app.db";
  std::string migrations = argc > 2 ? argv[2] : EMBED_MIGRATIONS_DIR;
  try {
    strata::Config config = strata::Config::from_url(url);
    config.migrations = {migrations};
    strata::Migrator migrator(config);
    migrator.on_event([](const strata::Event& e) {
      if (e.kind == strata::Event::Kind::kStepFinished)
        std::printf("migrated %s (%d/%d)\n", e.revision.c_str(), e.index, e.total);
    });
    // A code migration joins the same graph as the .sql files.
    migrator.add_code_migration({
        .id = "c0de00000001",
        .revises = {"a1b2c3d4e5f6"},
        .message = "seed the settings table from code",
        .up = [](const auto& exec) {
          exec("INSERT INTO settings (key, value) VALUES ('theme', 'dark')");
        },
        .down = [](const auto& exec) { exec("DELETE FROM settings WHERE key = 'theme'"); },
    });
    strata::RunReport report = migrator.upgrade("head");
    std::printf("database ready: %zu migration(s) applied, at %s\n", report.applied.size(),
                report.heads_after.empty() ? "base" : report.heads_after[0].c_str());
    return 0;
  } catch (const strata::Exception& e) {
    std::fprintf(stderr, "migration failed: %s\n", e.what());
    return 1;
  }
}
