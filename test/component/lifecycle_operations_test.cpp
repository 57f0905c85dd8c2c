// The lifecycle operations through the one engine, over the scripted transport: what each
// sends (method, path, body, Content-Type/Length, the token where the model binds it, the
// same bytes on every attempt), what it returns (token, request id, attempts on both arms),
// the page walks (order, stop, a failed page with its resume token, a page retried by the
// engine) and the settle waiter (exact poll delays on the fake clock, timeout, errors).
#include "client_fixture.hpp"

#include <boost/json/parse.hpp>

using namespace awsconnect;
using namespace awsconnect::test;
using namespace std::chrono_literals;
using step = scripted_step;

namespace {

const std::string instance_arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1";

template <class T>
T run(client_fixture& fx, boost::asio::awaitable<T> a) {
    return run_coro(fx.ioc, std::move(a));
}

std::string signed_headers_of(const parsed_request& r) {
    const std::string auth = r.header("Authorization");
    const auto b = auth.find("SignedHeaders=");
    if (b == std::string::npos) return {};
    const auto e = auth.find(',', b);
    return auth.substr(b + 14, e - b - 14);
}

step json_ok(std::string body) { return step::response(200, std::move(body)); }

std::string summary_json(std::string status) {
    return R"({"ClaimedPhoneNumberSummary":{"PhoneNumberId":"p-1","PhoneNumber":"+18005550100",)"
           R"("PhoneNumberStatus":{"Status":")" +
           status + R"("}}})";
}

}  // namespace

TEST_SUITE("component.lifecycle") {

TEST_CASE("ClaimPhoneNumber: POST with a JSON body, the token in ClientToken, the same bytes on the retry") {
    client_fixture fx;
    fx.transport->script({internal_500(), json_ok(R"({"PhoneNumberId":"p-1","PhoneNumberArn":"arn:p-1"})")});
    claim_phone_number_request req{"+18005550100"};
    req.target_arn = instance_arn;
    req.tags = {{"team", "support"}};
    auto r = run(fx, fx.c.claim_phone_number(std::move(req)));
    REQUIRE_MESSAGE(r.has_value(), to_envelope_json(r.error()));
    CHECK(r->phone_number_id == "p-1");
    CHECK(r->phone_number_arn == "arn:p-1");
    CHECK(r->client_token == fake_services::token(1));
    CHECK(r->request_id == "req-2");
    CHECK(r->attempts == 2);

    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 2);
    for (const auto& q : reqs) {
        CHECK(q.method == "POST");
        CHECK(q.target == "/phone-number/claim");
        CHECK(q.header("Content-Type") == "application/json");
        CHECK(q.header("Content-Length") == std::to_string(q.body.size()));
        CHECK(signed_headers_of(q) == "content-type;host;x-amz-date");
        const auto body = boost::json::parse(q.body).as_object();
        CHECK(body.at("ClientToken").as_string() == fake_services::token(1));
        CHECK(body.at("PhoneNumber") == "+18005550100");
        CHECK(body.at("TargetArn").as_string() == instance_arn);
        CHECK(body.at("Tags").as_object().at("team") == "support");
        CHECK(body.size() == 4);
    }
    CHECK(reqs[0].body == reqs[1].body);  // serialized once, sent on every attempt
    CHECK(reqs[0].header("amz-sdk-invocation-id") == reqs[1].header("amz-sdk-invocation-id"));
    CHECK(reqs[1].header("amz-sdk-request") == "attempt=2; max=3");
}

TEST_CASE("ClaimPhoneNumber: the caller's token is used as is, and reported on the error") {
    client_fixture fx;
    fx.transport->script({step::service_error(409, "IdempotencyException", "token reused")});
    claim_phone_number_request req{"+18005550100", "my-token"};
    req.instance_id = "i-1";
    auto r = run(fx, fx.c.claim_phone_number(std::move(req)));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::idempotency_conflict);
    CHECK(r.error().client_token == "my-token");
    CHECK(r.error().attempts == 1);
    CHECK(r.error().server_message == "token reused");
    CHECK(boost::json::parse(fx.requests()[0].body).at("ClientToken") == "my-token");
}

TEST_CASE("DescribePhoneNumber: GET without a body; its output; a 2xx body that is not the shape is not retried") {
    client_fixture fx;
    fx.transport->script({json_ok(summary_json("CLAIMED")), json_ok("<html>oops</html>")});
    auto r = run(fx, fx.c.describe_phone_number(describe_phone_number_request{"p-1"}));
    REQUIRE(r.has_value());
    CHECK(r->claimed_phone_number_summary.phone_number == "+18005550100");
    CHECK(r->claimed_phone_number_summary.phone_number_status.status == "CLAIMED");
    CHECK(r->attempts == 1);
    const auto q = fx.requests().at(0);
    CHECK(q.method == "GET");
    CHECK(q.target == "/phone-number/p-1");
    CHECK(q.body.empty());
    CHECK(q.header_count("Content-Type") == 0);
    CHECK(q.header_count("Content-Length") == 0);
    CHECK(signed_headers_of(q) == "host;x-amz-date");

    auto bad = run(fx, fx.c.describe_phone_number(describe_phone_number_request{"p-1"}));
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::malformed_response);
    CHECK(bad.error().http_status == 200);
    CHECK(bad.error().request_id == "req-2");
    CHECK(bad.error().attempts == 1);
    CHECK(fx.transport->send_count() == 2);
    CHECK(fx.c.stats().failed == 1);
}

TEST_CASE("UpdatePhoneNumber and UpdatePhoneNumberMetadata: PUT, token in the body, outputs") {
    client_fixture fx;
    fx.transport->script({json_ok(R"({"PhoneNumberId":"p-1","PhoneNumberArn":"arn:p-1"})"), step::ok()});
    update_phone_number_request u{"p-1"};
    u.instance_id = "i-2";
    auto r = run(fx, fx.c.update_phone_number(std::move(u)));
    REQUIRE(r.has_value());
    CHECK(r->client_token == fake_services::token(1));
    CHECK(r->phone_number_arn == "arn:p-1");
    update_phone_number_metadata_request m{"p-1", "meta-token"};
    m.phone_number_description = "front desk";
    auto r2 = run(fx, fx.c.update_phone_number_metadata(std::move(m)));
    REQUIRE(r2.has_value());
    CHECK(r2->phone_number_id == "p-1");
    CHECK(r2->client_token == "meta-token");
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].method == "PUT");
    CHECK(reqs[0].target == "/phone-number/p-1");
    CHECK(reqs[0].body == R"({"InstanceId":"i-2","ClientToken":")" + fake_services::token(1) + R"("})");
    CHECK(reqs[1].target == "/phone-number/p-1/metadata");
    CHECK(reqs[1].body == R"({"PhoneNumberDescription":"front desk","ClientToken":"meta-token"})");
}

TEST_CASE("validation fails before anything is sent, for every operation, with the caller's token") {
    client_fixture fx;
    claim_phone_number_request c{"not-e164", "tok"};
    c.instance_id = "i-1";
    auto r = run(fx, fx.c.claim_phone_number(std::move(c)));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::invalid_input);
    CHECK(r.error().client_token == "tok");
    CHECK(r.error().attempts == 0);
    auto s = run(fx, fx.c.search_available_phone_numbers(search_available_phone_numbers_request{"US", "DID"}));
    REQUIRE_FALSE(s.has_value());  // no target
    CHECK(s.error().kind_string() == "VALIDATION_ERROR");
    auto d = run(fx, fx.c.describe_phone_number(describe_phone_number_request{".."}));
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error().code == errc::invalid_phone_number_id);
    CHECK(fx.transport->send_count() == 0);
    CHECK(fx.c.stats().calls == 3);
    CHECK(fx.c.stats().failed == 3);
}

TEST_CASE("page walk: every item in order, one page at a time, NextToken carried; the callback can stop") {
    client_fixture fx;
    fx.transport->script({
        json_ok(R"({"NextToken":"t2","ListPhoneNumbersSummaryList":[{"PhoneNumberId":"a"},{"PhoneNumberId":"b"}]})"),
        json_ok(R"({"NextToken":"t3","ListPhoneNumbersSummaryList":[]})"),
        json_ok(R"({"ListPhoneNumbersSummaryList":[{"PhoneNumberId":"c"}]})"),
    });
    list_phone_numbers_v2_request req;
    req.instance_id = "i-1";
    req.max_results = 2;
    std::vector<std::string> seen;
    std::vector<int> sends_when_seen;
    auto walk = run(fx, fx.c.for_each_phone_number(req, [&](const list_phone_numbers_summary& s)
                                                            -> boost::asio::awaitable<bool> {
        seen.push_back(s.phone_number_id);
        sends_when_seen.push_back(fx.transport->send_count());
        co_return true;
    }));
    CHECK(walk.ok());
    CHECK(walk.pages == 3);
    CHECK(walk.items == 3);
    CHECK_FALSE(walk.stopped);
    CHECK(seen == std::vector<std::string>{"a", "b", "c"});
    CHECK(sends_when_seen == std::vector<int>{1, 1, 3});  // never more than the current page
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(boost::json::parse(reqs[0].body).as_object().contains("NextToken") == false);
    CHECK(boost::json::parse(reqs[1].body).at("NextToken") == "t2");
    CHECK(boost::json::parse(reqs[2].body).at("NextToken") == "t3");
    CHECK(boost::json::parse(reqs[2].body).at("MaxResults") == 2);

    fx.transport->script({json_ok(R"({"NextToken":"t2","ListPhoneNumbersSummaryList":[{"PhoneNumberId":"a"},)"
                                  R"({"PhoneNumberId":"b"}]})")});
    int calls = 0;
    auto stopped = run(fx, fx.c.for_each_phone_number(req, [&](const list_phone_numbers_summary&)
                                                               -> boost::asio::awaitable<bool> {
        co_return ++calls < 1;
    }));
    CHECK(stopped.ok());
    CHECK(stopped.stopped);
    CHECK(stopped.items == 1);
    CHECK(fx.transport->send_count() == 4);
}

TEST_CASE("page walk: a page is retried by the engine; a page that fails reports its resume token") {
    client_fixture fx;
    fx.transport->script({
        json_ok(R"({"NextToken":"t2","AvailableNumbersList":[{"PhoneNumber":"+18005550100"}]})"),
        step::service_error(503, "ServiceUnavailableException", "busy"),  // retried by the engine
        json_ok(R"({"NextToken":"t3","AvailableNumbersList":[{"PhoneNumber":"+18005550101"}]})"),
        step::service_error(400, "InvalidParameterException", "bad token"),  // not retried
    });
    search_available_phone_numbers_request req{"US", "TOLL_FREE"};
    req.instance_id = "i-1";
    std::vector<std::string> seen;
    auto walk = run(fx, fx.c.for_each_available_phone_number(req, [&](const available_number_summary& s)
                                                                      -> boost::asio::awaitable<bool> {
        seen.push_back(s.phone_number);
        co_return true;
    }));
    CHECK_FALSE(walk.ok());
    REQUIRE(walk.failure.has_value());
    CHECK(walk.failure->code == errc::invalid_parameter);
    CHECK(walk.resume_token == "t3");
    CHECK(walk.pages == 2);
    CHECK(seen == std::vector<std::string>{"+18005550100", "+18005550101"});
    CHECK(fx.transport->send_count() == 4);

    // Resuming from the reported token asks for that page.
    fx.transport->script({json_ok(R"({"AvailableNumbersList":[{"PhoneNumber":"+18005550102"}]})")});
    req.next_token = walk.resume_token;
    auto resumed = run(fx, fx.c.for_each_available_phone_number(req, [&](const available_number_summary& s)
                                                                         -> boost::asio::awaitable<bool> {
        seen.push_back(s.phone_number);
        co_return true;
    }));
    CHECK(resumed.ok());
    CHECK(boost::json::parse(fx.requests().back().body).at("NextToken") == "t3");
    CHECK(seen.back() == "+18005550102");
}

TEST_CASE("settle waiter: polls Describe until CLAIMED with growing delays; FAILED is settled too") {
    client_fixture fx;  // jitter b = 1: each delay is its ceiling
    fx.transport->script({json_ok(summary_json("IN_PROGRESS")), json_ok(summary_json("IN_PROGRESS")),
                          json_ok(summary_json("IN_PROGRESS")), json_ok(summary_json("CLAIMED"))});
    client::settle_options o;
    o.min_delay = 2s;
    o.max_delay = 5s;
    o.timeout = 60s;
    auto r = run(fx, fx.c.wait_until_phone_number_settled("p-1", o));
    REQUIRE(r.has_value());
    CHECK(r->phone_number_status.status == "CLAIMED");
    const auto sleeps = fx.services.sleeps();
    REQUIRE(sleeps.size() == 3);
    CHECK(sleeps[0].delay == 2s);
    CHECK(sleeps[1].delay == 4s);
    CHECK(sleeps[2].delay == 5s);  // capped
    CHECK(fx.transport->send_count() == 4);

    fx.transport->script({json_ok(summary_json("FAILED"))});
    auto failed = run(fx, fx.c.wait_until_phone_number_settled("p-1", o));
    REQUIRE(failed.has_value());
    CHECK(failed->phone_number_status.status == "FAILED");
}

TEST_CASE("settle waiter: a deadline ends it with operation_timeout; a Describe error ends it with that error") {
    client_fixture fx;
    fx.transport->set_handler([](const parsed_request&) { return json_ok(summary_json("IN_PROGRESS")); });
    client::settle_options o;
    o.min_delay = 2s;
    o.max_delay = 2s;
    o.timeout = 7s;
    auto r = run(fx, fx.c.wait_until_phone_number_settled("p-1", o));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::operation_timeout);
    CHECK(r.error().message ==
          "phone number not settled after 7000 ms and 4 DescribePhoneNumber call(s): status IN_PROGRESS");
    CHECK(fx.transport->send_count() == 4);  // at 0, 2, 4, 6 s; the next poll would be at 8 s

    client_fixture fx2;
    fx2.transport->script({step::service_error(404, "ResourceNotFoundException", "no such number")});
    auto nf = run(fx2, fx2.c.wait_until_phone_number_settled("p-1", o));
    REQUIRE_FALSE(nf.has_value());
    CHECK(nf.error().code == errc::resource_not_found);
}

}  // TEST_SUITE
