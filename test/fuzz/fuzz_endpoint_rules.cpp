// Fuzz target: the endpoint rules engine (lib/endpoint), three ways, chosen by the first
// byte:
//   0: Connect parameters against the embedded rule set: a flags byte (UseFIPS,
//      UseDualStack, Region set, Endpoint set), then "Region\nEndpoint";
//   1: the rest as a rule-set document (rule_set::parse), evaluated when it loads, with its
//      parameters unset and then set to values of their declared types;
//   2: the rest as one expression (evaluate_expression) with Region/Endpoint variables.
//
// Invariants: everything ends in a value or an error, never an exception; a resolved
// Connect endpoint has an http(s) scheme, a host and a port, and agrees with evaluating the
// rule set directly; failures are invalid_configuration with an ASCII message that never
// repeats an Endpoint holding user-info ('@').
#include "fuzz_input.hpp"

#include "endpoint/resolve_endpoint.hpp"
#include "endpoint/rule_engine.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <string>
#include <string_view>

namespace {

using namespace awsconnect;
using namespace awsconnect::endpoint;
namespace json = boost::json;

bool printable_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            return false;
    return true;
}

void connect_params(fuzz::input_reader& in) {
    const std::uint8_t flags = in.byte();
    endpoint_params p;
    p.use_fips = flags & 1;
    p.use_dualstack = flags & 2;
    const std::string_view region = in.field();
    const std::string_view url = in.rest();
    if (flags & 4) p.region = std::string(region);
    if (flags & 8) p.endpoint = std::string(url);

    const auto r = resolve_connect_endpoint(p);
    if (!r) {
        FUZZ_CHECK(r.error().code == make_error_code(errc::invalid_configuration));
        FUZZ_CHECK(printable_ascii(r.error().message));
        // (The region is quoted when it is invalid: an endpoint inside it does not count.)
        if (p.endpoint && p.endpoint->find('@') != std::string::npos && p.endpoint->size() >= 8 &&
            region.find(*p.endpoint) == std::string_view::npos)
            FUZZ_CHECK(r.error().message.find(*p.endpoint) == std::string::npos);
        return;
    }
    FUZZ_CHECK(r->scheme == "https" || r->scheme == "http");
    FUZZ_CHECK(!r->host.empty() && r->port != 0);
    FUZZ_CHECK(r->base_path.empty() || r->base_path.front() == '/');
    FUZZ_CHECK(r->base_path.empty() || r->base_path.back() != '/');
    FUZZ_CHECK(!r->signing_name.empty());
    if (!p.endpoint) FUZZ_CHECK(r->scheme == "https");

    parameter_map map;
    if (p.region) map["Region"] = *p.region;
    map["UseFIPS"] = p.use_fips;
    map["UseDualStack"] = p.use_dualstack;
    if (p.endpoint) map["Endpoint"] = *p.endpoint;
    const auto direct = connect_rule_set()->evaluate(map);
    FUZZ_CHECK(direct.has_value());
    FUZZ_CHECK(direct->url == r->url);
}

void rule_set_document(std::string_view text) {
    const auto rs = rule_set::parse(text, aws_partitions());
    if (!rs) {
        const auto c = rs.error().code;
        FUZZ_CHECK(c == rules_errc::malformed_rule_set || c == rules_errc::unknown_function ||
                   c == rules_errc::undefined_reference);
        return;
    }
    (void)rs->evaluate({});
    parameter_map set;
    for (const parameter_info& p : rs->parameters()) {
        switch (p.type) {
            case parameter_type::string:
                set[p.name] = "us-east-1";
                break;
            case parameter_type::boolean:
                set[p.name] = true;
                break;
            case parameter_type::string_array:
                set[p.name] = json::array{"a", "b"};
                break;
        }
    }
    const auto r = rs->evaluate(set);
    if (r) FUZZ_CHECK(r->url.size() < (1u << 20));
    // A parameter the rule set does not declare is rejected, whatever else holds.
    set["NotDeclaredByAnyRuleSet\x01"] = "x";
    const auto bad = rs->evaluate(set);
    FUZZ_CHECK(!bad.has_value() && bad.error().code == rules_errc::invalid_parameter);
}

void expression(std::string_view text) {
    boost::system::error_code ec;
    const json::value expr = json::parse(text, ec);
    if (ec) return;
    const parameter_map vars{{"Region", "us-east-1"},
                             {"Endpoint", "https://example.com:8443/a/b"},
                             {"UseFIPS", false},
                             {"Unset", nullptr}};
    (void)evaluate_expression(expr, vars, aws_partitions().get());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::input_reader in(data, size);
    switch (in.byte() % 3) {
        case 0:
            connect_params(in);
            break;
        case 1:
            rule_set_document(in.rest());
            break;
        default:
            expression(in.rest());
            break;
    }
    return 0;
}
