#include "common/url.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata::detail {
namespace {

Url ok(std::string_view text) {
  auto r = parse_url(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().message);
  return r ? *r : Url{};
}

std::string err(std::string_view text) {
  auto r = parse_url(text);
  EXPECT_FALSE(r.has_value()) << text << " parsed";
  return r ? std::string() : r.error().message;
}

TEST(Url, SqliteRelativePath) {
  Url u = ok("sqlite:///relative.db");
  EXPECT_EQ(u.scheme, "sqlite");
  EXPECT_EQ(u.database, "relative.db");
  EXPECT_FALSE(u.is_memory());
  EXPECT_EQ(u.redacted(), "sqlite:///relative.db");
}

TEST(Url, SqliteNestedRelativePath) {
  EXPECT_EQ(ok("sqlite:///data/app.db").database, "data/app.db");
}

TEST(Url, SqliteAbsolutePath) {
  Url u = ok("sqlite:////abs/path.db");
  EXPECT_EQ(u.database, "/abs/path.db");
  EXPECT_EQ(u.redacted(), "sqlite:////abs/path.db");
}

TEST(Url, SqliteMemoryForms) {
  Url a = ok("sqlite://");
  EXPECT_TRUE(a.is_memory());
  EXPECT_EQ(a.database, "");
  EXPECT_EQ(a.redacted(), "sqlite://");
  Url b = ok("sqlite:///:memory:");
  EXPECT_TRUE(b.is_memory());
  EXPECT_EQ(b.database, ":memory:");
  EXPECT_EQ(b.redacted(), "sqlite:///:memory:");
}

TEST(Url, SqliteQueryAndDecoding) {
  Url u = ok("sqlite:///my%20db.sqlite?mode=ro&cache=shared");
  EXPECT_EQ(u.database, "my db.sqlite");
  EXPECT_EQ(u.query.at("mode"), "ro");
  EXPECT_EQ(u.query.at("cache"), "shared");
  EXPECT_EQ(u.redacted(), "sqlite:///my%20db.sqlite?cache=shared&mode=ro");
}

TEST(Url, SqliteWithDriver) {
  Url u = ok("sqlite+pysqlite:///x.db");
  EXPECT_EQ(u.scheme, "sqlite");
  EXPECT_EQ(u.driver, "pysqlite");
}

TEST(Url, SqliteWithHostIsAnError) {
  EXPECT_EQ(err("sqlite://relative.db"),
            "invalid database URL 'sqlite://relative.db': a sqlite URL takes no host; write "
            "sqlite:///relative.db, sqlite:////absolute/path.db or sqlite:// (in memory)");
}

TEST(Url, PostgresFull) {
  Url u = ok("postgresql://user:pass@host:5432/db?sslmode=require");
  EXPECT_EQ(u.scheme, "postgresql");
  EXPECT_EQ(u.driver, "");
  EXPECT_EQ(u.user, "user");
  EXPECT_EQ(u.password, "pass");
  EXPECT_EQ(u.host, "host");
  EXPECT_EQ(u.port, 5432);
  EXPECT_EQ(u.database, "db");
  ASSERT_EQ(u.query.size(), 1u);
  EXPECT_EQ(u.query.at("sslmode"), "require");
  EXPECT_EQ(u.redacted(), "postgresql://user:***@host:5432/db?sslmode=require");
}

TEST(Url, PostgresAliasesAndDriver) {
  Url a = ok("postgres://u@h/d");
  EXPECT_EQ(a.scheme, "postgresql");
  EXPECT_EQ(a.redacted(), "postgresql://u@h/d");
  Url b = ok("postgresql+psycopg2://u:p@h/d");
  EXPECT_EQ(b.scheme, "postgresql");
  EXPECT_EQ(b.driver, "psycopg2");
  EXPECT_EQ(b.redacted(), "postgresql+psycopg2://u:***@h/d");
  Url c = ok("PostgreSQL://h/d");
  EXPECT_EQ(c.scheme, "postgresql");
}

TEST(Url, MysqlAndMariadb) {
  Url a = ok("mysql://root:secret@127.0.0.1:3306/app");
  EXPECT_EQ(a.scheme, "mysql");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 3306);
  Url b = ok("mariadb://root@db/app");
  EXPECT_EQ(b.scheme, "mysql");
  EXPECT_EQ(b.redacted(), "mysql://root@db/app");
  Url c = ok("mysql+pymysql://u:p@h/app?charset=utf8mb4");
  EXPECT_EQ(c.scheme, "mysql");
  EXPECT_EQ(c.driver, "pymysql");
  EXPECT_EQ(c.query.at("charset"), "utf8mb4");
}

TEST(Url, NoUserNoPortNoDatabase) {
  Url u = ok("postgresql://localhost");
  EXPECT_EQ(u.user, "");
  EXPECT_EQ(u.password, "");
  EXPECT_EQ(u.host, "localhost");
  EXPECT_EQ(u.port, 0);
  EXPECT_EQ(u.database, "");
  EXPECT_EQ(u.redacted(), "postgresql://localhost");
}

TEST(Url, EmptyHostUsesDefaults) {
  Url u = ok("postgresql:///mydb");
  EXPECT_EQ(u.host, "");
  EXPECT_EQ(u.database, "mydb");
  EXPECT_EQ(u.redacted(), "postgresql:///mydb");
}

TEST(Url, PercentDecoding) {
  Url u = ok("postgresql://us%40er:p%40ss%2Fw%3Ard@my%2Dhost/my%20db?application_name=a%20b+c");
  EXPECT_EQ(u.user, "us@er");
  EXPECT_EQ(u.password, "p@ss/w:rd");
  EXPECT_EQ(u.host, "my-host");
  EXPECT_EQ(u.database, "my db");
  EXPECT_EQ(u.query.at("application_name"), "a b c");
  EXPECT_EQ(u.redacted(), "postgresql://us%40er:***@my-host/my%20db?application_name=a%20b%20c");
}

TEST(Url, MalformedEscapesStayLiteral) {
  Url u = ok("postgresql://u:100%@h/d%zz");
  EXPECT_EQ(u.password, "100%");
  EXPECT_EQ(u.database, "d%zz");
}

TEST(Url, PasswordWithRawSlashQuestionAndColon) {
  // SQLAlchemy's rule: the password runs to the first '@' after the ':'.
  Url u = ok("postgresql://u:a/b?c:d@host:5433/db");
  EXPECT_EQ(u.user, "u");
  EXPECT_EQ(u.password, "a/b?c:d");
  EXPECT_EQ(u.host, "host");
  EXPECT_EQ(u.port, 5433);
  EXPECT_EQ(u.database, "db");
}

TEST(Url, UserWithoutPassword) {
  Url u = ok("postgresql://alice@host/db");
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.password, "");
  Url v = ok("postgresql://alice@host:5432/db");
  EXPECT_EQ(v.user, "alice");
  EXPECT_EQ(v.host, "host");
  EXPECT_EQ(v.port, 5432);
}

TEST(Url, EmptyPasswordIsNoPassword) {
  Url u = ok("postgresql://alice:@host/db");
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.password, "");
  EXPECT_EQ(u.redacted(), "postgresql://alice@host/db");
}

TEST(Url, PasswordWithoutUser) {
  Url u = ok("postgresql://:pw@host/db");
  EXPECT_EQ(u.user, "");
  EXPECT_EQ(u.password, "pw");
  EXPECT_EQ(u.redacted(), "postgresql://:***@host/db");
}

TEST(Url, Ipv6Hosts) {
  Url a = ok("postgresql://u:p@[::1]:5432/db");
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 5432);
  EXPECT_EQ(a.redacted(), "postgresql://u:***@[::1]:5432/db");
  Url b = ok("postgresql://[2001:db8::7]/db");
  EXPECT_EQ(b.host, "2001:db8::7");
  EXPECT_EQ(b.port, 0);
  EXPECT_EQ(b.redacted(), "postgresql://[2001:db8::7]/db");
}

TEST(Url, HostFromQueryStaysInQuery) {
  Url u = ok("postgresql://user:pw@/db?host=/var/run/postgresql");
  EXPECT_EQ(u.host, "/var/run/postgresql");
  EXPECT_EQ(u.query.at("host"), "/var/run/postgresql");
  EXPECT_EQ(u.database, "db");
  EXPECT_EQ(u.redacted(), "postgresql://user:***@/db?host=/var/run/postgresql");
}

TEST(Url, AuthorityHostWinsOverQueryHost) {
  Url u = ok("postgresql://realhost/db?host=/tmp");
  EXPECT_EQ(u.host, "realhost");
  EXPECT_EQ(u.query.at("host"), "/tmp");
  EXPECT_EQ(u.redacted(), "postgresql://realhost/db?host=/tmp");
}

TEST(Url, QueryEdgeCases) {
  Url u = ok("postgresql://h/d?a&b=&c=1&&c=2&d=x=y");
  EXPECT_EQ(u.query.at("a"), "");
  EXPECT_EQ(u.query.at("b"), "");
  EXPECT_EQ(u.query.at("c"), "2");
  EXPECT_EQ(u.query.at("d"), "x=y");
  EXPECT_EQ(u.query.size(), 4u);
}

TEST(Url, QueryValueNeedsEncodingOnOutput) {
  Url u = ok("postgresql://h/d?options=-c%20search_path%3Da%2Bb");
  EXPECT_EQ(u.query.at("options"), "-c search_path=a+b");
  EXPECT_EQ(u.redacted(), "postgresql://h/d?options=-c%20search_path%3Da%2Bb");
  EXPECT_EQ(ok(u.redacted()).query.at("options"), "-c search_path=a+b");
}

TEST(Url, WhitespaceAroundIsTrimmed) { EXPECT_EQ(ok("  postgresql://h/d\n").database, "d"); }

TEST(Url, PortBounds) {
  EXPECT_EQ(ok("postgresql://h:1/d").port, 1);
  EXPECT_EQ(ok("postgresql://h:65535/d").port, 65535);
  EXPECT_EQ(err("postgresql://h:0/d"),
            "invalid database URL 'postgresql://h:0/d': the port must be a number from 1 to 65535");
  EXPECT_EQ(err("postgresql://h:65536/d"),
            "invalid database URL 'postgresql://h:65536/d': the port must be a number from 1 to "
            "65535");
  EXPECT_EQ(err("postgresql://h:99999999999999999999/d"),
            "invalid database URL 'postgresql://h:99999999999999999999/d': the port must be a "
            "number from 1 to 65535");
  EXPECT_EQ(
      err("postgresql://h:-1/d"),
      "invalid database URL 'postgresql://h:-1/d': the port must be a number from 1 to 65535");
  EXPECT_EQ(err("postgresql://h:/d"),
            "invalid database URL 'postgresql://h:/d': the port must be a number from 1 to 65535");
  EXPECT_EQ(err("postgresql://h:54x/d"),
            "invalid database URL 'postgresql://h:54x/d': the port must be a number from 1 to "
            "65535");
  EXPECT_EQ(err("postgresql://[::1]:0/d"),
            "invalid database URL 'postgresql://[::1]:0/d': the port must be a number from 1 to "
            "65535");
}

TEST(Url, UnknownSchemeListsSupported) {
  EXPECT_EQ(err("oracle://u:pw@h/d"),
            "unsupported database URL scheme 'oracle' in 'oracle://u:***@h/d'; supported: sqlite, "
            "postgresql (postgres), mysql (mariadb)");
  EXPECT_EQ(err("mssql+pyodbc://h/d"),
            "unsupported database URL scheme 'mssql+pyodbc' in 'mssql+pyodbc://h/d'; supported: "
            "sqlite, postgresql (postgres), mysql (mariadb)");
}

TEST(Url, MalformedUrls) {
  EXPECT_EQ(err(""),
            "empty database URL; supported schemes: sqlite, postgresql (postgres), "
            "mysql (mariadb)");
  EXPECT_EQ(err("app.db"),
            "invalid database URL 'app.db': expected SCHEME://..., with SCHEME one of sqlite, "
            "postgresql (postgres), mysql (mariadb)");
  EXPECT_EQ(err("://h/d"),
            "invalid database URL '://h/d': expected SCHEME://..., with SCHEME one of sqlite, "
            "postgresql (postgres), mysql (mariadb)");
  EXPECT_EQ(err("postgresql+://h/d"),
            "invalid database URL 'postgresql+://h/d': empty driver "
            "name after '+'");
  EXPECT_EQ(err("postgresql://[::1/d"),
            "invalid database URL 'postgresql://[::1/d': unterminated '[' in IPv6 host");
  EXPECT_EQ(err("postgresql://[::1]x/d"),
            "invalid database URL 'postgresql://[::1]x/d': unexpected text after ']' in IPv6 "
            "host");
  EXPECT_EQ(err("postgresql://h/d?=v"),
            "invalid database URL 'postgresql://h/d?=v': a query parameter has an empty name");
}

TEST(Url, RawAtInPasswordIsRejectedAndHidden) {
  EXPECT_EQ(err("postgresql://u:p@ss@host/db"),
            "invalid database URL 'postgresql://u:***@host/db': unexpected '@' in the host; "
            "percent-encode '@' in a password as %40");
}

// The password (raw or percent-encoded) must never reach an error message.
TEST(Url, PasswordNeverInErrors) {
  const std::vector<std::string> bad = {
      "postgresql://admin:S3cr3tPw@host:0/db",
      "postgresql://admin:S3cr3tPw@host:70000/db",
      "postgresql://admin:S3cr3tPw@host:port/db",
      "postgresql://admin:S3cr3tPw@[::1/db",
      "postgresql://admin:S3cr3tPw@[::1]zz/db",
      "postgresql://admin:S3cr3tPw@ho@st/db",
      "postgresql://admin:S3cr3tPw@h/db?=x",
      "postgresql+://admin:S3cr3tPw@h/db",
      "nosuch://admin:S3cr3tPw@h/db",
      "postgres://admin:S3cr3tPw@h:/db",
      "mysql://admin:S3cr3tPw@h:1x/db",
      "admin:S3cr3tPw@h/db",
      "postgresql://admin:S3cr3t@Pw@h:0/db",
      "postgresql://admin:S3cr3t?Pw@h:0/db",
      "postgresql://admin:S3cr3t/Pw@h:0/db",
      "postgresql://admin:S3cr3t%2FPw@h:0/db",
  };
  for (const auto& text : bad) {
    std::string msg = err(text);
    EXPECT_FALSE(msg.empty()) << text;
    for (std::string_view piece : {"S3cr3t", "Pw@", "%2FPw"}) {
      EXPECT_EQ(msg.find(piece), std::string::npos) << text << " -> " << msg;
    }
    EXPECT_NE(msg.find("***"), std::string::npos) << text << " -> " << msg;
  }
}

TEST(Url, RedactedNeverHasPassword) {
  Url u = ok("postgresql://admin:hunter2@db.example.com:6543/prod?sslmode=verify-full");
  EXPECT_EQ(u.redacted(), "postgresql://admin:***@db.example.com:6543/prod?sslmode=verify-full");
  EXPECT_EQ(u.redacted().find("hunter2"), std::string::npos);
}

TEST(Url, RedactedRoundTrips) {
  for (std::string_view text :
       {"postgresql://u@h:5432/d?sslmode=require", "mysql+pymysql://root@[fe80::1]:3306/app",
        "sqlite:////tmp/a%20b.db", "postgresql://h/d?host=%2Ftmp", "sqlite:///x.db?mode=ro",
        // Found by fuzzing (tests/fuzz/regressions/url): an '@' after the host, a
        // query on an in-memory database, an IPv6 host holding a ']' or an '@'.
        "postgresql://u@h:5432/d%40x", "postgresql://u@h?app=a:b%40c", "sqlite:///?cache=shared",
        "postgresql://[fe80::1%25e%5Dth%400]/d"}) {
    Url u = ok(text);
    Url back = ok(u.redacted());
    EXPECT_EQ(back.scheme, u.scheme) << text;
    EXPECT_EQ(back.driver, u.driver) << text;
    EXPECT_EQ(back.user, u.user) << text;
    EXPECT_EQ(back.host, u.host) << text;
    EXPECT_EQ(back.port, u.port) << text;
    EXPECT_EQ(back.database, u.database) << text;
    EXPECT_EQ(back.query, u.query) << text;
  }
}

TEST(Redact, ReplacesEveryOccurrence) {
  EXPECT_EQ(redact("pw and pw again: pw", "pw"), "*** and *** again: ***");
  EXPECT_EQ(redact("nothing here", "secret"), "nothing here");
  EXPECT_EQ(redact("keep", ""), "keep");
  EXPECT_EQ(redact("", "x"), "");
}

TEST(Redact, ReplacesPercentEncodedForms) {
  EXPECT_EQ(redact("postgresql://u:p%40ss%2Fw@h/d", "p@ss/w"), "postgresql://u:***@h/d");
  EXPECT_EQ(redact("lower p%40ss%2fw too", "p@ss/w"), "lower *** too");
  EXPECT_EQ(redact("mixed p@ss%2Fw", "p@ss/w"), "mixed ***");
  EXPECT_EQ(redact("fully %70%40%73%73%2F%77", "p@ss/w"), "fully ***");
  EXPECT_EQ(redact("form a+b and a%20b", "a b"), "form *** and ***");
}

TEST(Redact, OverlappingAndAdjacent) {
  EXPECT_EQ(redact("aaaa", "aa"), "******");
  EXPECT_EQ(redact("xabab", "ab"), "x******");
  EXPECT_EQ(redact("connection to pw@h failed: password \"pw\" rejected", "pw"),
            "connection to ***@h failed: password \"***\" rejected");
}

TEST(RedactUrls, MasksPasswordsOfUrlsInFreeText) {
  EXPECT_EQ(
      redact_urls("The following argument was not expected: postgresql://u:s3cr%40t@h:5432/db"),
      "The following argument was not expected: postgresql://u:***@h:5432/db");
  // Cut at the '@' (a revision expression splits there): what follows the
  // ':' is no port, so it is masked too.
  EXPECT_EQ(redact_urls("No such revision or branch 'postgresql://u:s3cret'"),
            "No such revision or branch 'postgresql://u:***'");
  EXPECT_EQ(redact_urls("a postgres://u:pw@h/db?sslmode=require&password=x&sslpassword=y b"),
            "a postgres://u:***@h/db?sslmode=require&password=***&sslpassword=*** b");
  EXPECT_EQ(redact_urls("two: mysql://a:1@h and 'postgresql+psycopg2://b:2@h'"),
            "two: mysql://a:***@h and 'postgresql+psycopg2://b:***@h'");
}

TEST(RedactUrls, LeavesEverythingElseAlone) {
  for (const std::string text :
       {"no url here", "postgresql://h:5432/db", "postgresql://u@h:5432/db",
        "postgresql://u:***@h/db", "postgresql://[::1]:5432/db", "sqlite:///a:b@c.db",
        "cannot connect to postgresql://u:***@h:1/db: refused", "://x:y@z", ""}) {
    EXPECT_EQ(redact_urls(text), text);
  }
}

}  // namespace
}  // namespace strata::detail
