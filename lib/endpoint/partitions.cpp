#include "endpoint/partitions.hpp"

#include <boost/json/parse.hpp>

#include <utility>

namespace awsconnect::endpoint {

namespace json = boost::json;

namespace {

rules_error malformed(std::string message) {
    return {rules_errc::malformed_partitions, "partitions: " + std::move(message)};
}

// The outputs every partition must define, with their JSON kinds. aws.partition's
// callers (the rule sets) read these with getAttr, so a missing one is a load error
// rather than a surprise at evaluation time.
struct required_output {
    const char* name;
    json::kind kind;
};
constexpr required_output required_outputs[] = {
    {"name", json::kind::string},
    {"dnsSuffix", json::kind::string},
    {"dualStackDnsSuffix", json::kind::string},
    {"supportsFIPS", json::kind::bool_},
    {"supportsDualStack", json::kind::bool_},
};

}  // namespace

rules_result<partition_table> partition_table::parse(std::string_view json_text) {
    boost::system::error_code ec;
    json::value doc = json::parse(json_text, ec);
    if (ec) return malformed("not valid JSON: " + ec.message());
    return parse(doc);
}

rules_result<partition_table> partition_table::parse(const json::value& doc) {
    partition_table table;
    const json::object* root = doc.if_object();
    if (root == nullptr) return malformed("the document is not a JSON object");
    const json::value* list = root->if_contains("partitions");
    if (list == nullptr || !list->is_array()) return malformed("\"partitions\" must be an array");
    if (list->as_array().empty()) return malformed("\"partitions\" is empty");

    std::size_t index = 0;
    for (const json::value& pv : list->as_array()) {
        const std::string where = "partitions[" + std::to_string(index) + "]";
        const json::object* p = pv.if_object();
        if (p == nullptr) return malformed(where + " is not an object");

        partition part;
        const json::value* id = p->if_contains("id");
        if (id == nullptr || !id->is_string() || id->as_string().empty())
            return malformed(where + ".id must be a non-empty string");
        part.id = std::string(id->as_string());

        const json::value* outputs = p->if_contains("outputs");
        if (outputs == nullptr || !outputs->is_object())
            return malformed(where + ".outputs must be an object");
        part.outputs = outputs->as_object();
        for (const auto& req : required_outputs) {
            const json::value* v = part.outputs.if_contains(req.name);
            if (v == nullptr || v->kind() != req.kind)
                return malformed(where + ".outputs." + req.name +
                                 " is missing or of the wrong type");
        }

        const json::value* regex = p->if_contains("regionRegex");
        if (regex == nullptr || !regex->is_string())
            return malformed(where + ".regionRegex must be a string");
        // The files use ECMAScript-compatible patterns (\w, \d, \-). std::regex reports a
        // bad pattern by throwing; it is turned into an error value here.
        try {
            part.region_regex = std::regex(std::string(regex->as_string()), std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            return malformed(where + ".regionRegex is not a valid regular expression: " + e.what());
        }

        if (const json::value* regions = p->if_contains("regions")) {
            if (!regions->is_object()) return malformed(where + ".regions must be an object");
            for (const auto& [name, rv] : regions->as_object()) {
                if (!rv.is_object())
                    return malformed(where + ".regions." + std::string(name) + " is not an object");
                // A region may override outputs (e.g. a region without FIPS); its
                // "description" is documentation, not an output.
                json::object merged = part.outputs;
                for (const auto& [key, value] : rv.as_object()) {
                    if (key == "description") continue;
                    merged[key] = value;
                }
                table.regions_.try_emplace(std::string(name), std::move(merged));
            }
        }

        if (part.id == "aws" && !table.aws_index_) table.aws_index_ = index;
        table.partitions_.push_back(std::move(part));
        ++index;
    }
    return table;
}

const json::object* partition_table::find(std::string_view region) const {
    if (auto it = regions_.find(region); it != regions_.end()) return &it->second;
    for (const partition& p : partitions_) {
        if (std::regex_match(region.begin(), region.end(), p.region_regex)) return &p.outputs;
    }
    if (aws_index_) return &partitions_[*aws_index_].outputs;
    return nullptr;
}

std::vector<std::string> partition_table::ids() const {
    std::vector<std::string> out;
    out.reserve(partitions_.size());
    for (const partition& p : partitions_)
        out.push_back(p.id);
    return out;
}

}  // namespace awsconnect::endpoint
