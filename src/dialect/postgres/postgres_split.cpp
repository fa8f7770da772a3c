#include "dialect/postgres/postgres_split.hpp"

#include <pg_query.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace strata::detail {

namespace {

// pg_query_scan returns its tokens as a protobuf ScanResult
// { int32 version = 1; repeated ScanToken tokens = 2; } with
// ScanToken { int32 start = 1; int32 end = 2; Token token = 4; KeywordKind keyword_kind = 5; }.
// Only `start` and `token` are read: `end` is wrong for some tokens (U&"..."), while
// a token's start is the lexer's own location, always exact.
struct Token {
  int start = 0;
  int kind = 0;
};

class ProtoReader {
 public:
  ProtoReader(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
  bool done() const { return p_ >= end_; }
  bool ok() const { return ok_; }

  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64 && p_ < end_; shift += 7) {
      uint8_t byte = *p_++;
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    ok_ = false;
    p_ = end_;
    return 0;
  }

  // Returns the payload of a length-delimited field, or skips any other wire type.
  ProtoReader field(int wire_type) {
    switch (wire_type) {
      case 0:
        varint();
        break;
      case 1:
        advance(8);
        break;
      case 2: {
        uint64_t len = varint();
        const uint8_t* start = p_;
        advance(len);
        return ProtoReader(start, p_);
      }
      case 5:
        advance(4);
        break;
      default:
        ok_ = false;
        p_ = end_;
    }
    return ProtoReader(p_, p_);
  }

 private:
  void advance(uint64_t n) {
    if (n > static_cast<uint64_t>(end_ - p_)) {
      ok_ = false;
      p_ = end_;
    } else {
      p_ += n;
    }
  }

  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

bool decode_tokens(const PgQueryProtobuf& buf, std::vector<Token>& out) {
  const auto* data = reinterpret_cast<const uint8_t*>(buf.data);
  ProtoReader result(data, data + buf.len);
  while (!result.done()) {
    uint64_t tag = result.varint();
    int wire = static_cast<int>(tag & 7);
    if ((tag >> 3) == 2 && wire == 2) {
      ProtoReader tok = result.field(wire);
      Token t;
      while (!tok.done()) {
        uint64_t ftag = tok.varint();
        if ((ftag & 7) != 0) {
          tok.field(static_cast<int>(ftag & 7));
          continue;
        }
        uint64_t value = tok.varint();
        if ((ftag >> 3) == 1) t.start = static_cast<int>(value);
        if ((ftag >> 3) == 4) t.kind = static_cast<int>(value);
      }
      if (!tok.ok()) return false;
      out.push_back(t);
    } else {
      result.field(wire);
    }
  }
  return result.ok();
}

// Single-character tokens are their ASCII code.
constexpr int kSemicolon = ';';
constexpr int kOpenParen = '(';
constexpr int kCloseParen = ')';

// Keyword and comment token numbers are bison's and change between libpg_query
// releases, so they are learned once by scanning a probe text, not hard-coded.
struct TokenIds {
  int sql_comment = -1;
  int c_comment = -1;
  int create = -1;
  int or_ = -1;
  int replace = -1;
  int function = -1;
  int procedure = -1;
  int begin = -1;
  int atomic = -1;
  int case_ = -1;
  int end = -1;
};

TokenIds probe_token_ids() {
  static constexpr const char* kProbe =
      "-- c\n/* c */ create or replace function procedure begin atomic case end";
  TokenIds ids;
  PgQueryScanResult scan = pg_query_scan(kProbe);
  std::vector<Token> toks;
  if (!scan.error && decode_tokens(scan.pbuf, toks) && toks.size() == 11) {
    std::array<int*, 11> slots = {&ids.sql_comment, &ids.c_comment, &ids.create,    &ids.or_,
                                  &ids.replace,     &ids.function,  &ids.procedure, &ids.begin,
                                  &ids.atomic,      &ids.case_,     &ids.end};
    for (size_t i = 0; i < slots.size(); ++i) *slots[i] = toks[i].kind;
  }
  pg_query_free_scan_result(scan);
  return ids;
}

const TokenIds& token_ids() {
  static const TokenIds ids = probe_token_ids();
  return ids;
}

// The lexer's blanks. Not '\v': libpg_query's (PostgreSQL 15) lexer reads it as
// a token, so trimming it could leave a statement of nothing (found by fuzzing).
bool is_pg_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Whether a statement is CREATE [OR REPLACE] FUNCTION|PROCEDURE, the only
// statements that may hold a BEGIN ATOMIC body, judged from its first
// significant tokens.
bool is_routine_head(const std::array<int, 4>& head, int count, const TokenIds& ids) {
  auto routine = [&](int k) { return k == ids.function || k == ids.procedure; };
  if (count < 2 || head[0] != ids.create) return false;
  if (routine(head[1])) return true;
  return count >= 4 && head[1] == ids.or_ && head[2] == ids.replace && routine(head[3]);
}

// Some lexer errors come without a position: an escape string (E'\xff') that
// decodes to invalid UTF-8 is only checked once it ends. The line is then the
// first one whose end makes the scan of the text up to it fail that way
// (a cut inside the string fails as unterminated, with a position).
int line_of_positionless_error(std::string_view sql) {
  std::vector<size_t> ends;  // the offset just past each line
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\n') ends.push_back(i + 1);
  }
  ends.push_back(sql.size());
  auto fails_without_position = [&](size_t end) {
    std::string prefix(sql.substr(0, end));
    PgQueryScanResult r = pg_query_scan(prefix.c_str());
    bool hit = r.error != nullptr && r.error->cursorpos <= 0;
    pg_query_free_scan_result(r);
    return hit;
  };
  size_t lo = 0;
  size_t hi = ends.size() - 1;  // the whole text fails so
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (fails_without_position(ends[mid])) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return static_cast<int>(lo) + 1;
}

}  // namespace

int line_of_position(std::string_view text, int position) {
  if (position <= 0) return 0;
  int line = 1;
  int chars = 0;
  for (char c : text) {
    // A UTF-8 continuation byte does not start a character.
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
    if (++chars == position) break;
    if (c == '\n') ++line;
  }
  return line;
}

Result<std::vector<StatementText>> split_postgres_sql(std::string_view sql) {
  std::vector<StatementText> out;
  if (sql.empty()) return out;
  if (const void* nul = std::memchr(sql.data(), '\0', sql.size())) {
    size_t at = static_cast<const char*>(nul) - sql.data();
    Error e;
    e.message = "the SQL text holds a NUL byte, which PostgreSQL does not accept";
    e.line = 1 + static_cast<int>(std::count(sql.begin(), sql.begin() + at, '\n'));
    return fail(std::move(e));
  }

  const TokenIds& ids = token_ids();
  std::string input(sql);
  PgQueryScanResult scan = pg_query_scan(input.c_str());
  if (scan.error) {
    Error e;
    e.message = scan.error->message ? scan.error->message : "cannot scan the SQL text";
    e.line = line_of_position(sql, scan.error->cursorpos);
    if (e.line == 0) e.line = line_of_positionless_error(sql);
    pg_query_free_scan_result(scan);
    return fail(std::move(e));
  }
  std::vector<Token> toks;
  toks.reserve(sql.size() / 4);
  bool decoded = decode_tokens(scan.pbuf, toks);
  pg_query_free_scan_result(scan);
  if (!decoded) return failf("cannot read libpg_query's scan of the SQL text");

  auto is_comment = [&](int kind) { return kind == ids.sql_comment || kind == ids.c_comment; };
  auto emit = [&](size_t first, size_t last) {
    size_t begin = static_cast<size_t>(toks[first].start);
    size_t end = last + 1 < toks.size() ? static_cast<size_t>(toks[last + 1].start) : sql.size();
    while (end > begin && is_pg_space(sql[end - 1])) --end;
    out.push_back(StatementText{std::string(sql.substr(begin, end - begin)), begin});
  };

  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t first = kNone;
  size_t last = kNone;
  std::array<int, 4> head{};
  int head_count = 0;
  bool routine = false;
  int parens = 0;
  int body_depth = 0;  // open BEGIN ATOMIC bodies plus CASEs inside them
  bool after_begin = false;
  for (size_t i = 0; i < toks.size(); ++i) {
    int kind = toks[i].kind;
    if (is_comment(kind)) continue;
    if (kind == kSemicolon && parens <= 0 && body_depth == 0) {
      if (first != kNone) emit(first, last);
      first = last = kNone;
      head_count = 0;
      routine = false;
      parens = 0;
      after_begin = false;
      continue;
    }
    if (first == kNone) first = i;
    last = i;
    if (head_count < static_cast<int>(head.size())) {
      head[head_count++] = kind;
      routine = is_routine_head(head, head_count, ids);
    }
    if (kind == kOpenParen) {
      ++parens;
    } else if (kind == kCloseParen) {
      --parens;
    } else if (routine) {
      if (after_begin && kind == ids.atomic) {
        ++body_depth;
      } else if (body_depth > 0 && kind == ids.case_) {
        ++body_depth;
      } else if (body_depth > 0 && kind == ids.end) {
        --body_depth;
      }
    }
    after_begin = routine && kind == ids.begin;
  }
  if (first != kNone) emit(first, last);
  return out;
}

}  // namespace strata::detail
