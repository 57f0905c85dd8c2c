// Endpoint rules: what went wrong while loading a rule set or partitions file, or while
// evaluating a rule set.
//
// The rules engine is generic (any Smithy endpoint rule set), so it reports its own
// fine-grained codes; the Connect entry point (resolve_endpoint.hpp) maps them all onto
// awsconnect::errc::invalid_configuration, keeping the message. The message of an
// `error_rule` failure is exactly the text the rule set wrote, so callers and the
// upstream endpoint tests can compare it verbatim.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>

namespace awsconnect::endpoint {

enum class rules_errc {
    // Loading (rule_set::parse, partition_table::parse).
    malformed_rule_set = 1,  ///< not the shape the rules language defines
    unknown_function,        ///< a "fn" the engine does not implement
    undefined_reference,     ///< a ref or template names no parameter or variable in scope
    malformed_partitions,    ///< partitions.json is not the expected shape

    // Evaluation (rule_set::evaluate).
    missing_parameter,  ///< a required parameter has no value and no default
    invalid_parameter,  ///< an unknown parameter name, or a value of the wrong type
    invalid_argument,   ///< a function got a value of the wrong type (or an unset value)
    error_rule,         ///< an error rule matched; the message is the rule's own text
    no_rule_matched,    ///< the rules (or a tree's rules) were exhausted
};

struct rules_error {
    rules_errc code = rules_errc::malformed_rule_set;
    /// ASCII text for the caller; for `error_rule` exactly the rule set's message.
    std::string message;
};

template <class T>
using rules_result = boost::system::result<T, rules_error>;

/// Called by rules_result<T>::value() on an error (found by ADL). Expected failures are
/// read with has_value()/error(); value() on an error is a programming mistake.
[[noreturn]] inline void throw_exception_from_error(const rules_error& e,
                                                    const boost::source_location&) {
    throw std::runtime_error(e.message);
}

}  // namespace awsconnect::endpoint
