#include "endpoint/resolve_endpoint.hpp"

#include "http/ascii.hpp"
#include "endpoint/embedded_data.hpp"
#include "endpoint/rule_functions.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <utility>

namespace awsconnect::endpoint {

namespace json = boost::json;
namespace urls = boost::urls;

namespace {

struct embedded_rules {
    std::shared_ptr<const partition_table> partitions;
    rules_result<rule_set> rules;
};

embedded_rules load_embedded() {
    auto table = partition_table::parse(data::partitions_json);
    if (!table) return {nullptr, table.error()};
    auto partitions = std::make_shared<const partition_table>(std::move(*table));
    auto rules = rule_set::parse(data::connect_rule_set_json, partitions);
    return {std::move(partitions), std::move(rules)};
}

// Function-local static: initialized once, thread-safely, on first use.
const embedded_rules& embedded() {
    static const embedded_rules instance = load_embedded();
    return instance;
}

awsconnect::error config_error(std::string message) {
    return make_error(errc::invalid_configuration, std::move(message));
}

// Caller text for a message: quoted, with bytes outside printable ASCII as \xNN
// (library messages are ASCII).
std::string printable(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "'";
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b < 0x7f) {
            out += c;
        } else {
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 0xf];
        }
    }
    return out + "'";
}

// The URL for a message. A URL with user-info may carry a password, which must never
// reach an error message, so such a URL is not repeated.
std::string quoted(std::string_view url) {
    if (url.find('@') != std::string_view::npos) return "(not shown: it contains '@')";
    return printable(url);
}

std::string lower_ascii(std::string_view s) { return http::to_lower_ascii(s); }

// The sigv4 entry of properties.authSchemes, if any.
const json::object* sigv4_auth_scheme(const json::object& properties) {
    const json::value* schemes = properties.if_contains("authSchemes");
    if (schemes == nullptr || !schemes->is_array()) return nullptr;
    for (const json::value& s : schemes->get_array()) {
        const json::object* o = s.if_object();
        if (o == nullptr) continue;
        const json::value* name = o->if_contains("name");
        if (name != nullptr && name->is_string() && name->get_string() == "sigv4") return o;
    }
    return nullptr;
}

std::string string_or(const json::object* o, std::string_view key, std::string fallback) {
    if (o != nullptr) {
        const json::value* v = o->if_contains(key);
        if (v != nullptr && v->is_string()) return std::string(v->get_string());
    }
    return fallback;
}

result<resolved_endpoint> split_url(const endpoint& ep, const endpoint_params& params,
                                    std::string_view default_signing_name = "connect") {
    const std::string_view url = ep.url;
    auto parsed = urls::parse_uri(url);
    if (!parsed)
        return config_error("endpoint URL " + quoted(url) + " is not a valid absolute URL");
    const urls::url_view u = *parsed;

    resolved_endpoint out;
    out.url = ep.url;
    if (u.scheme_id() == urls::scheme::https)
        out.scheme = "https";
    else if (u.scheme_id() == urls::scheme::http)
        out.scheme = "http";
    else
        return config_error("endpoint URL " + quoted(url) + ": the scheme must be http or https");

    if (u.has_userinfo())
        return config_error("endpoint URL " + quoted(url) +
                            " must not contain user-info (user:password@)");
    if (u.has_query())
        return config_error("endpoint URL " + quoted(url) + " must not have a query");
    if (u.has_fragment())
        return config_error("endpoint URL " + quoted(url) + " must not have a fragment");

    // Boost.URL 1.81 reads "http://h:a/b" as port "" and path "a/b"; after an authority
    // the path must be empty or start with '/'.
    const std::string_view path = u.encoded_path();
    if (!u.has_authority() || (!path.empty() && path.front() != '/'))
        return config_error("endpoint URL " + quoted(url) + " is not a valid absolute URL");

    switch (u.host_type()) {
        case urls::host_type::name: {
            const std::string_view host = u.encoded_host();
            if (host.find('%') != std::string_view::npos)
                return config_error("endpoint URL " + quoted(url) +
                                    ": percent-encoded host names are not supported");
            out.host = lower_ascii(host);
            break;
        }
        case urls::host_type::ipv4:
            out.host = std::string(u.encoded_host());
            break;
        case urls::host_type::ipv6:
            out.host = lower_ascii(u.host_address());
            break;
        default:
            return config_error("endpoint URL " + quoted(url) + " has no usable host");
    }
    if (out.host.empty()) return config_error("endpoint URL " + quoted(url) + " has no host");

    out.port = out.scheme == "https" ? 443 : 80;
    if (u.has_port() && !u.port().empty()) {
        const std::string_view port = u.port();
        unsigned value = 0;
        bool ok = port.size() <= 5;
        for (char c : port) {
            if (c < '0' || c > '9') ok = false;
            if (ok) value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (!ok || value == 0 || value > 65535)
            return config_error("endpoint URL " + quoted(url) + " has an invalid port");
        out.port = static_cast<std::uint16_t>(value);
    }

    std::string_view base = path;
    while (!base.empty() && base.back() == '/')
        base.remove_suffix(1);
    out.base_path = std::string(base);

    const json::object* sigv4 = sigv4_auth_scheme(ep.properties);
    out.signing_region = string_or(sigv4, "signingRegion", params.region.value_or(""));
    out.signing_name = string_or(sigv4, "signingName", std::string(default_signing_name));
    return out;
}

}  // namespace

const rules_result<rule_set>& connect_rule_set() {
    return embedded().rules;
}

std::shared_ptr<const partition_table> aws_partitions() {
    return embedded().partitions;
}

result<resolved_endpoint> resolve_connect_endpoint(const endpoint_params& params) {
    const auto& rules = connect_rule_set();
    if (!rules)
        return config_error("the embedded endpoint rule set is invalid: " + rules.error().message);

    if (params.region && !functions::is_valid_host_label(*params.region, false))
        return config_error("invalid region " + printable(*params.region) +
                            ": a region is a host label (letters, digits and '-')");

    parameter_map map;
    if (params.region) map["Region"] = *params.region;
    map["UseFIPS"] = params.use_fips;
    map["UseDualStack"] = params.use_dualstack;
    if (params.endpoint) map["Endpoint"] = *params.endpoint;

    auto ep = rules->evaluate(map);
    if (!ep) return config_error(ep.error().message);
    return split_url(*ep, params);
}

}  // namespace awsconnect::endpoint

namespace awsconnect::endpoint {

result<resolved_endpoint> resolve_sts_endpoint(const endpoint_params& params) {
    if (params.endpoint) {
        // The rule sets' own messages, in their order.
        if (params.use_fips) return config_error("Invalid Configuration: FIPS and custom endpoint are not supported");
        if (params.use_dualstack)
            return config_error("Invalid Configuration: Dualstack and custom endpoint are not supported");
        endpoint ep;
        ep.url = *params.endpoint;
        return split_url(ep, params, "sts");
    }
    if (!params.region) return config_error("Invalid Configuration: Missing Region");
    const std::string& region = *params.region;
    if (!functions::is_valid_host_label(region, false))
        return config_error("invalid region " + printable(region) +
                            ": a region is a host label (letters, digits and '-')");
    const auto table = aws_partitions();
    if (!table) return config_error("the embedded partitions data is invalid");
    const json::object* p = table->find(region);
    if (p == nullptr) return config_error("no partition for region " + printable(region));
    auto flag = [&](std::string_view key) {
        const json::value* v = p->if_contains(key);
        return v != nullptr && v->is_bool() && v->get_bool();
    };
    const std::string name = string_or(p, "name", "aws");
    std::string host;
    if (params.use_fips && params.use_dualstack) {
        if (!flag("supportsFIPS") || !flag("supportsDualStack"))
            return config_error("FIPS and DualStack are enabled, but this partition does not support one or both");
        host = "sts-fips." + region + "." + string_or(p, "dualStackDnsSuffix", "");
    } else if (params.use_fips) {
        if (!flag("supportsFIPS")) return config_error("FIPS is enabled but this partition does not support FIPS");
        host = name == "aws-us-gov" ? "sts." + region + ".amazonaws.com"
                                    : "sts-fips." + region + "." + string_or(p, "dnsSuffix", "");
    } else if (params.use_dualstack) {
        if (!flag("supportsDualStack"))
            return config_error("DualStack is enabled but this partition does not support DualStack");
        host = "sts." + region + "." + string_or(p, "dualStackDnsSuffix", "");
    } else {
        host = "sts." + region + "." + string_or(p, "dnsSuffix", "");
    }
    endpoint ep;
    ep.url = "https://" + host;
    return split_url(ep, params, "sts");
}

}  // namespace awsconnect::endpoint
