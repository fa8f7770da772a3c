#include "dialect/sqlite/sqlite_text.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace strata::detail::sqlite_text {

size_t skip_insignificant(std::string_view s, size_t pos) {
  const size_t n = s.size();
  while (pos < n) {
    const char c = s[pos];
    if (is_space(static_cast<unsigned char>(c))) {
      ++pos;
    } else if (c == '-' && pos + 1 < n && s[pos + 1] == '-') {
      const size_t nl = s.find('\n', pos + 2);
      if (nl == std::string_view::npos) return n;
      pos = nl + 1;
    } else if (c == '/' && pos + 1 < n && s[pos + 1] == '*') {
      const size_t close = s.find("*/", pos + 2);
      if (close == std::string_view::npos) return n;
      pos = close + 2;
    } else {
      return pos;
    }
  }
  return n;
}

int line_at(std::string_view s, size_t offset) {
  offset = std::min(offset, s.size());
  return 1 + static_cast<int>(std::count(s.data(), s.data() + offset, '\n'));
}

namespace {

// Reads one name part starting at `pos`; returns it unquoted and moves `pos`
// past it (onto the separating dot, if any).
std::string read_part(std::string_view s, size_t& pos) {
  std::string out;
  if (pos < s.size() && s[pos] == '"') {
    ++pos;
    while (pos < s.size()) {
      if (s[pos] == '"') {
        if (pos + 1 < s.size() && s[pos + 1] == '"') {
          out += '"';
          pos += 2;
          continue;
        }
        ++pos;
        break;
      }
      out += s[pos++];
    }
    return out;
  }
  const size_t dot = std::min(s.find('.', pos), s.size());
  out.assign(s.substr(pos, dot - pos));
  pos = dot;
  return out;
}

}  // namespace

std::pair<std::string, std::string> split_qualified(std::string_view name) {
  size_t pos = 0;
  std::string first = read_part(name, pos);
  if (pos < name.size() && name[pos] == '.') {
    ++pos;
    std::string second = read_part(name, pos);
    return {std::move(first), std::move(second)};
  }
  return {std::string(), std::move(first)};
}

namespace {

std::string quote_with(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (const char c : text) {
    out += c;
    if (c == quote) out += quote;
  }
  out += quote;
  return out;
}

}  // namespace

std::string quote_ident(std::string_view name) { return quote_with(name, '"'); }

std::string quote_literal(std::string_view value) { return quote_with(value, '\''); }

std::string result_code_name(int extended_code) {
#define STRATA_SQLITE_CODE(c) \
  case c:                     \
    return #c;
  switch (extended_code) {
    STRATA_SQLITE_CODE(SQLITE_OK)
    STRATA_SQLITE_CODE(SQLITE_ERROR)
    STRATA_SQLITE_CODE(SQLITE_INTERNAL)
    STRATA_SQLITE_CODE(SQLITE_PERM)
    STRATA_SQLITE_CODE(SQLITE_ABORT)
    STRATA_SQLITE_CODE(SQLITE_BUSY)
    STRATA_SQLITE_CODE(SQLITE_LOCKED)
    STRATA_SQLITE_CODE(SQLITE_NOMEM)
    STRATA_SQLITE_CODE(SQLITE_READONLY)
    STRATA_SQLITE_CODE(SQLITE_INTERRUPT)
    STRATA_SQLITE_CODE(SQLITE_IOERR)
    STRATA_SQLITE_CODE(SQLITE_CORRUPT)
    STRATA_SQLITE_CODE(SQLITE_NOTFOUND)
    STRATA_SQLITE_CODE(SQLITE_FULL)
    STRATA_SQLITE_CODE(SQLITE_CANTOPEN)
    STRATA_SQLITE_CODE(SQLITE_PROTOCOL)
    STRATA_SQLITE_CODE(SQLITE_EMPTY)
    STRATA_SQLITE_CODE(SQLITE_SCHEMA)
    STRATA_SQLITE_CODE(SQLITE_TOOBIG)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT)
    STRATA_SQLITE_CODE(SQLITE_MISMATCH)
    STRATA_SQLITE_CODE(SQLITE_MISUSE)
    STRATA_SQLITE_CODE(SQLITE_NOLFS)
    STRATA_SQLITE_CODE(SQLITE_AUTH)
    STRATA_SQLITE_CODE(SQLITE_FORMAT)
    STRATA_SQLITE_CODE(SQLITE_RANGE)
    STRATA_SQLITE_CODE(SQLITE_NOTADB)
    STRATA_SQLITE_CODE(SQLITE_NOTICE)
    STRATA_SQLITE_CODE(SQLITE_WARNING)
    STRATA_SQLITE_CODE(SQLITE_ROW)
    STRATA_SQLITE_CODE(SQLITE_DONE)
    STRATA_SQLITE_CODE(SQLITE_ERROR_MISSING_COLLSEQ)
    STRATA_SQLITE_CODE(SQLITE_ERROR_RETRY)
    STRATA_SQLITE_CODE(SQLITE_ERROR_SNAPSHOT)
    STRATA_SQLITE_CODE(SQLITE_IOERR_READ)
    STRATA_SQLITE_CODE(SQLITE_IOERR_SHORT_READ)
    STRATA_SQLITE_CODE(SQLITE_IOERR_WRITE)
    STRATA_SQLITE_CODE(SQLITE_IOERR_FSYNC)
    STRATA_SQLITE_CODE(SQLITE_IOERR_DIR_FSYNC)
    STRATA_SQLITE_CODE(SQLITE_IOERR_TRUNCATE)
    STRATA_SQLITE_CODE(SQLITE_IOERR_FSTAT)
    STRATA_SQLITE_CODE(SQLITE_IOERR_UNLOCK)
    STRATA_SQLITE_CODE(SQLITE_IOERR_RDLOCK)
    STRATA_SQLITE_CODE(SQLITE_IOERR_DELETE)
    STRATA_SQLITE_CODE(SQLITE_IOERR_NOMEM)
    STRATA_SQLITE_CODE(SQLITE_IOERR_ACCESS)
    STRATA_SQLITE_CODE(SQLITE_IOERR_CHECKRESERVEDLOCK)
    STRATA_SQLITE_CODE(SQLITE_IOERR_LOCK)
    STRATA_SQLITE_CODE(SQLITE_IOERR_CLOSE)
    STRATA_SQLITE_CODE(SQLITE_IOERR_SHMOPEN)
    STRATA_SQLITE_CODE(SQLITE_IOERR_SHMSIZE)
    STRATA_SQLITE_CODE(SQLITE_IOERR_SHMLOCK)
    STRATA_SQLITE_CODE(SQLITE_IOERR_SHMMAP)
    STRATA_SQLITE_CODE(SQLITE_IOERR_SEEK)
    STRATA_SQLITE_CODE(SQLITE_IOERR_DELETE_NOENT)
    STRATA_SQLITE_CODE(SQLITE_IOERR_MMAP)
    STRATA_SQLITE_CODE(SQLITE_IOERR_GETTEMPPATH)
    STRATA_SQLITE_CODE(SQLITE_IOERR_DATA)
    STRATA_SQLITE_CODE(SQLITE_IOERR_CORRUPTFS)
    STRATA_SQLITE_CODE(SQLITE_LOCKED_SHAREDCACHE)
    STRATA_SQLITE_CODE(SQLITE_LOCKED_VTAB)
    STRATA_SQLITE_CODE(SQLITE_BUSY_RECOVERY)
    STRATA_SQLITE_CODE(SQLITE_BUSY_SNAPSHOT)
    STRATA_SQLITE_CODE(SQLITE_BUSY_TIMEOUT)
    STRATA_SQLITE_CODE(SQLITE_CANTOPEN_NOTEMPDIR)
    STRATA_SQLITE_CODE(SQLITE_CANTOPEN_ISDIR)
    STRATA_SQLITE_CODE(SQLITE_CANTOPEN_FULLPATH)
    STRATA_SQLITE_CODE(SQLITE_CANTOPEN_DIRTYWAL)
    STRATA_SQLITE_CODE(SQLITE_CANTOPEN_SYMLINK)
    STRATA_SQLITE_CODE(SQLITE_CORRUPT_VTAB)
    STRATA_SQLITE_CODE(SQLITE_CORRUPT_SEQUENCE)
    STRATA_SQLITE_CODE(SQLITE_CORRUPT_INDEX)
    STRATA_SQLITE_CODE(SQLITE_READONLY_RECOVERY)
    STRATA_SQLITE_CODE(SQLITE_READONLY_CANTLOCK)
    STRATA_SQLITE_CODE(SQLITE_READONLY_ROLLBACK)
    STRATA_SQLITE_CODE(SQLITE_READONLY_DBMOVED)
    STRATA_SQLITE_CODE(SQLITE_READONLY_CANTINIT)
    STRATA_SQLITE_CODE(SQLITE_READONLY_DIRECTORY)
    STRATA_SQLITE_CODE(SQLITE_ABORT_ROLLBACK)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_CHECK)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_COMMITHOOK)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_FOREIGNKEY)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_FUNCTION)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_NOTNULL)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_PRIMARYKEY)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_TRIGGER)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_UNIQUE)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_VTAB)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_ROWID)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_PINNED)
    STRATA_SQLITE_CODE(SQLITE_CONSTRAINT_DATATYPE)
    default:
      break;
  }
#undef STRATA_SQLITE_CODE
  const int primary = extended_code & 0xff;
  if (primary != extended_code) {
    return result_code_name(primary) + " (" + std::to_string(extended_code) + ")";
  }
  return std::to_string(extended_code);
}

}  // namespace strata::detail::sqlite_text
