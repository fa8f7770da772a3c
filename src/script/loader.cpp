#include "script/loader.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <thread>

#include "script/parser.hpp"

namespace strata::detail {

namespace {

// Below this many files a second thread costs more than it saves.
constexpr size_t kParallelThreshold = 256;
constexpr size_t kWorkers = 2;
constexpr size_t kChunk = 32;

// The files listed in the folders. Names are packed into one buffer, each
// ending in '\0' so openat takes it as it is: listing 10,000 files makes no
// allocation per file (the workers build each path, in parallel).
struct Listing {
  struct Entry {
    uint32_t offset;  // of the name in `names`
    uint32_t size;
    uint32_t dir;  // index of the folder
  };
  std::string names;
  std::vector<Entry> entries;
  std::vector<std::string> prefixes;  // per folder: "DIR/"

  std::string_view name(const Entry& e) const { return {names.data() + e.offset, e.size}; }
  const char* c_name(const Entry& e) const { return names.data() + e.offset; }
  std::string path(const Entry& e) const {
    const std::string& prefix = prefixes[e.dir];
    std::string p;
    p.reserve(prefix.size() + e.size);
    p.append(prefix).append(name(e));
    return p;
  }
};

Error file_error(std::string file, std::string message) {
  Error e;
  e.file = std::move(file);
  e.message = std::move(message);
  return e;
}

// Reads the whole file into `buffer` (reused across calls), growing it as needed.
// Opening relative to the folder's descriptor spares the kernel a walk of the
// whole path for every file.
// `name` is relative to `dir_fd`; `path` names the file in errors.
Status read_file(int dir_fd, const char* name, const std::string& path, std::string& buffer,
                 size_t& size) {
  int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(file_error(path, fmt::format("cannot open: {}", std::strerror(errno))));
  }
  size = 0;
  while (true) {
    if (size == buffer.size()) buffer.resize(std::max<size_t>(buffer.size() * 2, 64 * 1024));
    ssize_t n = ::read(fd, buffer.data() + size, buffer.size() - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return fail(file_error(path, fmt::format("cannot read: {}", std::strerror(err))));
    }
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  ::close(fd);
  return {};
}

Status load_one(int dir_fd, const char* name, std::string path, std::string& buffer, Migration& out,
                ParseDepth depth) {
  size_t size = 0;
  STRATA_CHECK(read_file(dir_fd, name, path, buffer, size));
  return parse_migration_into(std::string_view(buffer.data(), size), std::move(path), out, depth);
}

bool is_sql_name(std::string_view name) {
  return !name.starts_with(".") && name.size() > 4 && name.ends_with(".sql");
}

// Appends the folder's `*.sql` regular files to `out`. Returns the open folder
// (its descriptor serves openat), or null with an error when it cannot be listed.
DIR* list_folder(const std::string& dir, Listing& out, std::vector<Error>& errors) {
  const auto dir_index = static_cast<uint32_t>(out.prefixes.size());
  std::string& prefix = out.prefixes.emplace_back(dir);
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    int err = errno;
    if (err == ENOENT) {
      errors.push_back(file_error(dir, "migrations folder not found"));
    } else if (err == ENOTDIR) {
      errors.push_back(file_error(dir, "migrations folder is not a folder"));
    } else {
      errors.push_back(
          file_error(dir, fmt::format("cannot open migrations folder: {}", std::strerror(err))));
    }
    return nullptr;
  }
  while (dirent* ent = ::readdir(d)) {
    std::string_view name = ent->d_name;
    if (!is_sql_name(name)) continue;
    if (ent->d_type != DT_REG) {
      // Symlinks and filesystems without d_type: ask stat what it really is.
      struct stat st;
      if (ent->d_type != DT_LNK && ent->d_type != DT_UNKNOWN) continue;
      if (::fstatat(::dirfd(d), ent->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode)) continue;
    }
    out.entries.push_back(Listing::Entry{static_cast<uint32_t>(out.names.size()),
                                         static_cast<uint32_t>(name.size()), dir_index});
    out.names.append(name).push_back('\0');
  }
  return d;
}

// Entry indices ordered by file name, then folder order. Sorting by an
// 8-byte big-endian prefix of the name settles most comparisons with one
// integer compare (names are mostly distinct early: dates, numbers).
std::vector<uint32_t> order_by_name(const Listing& listing) {
  const auto& entries = listing.entries;
  struct SortKey {
    uint64_t prefix;
    uint32_t index;
  };
  std::vector<SortKey> keys(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    std::string_view name = listing.name(entries[i]);
    uint64_t prefix = 0;
    for (size_t k = 0; k < 8; ++k) {
      prefix = (prefix << 8) | (k < name.size() ? static_cast<unsigned char>(name[k]) : 0u);
    }
    keys[i] = SortKey{prefix, static_cast<uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const Listing::Entry& x = entries[a.index];
    const Listing::Entry& y = entries[b.index];
    int c = listing.name(x).compare(listing.name(y));
    if (c != 0) return c < 0;
    return x.dir < y.dir;
  });
  std::vector<uint32_t> order(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].index;
  return order;
}

}  // namespace

Result<Migration> load_migration_file(const std::string& path) {
  std::string buffer;
  Migration m;  // relative to the working directory: the whole path
  STRATA_CHECK(load_one(AT_FDCWD, path.c_str(), path, buffer, m, ParseDepth::kFull));
  return m;
}

LoadResult load_migrations(const std::vector<std::string>& dirs, ParseDepth depth) {
  LoadResult result;
  Listing listing;
  std::vector<DIR*> open_dirs(dirs.size(), nullptr);
  for (size_t i = 0; i < dirs.size(); ++i) {
    open_dirs[i] = list_folder(dirs[i], listing, result.errors);
  }
  const auto& entries = listing.entries;
  const size_t n = entries.size();
  std::vector<Migration>& migrations = result.migrations;
  std::vector<uint32_t> order;  // entry indices by name: slot i parses entries[order[i]]
  // Workers parse straight into their slot; failures are rare, so they are kept
  // aside with their index and the failed slots squeezed out afterwards.
  std::vector<std::vector<std::pair<size_t, Error>>> failures(kWorkers);
  // Workers claim runs of kChunk files, so they rarely write to neighbouring
  // slots (false sharing) or contend on the counter. Helpers open the folders
  // anew: a descriptor shared between threads has its reference count bounced
  // between cores on every openat.
  std::atomic<size_t> next{0};
  auto work = [&](size_t worker) {
    // A helper gets a file table of its own: with one shared table every
    // open and close of either thread takes the same kernel lock (about a
    // tenth of the load's time with two threads). The copy holds the
    // process's descriptors too; it goes when the helper ends, and fcntl
    // locks (SQLite's) are owned by the original table, so none is lost.
    if (worker > 0) (void)::unshare(CLONE_FILES);
    std::string buffer;
    std::vector<int> dir_fds(open_dirs.size(), -1);
    for (size_t d = 0; d < open_dirs.size(); ++d) {
      if (open_dirs[d] == nullptr) continue;
      if (worker > 0) dir_fds[d] = ::open(dirs[d].c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dir_fds[d] < 0) dir_fds[d] = ::dirfd(open_dirs[d]);
    }
    while (true) {
      size_t begin = next.fetch_add(kChunk, std::memory_order_relaxed);
      if (begin >= n) break;
      size_t end = std::min(begin + kChunk, n);
      for (size_t i = begin; i < end; ++i) {
        const Listing::Entry& e = entries[order[i]];
        Status s = load_one(dir_fds[e.dir], listing.c_name(e), listing.path(e), buffer,
                            migrations[i], depth);
        if (!s) failures[worker].emplace_back(i, std::move(s).error());
      }
    }
    for (size_t d = 0; d < open_dirs.size(); ++d) {
      if (open_dirs[d] != nullptr && dir_fds[d] != ::dirfd(open_dirs[d])) ::close(dir_fds[d]);
    }
  };
  // The helper sizes the result (the first touch of some megabytes) while
  // this thread sorts the names; then both parse. (The flags outlive the
  // helper: it may still be waking from one when this thread moves on.)
  std::atomic<bool> sized{false};
  std::atomic<bool> sorted{false};
  std::thread helper;
  if (n >= kParallelThreshold) {
    try {
      helper = std::thread([&] {
        migrations.resize(n);
        sized.store(true);
        sized.notify_one();
        sorted.wait(false);
        work(1);
      });
    } catch (const std::system_error&) {
      // no threads to be had: the calling thread does it all
    }
    order = order_by_name(listing);
    if (helper.joinable()) {
      sorted.store(true);
      sorted.notify_one();
      sized.wait(false);
    }
  } else {
    order = order_by_name(listing);
  }
  if (!helper.joinable()) migrations.resize(n);
  work(0);
  if (helper.joinable()) helper.join();
  for (DIR* d : open_dirs) {
    if (d != nullptr) ::closedir(d);
  }

  std::vector<std::pair<size_t, Error>> failed;
  for (auto& f : failures) {
    for (auto& item : f) failed.push_back(std::move(item));
  }
  if (!failed.empty()) {
    std::sort(failed.begin(), failed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    size_t keep = 0;
    size_t f = 0;
    for (size_t i = 0; i < migrations.size(); ++i) {
      if (f < failed.size() && failed[f].first == i) {
        ++f;
        continue;
      }
      if (keep != i) migrations[keep] = std::move(migrations[i]);
      ++keep;
    }
    migrations.resize(keep);
    for (auto& item : failed) result.errors.push_back(std::move(item.second));
  }
  return result;
}

}  // namespace strata::detail
