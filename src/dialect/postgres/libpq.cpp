#include "dialect/postgres/libpq.hpp"

#include <dlfcn.h>

#include <string>

namespace strata::detail {

namespace {
struct Loaded {
  LibPq table;
  std::string error;
};

Loaded load() {
  Loaded out;
  void* handle = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    out.error = std::string("PostgreSQL support needs libpq (Debian package libpq5): ") +
                (why ? why : "libpq.so.5 not found");
    return out;
  }
#define STRATA_LIBPQ_LOAD(name)                                                   \
  out.table.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name)); \
  if (!out.table.name && out.error.empty()) out.error = "libpq has no symbol " #name;
  STRATA_LIBPQ_FUNCTIONS(STRATA_LIBPQ_LOAD)
#undef STRATA_LIBPQ_LOAD
  return out;
}

const Loaded& loaded() {
  static const Loaded instance = load();
  return instance;
}
}  // namespace

Result<const LibPq*> load_libpq() {
  const Loaded& l = loaded();
  if (!l.error.empty()) return failf("{}", l.error);
  return &l.table;
}

const LibPq& libpq() { return loaded().table; }

}  // namespace strata::detail
