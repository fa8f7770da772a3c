#include "dialect/mysql/libmariadb.hpp"

#include <dlfcn.h>

#include <string>

namespace strata::detail {

namespace {
struct Loaded {
  LibMariadb table;
  std::string error;
};

Loaded load() {
  Loaded out;
  void* handle = ::dlopen("libmariadb.so.3", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    out.error =
        std::string("MySQL and MariaDB support needs libmariadb (Debian package libmariadb3): ") +
        (why ? why : "libmariadb.so.3 not found");
    return out;
  }
#define STRATA_LIBMARIADB_LOAD(name)                                            \
  out.table.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name)); \
  if (!out.table.name && out.error.empty()) out.error = "libmariadb has no symbol " #name;
  STRATA_LIBMARIADB_FUNCTIONS(STRATA_LIBMARIADB_LOAD)
#undef STRATA_LIBMARIADB_LOAD
  // mysql_library_init is not thread-safe and mysql_init would call it on
  // first use: run it here, under the static's initialisation guard.
  if (out.error.empty() && out.table.mysql_server_init(0, nullptr, nullptr) != 0) {
    out.error = "libmariadb failed to initialise";
  }
  return out;
}

const Loaded& loaded() {
  static const Loaded instance = load();
  return instance;
}
}  // namespace

Result<const LibMariadb*> load_libmariadb() {
  const Loaded& l = loaded();
  if (!l.error.empty()) return failf("{}", l.error);
  return &l.table;
}

const LibMariadb& libmariadb() { return loaded().table; }

}  // namespace strata::detail
