// The AWS SigV4 test suite (aws-c-auth's aws-signing-test-suite/v4), run stage by stage
// and end to end, in header and in query (presigned) mode.
//
// Strategy: each case folder holds the request before signing (request.txt), the inputs
// (context.json) and the expected canonical request, string to sign, signature and
// signed request for both modes. We parse the request, sign it with the context's inputs,
// then compare each stage on its own, so a failure names the first stage that differs.
// The folder comes from AWSCONNECT_SIGV4_SUITE (default: the shared copy), so the full
// upstream suite runs unchanged; an empty folder is a failure, not a pass.
#include "sigv4/sign_request.hpp"

#include "support/test_paths.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace awsconnect;

namespace {

struct parsed_request {
    std::string method, target, path, query, version;
    std::vector<std::string> header_lines;  // verbatim, continuation lines folded in
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// request.txt: "METHOD TARGET HTTP/1.1", header lines "Name:value" (a line starting with
// whitespace continues the previous value), a blank line, then the body.
parsed_request parse_request_txt(const std::string& text) {
    parsed_request r;
    std::size_t pos = 0;
    auto next_line = [&](std::string& line) {
        if (pos > text.size()) return false;
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        line = text.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        pos = nl + 1;
        return true;
    };
    std::string line;
    REQUIRE(next_line(line));
    const auto sp1 = line.find(' ');
    const auto sp2 = line.rfind(' ');
    REQUIRE(sp1 != std::string::npos);
    REQUIRE(sp2 > sp1);
    r.method = line.substr(0, sp1);
    r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    r.version = line.substr(sp2 + 1);
    const auto q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    while (next_line(line)) {
        if (line.empty()) break;
        if ((line[0] == ' ' || line[0] == '\t') && !r.headers.empty()) {
            r.headers.back().second += "\n" + line;
            r.header_lines.back() += "\n" + line;
            continue;
        }
        const auto colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        r.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
        r.header_lines.push_back(line);
    }
    if (pos < text.size()) r.body = text.substr(pos);
    return r;
}

std::chrono::system_clock::time_point parse_iso8601(const std::string& s) {
    // "2015-08-30T12:36:00Z"
    std::string compact;
    for (char c : s)
        if (c != '-' && c != ':') compact += c;
    std::chrono::system_clock::time_point t;
    REQUIRE(sigv4::parse_amz_datetime(compact, t));
    return t;
}

std::vector<fs::path> suite_cases() {
    const fs::path root = test::testdata_path("AWSCONNECT_SIGV4_SUITE", "sigv4");
    std::vector<fs::path> cases;
    if (fs::is_directory(root))
        for (const auto& e : fs::directory_iterator(root))
            if (e.is_directory() && fs::exists(e.path() / "request.txt")) cases.push_back(e.path());
    std::sort(cases.begin(), cases.end());
    return cases;
}

struct case_run {
    parsed_request req;
    std::vector<sigv4::header_field> fields;
    sigv4::signing_params params;
    std::string access_key, secret, token, region, service;
};

void load_case(const fs::path& dir, case_run& run) {
    run.req = parse_request_txt(test::read_file(dir / "request.txt"));
    const auto ctx = boost::json::parse(test::read_file(dir / "context.json")).as_object();
    const auto& creds = ctx.at("credentials").as_object();
    run.access_key = creds.at("access_key_id").as_string().c_str();
    run.secret = creds.at("secret_access_key").as_string().c_str();
    if (auto* t = creds.if_contains("token")) run.token = t->as_string().c_str();
    run.region = ctx.at("region").as_string().c_str();
    run.service = ctx.at("service").as_string().c_str();
    for (const auto& [n, v] : run.req.headers) run.fields.push_back({n, v});
    auto& p = run.params;
    p.credentials = {run.access_key, run.secret, run.token};
    p.region = run.region;
    p.service = run.service;
    p.time = parse_iso8601(ctx.at("timestamp").as_string().c_str());
    p.expires_in = std::chrono::seconds(ctx.at("expiration_in_seconds").to_number<long long>());
    p.normalize_uri_path = ctx.at("normalize").as_bool();
    p.sign_payload_header = ctx.at("sign_body").as_bool();
    if (auto* o = ctx.if_contains("omit_session_token")) p.omit_session_token = o->as_bool();
}

std::string render_signed(const case_run& run, const sigv4::signing_output& out,
                          sigv4::signature_type type) {
    std::string s = run.req.method + " ";
    s += run.req.path;
    if (type == sigv4::signature_type::query_params) {
        s += "?";
        if (!run.req.query.empty()) s += run.req.query + "&";
        s += out.query_params;
    } else if (!run.req.query.empty()) {
        s += "?" + run.req.query;
    }
    s += " " + run.req.version + "\n";
    for (const auto& l : run.req.header_lines) s += l + "\n";
    if (type == sigv4::signature_type::headers) {
        if (out.add_security_token) s += "X-Amz-Security-Token:" + run.token + "\n";
        s += "X-Amz-Date:" + out.amz_date + "\n";
        if (!out.content_sha256.empty()) s += "x-amz-content-sha256:" + out.content_sha256 + "\n";
        s += "Authorization:" + out.authorization + "\n";
    }
    s += "\n";
    s += run.req.body;
    return s;
}

void check_mode(const fs::path& dir, sigv4::signature_type type) {
    const std::string prefix = type == sigv4::signature_type::headers ? "header-" : "query-";
    case_run run;
    load_case(dir, run);
    run.params.type = type;
    sigv4::signable_request sreq{run.req.method, run.req.path, run.req.query, run.fields,
                                 run.req.body, {}};
    sigv4::signing_output out;
    sigv4::sign(sreq, run.params, out);
    CHECK(out.canonical_request == test::read_file(dir / (prefix + "canonical-request.txt")));
    CHECK(out.string_to_sign == test::read_file(dir / (prefix + "string-to-sign.txt")));
    CHECK(out.signature == test::read_file(dir / (prefix + "signature.txt")));
    CHECK(render_signed(run, out, type) == test::read_file(dir / (prefix + "signed-request.txt")));

    // The cached signing key gives the same signature, and a reused output object too.
    sigv4::signing_key_cache cache;
    sigv4::sign(sreq, run.params, out, &cache);
    sigv4::sign(sreq, run.params, out, &cache);
    CHECK(out.signature == test::read_file(dir / (prefix + "signature.txt")));
    CHECK(cache.derivations() == 1);
}

}  // namespace

TEST_SUITE("sigv4 suite") {

TEST_CASE("the suite folder has cases") {
    const auto cases = suite_cases();
    INFO("suite folder: " << test::testdata_path("AWSCONNECT_SIGV4_SUITE", "sigv4"));
    REQUIRE(cases.size() > 0);
    MESSAGE("SigV4 suite cases: " << cases.size());
}

TEST_CASE("every case, header signing, every stage") {
    for (const auto& dir : suite_cases()) {
        CAPTURE(dir.filename().string());
        check_mode(dir, sigv4::signature_type::headers);
    }
}

TEST_CASE("every case, query signing, every stage") {
    for (const auto& dir : suite_cases()) {
        CAPTURE(dir.filename().string());
        check_mode(dir, sigv4::signature_type::query_params);
    }
}

}  // TEST_SUITE
