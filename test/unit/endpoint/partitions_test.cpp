// The partitions table behind aws.partition: lookups on the embedded partitions.json
// and on small hand-written tables.
//
// Strategy: the embedded table is checked region by region against the values in the
// published file (exact region, then regionRegex, then the "aws" default), so a wrong
// lookup order shows up as a wrong dnsSuffix. Hand-written tables pin down the rules the
// published file does not exercise (region-level overrides, the first listing wins, no
// "aws" partition) and the load-time checks of a malformed file.
#include "endpoint/partitions.hpp"
#include "endpoint/resolve_endpoint.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace json = boost::json;
using namespace awsconnect::endpoint;

namespace {

std::string name_of(const partition_table& t, std::string_view region) {
    const json::object* p = t.find(region);
    if (p == nullptr) return "(none)";
    return std::string(p->at("name").as_string());
}

// A minimal valid partition entry.
std::string partition_json(const std::string& id, const std::string& regex,
                           const std::string& regions, const std::string& dns = "example.com") {
    return R"({"id":")" + id + R"(","outputs":{"name":")" + id + R"(","dnsSuffix":")" + dns +
           R"(","dualStackDnsSuffix":"api.)" + dns +
           R"(","supportsFIPS":true,"supportsDualStack":true},"regionRegex":")" + regex +
           R"(","regions":)" + regions + "}";
}

}  // namespace

TEST_SUITE("endpoint partitions") {

TEST_CASE("the embedded partitions load with every published partition") {
    auto table = aws_partitions();
    REQUIRE(table != nullptr);
    CHECK(table->ids() == std::vector<std::string>{"aws", "aws-cn", "aws-eusc", "aws-iso",
                                                   "aws-iso-b", "aws-iso-e", "aws-iso-f",
                                                   "aws-us-gov"});
    CHECK(aws_partitions() == table);  // parsed once, shared
}

TEST_CASE("listed regions find their partition's outputs") {
    auto table = aws_partitions();
    REQUIRE(table != nullptr);
    const json::object* p = table->find("us-east-1");
    REQUIRE(p != nullptr);
    CHECK(json::value(*p) == json::parse(R"({"dnsSuffix":"amazonaws.com",
        "dualStackDnsSuffix":"api.aws","implicitGlobalRegion":"us-east-1","name":"aws",
        "supportsDualStack":true,"supportsFIPS":true})"));

    CHECK(name_of(*table, "eu-west-2") == "aws");
    CHECK(name_of(*table, "aws-global") == "aws");
    CHECK(name_of(*table, "cn-north-1") == "aws-cn");
    CHECK(name_of(*table, "us-gov-west-1") == "aws-us-gov");
    CHECK(name_of(*table, "us-iso-east-1") == "aws-iso");
    CHECK(name_of(*table, "us-isob-east-1") == "aws-iso-b");
    CHECK(name_of(*table, "eu-isoe-west-1") == "aws-iso-e");
    CHECK(name_of(*table, "us-isof-south-1") == "aws-iso-f");
    CHECK(name_of(*table, "eusc-de-east-1") == "aws-eusc");

    CHECK(table->find("cn-north-1")->at("dnsSuffix").as_string() == "amazonaws.com.cn");
    CHECK(table->find("cn-north-1")->at("dualStackDnsSuffix").as_string() ==
          "api.amazonwebservices.com.cn");
    CHECK(table->find("us-iso-east-1")->at("dnsSuffix").as_string() == "c2s.ic.gov");
    CHECK(table->find("us-isob-east-1")->at("dnsSuffix").as_string() == "sc2s.sgov.gov");
    // A region's "description" is not an output.
    CHECK_FALSE(table->find("us-east-1")->contains("description"));
}

TEST_CASE("unlisted regions go by regionRegex, then default to aws") {
    auto table = aws_partitions();
    REQUIRE(table != nullptr);
    CHECK(name_of(*table, "us-west-9") == "aws");
    CHECK(name_of(*table, "cn-south-7") == "aws-cn");
    CHECK(name_of(*table, "us-gov-central-1") == "aws-us-gov");
    CHECK(name_of(*table, "us-iso-north-2") == "aws-iso");
    CHECK(name_of(*table, "us-isob-south-3") == "aws-iso-b");
    CHECK(name_of(*table, "eu-isoe-north-1") == "aws-iso-e");
    CHECK(name_of(*table, "eusc-de-west-2") == "aws-eusc");
    // Nothing matches: the aws partition.
    CHECK(name_of(*table, "mars-north-1") == "aws");
    CHECK(name_of(*table, "us-east") == "aws");
    CHECK(name_of(*table, "") == "aws");
}

TEST_CASE("a region's own outputs override its partition's") {
    const std::string doc = R"({"partitions":[)" +
        partition_json("aws", "^x-\\\\d$",
                       R"({"x-1":{"description":"one","supportsFIPS":false,"dnsSuffix":"one.example"},
                           "x-2":{}})") +
        "]}";
    auto table = partition_table::parse(std::string_view(doc));
    REQUIRE_MESSAGE(table.has_value(), (table ? "" : table.error().message));
    const json::object* one = table->find("x-1");
    REQUIRE(one != nullptr);
    CHECK(one->at("supportsFIPS").as_bool() == false);
    CHECK(one->at("dnsSuffix").as_string() == "one.example");
    CHECK(one->at("supportsDualStack").as_bool() == true);  // inherited
    CHECK_FALSE(one->contains("description"));
    CHECK(table->find("x-2")->at("supportsFIPS").as_bool() == true);
    CHECK(table->find("x-3")->at("dnsSuffix").as_string() == "example.com");  // regex
}

TEST_CASE("an exact region beats an earlier partition's regex; the first listing wins") {
    const std::string doc = R"({"partitions":[)" +
        partition_json("aws", "^.*$", R"({"dup-1":{}})", "aws.example") + "," +
        partition_json("other", "^o-\\\\d$", R"({"special-1":{},"dup-1":{}})", "other.example") +
        "]}";
    auto table = partition_table::parse(std::string_view(doc));
    REQUIRE_MESSAGE(table.has_value(), (table ? "" : table.error().message));
    CHECK(name_of(*table, "special-1") == "other");  // listed, though aws's regex matches
    CHECK(name_of(*table, "dup-1") == "aws");
    CHECK(name_of(*table, "o-1") == "aws");  // regexes in file order: aws's "^.*$" first
}

TEST_CASE("without an aws partition an unmatched region finds nothing") {
    const std::string doc =
        R"({"partitions":[)" + partition_json("aws-cn", "^cn-\\\\d$", "{}") + "]}";
    auto table = partition_table::parse(std::string_view(doc));
    REQUIRE(table.has_value());
    CHECK(name_of(*table, "cn-1") == "aws-cn");
    CHECK(table->find("us-east-1") == nullptr);
}

TEST_CASE("malformed partition files are rejected with a clear message") {
    struct bad_case {
        std::string doc;
        const char* message;
    };
    const bad_case cases[] = {
        {"{", "partitions: not valid JSON: "},
        {"[]", "partitions: the document is not a JSON object"},
        {"{}", "partitions: \"partitions\" must be an array"},
        {R"({"partitions":[]})", "partitions: \"partitions\" is empty"},
        {R"({"partitions":[1]})", "partitions: partitions[0] is not an object"},
        {R"({"partitions":[{"outputs":{}}]})",
         "partitions: partitions[0].id must be a non-empty string"},
        {R"({"partitions":[{"id":"aws"}]})", "partitions: partitions[0].outputs must be an object"},
        {R"({"partitions":[{"id":"aws","outputs":{"name":"aws"}}]})",
         "partitions: partitions[0].outputs.dnsSuffix is missing or of the wrong type"},
        {R"({"partitions":[{"id":"aws","outputs":{"name":"aws","dnsSuffix":"a","dualStackDnsSuffix":"b","supportsFIPS":"yes","supportsDualStack":true}}]})",
         "partitions: partitions[0].outputs.supportsFIPS is missing or of the wrong type"},
        {R"({"partitions":[{"id":"aws","outputs":{"name":"aws","dnsSuffix":"a","dualStackDnsSuffix":"b","supportsFIPS":true,"supportsDualStack":true}}]})",
         "partitions: partitions[0].regionRegex must be a string"},
        {R"({"partitions":[)" + partition_json("aws", "^(unclosed$", "{}") + "]}",
         "partitions: partitions[0].regionRegex is not a valid regular expression: "},
        {R"({"partitions":[)" + partition_json("aws", "^a$", "[]") + "]}",
         "partitions: partitions[0].regions must be an object"},
        {R"({"partitions":[)" + partition_json("aws", "^a$", R"({"r":1})") + "]}",
         "partitions: partitions[0].regions.r is not an object"},
    };
    for (const auto& c : cases) {
        INFO("document: ", c.doc);
        auto table = partition_table::parse(std::string_view(c.doc));
        REQUIRE_FALSE(table.has_value());
        CHECK(table.error().code == rules_errc::malformed_partitions);
        // Messages that end in ": " continue with the parser's own words.
        const std::string want = c.message;
        if (want.back() == ' ')
            CHECK(table.error().message.substr(0, want.size()) == want);
        else
            CHECK(table.error().message == want);
    }
}

}  // TEST_SUITE
