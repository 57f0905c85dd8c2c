// Amazon Connect endpoint resolution: which URL a call goes to and how it is signed.
//
// The Connect endpoint rule set published by AWS (data/connect-endpoint-rule-set.json,
// embedded in the library) is run by the generic interpreter (rule_engine.hpp) with the
// embedded partitions (data/partitions.json). Both are parsed once, on first use, in a
// thread-safe static; a call is then one evaluation plus one URL parse.
//
// A custom endpoint (config, AWS_ENDPOINT_URL_CONNECT, ...) is passed as the rule set's
// Endpoint parameter rather than short-circuited, so the rule set's own checks apply
// (FIPS or dual-stack together with a custom endpoint is an error).
//
// Pure: no I/O, no clock. Safe to call from several threads.
#pragma once

#include "endpoint/partitions.hpp"
#include "endpoint/rule_engine.hpp"

#include <awsconnect/result.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace awsconnect::endpoint {

/// The inputs of the Connect rule set (its parameters Region, UseFIPS, UseDualStack,
/// Endpoint). Defaults: no region, FIPS and dual-stack off, no custom endpoint.
struct endpoint_params {
    std::optional<std::string> region;
    bool use_fips = false;
    bool use_dualstack = false;
    std::optional<std::string> endpoint;  ///< custom endpoint URL (http:// allowed)
};

struct resolved_endpoint {
    /// As the rules returned it, e.g. "https://connect.us-east-1.amazonaws.com".
    std::string url;
    std::string scheme;      ///< "https" or "http"
    std::string host;        ///< lower case; an IPv6 literal without brackets ("::1")
    std::uint16_t port = 0;  ///< explicit, else the scheme's default (443 / 80)
    std::string base_path;   ///< path of the URL without trailing '/', usually ""
    /// From the endpoint's sigv4 authScheme (signingRegion) if present, else the Region
    /// parameter (empty if there is none: a custom endpoint without a region).
    std::string signing_region;
    /// From the endpoint's sigv4 authScheme (signingName) if present, else "connect".
    std::string signing_name;
};

/// Resolves the Connect endpoint. Every failure is errc::invalid_configuration:
/// - the rule set's own errors, message verbatim ("Invalid Configuration: FIPS and custom
///   endpoint are not supported", "Invalid Configuration: Missing Region", ...);
/// - a region that is not a valid host label (letters, digits, '-'): it is placed into
///   the host name, so "a/b" or "" must not get that far;
/// - a URL that is not absolute http(s) with a host, or that has user-info, a query, a
///   fragment or a bad port (the message never repeats user-info).
result<resolved_endpoint> resolve_connect_endpoint(const endpoint_params& params);

/// Resolves the STS endpoint (the credential providers' AssumeRole calls), the SDKs'
/// regional endpoints, from the embedded partitions:
///   https://sts.{region}.{dnsSuffix}               (https://sts.us-east-1.amazonaws.com)
///   FIPS:       https://sts-fips.{region}.{dnsSuffix}  (aws-us-gov: sts.{region}.amazonaws.com)
///   dual-stack: https://sts.{region}.{dualStackDnsSuffix}, with FIPS sts-fips.{region}....
/// FIPS or dual-stack in a partition that does not support it, or together with a custom
/// endpoint, is an error with the rule sets' messages; a custom endpoint is checked as for
/// Connect. Signing name "sts", signing region the Region. The same failures as
/// resolve_connect_endpoint (errc::invalid_configuration).
result<resolved_endpoint> resolve_sts_endpoint(const endpoint_params& params);

/// The embedded Connect rule set, compiled once (an error only if the embedded data were
/// broken, which the unit tests rule out). For tests and tools that evaluate it directly.
const rules_result<rule_set>& connect_rule_set();

/// The embedded partitions table, parsed once (null only if the embedded data were broken).
std::shared_ptr<const partition_table> aws_partitions();

}  // namespace awsconnect::endpoint
