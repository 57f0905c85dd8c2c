#include "emulator/operation_input.hpp"

#include "emulator/model_rules.hpp"
#include "http/uri_encode.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace awsconnect::emulator {
namespace {

namespace json = boost::json;

// "A, B, C" of an enum, for messages.
std::string joined(std::span<const std::string_view> values) {
    std::string out;
    for (const auto v : values) {
        if (!out.empty()) out.append(", ");
        out.append(v);
    }
    return out;
}

// The decoded value of the query parameter `name`; counts how often it appears.
int find_query_param(std::string_view query, std::string_view name, std::string& value) {
    int found = 0;
    std::size_t pos = 0;
    while (pos < query.size()) {
        const std::size_t amp = std::min(query.find('&', pos), query.size());
        const std::string_view item = query.substr(pos, amp - pos);
        pos = amp + 1;
        const std::size_t eq = item.find('=');
        if (item.substr(0, eq) != name) continue;
        if (++found == 1 && eq != std::string_view::npos)
            http::append_percent_decoded(value, item.substr(eq + 1));
    }
    return found;
}

// Reads the members of a JSON object body, recording the first rule broken in `invalid`.
// Every getter is a no-op once something is invalid, so checks read in model order.
class body_reader {
public:
    body_reader(const json::object* body, std::string& invalid) : body_(body), invalid_(invalid) {}

    bool ok() const noexcept { return invalid_.empty(); }
    void fail(std::string message) {
        if (ok()) invalid_ = std::move(message);
    }

    // A string member; JSON null or absence: nothing.
    std::optional<std::string> string(std::string_view name) {
        const json::value* v = find(name);
        if (v == nullptr) return std::nullopt;
        if (!v->is_string()) {
            fail(std::string(name) + " must be a string.");
            return std::nullopt;
        }
        return std::string(v->get_string());
    }

    std::optional<std::int64_t> integer(std::string_view name) {
        const json::value* v = find(name);
        if (v == nullptr) return std::nullopt;
        if (v->is_int64()) return v->get_int64();
        if (v->is_uint64()) return std::numeric_limits<std::int64_t>::max();  // beyond any max
        fail(std::string(name) + " must be an integer.");
        return std::nullopt;
    }

    // A list of strings; absent: empty, `present` false.
    std::vector<std::string> strings(std::string_view name, bool& present) {
        std::vector<std::string> out;
        present = false;
        const json::value* v = find(name);
        if (v == nullptr) return out;
        present = true;
        if (!v->is_array()) {
            fail(std::string(name) + " must be a list of strings.");
            return out;
        }
        for (const auto& item : v->get_array()) {
            if (!item.is_string()) {
                fail(std::string(name) + " must be a list of strings.");
                return {};
            }
            out.emplace_back(item.get_string());
        }
        return out;
    }

    // A map of strings to strings, sorted by key; absent: nothing.
    std::optional<std::vector<std::pair<std::string, std::string>>> string_map(std::string_view name) {
        const json::value* v = find(name);
        if (v == nullptr) return std::nullopt;
        if (!v->is_object()) {
            fail(std::string(name) + " must be a map of strings to strings.");
            return std::nullopt;
        }
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [key, value] : v->get_object()) {
            if (!value.is_string()) {
                fail(std::string(name) + " must be a map of strings to strings.");
                return std::nullopt;
            }
            out.emplace_back(std::string(key), std::string(value.get_string()));
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    const json::value* find(std::string_view name) const {
        if (!ok() || body_ == nullptr) return nullptr;
        const json::value* v = body_->if_contains(name);
        return v == nullptr || v->is_null() ? nullptr : v;
    }

    const json::object* body_;
    std::string& invalid_;
};

// TargetArn and InstanceId, with their own shapes' rules. `rule`: how many of the two the
// operation wants.
enum class target_rule { exactly_one, at_most_one };

void read_target(body_reader& r, target_input& t, target_rule rule) {
    t.arn = r.string("TargetArn");
    t.instance_id = r.string("InstanceId");
    if (!r.ok()) return;
    if (t.arn && t.instance_id) {
        r.fail("Give either TargetArn or InstanceId, not both.");
        return;
    }
    if (rule == target_rule::exactly_one && !t.arn && !t.instance_id) {
        r.fail("TargetArn or InstanceId is required.");
        return;
    }
    if (t.arn) {
        const auto arn = model::parse_connect_arn(*t.arn);
        if (!arn || (arn->resource_type != "instance" &&
                     arn->resource_type != "traffic-distribution-group"))
            r.fail("TargetArn must be the ARN of an Amazon Connect instance or traffic "
                   "distribution group (arn:PARTITION:connect:REGION:ACCOUNT:instance/ID or "
                   "...:traffic-distribution-group/ID, ACCOUNT 12 digits).");
    }
    if (t.instance_id && !model::is_valid_instance_id(*t.instance_id))
        r.fail("InstanceId must be 1 to 100 characters long.");
}

void read_client_token(body_reader& r, std::string& token) {
    if (auto t = r.string("ClientToken")) token = std::move(*t);
    if (r.ok() && !model::is_valid_client_token(token))
        r.fail("ClientToken must be at most 500 characters long.");
}

void read_prefix(body_reader& r, std::optional<std::string>& prefix) {
    prefix = r.string("PhoneNumberPrefix");
    if (prefix && !model::is_phone_number_prefix(*prefix))
        r.fail("PhoneNumberPrefix must be 1 to 11 digits, optionally after a '+'.");
}

void read_page(body_reader& r, request_input& in, std::int64_t min, std::int64_t max) {
    in.max_results = r.integer("MaxResults");
    if (in.max_results && (*in.max_results < min || *in.max_results > max))
        r.fail("MaxResults must be between " + std::to_string(min) + " and " +
               std::to_string(max) + ".");
    in.next_token = r.string("NextToken");
    if (in.next_token && !model::is_valid_next_token(*in.next_token))
        r.fail("NextToken must be 1 to 100000 characters long.");
}

void read_description(body_reader& r, std::optional<std::string>& description) {
    description = r.string("PhoneNumberDescription");
    if (description && !model::is_valid_description(*description))
        r.fail("PhoneNumberDescription must be at most 500 characters long.");
}

void check_country(body_reader& r, std::string_view name, std::string_view code) {
    if (!model::is_country_code(code))
        r.fail(std::string(name) + " must be an ISO country code of the model (AF, AL, DZ, ..., "
                                   "GB, US, ...); '" +
               std::string(code.substr(0, 16)) + "' is not one.");
}

void check_type(body_reader& r, std::string_view name, std::string_view type) {
    if (!model::is_phone_number_type(type))
        r.fail(std::string(name) + " must be one of " + joined(model::phone_number_types()) + ".");
}

// The PhoneNumberId path label.
void read_path_id(std::string_view encoded_id, std::string_view region, request_input& in) {
    http::append_percent_decoded(in.id_text, encoded_id);
    in.id = parse_phone_number_id(in.id_text, region);
    if (in.id.status == id_status::malformed)
        in.invalid = in.id_text.empty() ? "PhoneNumberId is required."
                                        : "PhoneNumberId must be a phone number id (a UUID) or a "
                                          "phone number ARN.";
}

}  // namespace

void request_input::reset(connect_operation o) {
    op = o;
    id_text.clear();
    id = {};
    token.clear();
    target = {};
    country.clear();
    type.clear();
    prefix.reset();
    countries.clear();
    types.clear();
    max_results.reset();
    next_token.reset();
    phone_number.clear();
    description.reset();
    tags.clear();
    invalid.clear();
}

void parse_input(connect_operation op, const request_view& req, std::string_view encoded_id,
                 std::string_view region, request_input& in) {
    in.reset(op);

    if (op == connect_operation::release_phone_number) {
        // No body: the id in the path, the token in the query (no allocation once warm).
        read_path_id(encoded_id, region, in);
        if (!in.invalid.empty()) return;
        if (find_query_param(req.query(), "clientToken", in.token) > 1)
            in.invalid = "ClientToken is given more than once.";
        else if (!model::is_valid_client_token(in.token))
            in.invalid = model::utf8_code_points(in.token)
                             ? "ClientToken must be at most 500 characters long."
                             : "ClientToken must be valid UTF-8.";
        return;
    }
    if (op == connect_operation::describe_phone_number) {
        read_path_id(encoded_id, region, in);  // GET: no body
        return;
    }
    if (op == connect_operation::update_phone_number || op == connect_operation::update_phone_number_metadata) {
        read_path_id(encoded_id, region, in);
        if (!in.invalid.empty()) return;
    }

    // A JSON object body ("" counts as {}).
    json::value body;
    if (!req.body.empty()) {
        boost::system::error_code ec;
        body = json::parse(req.body, ec);
        if (ec || !body.is_object()) {
            in.invalid = "The request body must be a JSON object.";
            return;
        }
    }
    body_reader r(body.is_object() ? &body.get_object() : nullptr, in.invalid);

    switch (op) {
        case connect_operation::search_available_phone_numbers: {
            read_target(r, in.target, target_rule::exactly_one);
            auto country = r.string("PhoneNumberCountryCode");
            if (r.ok() && !country) r.fail("PhoneNumberCountryCode is required.");
            if (r.ok()) check_country(r, "PhoneNumberCountryCode", *country);
            auto type = r.string("PhoneNumberType");
            if (r.ok() && !type) r.fail("PhoneNumberType is required.");
            if (r.ok()) check_type(r, "PhoneNumberType", *type);
            if (r.ok()) {
                in.country = std::move(*country);
                in.type = std::move(*type);
            }
            read_prefix(r, in.prefix);
            read_page(r, in, model::search_max_results_min, model::search_max_results_max);
            break;
        }
        case connect_operation::claim_phone_number: {
            read_target(r, in.target, target_rule::exactly_one);
            auto number = r.string("PhoneNumber");
            if (r.ok() && !number) r.fail("PhoneNumber is required.");
            if (r.ok() && !model::is_e164(*number))
                r.fail("PhoneNumber must be an E.164 number: '+', then 2 to 15 digits, the first "
                       "not 0.");
            if (r.ok()) in.phone_number = std::move(*number);
            read_description(r, in.description);
            if (auto tags = r.string_map("Tags")) {
                if (tags->size() < model::min_tags || tags->size() > model::max_tags)
                    r.fail("Tags must have 1 to 50 entries.");
                for (const auto& [k, v] : *tags) {
                    if (!model::is_valid_tag_key(k))
                        r.fail("Tag keys must be 1 to 128 letters, digits, spaces or _.:/=+-@, "
                               "and must not start with 'aws:'.");
                    else if (!model::is_valid_tag_value(v))
                        r.fail("Tag values must be at most 256 characters long.");
                }
                if (r.ok()) in.tags = std::move(*tags);
            }
            read_client_token(r, in.token);
            break;
        }
        case connect_operation::list_phone_numbers_v2: {
            read_target(r, in.target, target_rule::at_most_one);
            read_page(r, in, model::list_max_results_min, model::list_max_results_max);
            bool present = false;
            in.countries = r.strings("PhoneNumberCountryCodes", present);
            if (in.countries.size() > model::max_country_codes)
                r.fail("PhoneNumberCountryCodes must have at most 10 items.");
            for (const auto& c : in.countries) check_country(r, "PhoneNumberCountryCodes", c);
            in.types = r.strings("PhoneNumberTypes", present);
            if (in.types.size() > model::max_phone_number_types)
                r.fail("PhoneNumberTypes must have at most 6 items.");
            for (const auto& t : in.types) check_type(r, "PhoneNumberTypes", t);
            read_prefix(r, in.prefix);
            break;
        }
        case connect_operation::update_phone_number:
            read_target(r, in.target, target_rule::exactly_one);
            read_client_token(r, in.token);
            break;
        case connect_operation::update_phone_number_metadata:
            read_description(r, in.description);
            read_client_token(r, in.token);
            break;
        default: break;
    }
}

}  // namespace awsconnect::emulator
