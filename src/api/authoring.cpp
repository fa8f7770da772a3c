// The authoring side of the façade: `revision`, `merge`, `init`, and the
// post-write hooks run on a new file (argv, never a shell string).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "api/migrator_impl.hpp"
#include "common/strings.hpp"
#include "script/parser.hpp"
#include "script/writer.hpp"

namespace strata {

namespace fs = std::filesystem;

namespace {

Error usage(std::string msg) {
  Error e;
  e.code = ErrorCode::kUsage;
  e.message = std::move(msg);
  return e;
}

void run_hook(const std::string& hook, const std::string& file, const std::string& cwd) {
  // strata.toml is checked for these when it is loaded; a Config built in
  // code is checked here.
  auto split = detail::split_command_words(hook);
  if (!split || split->empty()) {
    Error e;
    e.file = file;
    e.message = fmt::format("post_write_hooks: `{}` {}; the file was written", hook,
                            split ? "has no command" : "leaves a quote open");
    throw Exception(e);
  }
  std::vector<std::string> words = std::move(*split);
  bool substituted = false;
  for (auto& w : words) {
    // The search goes on after the inserted path, which may hold "{file}".
    for (size_t pos = w.find("{file}"); pos != std::string::npos;
         pos = w.find("{file}", pos + file.size())) {
      w.replace(pos, 6, file);
      substituted = true;
    }
  }
  if (!substituted) words.push_back(file);
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0)
    throw Exception(Error{ErrorCode::kFailure, std::string("fork: ") + std::strerror(errno)});
  if (pid == 0) {
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  Error e;
  e.file = file;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    e.message = fmt::format("post_write_hooks: could not run `{}`", words[0]);
  else
    e.message = fmt::format("post_write_hooks: `{}` failed (exit status {}); the file was written",
                            hook, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  throw Exception(e);
}

std::string iso_now(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void write_new_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    Error e;
    e.file = path;
    e.message = errno == EEXIST ? "a file with this name already exists"
                                : std::string("cannot create the file: ") + std::strerror(errno);
    throw Exception(e);
  }
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw Exception(Error{ErrorCode::kFailure, path + ": write failed: " + std::strerror(errno)});
    }
    off += static_cast<size_t>(n);
  }
  ::close(fd);
}

}  // namespace

std::string Migrator::create_revision(const NewRevision& o) {
  // The first revision of a project may come before its folder exists.
  if (!impl_->config.migrations.empty()) {
    std::error_code ec;
    fs::create_directories(impl_->config.migrations.front(), ec);
  }
  unwrap(impl_->load());
  auto& g = *impl_->graph;
  detail::NewMigration nm;
  nm.id = o.rev_id.empty() ? detail::new_revision_id() : o.rev_id;
  if (!detail::is_valid_revision_id(nm.id))
    throw Exception(
        usage(fmt::format("--rev-id '{}': a revision id is letters, digits and _", nm.id)));
  if (impl_->has(nm.id)) {
    Error e = usage(fmt::format("--rev-id '{}': revision already exists", nm.id));
    e.file = impl_->migration(nm.id).path;
    throw Exception(e);
  }
  for (const auto& l : o.branch_labels)
    if (!detail::is_valid_label(l))
      throw Exception(usage(fmt::format("--branch-label '{}': use letters, digits, _ . -", l)));
  auto heads = g.heads();
  if (o.head.empty()) {
    if (heads.size() > 1) {
      Error e;
      e.message = fmt::format("there are {} heads ({}); a new revision needs one parent",
                              heads.size(), detail::join(heads, ", "));
      e.hint =
          "pass --head REV (or LABEL@head), or join them first with `strata merge heads -m MSG`";
      throw Exception(e);
    }
    nm.revises = heads;
  } else if (!(o.head.size() == 1 && o.head[0] == "base")) {
    for (const auto& h : o.head) {
      auto ids = unwrap(g.resolve(h, {}));
      for (const auto& id : ids) {
        if (!o.splice && std::find(heads.begin(), heads.end(), id) == heads.end()) {
          Error e =
              usage(fmt::format("revision {} is not a head; pass --splice to branch from it", id));
          throw Exception(e);
        }
        nm.revises.push_back(id);
      }
    }
  }
  for (const auto& d : o.depends_on) {
    auto ids = unwrap(g.resolve(d, {}));
    nm.depends_on.insert(nm.depends_on.end(), ids.begin(), ids.end());
  }
  nm.branch_labels = o.branch_labels;
  nm.message = o.message;
  std::time_t now = std::time(nullptr);
  nm.created = iso_now(now);
  nm.up_sql = o.up_sql.empty() ? "-- write the upgrade here\n" : o.up_sql;
  nm.down_sql = o.down_sql.empty() ? "-- write the downgrade here\n" : o.down_sql;
  nm.up_transaction = o.up_transaction;
  nm.down_transaction = o.down_transaction;
  const auto& dirs = impl_->config.migrations;
  if (dirs.empty()) throw Exception(usage("no migrations folder configured"));
  std::string dir = o.directory.empty() ? dirs.front() : o.directory;
  std::string name = unwrap(detail::render_file_name(impl_->config.file_template, nm, now));
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = (fs::path(dir) / name).string();
  write_new_file(path, detail::render_migration(nm));
  for (const auto& hook : impl_->config.post_write_hooks) run_hook(hook, path, impl_->config.root);
  impl_->loaded.reset();  // the graph changed
  impl_->graph.reset();
  impl_->migrations.clear();
  return path;
}

std::string Migrator::merge(const std::vector<std::string>& revisions, const std::string& message,
                            const std::string& rev_id) {
  unwrap(impl_->load());
  std::vector<std::string> parents;
  for (const auto& r : revisions) {
    for (const auto& id : unwrap(impl_->graph->resolve(r, {})))
      if (std::find(parents.begin(), parents.end(), id) == parents.end()) parents.push_back(id);
  }
  if (parents.size() < 2) {
    throw Exception(usage(fmt::format("merge needs at least two revisions; '{}' names {}",
                                      detail::join(revisions, " "), parents.size())));
  }
  NewRevision o;
  o.message = message;
  o.head = parents;
  o.splice = true;
  o.rev_id = rev_id;
  o.up_sql = "-- merge: nothing to do\n";
  o.down_sql = "-- merge: nothing to do\n";
  return create_revision(o);
}

void init_project(const std::string& directory, const std::string& dialect) {
  fs::path root = directory.empty() ? fs::current_path() : fs::path(directory);
  std::error_code ec;
  fs::create_directories(root, ec);
  fs::path toml = root / "strata.toml";
  if (fs::exists(toml)) {
    Error e;
    e.file = toml.string();
    e.message = "a strata project already exists here";
    throw Exception(e);
  }
  auto chosen = detail::dialect_for_scheme(dialect);
  if (!chosen) {
    throw Exception(usage(fmt::format("--dialect '{}': use sqlite, postgresql or mysql", dialect)));
  }
  const std::string& url = (*chosen)->traits().starter_url;
  std::string text = fmt::format(
      "# strata project configuration. Every key has a default; ${{VAR}} and ${{VAR:-default}}\n"
      "# expand from the environment. DATABASE_URL overrides url; --url overrides both.\n"
      "url = \"${{DATABASE_URL:-{}}}\"\n"
      "migrations = \"migrations\"        # a folder, or a list of folders\n"
      "schema = [\"schema\"]              # desired schema, plain SQL DDL\n"
      "version_table = \"strata_version\"\n"
      "transaction = \"per-migration\"    # per-migration | all\n"
      "lock_timeout = \"5s\"              # bound on waiting for table locks, per statement\n"
      "lock_wait = \"10m\"                # how long to wait for another strata to finish\n"
      "file_template = \"{{rev}}_{{slug}}\"\n"
      "post_write_hooks = []            # commands run on each new migration file; {{file}} "
      "expands\n"
      "\n"
      "# [env.production]\n"
      "# url = \"${{PROD_DATABASE_URL}}\"\n",
      url);
  for (const char* sub : {"migrations", "schema", "seeds"}) fs::create_directories(root / sub, ec);
  write_new_file(toml.string(), text);
  write_new_file(
      (root / "schema" / "README.md").string(),
      "Desired schema as plain SQL DDL: the \"models\" that autogenerate compares against.\n");
}

}  // namespace strata
