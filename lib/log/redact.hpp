// Redaction of secrets in text the library prints: its log lines, and text from elsewhere
// that enters an error message (a credential_process's stderr).
//
// The library's own text never contains a secret (messages name keys, files and lines, not
// values); this is the second line of defence, for text it does not control and for
// mistakes. What is replaced by "<redacted>":
//
//   - the value after a secret key and '=' or ':' (blanks and one quote allowed around
//     them), the key compared case-insensitively with '-' and '_' ignored:
//     secret_access_key, aws_secret_access_key, secret_key, session_token, aws_session_token,
//     security_token, X-Amz-Security-Token, token, access_token, refresh_token, id_token,
//     client_secret, password, passwd, proxy_password, signature, X-Amz-Signature,
//     X-aws-ec2-metadata-token, AWS_CONTAINER_AUTHORIZATION_TOKEN, aws_web_identity_token
//     (as in `key=value`, `Key: value`, `"Key": "value"`, `key = value`, query strings).
//     A quoted value ends at its closing quote; an unquoted one at a blank or one of , ; & " ' ) ] } >
//   - Authorization and Proxy-Authorization: everything after the separator up to the end
//     of the line (or of the quoted value), whatever its scheme (SigV4, Bearer, Basic);
//   - the token after "Bearer ";
//   - the password of a URL's userinfo (scheme://user:password@host), up to the last '@'
//     before a blank, a quote, '?' or '#' (a raw password may hold '/').
//
// The identifiers that are not secrets stay: access key ids, client (idempotency) tokens,
// pagination tokens (NextToken), request ids.
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace awsconnect::log {

inline constexpr std::string_view redacted = "<redacted>";

/// `text` with every secret value replaced by "<redacted>" (see above). Idempotent.
std::string redact(std::string_view text);

}  // namespace awsconnect::log
