// Fuzz target: the config loader (config/config_loader.hpp) on arbitrary
// strata.toml text, written to a private temporary file because the loader
// reads a file. Checks that loading is deterministic and that an accepted
// config holds only valid values; also runs ${VAR} expansion on the raw text.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "common/url.hpp"
#include "config/config_loader.hpp"
#include "fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;
using strata::Config;

// A directory of its own per process, removed at exit. In /dev/shm when there
// is one: rewriting a file on ext4 flushes it to disk at every close.
class TempConfig {
 public:
  TempConfig() {
    std::error_code ec;
    fs::path base =
        fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string tmpl = (base / "strata-fuzz-config-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    dir_ = tmpl;
    path_ = dir_ + "/strata.toml";
  }
  ~TempConfig() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }
  const std::string& write(std::string_view text) {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    FUZZ_CHECK(f != nullptr);
    FUZZ_CHECK(std::fwrite(text.data(), 1, text.size(), f) == text.size());
    FUZZ_CHECK(std::fclose(f) == 0);
    return path_;
  }

 private:
  std::string dir_;
  std::string path_;
};

std::optional<std::string> fake_env(const std::string& name) {
  static const std::map<std::string, std::string> env = {
      {"HOME", "/home/fuzz"}, {"DB", "postgresql://u:pw@h/db"}, {"EMPTY", ""}, {"PORT", "5432"}};
  auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  return it->second;
}

bool same_config(const Config& a, const Config& b) {
  return a.url == b.url && a.migrations == b.migrations && a.schema == b.schema &&
         a.dev_url == b.dev_url && a.version_table == b.version_table &&
         a.transaction == b.transaction && a.lock_timeout_ms == b.lock_timeout_ms &&
         a.lock_wait_ms == b.lock_wait_ms && a.file_template == b.file_template &&
         a.post_write_hooks == b.post_write_hooks && a.root == b.root && a.env == b.env;
}

void check_accepted(const Config& c) {
  FUZZ_CHECK(strata::detail::parse_url(c.url).has_value());
  if (!c.dev_url.empty()) FUZZ_CHECK(strata::detail::parse_url(c.dev_url).has_value());
  FUZZ_CHECK(strata::detail::is_valid_table_name(c.version_table));
  FUZZ_CHECK(c.transaction == "per-migration" || c.transaction == "all");
  FUZZ_CHECK(c.lock_timeout_ms >= 0 && c.lock_wait_ms >= 0);
  FUZZ_CHECK(c.file_template.find("{rev}") != std::string::npos);
  FUZZ_CHECK(!c.migrations.empty());
  for (const auto& p : c.migrations) FUZZ_CHECK(!p.empty() && p.front() == '/');
  for (const auto& p : c.schema) FUZZ_CHECK(!p.empty() && p.front() == '/');
  FUZZ_CHECK(!c.root.empty() && c.root.front() == '/');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static TempConfig temp;
  std::string_view text = strata::fuzz::as_text(data, size);

  strata::ConfigOptions options;
  options.config_path = temp.write(text);
  options.start_dir = temp.dir();
  options.getenv = fake_env;
  // Exercise the [env.NAME] overlay when the text has one.
  if (text.find("[env.prod]") != std::string_view::npos) options.env = "prod";

  auto first = strata::detail::load_config(options);
  auto again = strata::detail::load_config(options);
  FUZZ_CHECK(strata::fuzz::same_result(first, again, same_config));
  if (first) check_accepted(*first);

  auto e1 = strata::detail::expand_env(text, fake_env);
  auto e2 = strata::detail::expand_env(text, fake_env);
  FUZZ_CHECK(strata::fuzz::same_result(e1, e2, std::equal_to<>()));
  if (e1 && text.find('$') == std::string_view::npos) FUZZ_CHECK(*e1 == text);
  return 0;
}
