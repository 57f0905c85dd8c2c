#include "endpoint/rule_engine.hpp"

#include "http/ascii.hpp"
#include "endpoint/rule_functions.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include <cstdint>
#include <utility>

namespace awsconnect::endpoint {

namespace json = boost::json;

// ---------------------------------------------------------------------------------------
// The compiled form. Every string of the document that can hold a template is split into
// parts once; function names are resolved to an id once; getAttr paths are split once.

namespace {

enum class fn_id {
    is_set,
    not_,
    boolean_equals,
    string_equals,
    get_attr,
    coalesce,
    parse_url,
    is_valid_host_label,
    uri_encode,
    substring,
    aws_partition,
};

struct fn_signature {
    std::string_view name;
    fn_id id;
    std::size_t min_args;
    std::size_t max_args;  // SIZE_MAX: variadic
};

// isValidHostLabel takes allowSubDomains as its second argument; the spec's own examples
// sometimes omit it, so one argument means false.
constexpr fn_signature signatures[] = {
    {"isSet", fn_id::is_set, 1, 1},
    {"not", fn_id::not_, 1, 1},
    {"booleanEquals", fn_id::boolean_equals, 2, 2},
    {"stringEquals", fn_id::string_equals, 2, 2},
    {"getAttr", fn_id::get_attr, 2, 2},
    {"coalesce", fn_id::coalesce, 2, SIZE_MAX},
    {"parseURL", fn_id::parse_url, 1, 1},
    {"isValidHostLabel", fn_id::is_valid_host_label, 1, 2},
    {"uriEncode", fn_id::uri_encode, 1, 1},
    {"substring", fn_id::substring, 4, 4},
    {"aws.partition", fn_id::aws_partition, 1, 1},
};

/// One step of a getAttr path: a key of an object or an index into an array.
struct path_step {
    std::string key;
    std::size_t index = 0;
    bool is_index = false;
};

/// A piece of a template string: literal text, or a reference with an optional path
/// ("{Name}" or "{Name#a.b}").
struct template_part {
    std::string text;  // literal text, or the placeholder as written (for messages)
    std::string ref;   // empty for literal text
    std::vector<path_step> path;
};

struct expr {
    enum class kind { literal, templ, ref, call, array, object };
    kind k = kind::literal;
    json::value literal;               // literal
    std::vector<template_part> parts;  // templ
    std::string name;                  // ref: the name; call: the function name
    fn_id fn = fn_id::is_set;          // call
    std::vector<expr> args;            // call arguments, array elements, object values
    std::vector<std::string> keys;     // object keys (parallel to args)
    std::vector<path_step> path;       // getAttr's parsed path
    std::string path_text;             // getAttr's path as written
    std::string where;                 // call: location in the document, for messages
};

struct condition {
    expr call;
    std::string assign;  // empty: no assignment
};

enum class rule_type { endpoint, error, tree };

struct rule {
    rule_type type = rule_type::endpoint;
    std::string where;
    std::vector<condition> conditions;
    // endpoint
    expr url;
    std::vector<std::pair<std::string, std::vector<expr>>> headers;
    expr properties;  // kind::object
    // error
    expr error;
    // tree
    std::vector<rule> rules;
};

std::string_view kind_name(const json::value& v) noexcept {
    switch (v.kind()) {
        case json::kind::null:
            return "an unset value";
        case json::kind::bool_:
            return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            return "a number";
        case json::kind::string:
            return "a string";
        case json::kind::array:
            return "an array";
        case json::kind::object:
            return "an object";
    }
    return "a value";
}

// Deep enough for every published AWS rule set (S3's is the deepest); a bound keeps a
// hostile document from exhausting the stack.
constexpr int max_nesting = 128;

}  // namespace

struct rule_set::impl {
    std::vector<parameter_info> parameters;
    std::vector<rule> rules;
    std::shared_ptr<const partition_table> partitions;
};

namespace {

// ---------------------------------------------------------------------------------------
// Parsing and static checks.

class parser {
public:
    explicit parser(const partition_table* partitions) : partitions_(partitions) {}

    rules_error error;

    bool fail(rules_errc code, const std::string& where, std::string_view what) {
        error.code = code;
        error.message = "endpoint rule set: ";
        if (!where.empty()) error.message += where + ": ";
        error.message += what;
        return false;
    }

    void push_name(std::string name) { scope_.push_back(std::move(name)); }
    std::size_t scope_size() const noexcept { return scope_.size(); }
    void pop_names(std::size_t size) { scope_.resize(size); }
    bool in_scope(std::string_view name) const {
        for (const auto& n : scope_)
            if (n == name) return true;
        return false;
    }

    // "a.b[2]" -> key a, key b, index 2. Keys are split on '.'; "[n]" indexes an array.
    bool parse_path(std::string_view text, std::vector<path_step>& out, const std::string& where) {
        const auto bad = [&](std::string_view why) {
            return fail(rules_errc::malformed_rule_set, where,
                        std::string(why) + " in path '" + std::string(text) + "'");
        };
        if (text.empty()) return bad("nothing");
        std::string_view rest = text;
        for (;;) {
            const auto dot = rest.find('.');
            std::string_view part = rest.substr(0, dot);
            if (part.empty()) return bad("an empty segment");
            const auto bracket = part.find('[');
            if (bracket != 0) {
                path_step key;
                key.key = std::string(part.substr(0, bracket));
                out.push_back(std::move(key));
            }
            part.remove_prefix(bracket == std::string_view::npos ? part.size() : bracket);
            while (!part.empty()) {
                if (part.front() != '[') return bad("text after an index");
                const auto close = part.find(']');
                if (close == std::string_view::npos || close == 1 || close > 10)
                    return bad("a bad index");
                std::size_t index = 0;
                for (char c : part.substr(1, close - 1)) {
                    if (c < '0' || c > '9') return bad("a bad index");
                    index = index * 10 + static_cast<std::size_t>(c - '0');
                }
                path_step step;
                step.index = index;
                step.is_index = true;
                out.push_back(std::move(step));
                part.remove_prefix(close + 1);
            }
            if (dot == std::string_view::npos) return true;
            rest.remove_prefix(dot + 1);
        }
    }

    // "{{" and "}}" stand for literal braces; "{Name}" and "{Name#path}" are placeholders,
    // where a path may itself use '#' or '.' between keys ("{a#b#c}" == "{a#b.c}").
    bool parse_string(std::string_view s, expr& out, const std::string& where) {
        if (s.find_first_of("{}") == std::string_view::npos) {
            out.k = expr::kind::literal;
            out.literal = s;
            return true;
        }
        out.k = expr::kind::templ;
        std::string text;
        auto flush_text = [&] {
            if (text.empty()) return;
            template_part part;
            part.text = std::move(text);
            out.parts.push_back(std::move(part));
            text.clear();
        };
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if (c == '{' && i + 1 < s.size() && s[i + 1] == '{') {
                text += '{';
                ++i;
            } else if (c == '}' && i + 1 < s.size() && s[i + 1] == '}') {
                text += '}';
                ++i;
            } else if (c == '}') {
                return fail(rules_errc::malformed_rule_set, where,
                            "unmatched '}' in template \"" + std::string(s) + "\"");
            } else if (c == '{') {
                const auto close = s.find('}', i + 1);
                if (close == std::string_view::npos)
                    return fail(rules_errc::malformed_rule_set, where,
                                "unclosed '{' in template \"" + std::string(s) + "\"");
                const std::string_view inner = s.substr(i + 1, close - i - 1);
                flush_text();
                template_part part;
                part.text = std::string(s.substr(i, close - i + 1));
                const auto hash = inner.find('#');
                part.ref = std::string(inner.substr(0, hash));
                if (part.ref.empty() || part.ref.find_first_of("{ ") != std::string::npos)
                    return fail(
                        rules_errc::malformed_rule_set, where,
                        "bad placeholder " + part.text + " in template \"" + std::string(s) + "\"");
                if (!in_scope(part.ref))
                    return fail(rules_errc::undefined_reference, where,
                                "template \"" + std::string(s) + "\" refers to '" + part.ref +
                                    "', which is not a parameter or a variable in scope");
                if (hash != std::string_view::npos) {
                    std::string path(inner.substr(hash + 1));
                    for (char& pc : path)
                        if (pc == '#') pc = '.';
                    if (!parse_path(path, part.path, where)) return false;
                }
                out.parts.push_back(std::move(part));
                i = close;
            } else {
                text += c;
            }
        }
        flush_text();
        return true;
    }

    bool parse_expr(const json::value& v, expr& out, const std::string& where, int depth) {
        if (depth > max_nesting)
            return fail(rules_errc::malformed_rule_set, where, "expressions nested too deeply");
        switch (v.kind()) {
            case json::kind::string:
                return parse_string(v.get_string(), out, where);
            case json::kind::bool_:
            case json::kind::int64:
            case json::kind::uint64:
            case json::kind::double_:
                out.k = expr::kind::literal;
                out.literal = v;
                return true;
            case json::kind::array: {
                out.k = expr::kind::array;
                std::size_t i = 0;
                for (const auto& e : v.get_array()) {
                    expr element;
                    if (!parse_expr(e, element, where + "[" + std::to_string(i++) + "]", depth + 1))
                        return false;
                    out.args.push_back(std::move(element));
                }
                return true;
            }
            case json::kind::object: {
                const auto& o = v.get_object();
                if (o.contains("fn")) return parse_call(o, out, where, depth);
                if (const auto* ref = o.if_contains("ref")) {
                    if (!ref->is_string() || ref->get_string().empty() || o.size() != 1)
                        return fail(rules_errc::malformed_rule_set, where,
                                    "a reference must be {\"ref\": \"<name>\"}");
                    out.k = expr::kind::ref;
                    out.name = std::string(ref->get_string());
                    if (!in_scope(out.name))
                        return fail(rules_errc::undefined_reference, where,
                                    "'" + out.name + "' is not a parameter or a variable in scope");
                    return true;
                }
                return fail(rules_errc::malformed_rule_set, where,
                            "an object in an expression must be {\"ref\": ...} or "
                            "{\"fn\": ..., \"argv\": [...]}");
            }
            case json::kind::null:
                return fail(rules_errc::malformed_rule_set, where, "null is not an expression");
        }
        return false;
    }

    bool parse_call(const json::object& o, expr& out, const std::string& where, int depth) {
        const auto* fn = o.if_contains("fn");
        if (fn == nullptr || !fn->is_string())
            return fail(rules_errc::malformed_rule_set, where, "\"fn\" must be a string");
        const std::string_view name = fn->get_string();
        const fn_signature* sig = nullptr;
        for (const auto& s : signatures)
            if (s.name == name) sig = &s;
        if (sig == nullptr)
            return fail(rules_errc::unknown_function, where,
                        "unknown function '" + std::string(name) + "'");
        const auto* argv = o.if_contains("argv");
        if (argv == nullptr || !argv->is_array())
            return fail(rules_errc::malformed_rule_set, where,
                        std::string(name) + ": \"argv\" must be an array");
        const auto& args = argv->get_array();
        if (args.size() < sig->min_args || args.size() > sig->max_args) {
            std::string expected = std::to_string(sig->min_args);
            if (sig->max_args == SIZE_MAX)
                expected += " or more";
            else if (sig->max_args != sig->min_args)
                expected += " or " + std::to_string(sig->max_args);
            return fail(rules_errc::malformed_rule_set, where,
                        std::string(name) + " takes " + expected + " argument(s), got " +
                            std::to_string(args.size()));
        }
        if (sig->id == fn_id::aws_partition && partitions_ == nullptr)
            return fail(rules_errc::malformed_rule_set, where,
                        "aws.partition is used but no partition data was given");
        out.k = expr::kind::call;
        out.fn = sig->id;
        out.name = std::string(name);
        out.where = where;
        const std::string arg_where = where + "." + std::string(name);
        // getAttr's path is a literal string, split once here.
        const std::size_t evaluated = sig->id == fn_id::get_attr ? 1 : args.size();
        for (std::size_t i = 0; i < evaluated; ++i) {
            expr arg;
            if (!parse_expr(args[i], arg, arg_where + ".argv[" + std::to_string(i) + "]",
                            depth + 1))
                return false;
            out.args.push_back(std::move(arg));
        }
        if (sig->id == fn_id::get_attr) {
            if (!args[1].is_string() ||
                args[1].get_string().find_first_of("{}") != std::string_view::npos)
                return fail(rules_errc::malformed_rule_set, where,
                            "getAttr: the path (argument 2) must be a literal string");
            out.path_text = std::string(args[1].get_string());
            if (!parse_path(out.path_text, out.path, where)) return false;
        }
        return true;
    }

    // Properties are free-form JSON whose strings may be templates; objects in them are
    // data, never {"ref"} or {"fn"} expressions (the spec forbids those there).
    bool parse_property(const json::value& v, expr& out, const std::string& where, int depth) {
        if (depth > max_nesting)
            return fail(rules_errc::malformed_rule_set, where, "properties nested too deeply");
        switch (v.kind()) {
            case json::kind::string:
                return parse_string(v.get_string(), out, where);
            case json::kind::array: {
                out.k = expr::kind::array;
                for (const auto& e : v.get_array()) {
                    expr element;
                    if (!parse_property(e, element, where, depth + 1)) return false;
                    out.args.push_back(std::move(element));
                }
                return true;
            }
            case json::kind::object: {
                out.k = expr::kind::object;
                for (const auto& [key, value] : v.get_object()) {
                    expr member;
                    if (!parse_property(value, member, where + "." + std::string(key), depth + 1))
                        return false;
                    out.keys.emplace_back(key);
                    out.args.push_back(std::move(member));
                }
                return true;
            }
            default:
                out.k = expr::kind::literal;
                out.literal = v;
                return true;
        }
    }

    bool parse_endpoint(const json::value& v, rule& r, const std::string& where) {
        const auto* o = v.if_object();
        if (o == nullptr)
            return fail(rules_errc::malformed_rule_set, where, "\"endpoint\" must be an object");
        const auto* url = o->if_contains("url");
        if (url == nullptr)
            return fail(rules_errc::malformed_rule_set, where, "the endpoint has no \"url\"");
        if (!parse_expr(*url, r.url, where + ".url", 0)) return false;
        if (const auto* headers = o->if_contains("headers")) {
            if (!headers->is_object())
                return fail(rules_errc::malformed_rule_set, where, "\"headers\" must be an object");
            for (const auto& [name, values] : headers->get_object()) {
                const std::string hw = where + ".headers." + std::string(name);
                if (!values.is_array())
                    return fail(rules_errc::malformed_rule_set, hw,
                                "header values must be an array");
                std::vector<expr> exprs;
                for (const auto& hv : values.get_array()) {
                    expr e;
                    if (!parse_expr(hv, e, hw, 0)) return false;
                    exprs.push_back(std::move(e));
                }
                r.headers.emplace_back(std::string(name), std::move(exprs));
            }
        }
        r.properties.k = expr::kind::object;
        if (const auto* props = o->if_contains("properties")) {
            if (!props->is_object())
                return fail(rules_errc::malformed_rule_set, where,
                            "\"properties\" must be an object");
            if (!parse_property(*props, r.properties, where + ".properties", 0)) return false;
        }
        return true;
    }

    bool parse_rules(const json::value& v, std::vector<rule>& out, const std::string& where,
                     int depth) {
        if (!v.is_array())
            return fail(rules_errc::malformed_rule_set, where, "\"rules\" must be an array");
        if (v.get_array().empty())
            return fail(rules_errc::malformed_rule_set, where, "\"rules\" must not be empty");
        std::size_t i = 0;
        for (const auto& rv : v.get_array()) {
            rule r;
            if (!parse_rule(rv, r, where + "[" + std::to_string(i++) + "]", depth)) return false;
            out.push_back(std::move(r));
        }
        return true;
    }

    bool parse_rule(const json::value& v, rule& r, const std::string& where, int depth) {
        if (depth > max_nesting)
            return fail(rules_errc::malformed_rule_set, where, "rules nested too deeply");
        r.where = where;
        const auto* o = v.if_object();
        if (o == nullptr)
            return fail(rules_errc::malformed_rule_set, where, "a rule must be an object");
        const auto* type = o->if_contains("type");
        if (type == nullptr || !type->is_string())
            return fail(rules_errc::malformed_rule_set, where, "a rule needs a \"type\" string");
        if (type->get_string() == "endpoint")
            r.type = rule_type::endpoint;
        else if (type->get_string() == "error")
            r.type = rule_type::error;
        else if (type->get_string() == "tree")
            r.type = rule_type::tree;
        else
            return fail(rules_errc::malformed_rule_set, where,
                        "unknown rule type '" + std::string(type->get_string()) +
                            "' (expected endpoint, error or tree)");

        const auto* conditions = o->if_contains("conditions");
        if (conditions == nullptr || !conditions->is_array())
            return fail(rules_errc::malformed_rule_set, where, "\"conditions\" must be an array");

        // Variables assigned by this rule's conditions are visible to later conditions,
        // the result and (for a tree) the sub-rules, and nowhere else.
        const std::size_t mark = scope_size();
        std::size_t i = 0;
        for (const auto& cv : conditions->get_array()) {
            const std::string cw = where + ".conditions[" + std::to_string(i++) + "]";
            const auto* co = cv.if_object();
            if (co == nullptr || !co->contains("fn"))
                return fail(rules_errc::malformed_rule_set, cw,
                            "a condition must be a function call {\"fn\": ..., \"argv\": [...]}");
            condition c;
            if (!parse_call(*co, c.call, cw, 0)) return false;
            if (const auto* assign = co->if_contains("assign")) {
                if (!assign->is_string() || assign->get_string().empty())
                    return fail(rules_errc::malformed_rule_set, cw,
                                "\"assign\" must be a non-empty string");
                c.assign = std::string(assign->get_string());
                if (in_scope(c.assign))
                    return fail(rules_errc::malformed_rule_set, cw,
                                "\"assign\": '" + c.assign +
                                    "' is already a parameter or a variable in scope");
                push_name(c.assign);
            }
            r.conditions.push_back(std::move(c));
        }

        bool ok = true;
        switch (r.type) {
            case rule_type::endpoint: {
                const auto* ep = o->if_contains("endpoint");
                ok = ep != nullptr ? parse_endpoint(*ep, r, where + ".endpoint")
                                   : fail(rules_errc::malformed_rule_set, where,
                                          "an endpoint rule needs an \"endpoint\"");
                break;
            }
            case rule_type::error: {
                const auto* err = o->if_contains("error");
                ok = err != nullptr ? parse_expr(*err, r.error, where + ".error", 0)
                                    : fail(rules_errc::malformed_rule_set, where,
                                           "an error rule needs an \"error\"");
                break;
            }
            case rule_type::tree: {
                const auto* rules = o->if_contains("rules");
                ok = rules != nullptr ? parse_rules(*rules, r.rules, where + ".rules", depth + 1)
                                      : fail(rules_errc::malformed_rule_set, where,
                                             "a tree rule needs \"rules\"");
                break;
            }
        }
        pop_names(mark);
        return ok;
    }

    bool parse_parameters(const json::value* v, std::vector<parameter_info>& out) {
        if (v == nullptr || !v->is_object())
            return fail(rules_errc::malformed_rule_set, "parameters",
                        "\"parameters\" must be an object");
        for (const auto& [name, pv] : v->get_object()) {
            const std::string where = "parameters." + std::string(name);
            const auto* o = pv.if_object();
            if (o == nullptr)
                return fail(rules_errc::malformed_rule_set, where, "must be an object");
            parameter_info p;
            p.name = std::string(name);
            if (p.name.empty())
                return fail(rules_errc::malformed_rule_set, "parameters", "empty parameter name");
            const auto* type = o->if_contains("type");
            if (type == nullptr || !type->is_string())
                return fail(rules_errc::malformed_rule_set, where, "\"type\" must be a string");
            // Older rule sets spell the types with a capital letter ("String").
            const std::string t = http::to_lower_ascii(type->get_string());
            if (t == "string")
                p.type = parameter_type::string;
            else if (t == "boolean")
                p.type = parameter_type::boolean;
            else if (t == "stringarray")
                p.type = parameter_type::string_array;
            else
                return fail(rules_errc::malformed_rule_set, where,
                            "unknown type '" + std::string(type->get_string()) +
                                "' (expected string, boolean or stringArray)");
            if (const auto* req = o->if_contains("required")) {
                if (!req->is_bool())
                    return fail(rules_errc::malformed_rule_set, where,
                                "\"required\" must be a boolean");
                p.required = req->get_bool();
            }
            if (const auto* def = o->if_contains("default")) {
                if (!matches_type(*def, p.type))
                    return fail(rules_errc::malformed_rule_set, where,
                                "\"default\" does not match the parameter's type");
                p.default_value = *def;
            }
            if (const auto* built_in = o->if_contains("builtIn")) {
                if (!built_in->is_string())
                    return fail(rules_errc::malformed_rule_set, where,
                                "\"builtIn\" must be a string");
                p.built_in = std::string(built_in->get_string());
            }
            push_name(p.name);
            out.push_back(std::move(p));
        }
        return true;
    }

    static bool matches_type(const json::value& v, parameter_type t) {
        switch (t) {
            case parameter_type::string:
                return v.is_string();
            case parameter_type::boolean:
                return v.is_bool();
            case parameter_type::string_array:
                if (!v.is_array()) return false;
                for (const auto& e : v.get_array())
                    if (!e.is_string()) return false;
                return true;
        }
        return false;
    }

private:
    const partition_table* partitions_;
    std::vector<std::string> scope_;
};

// ---------------------------------------------------------------------------------------
// Evaluation. An evaluator lives for one evaluate() call; `error` carries the first
// error out of the recursion (the walk stops as soon as it is set).

class evaluator {
public:
    explicit evaluator(const partition_table* partitions) : partitions_(partitions) {}

    rules_error error;

    void bind(std::string_view name, json::value v) { scope_.emplace_back(name, std::move(v)); }

    // Evaluates `e`; nullopt means the evaluation failed (see `error`). A JSON null
    // result is a successful "not set".
    std::optional<json::value> eval(const expr& e) {
        switch (e.k) {
            case expr::kind::literal:
                return e.literal;
            case expr::kind::ref:
                return *lookup(e.name);
            case expr::kind::templ: {
                auto s = render(e);
                if (!s) return std::nullopt;
                return json::value(std::move(*s));
            }
            case expr::kind::array: {
                json::array a;
                for (const auto& element : e.args) {
                    auto v = eval(element);
                    if (!v) return std::nullopt;
                    a.push_back(std::move(*v));
                }
                return json::value(std::move(a));
            }
            case expr::kind::object: {
                json::object o;
                for (std::size_t i = 0; i < e.args.size(); ++i) {
                    auto v = eval(e.args[i]);
                    if (!v) return std::nullopt;
                    o[e.keys[i]] = std::move(*v);
                }
                return json::value(std::move(o));
            }
            case expr::kind::call:
                return call(e);
        }
        return std::nullopt;
    }

    // Evaluates an expression that must produce a string (a url, an error message, a
    // header value). `what` names it in a message; it is only called on failure, so the
    // common path builds no message text.
    template <class What>
    std::optional<std::string> eval_string(const expr& e, const What& what) {
        if (e.k == expr::kind::templ) return render(e);
        auto v = eval(e);
        if (!v) return std::nullopt;
        if (!v->is_string()) {
            fail(rules_errc::invalid_argument,
                 what() + " must be a string, got " + std::string(kind_name(*v)));
            return std::nullopt;
        }
        return std::string(v->get_string());
    }

    enum class outcome { no_match, matched, failed };

    outcome eval_rules(const std::vector<rule>& rules) {
        for (const auto& r : rules) {
            const outcome o = eval_rule(r);
            if (o != outcome::no_match) return o;
        }
        return outcome::no_match;
    }

    endpoint result;

private:
    void fail(rules_errc code, std::string message) {
        error.code = code;
        error.message = "endpoint rules: " + std::move(message);
    }

    const json::value* lookup(std::string_view name) const {
        for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
            if (it->first == name) return &it->second;
        // The parser checked every name against the scope, so this is unreachable; a
        // null (not set) is the safe answer if it ever were.
        static const json::value unset;
        return &unset;
    }

    // Follows a getAttr path. A missing key or an index out of range gives "not set"; a
    // step into a value of the wrong kind is an error.
    // `context` (called only on failure) names the getAttr or template for a message.
    template <class Context>
    std::optional<json::value> follow(const json::value& start, const std::vector<path_step>& path,
                                      const Context& context) {
        const json::value* v = &start;
        for (const auto& step : path) {
            if (v->is_null()) return json::value();
            if (step.is_index) {
                const auto* a = v->if_array();
                if (a == nullptr) {
                    fail(rules_errc::invalid_argument,
                         context() + ": cannot index " + std::string(kind_name(*v)));
                    return std::nullopt;
                }
                if (step.index >= a->size()) return json::value();
                v = &(*a)[step.index];
            } else {
                const auto* o = v->if_object();
                if (o == nullptr) {
                    fail(rules_errc::invalid_argument, context() + ": cannot read '" + step.key +
                                                           "' of " + std::string(kind_name(*v)));
                    return std::nullopt;
                }
                v = o->if_contains(step.key);
                if (v == nullptr) return json::value();
            }
        }
        return *v;
    }

    std::optional<std::string> render(const expr& e) {
        std::string out;
        for (const auto& part : e.parts) {
            if (part.ref.empty()) {
                out += part.text;
                continue;
            }
            const auto context = [&] { return "template " + part.text; };
            auto v = follow(*lookup(part.ref), part.path, context);
            if (!v) return std::nullopt;
            if (!v->is_string()) {
                fail(rules_errc::invalid_argument,
                     context() + " must be a string, got " + std::string(kind_name(*v)));
                return std::nullopt;
            }
            out += v->get_string();
        }
        return out;
    }

    bool bad_argument(const expr& e, std::size_t index, std::string_view expected,
                      const json::value& got) {
        fail(rules_errc::invalid_argument,
             e.where + ": " + e.name + ": argument " + std::to_string(index + 1) + " must be " +
                 std::string(expected) + ", got " + std::string(kind_name(got)));
        return false;
    }

    bool want_string(const expr& e, const std::vector<json::value>& a, std::size_t i) {
        return a[i].is_string() || bad_argument(e, i, "a string", a[i]);
    }
    bool want_bool(const expr& e, const std::vector<json::value>& a, std::size_t i) {
        return a[i].is_bool() || bad_argument(e, i, "a boolean", a[i]);
    }
    bool want_int(const expr& e, const std::vector<json::value>& a, std::size_t i,
                  std::int64_t& out) {
        if (a[i].is_int64()) {
            out = a[i].get_int64();
            return true;
        }
        if (a[i].is_uint64() && a[i].get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
            out = static_cast<std::int64_t>(a[i].get_uint64());
            return true;
        }
        return bad_argument(e, i, "an integer", a[i]);
    }

    std::optional<json::value> call(const expr& e) {
        std::vector<json::value> a;
        a.reserve(e.args.size());
        if (e.fn == fn_id::coalesce) {
            // Lazily: the first set value wins, later arguments are not evaluated.
            for (const auto& arg : e.args) {
                auto v = eval(arg);
                if (!v) return std::nullopt;
                if (!v->is_null()) return v;
            }
            return json::value();
        }
        for (const auto& arg : e.args) {
            auto v = eval(arg);
            if (!v) return std::nullopt;
            a.push_back(std::move(*v));
        }
        // Only isSet takes an optional; any other function given an unset value is a rule
        // set that forgot its isSet guard.
        if (e.fn != fn_id::is_set) {
            for (std::size_t i = 0; i < a.size(); ++i)
                if (a[i].is_null()) {
                    fail(rules_errc::invalid_argument, e.where + ": " + e.name + ": argument " +
                                                           std::to_string(i + 1) + " is not set");
                    return std::nullopt;
                }
        }
        switch (e.fn) {
            case fn_id::is_set:
                return json::value(!a[0].is_null());
            case fn_id::not_:
                if (!want_bool(e, a, 0)) return std::nullopt;
                return json::value(!a[0].get_bool());
            case fn_id::boolean_equals:
                if (!want_bool(e, a, 0) || !want_bool(e, a, 1)) return std::nullopt;
                return json::value(a[0].get_bool() == a[1].get_bool());
            case fn_id::string_equals:
                if (!want_string(e, a, 0) || !want_string(e, a, 1)) return std::nullopt;
                return json::value(a[0].get_string() == a[1].get_string());
            case fn_id::get_attr:
                if (!a[0].is_object() && !a[0].is_array()) {
                    bad_argument(e, 0, "an object or an array", a[0]);
                    return std::nullopt;
                }
                return follow(a[0], e.path,
                              [&] { return e.where + ": getAttr '" + e.path_text + "'"; });
            case fn_id::coalesce:
                break;  // handled above
            case fn_id::parse_url: {
                if (!want_string(e, a, 0)) return std::nullopt;
                auto url = functions::parse_url(a[0].get_string());
                if (!url) return json::value();
                return json::value(std::move(*url));
            }
            case fn_id::is_valid_host_label: {
                if (!want_string(e, a, 0)) return std::nullopt;
                bool sub_domains = false;
                if (a.size() > 1) {
                    if (!want_bool(e, a, 1)) return std::nullopt;
                    sub_domains = a[1].get_bool();
                }
                return json::value(functions::is_valid_host_label(a[0].get_string(), sub_domains));
            }
            case fn_id::uri_encode:
                if (!want_string(e, a, 0)) return std::nullopt;
                return json::value(functions::uri_encode(a[0].get_string()));
            case fn_id::substring: {
                std::int64_t start = 0, stop = 0;
                if (!want_string(e, a, 0) || !want_int(e, a, 1, start) ||
                    !want_int(e, a, 2, stop) || !want_bool(e, a, 3))
                    return std::nullopt;
                auto s = functions::substring(a[0].get_string(), start, stop, a[3].get_bool());
                if (!s) return json::value();
                return json::value(std::move(*s));
            }
            case fn_id::aws_partition: {
                if (!want_string(e, a, 0)) return std::nullopt;
                if (partitions_ == nullptr) {  // the parser rejects this; kept for safety
                    fail(rules_errc::invalid_argument, e.where + ": no partition data");
                    return std::nullopt;
                }
                const json::object* p = partitions_->find(a[0].get_string());
                if (p == nullptr) return json::value();
                return json::value(*p);
            }
        }
        return std::nullopt;
    }

    outcome eval_rule(const rule& r) {
        const std::size_t mark = scope_.size();
        const outcome o = eval_rule_body(r);
        scope_.resize(mark);
        return o;
    }

    outcome eval_rule_body(const rule& r) {
        for (const auto& c : r.conditions) {
            auto v = call(c.call);
            if (!v) return outcome::failed;
            // A condition holds when its value is set and not false.
            if (v->is_null() || (v->is_bool() && !v->get_bool())) return outcome::no_match;
            if (!c.assign.empty()) bind(c.assign, std::move(*v));
        }
        switch (r.type) {
            case rule_type::endpoint: {
                auto url = eval_string(r.url, [&] { return r.where + ": the endpoint url"; });
                if (!url) return outcome::failed;
                endpoint ep;
                ep.url = std::move(*url);
                for (const auto& header : r.headers) {
                    // Not a structured binding: clang before 16 cannot capture one in a lambda.
                    const auto& name = header.first;
                    auto& out = ep.headers[name];
                    for (const auto& hv : header.second) {
                        auto s = eval_string(hv, [&] { return r.where + ": header " + name; });
                        if (!s) return outcome::failed;
                        out.push_back(std::move(*s));
                    }
                }
                auto props = eval(r.properties);
                if (!props) return outcome::failed;
                ep.properties = std::move(props->as_object());
                result = std::move(ep);
                return outcome::matched;
            }
            case rule_type::error: {
                auto message =
                    eval_string(r.error, [&] { return r.where + ": the error message"; });
                if (!message) return outcome::failed;
                error.code = rules_errc::error_rule;
                error.message = std::move(*message);  // verbatim: callers compare it
                return outcome::failed;
            }
            case rule_type::tree: {
                const outcome o = eval_rules(r.rules);
                if (o == outcome::no_match) {
                    fail(rules_errc::no_rule_matched,
                         "no rule matched: the rules of " + r.where + " were exhausted");
                    return outcome::failed;
                }
                return o;
            }
        }
        return outcome::failed;
    }

    const partition_table* partitions_;
    std::vector<std::pair<std::string_view, json::value>> scope_;
};

json::parse_options deep_parse_options() {
    json::parse_options opt;
    opt.max_depth = 4 * max_nesting;  // Boost.JSON's default (32) is too shallow for S3's rules
    return opt;
}

}  // namespace

rules_result<rule_set> rule_set::parse(std::string_view json_text,
                                       std::shared_ptr<const partition_table> partitions) {
    boost::system::error_code ec;
    json::value doc = json::parse(json_text, ec, {}, deep_parse_options());
    if (ec)
        return rules_error{rules_errc::malformed_rule_set,
                           "endpoint rule set: not valid JSON: " + ec.message()};
    return parse(doc, std::move(partitions));
}

rules_result<rule_set> rule_set::parse(const json::value& doc,
                                       std::shared_ptr<const partition_table> partitions) {
    parser p(partitions.get());
    auto compiled = std::make_shared<impl>();
    compiled->partitions = std::move(partitions);

    const auto* root = doc.if_object();
    if (root == nullptr) {
        p.fail(rules_errc::malformed_rule_set, "", "the document is not a JSON object");
        return p.error;
    }
    const auto* version = root->if_contains("version");
    if (version == nullptr || !version->is_string()) {
        p.fail(rules_errc::malformed_rule_set, "", "\"version\" must be a string");
        return p.error;
    }
    if (!p.parse_parameters(root->if_contains("parameters"), compiled->parameters)) return p.error;
    const auto* rules = root->if_contains("rules");
    if (rules == nullptr) {
        p.fail(rules_errc::malformed_rule_set, "", "the document has no \"rules\"");
        return p.error;
    }
    if (!p.parse_rules(*rules, compiled->rules, "rules", 0)) return p.error;

    rule_set out;
    out.impl_ = std::move(compiled);
    return out;
}

const std::vector<parameter_info>& rule_set::parameters() const noexcept {
    return impl_->parameters;
}

rules_result<endpoint> rule_set::evaluate(const parameter_map& params) const {
    const impl& rs = *impl_;
    for (const auto& entry : params) {
        bool known = false;
        for (const auto& p : rs.parameters)
            if (p.name == entry.first) known = true;
        if (!known)
            return rules_error{rules_errc::invalid_parameter,
                               "endpoint rules: unknown parameter '" + entry.first + "'"};
    }

    evaluator ev(rs.partitions.get());
    for (const auto& p : rs.parameters) {
        json::value v;
        if (auto it = params.find(p.name); it != params.end()) v = it->second;
        if (v.is_null() && p.default_value) v = *p.default_value;
        if (v.is_null()) {
            if (p.required)
                return rules_error{rules_errc::missing_parameter,
                                   "endpoint rules: missing required parameter '" + p.name + "'"};
        } else if (!parser::matches_type(v, p.type)) {
            static constexpr std::string_view type_names[] = {"a string", "a boolean",
                                                              "an array of strings"};
            return rules_error{rules_errc::invalid_parameter,
                               "endpoint rules: parameter '" + p.name + "' must be " +
                                   std::string(type_names[static_cast<int>(p.type)]) + ", got " +
                                   std::string(kind_name(v))};
        }
        ev.bind(p.name, std::move(v));
    }

    switch (ev.eval_rules(rs.rules)) {
        case evaluator::outcome::matched:
            return std::move(ev.result);
        case evaluator::outcome::failed:
            return ev.error;
        case evaluator::outcome::no_match:
            break;
    }
    return rules_error{rules_errc::no_rule_matched,
                       "endpoint rules: no rule matched the parameters"};
}

rules_result<json::value> evaluate_expression(const json::value& e, const parameter_map& variables,
                                              const partition_table* partitions) {
    parser p(partitions);
    for (const auto& [name, value] : variables)
        p.push_name(name);
    expr compiled;
    if (!p.parse_expr(e, compiled, "expression", 0)) return p.error;
    evaluator ev(partitions);
    for (const auto& [name, value] : variables)
        ev.bind(name, value);
    auto v = ev.eval(compiled);
    if (!v) return ev.error;
    return std::move(*v);
}

}  // namespace awsconnect::endpoint
