// Issue 13 A1: a PhoneNumberId is one path segment under /phone-number/, and the path the
// signer signs is the path that is sent. "." and ".." passed validation before, and for
// ".." the wire path was /phone-number/.. while SigV4's normalisation signed "/": a request
// for one resource with a signature for another.
//
// Property, over a table of hostile ids and every operation with a path member: either the
// id is rejected locally (VALIDATION_ERROR, nothing sent), or the serialized path is
// exactly "/phone-number/" + one segment (+ the operation's fixed suffix) and its canonical
// URI is the same with and without normalisation.
#include "operation/describe_phone_number.hpp"
#include "operation/release_phone_number.hpp"
#include "operation/update_phone_number.hpp"
#include "operation/update_phone_number_metadata.hpp"
#include "sigv4/canonical_request.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace awsconnect::operation;

namespace {

const validation_context ctx{"us-east-1"};

struct path_operation {
    std::string name;
    std::string suffix;  // what follows the id's segment
    std::function<std::optional<error>(const std::string&)> validate;
    std::function<std::string(const std::string&)> path;
};

std::vector<path_operation> path_operations() {
    const std::string arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
    return {
        {"DescribePhoneNumber", "",
         [](const std::string& id) { return describe_phone_number::validate(describe_phone_number_request{id}, ctx); },
         [](const std::string& id) {
             serialized_input out;
             describe_phone_number::serialize(describe_phone_number_request{id}, "", out);
             return out.path;
         }},
        {"ReleasePhoneNumber", "",
         [](const std::string& id) { return release_phone_number::validate(release_phone_number_request{id}, ctx); },
         [](const std::string& id) {
             serialized_input out;
             release_phone_number::serialize(release_phone_number_request{id}, "tok", out);
             return out.path;
         }},
        {"UpdatePhoneNumber", "",
         [arn](const std::string& id) {
             update_phone_number_request r{id};
             r.target_arn = arn;
             return update_phone_number::validate(r, ctx);
         },
         [arn](const std::string& id) {
             update_phone_number_request r{id};
             r.target_arn = arn;
             serialized_input out;
             update_phone_number::serialize(r, "tok", out);
             return out.path;
         }},
        {"UpdatePhoneNumberMetadata", "/metadata",
         [](const std::string& id) {
             return update_phone_number_metadata::validate(update_phone_number_metadata_request{id}, ctx);
         },
         [](const std::string& id) {
             serialized_input out;
             update_phone_number_metadata::serialize(update_phone_number_metadata_request{id}, "tok", out);
             return out.path;
         }},
    };
}

const std::vector<std::string> hostile_ids = {
    ".", "..", "...", "./", "../", "../x", "x/..", "a/./b", "/", "//", "a//b", "%2e", "%2e%2e", "%2E%2E",
    ".%2e", "a%2Fb", "..%2F", "?", "#", "a?b=c", "a#frag", " ", " .. ", "\\..", "..\\", ";", "a;b", "~", "-",
    "_", "\xC3\xA9", "\xE2\x80\xA8", "+", "=", "&", "a&clientToken=x", "*", "@", ":", "arn:x", "%", "%%",
    "%00", "00000000-0000-4000-8000-000000000001",
    "arn:aws:connect:us-east-1:123456789012:phone-number/abc",
    "arn:aws:connect:us-east-1:123456789012:phone-number/..",
};

std::string canonical(std::string_view path, bool normalize) {
    std::string out;
    sigv4::append_canonical_uri(out, path, {normalize, true});
    return out;
}

}  // namespace

TEST_SUITE("operation.path_label") {

TEST_CASE("'.' and '..' are rejected locally as PhoneNumberId by every operation with a path member") {
    for (const auto& op : path_operations()) {
        for (const std::string id : {".", ".."}) {
            CAPTURE(op.name);
            CAPTURE(id);
            const auto e = op.validate(id);
            REQUIRE(e.has_value());
            CHECK(e->code == errc::invalid_phone_number_id);
            CHECK(e->kind_string() == "VALIDATION_ERROR");
            CHECK(e->message == "PhoneNumberId \"" + id +
                                    "\" is a dot segment: the request would be signed for another path");
        }
    }
}

TEST_CASE("property: an accepted id is one segment under /phone-number/, and the signed path is the sent path") {
    int accepted = 0, rejected = 0;
    for (const auto& op : path_operations()) {
        for (const auto& id : hostile_ids) {
            CAPTURE(op.name);
            CAPTURE(id);
            if (const auto e = op.validate(id)) {
                CHECK(e->kind_string() == "VALIDATION_ERROR");
                ++rejected;
                continue;
            }
            ++accepted;
            const std::string path = op.path(id);
            REQUIRE(path.starts_with("/phone-number/"));
            REQUIRE(path.ends_with(op.suffix));
            const std::string segment =
                path.substr(14, path.size() - 14 - op.suffix.size());
            CHECK_FALSE(segment.empty());
            CHECK(segment.find('/') == std::string::npos);
            CHECK(segment != ".");
            CHECK(segment != "..");
            CHECK(canonical(path, true) == canonical(path, false));
        }
    }
    // The table exercises both outcomes for every operation.
    // ".", ".." and "arn:x" (not a phone-number ARN); everything else is a fine, encoded segment.
    CHECK(rejected == 4 * 3);
    CHECK(accepted == 4 * (static_cast<int>(hostile_ids.size()) - 3));
}

}  // TEST_SUITE
