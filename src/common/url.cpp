#include "common/url.hpp"

#include <fmt/format.h>

#include <charconv>

#include "common/strings.hpp"

namespace strata::detail {

namespace {

constexpr std::string_view kSupported = "sqlite, postgresql (postgres), mysql (mariadb)";
constexpr std::string_view kHexUpper = "0123456789ABCDEF";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Python's unquote leaves malformed escapes alone, so a raw "100%" password
// pasted from an Alembic config keeps working here too.
std::string percent_decode(std::string_view s, bool plus_is_space = false) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Encodes everything but unreserved characters and `keep`, so a decoded
// component prints back as a URL that parses to the same value.
std::string percent_encode(std::string_view s, std::string_view keep) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (is_unreserved(c) || keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHexUpper[u >> 4];
      out += kHexUpper[u & 15];
    }
  }
  return out;
}

// Where the user-info part of an authority ends, following SQLAlchemy: a
// username has no ':' or '/', the password runs to the first '@' after the
// ':' (so it may hold raw '/', '?' or ':'). Returns npos when there is none.
size_t userinfo_end(std::string_view rest) {
  size_t colon_or_slash = rest.find_first_of(":/");
  if (colon_or_slash != std::string_view::npos && rest[colon_or_slash] == ':') {
    size_t at = rest.find('@', colon_or_slash);
    if (at != std::string_view::npos) return at;
  }
  size_t limit = rest.find_first_of("/?");
  std::string_view head = rest.substr(0, limit);
  return head.rfind('@');
}

// Best-effort redaction of text that did not parse: masks everything from the
// first ':' of the user-info to the LAST '@', so a password holding a raw '@'
// is hidden whole. Masking too much is fine in an error message.
std::string redact_unparsed(std::string_view text) {
  size_t sep = text.find("://");
  size_t start = sep == std::string_view::npos ? 0 : sep + 3;
  std::string_view rest = text.substr(start);
  size_t colon_or_slash = rest.find_first_of(":/");
  if (colon_or_slash == std::string_view::npos || rest[colon_or_slash] != ':') {
    return std::string(text);
  }
  size_t last_at = rest.rfind('@');
  if (last_at == std::string_view::npos || last_at < colon_or_slash) return std::string(text);
  std::string out(text.substr(0, start + colon_or_slash + 1));
  out += "***";
  out += rest.substr(last_at);
  return out;
}

tl::unexpected<Error> url_error(std::string_view text, std::string_view why) {
  return failf("invalid database URL '{}': {}", redact_unparsed(text), why);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Status parse_query(std::string_view text, std::string_view q, Url& url) {
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq), true);
    if (key.empty()) return url_error(text, "a query parameter has an empty name");
    std::string value =
        eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
    url.query[std::move(key)] = std::move(value);
  }
  return {};
}

Status parse_scheme(std::string_view text, std::string_view raw, Url& url) {
  std::string scheme = to_lower(raw);
  size_t plus = scheme.find('+');
  if (plus != std::string::npos) {
    url.driver = scheme.substr(plus + 1);
    scheme.resize(plus);
    if (url.driver.empty()) return url_error(text, "empty driver name after '+'");
  }
  if (scheme == "sqlite") {
    url.scheme = "sqlite";
  } else if (scheme == "postgresql" || scheme == "postgres") {
    url.scheme = "postgresql";
  } else if (scheme == "mysql" || scheme == "mariadb") {
    url.scheme = "mysql";
  } else {
    return failf("unsupported database URL scheme '{}' in '{}'; supported: {}", raw,
                 redact_unparsed(text), kSupported);
  }
  return {};
}

Status parse_sqlite(std::string_view text, std::string_view rest, Url& url) {
  if (rest.empty()) return {};
  if (rest.front() != '/') {
    return url_error(text,
                     "a sqlite URL takes no host; write sqlite:///relative.db, "
                     "sqlite:////absolute/path.db or sqlite:// (in memory)");
  }
  rest.remove_prefix(1);
  size_t q = rest.find('?');
  url.database = percent_decode(rest.substr(0, q));
  if (q != std::string_view::npos) return parse_query(text, rest.substr(q + 1), url);
  return {};
}

Status parse_server(std::string_view text, std::string_view rest, Url& url) {
  size_t ui = userinfo_end(rest);
  if (ui != std::string_view::npos) {
    std::string_view info = rest.substr(0, ui);
    size_t colon = info.find(':');
    url.user = percent_decode(info.substr(0, colon));
    if (colon != std::string_view::npos) url.password = percent_decode(info.substr(colon + 1));
    rest.remove_prefix(ui + 1);
  }
  size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);

  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return url_error(text, "unterminated '[' in IPv6 host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return url_error(text, "unexpected text after ']' in IPv6 host");
      port = after.substr(1);
      has_port = true;
    }
    if (host.empty()) return url_error(text, "empty IPv6 host");
  } else {
    size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (host.find('@') != std::string_view::npos) {
    return url_error(text, "unexpected '@' in the host; percent-encode '@' in a password as %40");
  }
  url.host = percent_decode(host);
  if (has_port) {
    // Never echo the port text: in a mangled URL it may be a piece of the password.
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (!all_digits(port) || ec != std::errc() || end != port.data() + port.size() || value < 1 ||
        value > 65535) {
      return url_error(text, "the port must be a number from 1 to 65535");
    }
    url.port = value;
  }

  if (!rest.empty() && rest.front() == '/') {
    rest.remove_prefix(1);
    size_t q = rest.find('?');
    url.database = percent_decode(rest.substr(0, q));
    rest = q == std::string_view::npos ? std::string_view() : rest.substr(q);
  }
  if (!rest.empty()) {
    STRATA_CHECK(parse_query(text, rest.substr(1), url));
  }
  if (url.host.empty()) {
    auto it = url.query.find("host");
    if (it != url.query.end()) url.host = it->second;
  }
  return {};
}

}  // namespace

Result<Url> parse_url(std::string_view text) {
  text = trim(text);
  if (text.empty()) return failf("empty database URL; supported schemes: {}", kSupported);
  size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return url_error(text, fmt::format("expected SCHEME://..., with SCHEME one of {}", kSupported));
  }
  Url url;
  STRATA_CHECK(parse_scheme(text, text.substr(0, sep), url));
  std::string_view rest = text.substr(sep + 3);
  if (url.scheme == "sqlite") {
    STRATA_CHECK(parse_sqlite(text, rest, url));
  } else {
    STRATA_CHECK(parse_server(text, rest, url));
  }
  return url;
}

std::string Url::redacted() const {
  std::string out = scheme;
  if (!driver.empty()) out += "+" + driver;
  out += "://";
  if (scheme == "sqlite") {
    // sqlite://?k=v would not parse: a query needs the (empty) path's '/'.
    if (!database.empty() || !query.empty())
      out += "/" + percent_encode(database, "/:!$&'()*+,;=@");
  } else {
    if (!user.empty() || !password.empty()) {
      out += percent_encode(user, "!$&'()*+,;=");
      if (!password.empty()) out += ":***";
      out += '@';
    }
    // A host taken from ?host= stays in the query only, as it was given.
    auto qhost = query.find("host");
    bool host_from_query = qhost != query.end() && qhost->second == host;
    if (!host_from_query) {
      if (host.find(':') != std::string::npos) {
        out += "[" + percent_encode(host, ":") + "]";
      } else {
        out += percent_encode(host, "!$&'()*+,;=");
      }
    }
    if (port != 0) out += fmt::format(":{}", port);
    // No raw '@' after the host: SQLAlchemy's user-info rule would read it as
    // the end of a password, and the form would parse back differently.
    if (!database.empty()) out += "/" + percent_encode(database, "!$&'()*+,;=:");
  }
  char sep = '?';
  for (const auto& [key, value] : query) {
    out += sep;
    sep = '&';
    out += percent_encode(key, "!$'()*,;:/");
    out += '=';
    out += is_secret_key(key) ? std::string("***") : percent_encode(value, "!$'()*,;:/");
  }
  return out;
}

bool is_secret_key(std::string_view key) { return key == "password" || key == "sslpassword"; }

std::vector<std::string> Url::secrets() const {
  std::vector<std::string> out;
  if (!password.empty()) out.push_back(password);
  for (const auto& [key, value] : query)
    if (is_secret_key(key) && !value.empty()) out.push_back(value);
  return out;
}

namespace {

// Length of the match of `secret` at text[pos], where any byte of the text may
// also be spelled %XX (either case) or, for a space, '+'; 0 when no match.
size_t match_secret_at(std::string_view text, size_t pos, std::string_view secret) {
  size_t j = pos;
  for (char want : secret) {
    if (j >= text.size()) return 0;
    if (text[j] == want) {
      ++j;
    } else if (text[j] == '%' && j + 2 < text.size() && hex_value(text[j + 1]) >= 0 &&
               hex_value(text[j + 2]) >= 0 &&
               static_cast<char>(hex_value(text[j + 1]) * 16 + hex_value(text[j + 2])) == want) {
      j += 3;
    } else if (want == ' ' && text[j] == '+') {
      ++j;
    } else {
      return 0;
    }
  }
  return j - pos;
}

}  // namespace

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty() || text.empty()) return text;
  std::string out;
  size_t copied = 0;
  bool changed = false;
  for (size_t i = 0; i < text.size();) {
    size_t len = match_secret_at(text, i, secret);
    if (len == 0) {
      ++i;
      continue;
    }
    if (!changed) out.reserve(text.size());
    changed = true;
    out.append(text, copied, i - copied);
    out += "***";
    i += len;
    copied = i;
  }
  if (!changed) return text;
  out.append(text, copied, std::string::npos);
  return out;
}

namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

bool ends_url_token(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'' || c == '"' || c == '`' ||
         c == '<' || c == '>';
}

// One URL-like token (no blanks or quotes) with its user-info password and
// secret query values masked.
std::string redact_url_token(std::string_view token) {
  size_t sep = token.find("://");
  std::string out(token.substr(0, sep + 3));
  std::string_view rest = token.substr(sep + 3);
  size_t at = rest.rfind('@');
  size_t colon = rest.find(':');
  if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
    out.append(rest.substr(0, colon + 1));
    out += "***";
    rest.remove_prefix(at);
  } else if (colon != std::string_view::npos && rest.front() != '[') {
    // No '@' (the text was cut there): what follows a ':' is a port only
    // when it is all digits; anything else may be the start of a password.
    size_t stop = rest.find_first_of("/?", colon + 1);
    std::string_view after = rest.substr(colon + 1, stop - (colon + 1));
    if (!after.empty() && !all_digits(after)) {
      out.append(rest.substr(0, colon + 1));
      out += "***";
      rest.remove_prefix(stop == std::string_view::npos ? rest.size() : stop);
    }
  }
  size_t q = rest.find('?');
  out.append(rest.substr(0, q));
  if (q == std::string_view::npos) return out;
  std::string_view query = rest.substr(q + 1);
  out += '?';
  while (true) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && is_secret_key(percent_decode(pair.substr(0, eq), true))) {
      out.append(pair.substr(0, eq + 1));
      out += "***";
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    out += '&';
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

std::string redact_urls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t done = 0;
  size_t sep;
  while ((sep = text.find("://", done)) != std::string_view::npos) {
    size_t start = sep;
    while (start > done && is_scheme_char(text[start - 1])) --start;
    size_t end = sep + 3;
    while (end < text.size() && !ends_url_token(text[end])) ++end;
    out.append(text.substr(done, start - done));
    std::string_view token = text.substr(start, end - start);
    if (start == sep || to_lower(text.substr(start, sep - start)).rfind("sqlite", 0) == 0) {
      out.append(token);  // no scheme, or a file path that may hold ':' and '@'
    } else {
      out += redact_url_token(token);
    }
    done = end;
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace strata::detail
