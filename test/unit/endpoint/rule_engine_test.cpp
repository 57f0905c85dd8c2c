// The endpoint rules interpreter: each library function through the engine, templates,
// references and assignments, the three rule types, parameters, and the load-time checks
// of malformed rule sets.
//
// Strategy: single expressions are evaluated with evaluate_expression (variables in,
// JSON value out) so each function's wiring and argument checks are seen in isolation;
// small hand-written rule sets then exercise rule order, tree exhaustion (no fall-through
// to a sibling), variable scope, defaults and required parameters, with exact URLs,
// headers, properties and messages. The upstream Connect cases live in
// connect_endpoint_tests_test.cpp; the string functions' edge cases in
// rule_functions_test.cpp.
#include "endpoint/resolve_endpoint.hpp"
#include "endpoint/rule_engine.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <string>

namespace json = boost::json;
using namespace awsconnect::endpoint;

namespace {

rules_result<json::value> eval(std::string_view expr_json, const parameter_map& vars = {}) {
    return evaluate_expression(json::parse(expr_json), vars, aws_partitions().get());
}

// The value of a successful evaluation (a failed one fails the test with its message).
json::value value_of(std::string_view expr_json, const parameter_map& vars = {}) {
    auto r = eval(expr_json, vars);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    return *r;
}

rules_error error_of(std::string_view expr_json, const parameter_map& vars = {}) {
    auto r = eval(expr_json, vars);
    REQUIRE_FALSE(r.has_value());
    return r.error();
}

rule_set parse_rules(std::string_view doc) {
    auto rs = rule_set::parse(doc, aws_partitions());
    REQUIRE_MESSAGE(rs.has_value(), (rs ? "" : rs.error().message));
    return *rs;
}

// A rule set with the given parameters and rules (both JSON text).
std::string doc_with(std::string_view parameters, std::string_view rules) {
    return R"({"version":"1.0","parameters":)" + std::string(parameters) +
           R"(,"rules":)" + std::string(rules) + "}";
}

constexpr std::string_view no_params = "{}";
constexpr std::string_view ok_rules =
    R"([{"type":"endpoint","conditions":[],"endpoint":{"url":"https://ok"}}])";

}  // namespace

TEST_SUITE("endpoint rule engine") {

// ---- library functions, one by one -----------------------------------------------------

TEST_CASE("isSet is true for any set value, false for unset") {
    const parameter_map vars{{"S", "x"}, {"F", false}, {"E", ""}, {"N", nullptr}};
    CHECK(value_of(R"({"fn":"isSet","argv":[{"ref":"S"}]})", vars) == true);
    CHECK(value_of(R"({"fn":"isSet","argv":[{"ref":"F"}]})", vars) == true);  // not truthiness
    CHECK(value_of(R"({"fn":"isSet","argv":[{"ref":"E"}]})", vars) == true);
    CHECK(value_of(R"({"fn":"isSet","argv":[{"ref":"N"}]})", vars) == false);
    CHECK(value_of(R"({"fn":"isSet","argv":[{"fn":"parseURL","argv":["nope"]}]})") == false);
}

TEST_CASE("not negates a boolean and rejects anything else") {
    CHECK(value_of(R"({"fn":"not","argv":[true]})") == false);
    CHECK(value_of(R"({"fn":"not","argv":[false]})") == true);
    CHECK(value_of(R"({"fn":"not","argv":[{"fn":"isSet","argv":[{"ref":"N"}]}]})",
                   {{"N", nullptr}}) == true);
    const auto e = error_of(R"({"fn":"not","argv":["true"]})");
    CHECK(e.code == rules_errc::invalid_argument);
    CHECK(e.message == "endpoint rules: expression: not: argument 1 must be a boolean, got a string");
}

TEST_CASE("booleanEquals and stringEquals compare values of their own type") {
    CHECK(value_of(R"({"fn":"booleanEquals","argv":[true,true]})") == true);
    CHECK(value_of(R"({"fn":"booleanEquals","argv":[true,false]})") == false);
    CHECK(value_of(R"({"fn":"booleanEquals","argv":[{"ref":"B"},false]})", {{"B", false}}) == true);
    CHECK(value_of(R"({"fn":"stringEquals","argv":["a","a"]})") == true);
    CHECK(value_of(R"({"fn":"stringEquals","argv":["a","A"]})") == false);
    CHECK(value_of(R"({"fn":"stringEquals","argv":["",""]})") == true);
    CHECK(value_of(R"({"fn":"stringEquals","argv":["{R}-x","us-1-x"]})", {{"R", "us-1"}}) == true);

    auto e = error_of(R"({"fn":"booleanEquals","argv":[true,"true"]})");
    CHECK(e.code == rules_errc::invalid_argument);
    CHECK(e.message ==
          "endpoint rules: expression: booleanEquals: argument 2 must be a boolean, got a string");
    e = error_of(R"({"fn":"stringEquals","argv":[true,"true"]})");
    CHECK(e.message ==
          "endpoint rules: expression: stringEquals: argument 1 must be a string, got a boolean");
    // An unset value needs an isSet guard first.
    e = error_of(R"({"fn":"stringEquals","argv":[{"ref":"N"},"x"]})", {{"N", nullptr}});
    CHECK(e.code == rules_errc::invalid_argument);
    CHECK(e.message == "endpoint rules: expression: stringEquals: argument 1 is not set");
}

TEST_CASE("getAttr reads keys, nested keys and indexes") {
    const parameter_map vars{
        {"O", json::parse(R"({"a":{"b":"deep"},"list":["x","y"],"name":"n","t":true})")}};
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"name"]})", vars) == "n");
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"t"]})", vars) == true);
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"a.b"]})", vars) == "deep");
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"list[1]"]})", vars) == "y");
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"a"]})", vars) ==
          json::parse(R"({"b":"deep"})"));
    // Optional results: a missing key or an index past the end is "not set".
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"missing"]})", vars).is_null());
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"missing.b"]})", vars).is_null());
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"list[2]"]})", vars).is_null());
    // On an array directly.
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"ref":"L"},"[0]"]})", {{"L", json::parse(R"(["z"])")}}) == "z");

    auto e = error_of(R"({"fn":"getAttr","argv":["str","a"]})");
    CHECK(e.code == rules_errc::invalid_argument);
    CHECK(e.message == "endpoint rules: expression: getAttr: argument 1 must be an object or an "
                       "array, got a string");
    e = error_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"name.x"]})", vars);
    CHECK(e.message == "endpoint rules: expression: getAttr 'name.x': cannot read 'x' of a string");
    e = error_of(R"({"fn":"getAttr","argv":[{"ref":"O"},"a[0]"]})", vars);
    CHECK(e.message == "endpoint rules: expression: getAttr 'a[0]': cannot index an object");
}

TEST_CASE("coalesce returns the first set argument") {
    const parameter_map vars{{"N", nullptr}, {"M", nullptr}, {"S", "s"}, {"F", false}};
    CHECK(value_of(R"({"fn":"coalesce","argv":[{"ref":"N"},{"ref":"S"}]})", vars) == "s");
    CHECK(value_of(R"({"fn":"coalesce","argv":[{"ref":"S"},"other"]})", vars) == "s");
    CHECK(value_of(R"({"fn":"coalesce","argv":[{"ref":"F"},true]})", vars) == false);  // set, not truthy
    CHECK(value_of(R"({"fn":"coalesce","argv":[{"ref":"N"},{"ref":"M"}]})", vars).is_null());
    CHECK(value_of(R"({"fn":"coalesce","argv":[{"ref":"N"},{"ref":"M"},"last"]})", vars) == "last");
}

TEST_CASE("parseURL returns the URL structure or unset") {
    CHECK(value_of(R"({"fn":"parseURL","argv":["http://192.168.1.1:1234/foo/"]})") ==
          json::parse(R"({"scheme":"http","authority":"192.168.1.1:1234","path":"/foo/",
                          "normalizedPath":"/foo/","isIp":true})"));
    CHECK(value_of(R"({"fn":"parseURL","argv":["{E}"]})", {{"E", "https://example.com/p"}}) ==
          json::parse(R"({"scheme":"https","authority":"example.com","path":"/p",
                          "normalizedPath":"/p/","isIp":false})"));
    CHECK(value_of(R"({"fn":"parseURL","argv":["https://example.com?q=1"]})").is_null());
    CHECK(value_of(R"({"fn":"parseURL","argv":["acbd://example.com"]})").is_null());
    const auto e = error_of(R"({"fn":"parseURL","argv":[true]})");
    CHECK(e.message == "endpoint rules: expression: parseURL: argument 1 must be a string, got a boolean");
}

TEST_CASE("isValidHostLabel with and without allowSubDomains") {
    CHECK(value_of(R"({"fn":"isValidHostLabel","argv":["abc-1",false]})") == true);
    CHECK(value_of(R"({"fn":"isValidHostLabel","argv":["a.b",false]})") == false);
    CHECK(value_of(R"({"fn":"isValidHostLabel","argv":["a.b",true]})") == true);
    CHECK(value_of(R"({"fn":"isValidHostLabel","argv":["a..b",true]})") == false);
    CHECK(value_of(R"({"fn":"isValidHostLabel","argv":["-a",true]})") == false);
    CHECK(value_of(R"({"fn":"isValidHostLabel","argv":["a.b"]})") == false);  // default: no dots
    const auto e = error_of(R"({"fn":"isValidHostLabel","argv":["a","yes"]})");
    CHECK(e.message ==
          "endpoint rules: expression: isValidHostLabel: argument 2 must be a boolean, got a string");
}

TEST_CASE("uriEncode percent-encodes") {
    CHECK(value_of(R"({"fn":"uriEncode","argv":["a b/c?d=e~f"]})") == "a%20b%2Fc%3Fd%3De~f");
    CHECK(value_of(R"({"fn":"uriEncode","argv":["{V}"]})", {{"V", "x&y"}}) == "x%26y");
}

TEST_CASE("substring slices ASCII strings or gives unset") {
    CHECK(value_of(R"({"fn":"substring","argv":["abcdefg",0,4,false]})") == "abcd");
    CHECK(value_of(R"({"fn":"substring","argv":["abcdefg",0,4,true]})") == "defg");
    CHECK(value_of(R"({"fn":"substring","argv":["abc",0,4,false]})").is_null());
    CHECK(value_of(R"({"fn":"substring","argv":["abc",1,1,false]})").is_null());
    auto e = error_of(R"({"fn":"substring","argv":["abc","0",1,false]})");
    CHECK(e.message ==
          "endpoint rules: expression: substring: argument 2 must be an integer, got a string");
    e = error_of(R"({"fn":"substring","argv":["abc",0,1.5,false]})");
    CHECK(e.message ==
          "endpoint rules: expression: substring: argument 3 must be an integer, got a number");
    e = error_of(R"({"fn":"substring","argv":["abc",0,1,0]})");
    CHECK(e.message ==
          "endpoint rules: expression: substring: argument 4 must be a boolean, got a number");
}

TEST_CASE("aws.partition returns the partition's outputs") {
    CHECK(value_of(R"({"fn":"aws.partition","argv":["us-west-2"]})") ==
          json::parse(R"({"dnsSuffix":"amazonaws.com","dualStackDnsSuffix":"api.aws",
                          "implicitGlobalRegion":"us-east-1","name":"aws",
                          "supportsDualStack":true,"supportsFIPS":true})"));
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"fn":"aws.partition","argv":["cn-north-1"]},"dnsSuffix"]})") ==
          "amazonaws.com.cn");
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"fn":"aws.partition","argv":["us-gov-east-1"]},"name"]})") ==
          "aws-us-gov");
    CHECK(value_of(R"({"fn":"getAttr","argv":[{"fn":"aws.partition","argv":["nowhere-1"]},"name"]})") ==
          "aws");
    const auto e = error_of(R"({"fn":"aws.partition","argv":[false]})");
    CHECK(e.message ==
          "endpoint rules: expression: aws.partition: argument 1 must be a string, got a boolean");
}

// ---- expressions and templates ---------------------------------------------------------

TEST_CASE("literals, references and arrays evaluate to themselves") {
    CHECK(value_of("true") == true);
    CHECK(value_of("42") == 42);
    CHECK(value_of(R"("plain")") == "plain");
    CHECK(value_of(R"({"ref":"V"})", {{"V", "v"}}) == "v");
    CHECK(value_of(R"(["a",{"ref":"V"},"{V}!"])", {{"V", "v"}}) == json::parse(R"(["a","v","v!"])"));
}

TEST_CASE("templates substitute references and getAttr paths") {
    const parameter_map vars{
        {"R", "us-east-1"},
        {"P", json::parse(R"({"dnsSuffix":"amazonaws.com","a":{"b":"ab"},"list":["l0","l1"]})")}};
    CHECK(value_of(R"("https://svc.{R}.{P#dnsSuffix}")", vars) == "https://svc.us-east-1.amazonaws.com");
    CHECK(value_of(R"("{P#a#b}|{P#a.b}|{P#list[1]}")", vars) == "ab|ab|l1");
    CHECK(value_of(R"("{R}{R}")", vars) == "us-east-1us-east-1");
    // "{{" and "}}" are literal braces.
    CHECK(value_of(R"("{{R}} is {R}; }}{{")", vars) == "{R} is us-east-1; }{");

    auto e = error_of(R"("x{P#missing}")", vars);
    CHECK(e.code == rules_errc::invalid_argument);
    CHECK(e.message == "endpoint rules: template {P#missing} must be a string, got an unset value");
    e = error_of(R"("x{P#a}")", vars);
    CHECK(e.message == "endpoint rules: template {P#a} must be a string, got an object");
    e = error_of(R"("x{N}")", {{"N", nullptr}});
    CHECK(e.message == "endpoint rules: template {N} must be a string, got an unset value");
}

TEST_CASE("malformed expressions are rejected before evaluation") {
    struct bad_case {
        const char* expr;
        rules_errc code;
        const char* message;
    };
    const bad_case cases[] = {
        {R"("https://{R")", rules_errc::malformed_rule_set,
         R"(endpoint rule set: expression: unclosed '{' in template "https://{R")"},
        {R"("a}b")", rules_errc::malformed_rule_set,
         R"(endpoint rule set: expression: unmatched '}' in template "a}b")"},
        {R"("a{}b")", rules_errc::malformed_rule_set,
         R"(endpoint rule set: expression: bad placeholder {} in template "a{}b")"},
        {R"("a{Nope}")", rules_errc::undefined_reference,
         R"(endpoint rule set: expression: template "a{Nope}" refers to 'Nope', which is not a parameter or a variable in scope)"},
        {R"({"ref":"Nope"})", rules_errc::undefined_reference,
         "endpoint rule set: expression: 'Nope' is not a parameter or a variable in scope"},
        {R"({"ref":1})", rules_errc::malformed_rule_set,
         R"(endpoint rule set: expression: a reference must be {"ref": "<name>"})"},
        {R"({"x":1})", rules_errc::malformed_rule_set,
         R"(endpoint rule set: expression: an object in an expression must be {"ref": ...} or {"fn": ..., "argv": [...]})"},
        {"null", rules_errc::malformed_rule_set, "endpoint rule set: expression: null is not an expression"},
        {R"({"fn":"aws.parseArn","argv":["arn:aws:s3:::b"]})", rules_errc::unknown_function,
         "endpoint rule set: expression: unknown function 'aws.parseArn'"},
        {R"({"fn":7,"argv":[]})", rules_errc::malformed_rule_set,
         R"(endpoint rule set: expression: "fn" must be a string)"},
        {R"({"fn":"isSet"})", rules_errc::malformed_rule_set,
         R"(endpoint rule set: expression: isSet: "argv" must be an array)"},
        {R"({"fn":"stringEquals","argv":["a"]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: stringEquals takes 2 argument(s), got 1"},
        {R"({"fn":"isValidHostLabel","argv":["a",true,true]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: isValidHostLabel takes 1 or 2 argument(s), got 3"},
        {R"({"fn":"coalesce","argv":["a"]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: coalesce takes 2 or more argument(s), got 1"},
        {R"({"fn":"getAttr","argv":[{"ref":"V"},{"ref":"V"}]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: getAttr: the path (argument 2) must be a literal string"},
        {R"({"fn":"getAttr","argv":[{"ref":"V"},"a..b"]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: an empty segment in path 'a..b'"},
        {R"({"fn":"getAttr","argv":[{"ref":"V"},"a[x]"]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: a bad index in path 'a[x]'"},
        {R"({"fn":"getAttr","argv":[{"ref":"V"},"a[1]b"]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: text after an index in path 'a[1]b'"},
        {R"({"fn":"getAttr","argv":[{"ref":"V"},""]})", rules_errc::malformed_rule_set,
         "endpoint rule set: expression: nothing in path ''"},
        {R"({"fn":"not","argv":[{"fn":"nope","argv":[]}]})", rules_errc::unknown_function,
         "endpoint rule set: expression.not.argv[0]: unknown function 'nope'"},
    };
    for (const auto& c : cases) {
        INFO("expression: ", std::string(c.expr));
        const auto e = error_of(c.expr, {{"V", "v"}});
        CHECK(e.code == c.code);
        CHECK(e.message == std::string(c.message));
    }
}

// ---- rule sets ---------------------------------------------------------------------------

// A small service: a host-label check as an error rule, a tree on aws.partition with an
// assigned variable, templated headers and properties, and a partition-specific rule.
constexpr std::string_view link_service = R"({
  "version": "1.0",
  "parameters": {
    "Region": {"type": "string", "required": true, "builtIn": "AWS::Region", "documentation": "d"},
    "LinkId": {"type": "string", "required": false, "documentation": "d"},
    "UseFIPS": {"type": "boolean", "required": true, "default": false, "documentation": "d"}
  },
  "rules": [
    {"type": "error", "documentation": "bad link ids are rejected first",
     "conditions": [
       {"fn": "isSet", "argv": [{"ref": "LinkId"}]},
       {"fn": "not", "argv": [{"fn": "isValidHostLabel", "argv": [{"ref": "LinkId"}, false]}]}],
     "error": "{LinkId} must be a valid host label"},
    {"type": "tree",
     "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
     "rules": [
       {"type": "endpoint",
        "conditions": [
          {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
          {"fn": "isSet", "argv": [{"ref": "LinkId"}]}],
        "endpoint": {
          "url": "https://{LinkId}.svc-fips.{Region}.{P#dnsSuffix}",
          "headers": {"x-link": ["{LinkId}", "static"]},
          "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}",
                                          "signingName": "svc", "disableDoubleEncoding": true}],
                         "n": 3}}},
       {"type": "endpoint",
        "conditions": [{"fn": "isSet", "argv": [{"ref": "LinkId"}]}],
        "endpoint": {"url": "https://{LinkId}.svc.{Region}.{P#dnsSuffix}"}},
       {"type": "endpoint",
        "conditions": [{"fn": "stringEquals",
                        "argv": [{"fn": "getAttr", "argv": [{"ref": "P"}, "name"]}, "aws-cn"]}],
        "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}/cn", "properties": {}, "headers": {}}}
     ]}
  ]
})";

TEST_CASE("a hand-written rule set resolves endpoints with headers and properties") {
    const rule_set rs = parse_rules(link_service);

    auto ep = rs.evaluate({{"Region", "us-east-1"}, {"LinkId", "abc"}});
    REQUIRE_MESSAGE(ep.has_value(), (ep ? "" : ep.error().message));
    CHECK(ep->url == "https://abc.svc.us-east-1.amazonaws.com");
    CHECK(ep->headers.empty());
    CHECK(ep->properties.empty());

    ep = rs.evaluate({{"Region", "eu-west-1"}, {"LinkId", "abc"}, {"UseFIPS", true}});
    REQUIRE_MESSAGE(ep.has_value(), (ep ? "" : ep.error().message));
    CHECK(ep->url == "https://abc.svc-fips.eu-west-1.amazonaws.com");
    REQUIRE(ep->headers.size() == 1);
    CHECK(ep->headers.at("x-link") == std::vector<std::string>{"abc", "static"});
    CHECK(json::value(ep->properties) ==
          json::parse(R"({"authSchemes":[{"name":"sigv4","signingRegion":"eu-west-1",
                          "signingName":"svc","disableDoubleEncoding":true}],"n":3})"));

    ep = rs.evaluate({{"Region", "cn-north-1"}});
    REQUIRE_MESSAGE(ep.has_value(), (ep ? "" : ep.error().message));
    CHECK(ep->url == "https://svc.cn-north-1.amazonaws.com.cn/cn");
}

TEST_CASE("an error rule returns its own message, templated") {
    const rule_set rs = parse_rules(link_service);
    const auto ep = rs.evaluate({{"Region", "us-east-1"}, {"LinkId", "not a label"}});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::error_rule);
    CHECK(ep.error().message == "not a label must be a valid host label");
}

TEST_CASE("a tree whose rules are exhausted is an error, not a fall-through") {
    const rule_set rs = parse_rules(link_service);
    auto ep = rs.evaluate({{"Region", "us-east-1"}});  // no LinkId, not aws-cn
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::no_rule_matched);
    CHECK(ep.error().message == "endpoint rules: no rule matched: the rules of rules[1] were exhausted");

    // Even with a catch-all sibling after the tree.
    const rule_set rs2 = parse_rules(doc_with(no_params, R"([
      {"type":"tree","conditions":[{"fn":"booleanEquals","argv":[true,true]}],
       "rules":[{"type":"endpoint","conditions":[{"fn":"booleanEquals","argv":[true,false]}],
                 "endpoint":{"url":"https://inner"}}]},
      {"type":"endpoint","conditions":[],"endpoint":{"url":"https://fallback"}}])"));
    ep = rs2.evaluate({});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::no_rule_matched);
    CHECK(ep.error().message == "endpoint rules: no rule matched: the rules of rules[0] were exhausted");
}

TEST_CASE("when no top-level rule matches the result is no_rule_matched") {
    const rule_set rs = parse_rules(doc_with(R"({"A":{"type":"string"}})", R"([
      {"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"A"}]}],
       "endpoint":{"url":"https://{A}"}}])"));
    auto ep = rs.evaluate({});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::no_rule_matched);
    CHECK(ep.error().message == "endpoint rules: no rule matched the parameters");
    ep = rs.evaluate({{"A", "a.example"}});
    REQUIRE(ep.has_value());
    CHECK(ep->url == "https://a.example");
}

TEST_CASE("conditions hold when set and not false; assign binds for the rest of the rule") {
    // Rule 1 assigns U and then fails; rule 2 assigns its own U (legal: rule 1's is out of
    // scope) and must see its own value, not rule 1's.
    const rule_set rs = parse_rules(doc_with(R"({"E":{"type":"string","required":true}})", R"([
      {"type":"endpoint","conditions":[
         {"fn":"parseURL","argv":[{"ref":"E"}],"assign":"U"},
         {"fn":"booleanEquals","argv":[{"fn":"getAttr","argv":[{"ref":"U"},"isIp"]},true]}],
       "endpoint":{"url":"{U#scheme}://{U#authority}/ip"}},
      {"type":"endpoint","conditions":[
         {"fn":"uriEncode","argv":["{E}/x"],"assign":"U"}],
       "endpoint":{"url":"https://example.com/{U}"}}])"));

    auto ep = rs.evaluate({{"E", "http://10.0.0.1:81"}});
    REQUIRE_MESSAGE(ep.has_value(), (ep ? "" : ep.error().message));
    CHECK(ep->url == "http://10.0.0.1:81/ip");

    ep = rs.evaluate({{"E", "https://name.example"}});  // not an IP: rule 2
    REQUIRE_MESSAGE(ep.has_value(), (ep ? "" : ep.error().message));
    CHECK(ep->url == "https://example.com/https%3A%2F%2Fname.example%2Fx");

    ep = rs.evaluate({{"E", "not a url"}});  // parseURL unset: rule 1 does not match
    REQUIRE_MESSAGE(ep.has_value(), (ep ? "" : ep.error().message));
    CHECK(ep->url == "https://example.com/not%20a%20url%2Fx");
}

TEST_CASE("a parseURL rule set behaves like Smithy's parse-url cases") {
    // The decisions of Smithy's own parse-url endpoint tests, as a tree of rules.
    const rule_set rs = parse_rules(doc_with(R"({"Endpoint":{"type":"string"}})", R"([
      {"type":"tree","conditions":[
         {"fn":"isSet","argv":[{"ref":"Endpoint"}]},
         {"fn":"parseURL","argv":["{Endpoint}"],"assign":"url"}],
       "rules":[
         {"type":"endpoint","conditions":[
            {"fn":"booleanEquals","argv":[true,{"fn":"getAttr","argv":[{"ref":"url"},"isIp"]}]}],
          "endpoint":{"url":"{url#scheme}://{url#authority}{url#normalizedPath}is-ip-addr"}},
         {"type":"endpoint","conditions":[
            {"fn":"stringEquals","argv":["/port",{"fn":"getAttr","argv":[{"ref":"url"},"path"]}]}],
          "endpoint":{"url":"{url#scheme}://{url#authority}/uri-with-port"}},
         {"type":"endpoint","conditions":[
            {"fn":"stringEquals","argv":["/",{"fn":"getAttr","argv":[{"ref":"url"},"normalizedPath"]}]}],
          "endpoint":{"url":"https://{url#scheme}-{url#authority}-nopath.example.com"}},
         {"type":"endpoint","conditions":[],
          "endpoint":{"url":"https://{url#scheme}-{url#authority}.example.com/path-is{url#path}"}}]},
      {"type":"error","conditions":[],"error":"endpoint was invalid"}])"));

    const std::pair<const char*, const char*> cases[] = {
        {"https://authority.com/custom-path", "https://https-authority.com.example.com/path-is/custom-path"},
        {"https://authority.com", "https://https-authority.com-nopath.example.com"},
        {"https://authority.com/", "https://https-authority.com-nopath.example.com"},
        {"https://authority.com:8000/port", "https://authority.com:8000/uri-with-port"},
        {"http://authority.com:8000/port", "http://authority.com:8000/uri-with-port"},
        {"acbd://example.com", "error: endpoint was invalid"},
        {"http://99_ab.com", "https://http-99_ab.com-nopath.example.com"},
        {"http://99_ab-.com", "https://http-99_ab-.com-nopath.example.com"},
        {"http://abc.com:a/foo", "error: endpoint was invalid"},
        {"http://192.168.1.1/foo/", "http://192.168.1.1/foo/is-ip-addr"},
        {"http://192.168.1.1:1234/foo/", "http://192.168.1.1:1234/foo/is-ip-addr"},
        {"https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
         "https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443/is-ip-addr"},
        {"https://999.999.abc.blah", "https://https-999.999.abc.blah-nopath.example.com"},
        {"https://example.com/path?query1=foo", "error: endpoint was invalid"},
    };
    for (const auto& [input, want] : cases) {
        INFO("Endpoint: ", std::string(input));
        const auto ep = rs.evaluate({{"Endpoint", input}});
        const std::string got = ep ? ep->url : "error: " + ep.error().message;
        CHECK(got == std::string(want));
    }
}

TEST_CASE("parameters: defaults, required, unknown names and types") {
    const rule_set rs = parse_rules(link_service);
    REQUIRE(rs.parameters().size() == 3);
    const auto& region = rs.parameters()[0];
    CHECK(region.name == "Region");
    CHECK(region.type == parameter_type::string);
    CHECK(region.required);
    CHECK_FALSE(region.default_value.has_value());
    CHECK(region.built_in == "AWS::Region");
    const auto& fips = rs.parameters()[2];
    CHECK(fips.name == "UseFIPS");
    CHECK(fips.type == parameter_type::boolean);
    REQUIRE(fips.default_value.has_value());
    CHECK(*fips.default_value == false);

    auto ep = rs.evaluate({});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::missing_parameter);
    CHECK(ep.error().message == "endpoint rules: missing required parameter 'Region'");

    ep = rs.evaluate({{"Region", nullptr}});  // null is unset
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::missing_parameter);

    ep = rs.evaluate({{"Region", "us-east-1"}, {"Bogus", "x"}});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::invalid_parameter);
    CHECK(ep.error().message == "endpoint rules: unknown parameter 'Bogus'");

    ep = rs.evaluate({{"Region", "us-east-1"}, {"UseFIPS", "yes"}});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::invalid_parameter);
    CHECK(ep.error().message == "endpoint rules: parameter 'UseFIPS' must be a boolean, got a string");

    ep = rs.evaluate({{"Region", 1}});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().message == "endpoint rules: parameter 'Region' must be a string, got a number");
}

TEST_CASE("stringArray parameters and capitalized type names") {
    const rule_set rs = parse_rules(doc_with(
        R"({"Ops":{"type":"stringArray","required":true,"default":["a","b"]},"Name":{"type":"String"}})",
        R"([{"type":"endpoint","conditions":[],
             "endpoint":{"url":"https://{Ops#[1]}.example"}}])"));
    CHECK(rs.parameters()[0].type == parameter_type::string_array);
    CHECK(rs.parameters()[1].type == parameter_type::string);
    auto ep = rs.evaluate({});
    REQUIRE_MESSAGE(ep.has_value(), (ep ? "" : ep.error().message));
    CHECK(ep->url == "https://b.example");
    ep = rs.evaluate({{"Ops", json::parse(R"(["x","y"])")}});
    REQUIRE(ep.has_value());
    CHECK(ep->url == "https://y.example");
    ep = rs.evaluate({{"Ops", json::parse(R"(["x",1])")}});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().message ==
          "endpoint rules: parameter 'Ops' must be an array of strings, got an array");
}

TEST_CASE("type errors during evaluation name the rule and the function") {
    const rule_set rs = parse_rules(doc_with(R"({"B":{"type":"boolean"},"S":{"type":"string"}})", R"([
      {"type":"endpoint","conditions":[{"fn":"stringEquals","argv":[{"ref":"S"},"x"]}],
       "endpoint":{"url":"https://x"}},
      {"type":"endpoint","conditions":[],"endpoint":{"url":"https://{B}"}}])"));
    auto ep = rs.evaluate({});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::invalid_argument);
    CHECK(ep.error().message ==
          "endpoint rules: rules[0].conditions[0]: stringEquals: argument 1 is not set");

    ep = rs.evaluate({{"S", "y"}, {"B", true}});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::invalid_argument);
    CHECK(ep.error().message == "endpoint rules: template {B} must be a string, got a boolean");

    const rule_set rs2 = parse_rules(doc_with(no_params, R"([
      {"type":"endpoint","conditions":[],"endpoint":{"url":{"fn":"booleanEquals","argv":[true,true]}}}])"));
    ep = rs2.evaluate({});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().message ==
          "endpoint rules: rules[0]: the endpoint url must be a string, got a boolean");
}

TEST_CASE("urls and error messages may be references") {
    const rule_set rs = parse_rules(doc_with(R"({"U":{"type":"string"},"M":{"type":"string"}})", R"([
      {"type":"error","conditions":[{"fn":"isSet","argv":[{"ref":"M"}]}],"error":{"ref":"M"}},
      {"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"U"}]}],
       "endpoint":{"url":{"ref":"U"}}},
      {"type":"error","conditions":[],"error":"no {{U}}"}])"));
    auto ep = rs.evaluate({{"U", "https://u.example"}});
    REQUIRE(ep.has_value());
    CHECK(ep->url == "https://u.example");
    ep = rs.evaluate({{"M", "custom message"}, {"U", "https://u.example"}});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().code == rules_errc::error_rule);
    CHECK(ep.error().message == "custom message");
    ep = rs.evaluate({});
    REQUIRE_FALSE(ep.has_value());
    CHECK(ep.error().message == "no {U}");
}

TEST_CASE("malformed rule sets are rejected with the place and the reason") {
    struct bad_case {
        std::string doc;
        rules_errc code;
        const char* message;
    };
    const auto M = rules_errc::malformed_rule_set;
    const bad_case cases[] = {
        {"[]", M, "endpoint rule set: the document is not a JSON object"},
        {R"({"parameters":{},"rules":[]})", M, R"(endpoint rule set: "version" must be a string)"},
        {R"({"version":"1.0","rules":[]})", M,
         R"(endpoint rule set: parameters: "parameters" must be an object)"},
        {R"({"version":"1.0","parameters":{}})", M, R"(endpoint rule set: the document has no "rules")"},
        {doc_with(R"({"A":1})", ok_rules), M, "endpoint rule set: parameters.A: must be an object"},
        {doc_with(R"({"A":{}})", ok_rules), M, R"(endpoint rule set: parameters.A: "type" must be a string)"},
        {doc_with(R"({"A":{"type":"int"}})", ok_rules), M,
         "endpoint rule set: parameters.A: unknown type 'int' (expected string, boolean or stringArray)"},
        {doc_with(R"({"A":{"type":"string","required":"yes"}})", ok_rules), M,
         R"(endpoint rule set: parameters.A: "required" must be a boolean)"},
        {doc_with(R"({"A":{"type":"boolean","required":true,"default":"no"}})", ok_rules), M,
         R"(endpoint rule set: parameters.A: "default" does not match the parameter's type)"},
        {doc_with(R"({"A":{"type":"string","builtIn":3}})", ok_rules), M,
         R"(endpoint rule set: parameters.A: "builtIn" must be a string)"},
        {doc_with(no_params, "{}"), M, R"(endpoint rule set: rules: "rules" must be an array)"},
        {doc_with(no_params, "[]"), M, R"(endpoint rule set: rules: "rules" must not be empty)"},
        {doc_with(no_params, "[1]"), M, "endpoint rule set: rules[0]: a rule must be an object"},
        {doc_with(no_params, R"([{"conditions":[]}])"), M,
         R"(endpoint rule set: rules[0]: a rule needs a "type" string)"},
        {doc_with(no_params, R"([{"type":"branch","conditions":[]}])"), M,
         "endpoint rule set: rules[0]: unknown rule type 'branch' (expected endpoint, error or tree)"},
        {doc_with(no_params, R"([{"type":"error","error":"e"}])"), M,
         R"(endpoint rule set: rules[0]: "conditions" must be an array)"},
        {doc_with(no_params, R"([{"type":"error","conditions":[true],"error":"e"}])"), M,
         R"(endpoint rule set: rules[0].conditions[0]: a condition must be a function call {"fn": ..., "argv": [...]})"},
        {doc_with(no_params, R"([{"type":"error","conditions":[{"fn":"aws.isVirtualHostableS3Bucket","argv":["b",false]}],"error":"e"}])"),
         rules_errc::unknown_function,
         "endpoint rule set: rules[0].conditions[0]: unknown function 'aws.isVirtualHostableS3Bucket'"},
        {doc_with(no_params, R"([{"type":"error","conditions":[{"fn":"isSet","argv":[{"ref":"X"}]}],"error":"e"}])"),
         rules_errc::undefined_reference,
         "endpoint rule set: rules[0].conditions[0].isSet.argv[0]: 'X' is not a parameter or a variable in scope"},
        {doc_with(no_params, R"([{"type":"error","conditions":[{"fn":"not","argv":[true],"assign":""}],"error":"e"}])"),
         M, R"(endpoint rule set: rules[0].conditions[0]: "assign" must be a non-empty string)"},
        {doc_with(R"({"A":{"type":"string"}})", R"([{"type":"error","conditions":[{"fn":"isSet","argv":[{"ref":"A"}],"assign":"A"}],"error":"e"}])"),
         M, R"(endpoint rule set: rules[0].conditions[0]: "assign": 'A' is already a parameter or a variable in scope)"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[]}])"), M,
         R"(endpoint rule set: rules[0]: an endpoint rule needs an "endpoint")"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[],"endpoint":"https://x"}])"), M,
         R"(endpoint rule set: rules[0].endpoint: "endpoint" must be an object)"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[],"endpoint":{}}])"), M,
         R"(endpoint rule set: rules[0].endpoint: the endpoint has no "url")"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[],"endpoint":{"url":"https://{A"}}])"), M,
         R"(endpoint rule set: rules[0].endpoint.url: unclosed '{' in template "https://{A")"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[],"endpoint":{"url":"https://x","headers":[]}}])"), M,
         R"(endpoint rule set: rules[0].endpoint: "headers" must be an object)"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[],"endpoint":{"url":"https://x","headers":{"h":"v"}}}])"), M,
         "endpoint rule set: rules[0].endpoint.headers.h: header values must be an array"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[],"endpoint":{"url":"https://x","properties":[]}}])"), M,
         R"(endpoint rule set: rules[0].endpoint: "properties" must be an object)"},
        {doc_with(no_params, R"([{"type":"endpoint","conditions":[],"endpoint":{"url":"https://x","properties":{"a":{"b":"{Nope}"}}}}])"),
         rules_errc::undefined_reference,
         R"(endpoint rule set: rules[0].endpoint.properties.a.b: template "{Nope}" refers to 'Nope', which is not a parameter or a variable in scope)"},
        {doc_with(no_params, R"([{"type":"error","conditions":[]}])"), M,
         R"(endpoint rule set: rules[0]: an error rule needs an "error")"},
        {doc_with(no_params, R"([{"type":"tree","conditions":[]}])"), M,
         R"(endpoint rule set: rules[0]: a tree rule needs "rules")"},
        {doc_with(no_params, R"([{"type":"tree","conditions":[],"rules":[]}])"), M,
         R"(endpoint rule set: rules[0].rules: "rules" must not be empty)"},
        // A variable assigned in one rule is not visible in a sibling.
        {doc_with(no_params, R"([
           {"type":"tree","conditions":[{"fn":"parseURL","argv":["https://x"],"assign":"U"}],"rules":[
             {"type":"endpoint","conditions":[],"endpoint":{"url":"{U#scheme}://y"}}]},
           {"type":"endpoint","conditions":[],"endpoint":{"url":"{U#scheme}://z"}}])"),
         rules_errc::undefined_reference,
         R"(endpoint rule set: rules[1].endpoint.url: template "{U#scheme}://z" refers to 'U', which is not a parameter or a variable in scope)"},
    };
    for (const auto& c : cases) {
        INFO("document: ", c.doc);
        auto rs = rule_set::parse(std::string_view(c.doc), aws_partitions());
        REQUIRE_FALSE(rs.has_value());
        CHECK(rs.error().code == c.code);
        CHECK(rs.error().message == std::string(c.message));
    }
}

TEST_CASE("load-time checks: invalid JSON, and aws.partition without partition data") {
    auto rs = rule_set::parse(std::string_view("{\"version\": "));
    REQUIRE_FALSE(rs.has_value());
    CHECK(rs.error().code == rules_errc::malformed_rule_set);
    CHECK(rs.error().message.rfind("endpoint rule set: not valid JSON: ", 0) == 0);

    const std::string doc = doc_with(R"({"R":{"type":"string","required":true}})", R"([
      {"type":"endpoint","conditions":[{"fn":"aws.partition","argv":[{"ref":"R"}],"assign":"P"}],
       "endpoint":{"url":"https://x.{P#dnsSuffix}"}}])");
    rs = rule_set::parse(std::string_view(doc));  // no partitions
    REQUIRE_FALSE(rs.has_value());
    CHECK(rs.error().code == rules_errc::malformed_rule_set);
    CHECK(rs.error().message ==
          "endpoint rule set: rules[0].conditions[0]: aws.partition is used but no partition data was given");
    rs = rule_set::parse(std::string_view(doc), aws_partitions());
    REQUIRE(rs.has_value());
    const auto ep = rs->evaluate({{"R", "us-iso-east-1"}});
    REQUIRE(ep.has_value());
    CHECK(ep->url == "https://x.c2s.ic.gov");
}

TEST_CASE("the embedded Connect rule set declares the four Connect parameters") {
    const auto& rs = connect_rule_set();
    REQUIRE_MESSAGE(rs.has_value(), (rs ? "" : rs.error().message));
    CHECK(&connect_rule_set() == &rs);  // compiled once
    const auto& p = rs->parameters();
    REQUIRE(p.size() == 4);
    CHECK(p[0].name == "Region");
    CHECK(p[0].built_in == "AWS::Region");
    CHECK_FALSE(p[0].required);
    CHECK(p[1].name == "UseDualStack");
    CHECK(p[1].type == parameter_type::boolean);
    CHECK(p[1].required);
    REQUIRE(p[1].default_value.has_value());
    CHECK(*p[1].default_value == false);
    CHECK(p[2].name == "UseFIPS");
    CHECK(p[3].name == "Endpoint");
    CHECK(p[3].built_in == "SDK::Endpoint");
}

}  // TEST_SUITE
