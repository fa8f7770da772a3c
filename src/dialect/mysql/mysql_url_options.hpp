// The query keys a MySQL/MariaDB URL may carry, read and checked before any
// connection is attempted: unix_socket, ssl-mode and the TLS files,
// connect_timeout and charset. `-` and `_` are the same in a key.
#pragma once

#include <string>

#include "common/result.hpp"
#include "common/url.hpp"

namespace strata::detail {

enum class MysqlSslMode {
  kDefault,         // not given: libmariadb's default (no TLS in Connector/C 3.3)
  kDisabled,        // never TLS
  kPreferred,       // TLS when the server offers it, plain otherwise
  kRequired,        // TLS or fail; the certificate is not checked
  kVerifyCa,        // TLS with the certificate checked (see the note below)
  kVerifyIdentity,  // TLS with the certificate and the host name checked
};

struct MysqlUrlOptions {
  std::string unix_socket;
  MysqlSslMode ssl_mode = MysqlSslMode::kDefault;
  std::string ssl_ca, ssl_capath, ssl_cert, ssl_key;
  unsigned connect_timeout = 10;  // seconds
};

// Errors name the key and the accepted values; "host" (taken by the URL
// parser) is accepted and ignored here. Note: libmariadb 3.3 checks the host
// name whenever it checks the certificate, so VERIFY_CA behaves as
// VERIFY_IDENTITY.
Result<MysqlUrlOptions> read_mysql_url_options(const Url& url);

}  // namespace strata::detail
