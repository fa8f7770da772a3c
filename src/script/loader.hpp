// Loading migration folders: every `*.sql` file directly inside each folder
// (not recursive; dotfiles and other files ignored), parsed into Migrations.
// Built for speed (10,000 files in a few milliseconds more than the bare
// open/read cost): POSIX directory and file calls, one reused read buffer per
// worker, two workers for large folders (each with its own file table), no
// checksums, and no SQL texts kept with ParseDepth::kHeaders. Errors are collected
// for every file rather than stopping at the first. Duplicate ids are left to
// the revision graph. Thread-safe: no shared state between calls.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "script/migration.hpp"

namespace strata::detail {

struct LoadResult {
  std::vector<Migration> migrations;  // ordered by file name, then folder order
  std::vector<Error> errors;          // in the same order; a missing folder first
};

// Each file's path is `dir + "/" + name`. kHeaders: see ParseDepth.
LoadResult load_migrations(const std::vector<std::string>& dirs,
                           ParseDepth depth = ParseDepth::kFull);

// Reads and parses one file.
Result<Migration> load_migration_file(const std::string& path);

}  // namespace strata::detail
