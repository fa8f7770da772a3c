// Fuzz target: database URLs (common/url.hpp). Checks that parsing is
// deterministic, that the redacted form carries nothing of the password or of
// secret query values and parses back to the same URL, that an error message does
// not depend on what would have been the password, and that redact() removes a secret.
#include <algorithm>
#include <string>

#include "common/strings.hpp"
#include "common/url.hpp"
#include "fuzz_check.hpp"

namespace {

using strata::detail::Url;

bool same_url(const Url& a, const Url& b) {
  return a.scheme == b.scheme && a.driver == b.driver && a.user == b.user &&
         a.password == b.password && a.host == b.host && a.port == b.port &&
         a.database == b.database && a.query == b.query;
}

// The same URL with every secret changed.
Url with_other_secrets(Url u) {
  if (!u.password.empty()) u.password = "\x01other-secret";
  for (auto& [key, value] : u.query) {
    if (strata::detail::is_secret_key(key)) value = "\x02other-secret";
  }
  return u;
}

void check_parsed(const Url& u) {
  std::string red = u.redacted();
  // The redacted form depends on the secrets only through their presence.
  FUZZ_CHECK(red == with_other_secrets(u).redacted());
  if (!u.password.empty()) FUZZ_CHECK(red.find(":***@") != std::string::npos);
  for (const auto& s : u.secrets()) FUZZ_CHECK(!s.empty());
  // The redacted form parses back to the same URL, secrets aside (url.cpp's
  // percent_encode promises it), and redacting it again changes nothing.
  auto back = strata::detail::parse_url(red);
  FUZZ_CHECK(back.has_value());
  FUZZ_CHECK(back->scheme == u.scheme && back->driver == u.driver && back->user == u.user);
  FUZZ_CHECK(back->host == u.host && back->port == u.port && back->database == u.database);
  FUZZ_CHECK(back->password == (u.password.empty() ? "" : "***"));
  FUZZ_CHECK(back->query.size() == u.query.size());
  for (const auto& [key, value] : u.query) {
    auto it = back->query.find(key);
    FUZZ_CHECK(it != back->query.end());
    FUZZ_CHECK(it->second == (strata::detail::is_secret_key(key) ? "***" : value));
  }
  FUZZ_CHECK(back->redacted() == red);
}

// On a parse error: the message must not depend on the text the parser would
// take as the password (after the first ':' of the user info, up to the next
// '@'). Overwriting those bytes with 'x' changes no structure (no ':', '/',
// '?' or '@' moves), so the error, masked, must read exactly the same.
void check_error_message(std::string_view text, const std::string& message) {
  text = strata::detail::trim(text);
  size_t sep = text.find("://");
  size_t start = sep == std::string_view::npos ? 0 : sep + 3;
  size_t colon = text.find_first_of(":/", start);
  if (colon == std::string_view::npos || text[colon] != ':') return;
  size_t at = text.find('@', colon);
  if (at == std::string_view::npos || at == colon + 1) return;
  std::string other(text);
  std::fill(other.begin() + colon + 1, other.begin() + at, 'x');
  auto r = strata::detail::parse_url(other);
  FUZZ_CHECK(!r.has_value());
  FUZZ_CHECK(r.error().message == message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = strata::fuzz::as_text(data, size);
  auto first = strata::detail::parse_url(text);
  auto again = strata::detail::parse_url(text);
  FUZZ_CHECK(strata::fuzz::same_result(first, again, same_url));
  if (first) {
    check_parsed(*first);
    const std::string& pw = first->password;
    if (!pw.empty() && pw.find('*') == std::string::npos) {
      FUZZ_CHECK(strata::detail::redact(std::string(text), pw).find(pw) == std::string::npos);
    }
  } else {
    check_error_message(text, first.error().message);
  }
  return 0;
}
