// Endpoint rules: an interpreter for the Smithy endpoint rule-set language, the JSON
// that AWS publishes per service to say which URL a request goes to.
//
// A rule set declares parameters (Region, UseFIPS, Endpoint, ...) and an ordered list of
// rules. Each rule has conditions (function calls that must all be true or set, and may
// `assign` their result to a variable) and a result: an endpoint (url, headers,
// properties), an error message, or a tree of further rules. Strings are templates
// ("https://svc.{Region}.{PartitionResult#dnsSuffix}"). The first rule whose conditions
// hold decides; a tree whose conditions hold but whose rules all fail is an error, not a
// fall-through (the spec calls it rule exhaustion).
//
// Why an interpreter rather than hand-written Connect logic: the rule set is AWS's
// source of truth (FIPS, dual-stack, partitions, overrides) and changes over time;
// interpreting the published JSON, checked against the published test cases, keeps us
// correct by copying a file.
//
// `rule_set::parse` checks the whole document once (shapes, known functions and their
// argument counts, references in scope, template syntax) and builds a compact tree;
// `evaluate` then walks it with a parameter map. Evaluation is pure (no I/O, no clock,
// no globals) and a const rule_set may be evaluated from several threads at once.
//
// Functions: isSet, not, booleanEquals, stringEquals, getAttr, coalesce, parseURL,
// isValidHostLabel, uriEncode, substring and aws.partition (see rule_functions.hpp and
// partitions.hpp). Values are Boost.JSON values: strings, booleans, integers, arrays,
// objects; JSON null is "not set" (the language's empty optional).
#pragma once

#include "endpoint/partitions.hpp"
#include "endpoint/rules_error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect::endpoint {

/// Parameter (or variable) values by name. A missing name or a JSON null is "not set".
using parameter_map = std::map<std::string, boost::json::value, std::less<>>;

/// What a matching endpoint rule produced.
struct endpoint {
    std::string url;
    /// Header name -> values, as the rule set wrote them (usually none).
    std::map<std::string, std::vector<std::string>, std::less<>> headers;
    /// Free-form metadata, e.g. "authSchemes": [{"name": "sigv4", "signingRegion": ...}].
    boost::json::object properties;
};

enum class parameter_type { string, boolean, string_array };

/// One declared parameter of a rule set.
struct parameter_info {
    std::string name;
    parameter_type type = parameter_type::string;
    bool required = false;
    /// Used when the caller leaves the parameter unset.
    std::optional<boost::json::value> default_value;
    /// "AWS::Region", "SDK::Endpoint", ... (empty if none): where SDKs take the value from.
    std::string built_in;
};

class rule_set {
public:
    /// Checks and compiles a rule-set document. `partitions` backs `aws.partition`; a rule
    /// set that calls it without partition data is rejected here, not at evaluation.
    /// Errors: malformed_rule_set, unknown_function, undefined_reference.
    static rules_result<rule_set> parse(const boost::json::value& doc,
                                        std::shared_ptr<const partition_table> partitions = {});
    /// The same from JSON text (a JSON syntax error is malformed_rule_set).
    static rules_result<rule_set> parse(std::string_view json_text,
                                        std::shared_ptr<const partition_table> partitions = {});

    /// Resolves an endpoint for `params`. Parameters left unset take their default; a
    /// required one without a value is missing_parameter; an undeclared name or a value of
    /// the wrong JSON type is invalid_parameter. Otherwise: the endpoint of the first
    /// matching rule, or error_rule with the rule's message, or no_rule_matched, or
    /// invalid_argument when a function gets a value of the wrong type.
    rules_result<endpoint> evaluate(const parameter_map& params) const;

    /// The declared parameters, in document order.
    const std::vector<parameter_info>& parameters() const noexcept;

    struct impl;  // the compiled tree; defined and used only in rule_engine.cpp

private:
    rule_set() = default;               // only parse() makes one, so impl_ is never null
    std::shared_ptr<const impl> impl_;  // shared: copies are cheap and immutable
};

/// Evaluates one expression of the language (a literal, a template string, {"ref": ...}
/// or {"fn": ..., "argv": [...]}) with `variables` in scope. For tests and tools; the
/// result is JSON null for an empty optional.
rules_result<boost::json::value> evaluate_expression(const boost::json::value& expr,
                                                     const parameter_map& variables,
                                                     const partition_table* partitions = nullptr);

}  // namespace awsconnect::endpoint
