// SigV4 step 1: the canonical request.
//
//   METHOD \n CANONICAL_URI \n CANONICAL_QUERY \n CANONICAL_HEADERS \n
//   SIGNED_HEADERS \n PAYLOAD_HASH
//
// Pure functions; every `append_*` writes into a caller-owned string so that a reused
// buffer makes signing allocation-free.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace awsconnect::sigv4 {

struct header_field {
    std::string_view name;
    std::string_view value;
};

struct canonical_uri_options {
    bool normalize_path = true;  ///< remove "." / ".." segments and empty segments
    bool double_encode = true;   ///< encode the (already encoded) path again: non-S3 rule
};

/// The canonical URI of a path as it is sent on the wire.
void append_canonical_uri(std::string& out, std::string_view path, canonical_uri_options opts);

/// The canonical query string: parameters decoded, re-encoded with the SigV4 rules,
/// sorted by key then value, each written `key=value` and joined with '&'.
/// `extra` (already encoded, '&'-joined, may be empty) is merged in, as presigning needs.
void append_canonical_query(std::string& out, std::string_view query, std::string_view extra = {});

/// Which headers take part in a signature.
struct header_selection {
    enum class mode {
        all,       ///< every header given
        signable,  ///< all but those SDKs never sign (see is_unsigned_header)
        listed,    ///< exactly those named in `names` (';'-joined, lower-case)
    };
    mode which = mode::signable;
    std::string_view names;
};

/// Canonical headers (`name:value\n` each, lower-case names sorted, values trimmed with
/// inner whitespace runs folded to one space, repeated names joined with ',') and the
/// signed-headers list (`name;name`), over the selected headers.
void append_canonical_headers(std::string& canonical, std::string& signed_headers,
                              std::span<const header_field> headers,
                              header_selection selection = {header_selection::mode::all, {}});

/// True for headers that SDKs never sign (they may be changed by proxies or are
/// per-connection): authorization, user-agent, x-amzn-trace-id, connection, expect,
/// transfer-encoding, upgrade, keep-alive, proxy-authorization.
bool is_unsigned_header(std::string_view lower_or_mixed_name) noexcept;

/// "e3b0c442..." : the hex SHA-256 of an empty payload.
inline constexpr std::string_view empty_payload_hash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace awsconnect::sigv4
