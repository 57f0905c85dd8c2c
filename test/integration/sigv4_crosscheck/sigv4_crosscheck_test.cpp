// SigV4, checked against an implementation that is not ours: botocore's signer (Debian's
// python3-botocore). The emulator verifies signatures with our own canonicalisation code
// (lib/sigv4), so a canonicalisation bug shared by the client and the emulator passes every
// client<->emulator test; this check catches it, in both directions, for a table of
// requests that are easy to canonicalise wrongly (requests.json: reserved and UTF-8
// PhoneNumberIds, tokens with spaces, '/', '%', '+', '=', '~' and the query's own
// delimiters, session tokens).
//
// (a) botocore signs: botocore_sigv4.py serializes each row from the Connect service model
//     and signs it with botocore.auth.SigV4Auth at the table's time; the bytes go to the
//     in-process emulator (clock frozen at that time), which must answer each with the
//     table's outcome (200, or a 400/404 about the input): never 403. The same requests
//     with one signature digit changed must all be 403 InvalidSignatureException, so the
//     emulator is seen to verify.
// (b) we sign: our client (the production factory, the wall clock fixed at the table's
//     time) sends each row to a capturing local server; botocore_sigv4.py signs each
//     captured request again (the path as sent, the query's decoded parameters, the headers
//     our SignedHeaders names) and the Authorization headers must be equal byte for byte.
//     A captured request with its path changed must not match, so the comparison is seen
//     to compare.
//
// Signatures are compared, never printed; on a mismatch the test prints both canonical
// requests. The main (official_client_main.cpp) fails or skips (exit 77) before any test
// when botocore is not usable.
#include "emulator_fixture.hpp"
#include "official_clients.hpp"

#include "fakes/scripted_server.hpp"
#include "integration/client/socket_client.hpp"
#include "sigv4/sign_request.hpp"
#include "support/run_coro.hpp"
#include "support/test_paths.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace json = boost::json;
using emulator::test::run_python;

namespace {

const std::filesystem::path here = awsconnect::test::source_dir() / "test" / "integration" / "sigv4_crosscheck";
const std::string table_file = (here / "requests.json").string();
const std::string script = (here / "botocore_sigv4.py").string();

struct row {
    std::string name;
    std::string phone_number_id;
    std::optional<std::string> client_token;
    std::string access_key_id, secret_access_key, session_token;
    int status = 0;
    std::string error_type;
};

struct table {
    std::string time;  ///< X-Amz-Date form
    std::vector<row> rows;
};

std::string str(const json::value& v) { return std::string(v.as_string()); }

table load_table() {
    const std::string text = awsconnect::test::read_file(table_file);
    REQUIRE_MESSAGE(!text.empty(), "cannot read " << table_file);
    const json::object t = json::parse(text).as_object();
    table out;
    out.time = str(t.at("time"));
    const json::object& creds = t.at("credentials").as_object();
    for (const auto& v : t.at("requests").as_array()) {
        const json::object& o = v.as_object();
        row r;
        r.name = str(o.at("name"));
        r.phone_number_id = str(o.at("phone_number_id"));
        if (o.contains("client_token")) r.client_token = str(o.at("client_token"));
        const json::object& c = creds.at(str(o.at("credentials"))).as_object();
        r.access_key_id = str(c.at("access_key_id"));
        r.secret_access_key = str(c.at("secret_access_key"));
        if (c.contains("session_token")) r.session_token = str(c.at("session_token"));
        const json::object& e = o.at("emulator").as_object();
        r.status = static_cast<int>(e.at("status").as_int64());
        if (e.contains("error_type")) r.error_type = str(e.at("error_type"));
        out.rows.push_back(std::move(r));
    }
    REQUIRE(out.rows.size() >= 10);
    return out;
}

std::chrono::system_clock::time_point parse_amz_date(const std::string& s) {
    REQUIRE(s.size() == 16);
    std::tm tm{};
    tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(s.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(s.substr(6, 2));
    tm.tm_hour = std::stoi(s.substr(9, 2));
    tm.tm_min = std::stoi(s.substr(11, 2));
    tm.tm_sec = std::stoi(s.substr(13, 2));
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

/// The script's output: one JSON object per line.
std::vector<json::object> run_script(const std::vector<std::string>& args) {
    const auto r = run_python(script, args, {}, 120s);
    REQUIRE_MESSAGE(r.exit_code.has_value(), "botocore_sigv4.py did not finish in time");
    REQUIRE_MESSAGE(*r.exit_code == 0, "botocore_sigv4.py failed: " << r.err);
    std::vector<json::object> lines;
    std::size_t pos = 0;
    while (pos < r.out.size()) {
        const std::size_t nl = r.out.find('\n', pos);
        const std::string line = r.out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        if (!line.empty()) lines.push_back(json::parse(line).as_object());
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return lines;
}

std::string header_of(const json::array& headers, std::string_view name) {
    for (const auto& h : headers) {
        const std::string n = str(h.as_array().at(0));
        if (n.size() == name.size() &&
            std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
            return str(h.as_array().at(1));
    }
    return {};
}

/// `authorization` with the last signature digit changed.
std::string tampered(std::string authorization) {
    REQUIRE(!authorization.empty());
    char& last = authorization.back();
    last = last == '0' ? '1' : '0';
    return authorization;
}

/// Our canonical request for a captured request, over the headers it signed.
std::string our_canonical_request(const awsconnect::test::server_request& r) {
    std::vector<sigv4::header_field> fields;
    for (const auto& [n, v] : r.headers) fields.push_back({n, v});
    const std::string auth = r.header("Authorization");
    const auto sh = auth.find("SignedHeaders=");
    if (sh == std::string::npos) return "(no SignedHeaders in the Authorization header)";
    const auto end = auth.find(',', sh);
    const std::string signed_headers = auth.substr(sh + 14, end == std::string::npos ? std::string::npos : end - sh - 14);
    const auto q = r.target.find('?');
    const std::string path = r.target.substr(0, q);
    const std::string query = q == std::string::npos ? std::string() : r.target.substr(q + 1);
    std::string out;
    if (!sigv4::build_canonical_request_for_verification(out, {r.method, path, query, fields, {}, {}}, signed_headers,
                                                         {}))
        return "(a header named in SignedHeaders is missing)";
    return out;
}

}  // namespace

TEST_SUITE("sigv4 cross-check with botocore") {

TEST_CASE("(a) requests signed by botocore verify in the emulator") {
    const table t = load_table();
    emulator::server_config cfg;
    cfg.tls = false;
    cfg.fixed_time = parse_amz_date(t.time);
    cfg.credentials.clear();
    std::set<std::string> akids;
    for (const auto& r : t.rows) {
        if (akids.insert(r.access_key_id).second)
            cfg.credentials.push_back({r.access_key_id, r.secret_access_key, r.session_token});
        if (r.status == 200) cfg.claimed_ids.push_back(r.phone_number_id);
    }
    auto emu = emulator::test::start_emulator(cfg);
    const std::string host = emu->url().substr(emu->url().find("://") + 3);

    const auto signed_by_botocore = run_script({"sign", table_file, emu->url()});
    REQUIRE(signed_by_botocore.size() == t.rows.size());
    std::size_t released = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const row& r = t.rows[i];
        const json::object& req = signed_by_botocore[i];
        CAPTURE(r.name);
        REQUIRE(str(req.at("name")) == r.name);
        const std::string target = str(req.at("target"));
        CAPTURE(target);
        // One path segment under /phone-number/, whatever the id holds.
        CHECK(target.rfind("/phone-number/", 0) == 0);
        CHECK(target.substr(14, target.find('?') - 14).find('/') == std::string::npos);

        auto wire = [&](const std::string& authorization) {
            std::string out = str(req.at("method")) + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
            for (const auto& h : req.at("headers").as_array()) {
                const std::string n = str(h.as_array().at(0));
                const std::string v = n == "Authorization" ? authorization : str(h.as_array().at(1));
                out += n + ": " + v + "\r\n";
            }
            return out + "\r\n" + str(req.at("body"));
        };
        const std::string authorization = header_of(req.at("headers").as_array(), "Authorization");
        REQUIRE(authorization.rfind("AWS4-HMAC-SHA256 Credential=" + r.access_key_id + "/", 0) == 0);
        CHECK(header_of(req.at("headers").as_array(), "X-Amz-Security-Token") == r.session_token);

        auto c = emulator::test::connect_to(*emu);
        const auto reply = c->exchange(wire(authorization));
        REQUIRE(reply.complete);
        CHECK_MESSAGE(reply.status == r.status, reply.header("X-Amzn-ErrorType") << ": " << reply.body);
        CHECK(reply.header("X-Amzn-ErrorType") == r.error_type);
        if (reply.status == 200) ++released;

        // The emulator does verify: one signature digit off is rejected.
        auto c2 = emulator::test::connect_to(*emu);
        const auto bad = c2->exchange(wire(tampered(authorization)));
        REQUIRE(bad.complete);
        CHECK(bad.status == 403);
        CHECK(bad.header("X-Amzn-ErrorType") == "InvalidSignatureException");
    }
    const auto k = emu->get_counters();
    CHECK(k.invalid_signature == t.rows.size());  // the tampered copies, and only them
    CHECK(k.incomplete_signature == 0);
    CHECK(k.signature_expired == 0);
    CHECK(k.unrecognized_client == 0);
    CHECK(k.missing_authentication_token == 0);
    CHECK(k.commits == released);
    CHECK(released == cfg.claimed_ids.size());
}

TEST_CASE("(b) requests signed by our client verify with botocore's signer") {
    const table t = load_table();
    awsconnect::test::scripted_server srv(awsconnect::test::server_options{});
    const auto signing_time = parse_amz_date(t.time);
    boost::asio::io_context ioc;
    for (const row& r : t.rows) {
        CAPTURE(r.name);
        auto cfg = awsconnect::test::local_config(srv.url());
        cfg.credentials = make_static_credentials_provider(
            {r.access_key_id, r.secret_access_key, r.session_token, std::nullopt, "static"});
        auto services = detail::real_client_services();
        services.wall_now = [signing_time] { return signing_time; };
        services.new_token = [] { return std::string("0f0e0d0c-0b0a-4908-8706-050403020100"); };
        services.jitter = [] { return 0.0; };
        client c = awsconnect::test::make_test_client(ioc.get_executor(), cfg, std::move(services));
        auto out = awsconnect::test::run_coro(ioc, c.release_phone_number({r.phone_number_id, r.client_token}));
        REQUIRE_MESSAGE(out.has_value(), (out ? "" : to_envelope_json(out)));
    }
    const auto captured = srv.received();
    REQUIRE(captured.size() == t.rows.size());

    // The captured requests, for the script; the last one again with its path changed.
    json::array sent;
    auto as_json = [](const std::string& name, const awsconnect::test::server_request& q, const std::string& target) {
        json::array headers;
        for (const auto& [n, v] : q.headers) headers.push_back(json::array{json::string(n), json::string(v)});
        return json::object{{"name", name}, {"method", q.method}, {"target", target}, {"headers", headers}};
    };
    for (std::size_t i = 0; i < captured.size(); ++i) sent.push_back(as_json(t.rows[i].name, captured[i], captured[i].target));
    const auto& last = captured.back();
    const auto q = last.target.find('?');
    std::string changed = last.target;
    changed.insert(q == std::string::npos ? changed.size() : q, "x");
    sent.push_back(as_json("control: " + t.rows.back().name, last, changed));

    const char* home = std::getenv("HOME");  // the test's own temporary HOME
    REQUIRE(home != nullptr);
    const std::string requests_file = std::string(home) + "/sigv4-crosscheck-requests.json";
    std::ofstream(requests_file, std::ios::binary) << json::serialize(sent);

    const auto verdicts = run_script({"verify", table_file, srv.url(), requests_file});
    REQUIRE(verdicts.size() == sent.size());
    for (std::size_t i = 0; i < captured.size(); ++i) {
        const row& r = t.rows[i];
        CAPTURE(r.name);
        CAPTURE(captured[i].target);
        REQUIRE(str(verdicts[i].at("name")) == r.name);
        const std::string ours = captured[i].header("Authorization");
        const bool same = !ours.empty() && ours == str(verdicts[i].at("authorization"));
        CHECK_MESSAGE(same, "botocore signs this request differently.\nbotocore's canonical request:\n"
                                << str(verdicts[i].at("canonical_request")) << "\nours:\n"
                                << our_canonical_request(captured[i]));
        CHECK(captured[i].header("X-Amz-Security-Token") == r.session_token);
    }
    // The comparison compares: a changed path gives another signature.
    const bool control_same = str(verdicts.back().at("authorization")) == last.header("Authorization");
    CHECK_FALSE(control_same);
}

}  // TEST_SUITE
