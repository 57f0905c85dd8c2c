// The page walks (client::for_each_phone_number, for_each_available_phone_number) over real
// sockets against a scripted server: every page asked for with the previous NextToken, the
// items in order, where a stopped or failed walk resumes (resume_token, resume_skip, more),
// and the client still whole afterwards (a regression: the walk's page-call closure was
// destroyed twice by g++ 12 inside co_await, releasing the client's state under it).
#include "fakes/scripted_server.hpp"
#include "support/run_coro.hpp"

#include <awsconnect/awsconnect.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <atomic>

using namespace awsconnect;
namespace asio = boost::asio;
namespace json = boost::json;
using test::run_coro;
using test::scripted_server;
using test::server_action;
using test::server_options;
using test::server_request;

namespace {

// Pages of 2 over ids n0..n4: tokens "t1", "t2"; a page asked for with NextToken
// `fail_token` fails once with 403 AccessDeniedException.
server_options pages(std::string fail_token = {}) {
    auto failed = std::make_shared<std::atomic<bool>>(false);
    server_options o;
    o.handler = [fail_token, failed](const server_request& r) {
        const auto b = json::parse(r.body).as_object();
        std::size_t page = 0;
        if (b.contains("NextToken")) {
            const std::string t(b.at("NextToken").as_string());
            if (t == fail_token && !failed->exchange(true)) {
                server_action a;
                a.status = 403;
                a.body = R"({"Message":"no"})";
                a.headers.emplace_back("X-Amzn-ErrorType", "AccessDeniedException");
                return a;
            }
            page = std::stoul(t.substr(1));
        }
        const bool search = r.target == "/phone-number/search-available";
        json::array list;
        for (std::size_t i = page * 2; i < std::min<std::size_t>(5, page * 2 + 2); ++i) {
            if (search)
                list.push_back(json::parse(R"({"PhoneNumber":"+1800555010)" + std::to_string(i) +
                                           R"(","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"})"));
            else
                list.push_back(json::parse(R"({"PhoneNumberId":"n)" + std::to_string(i) + R"("})"));
        }
        json::object o2;
        o2[search ? "AvailableNumbersList" : "ListPhoneNumbersSummaryList"] = std::move(list);
        if (page * 2 + 2 < 5) o2["NextToken"] = "t" + std::to_string(page + 1);
        server_action a;
        a.body = json::serialize(o2);
        return a;
    };
    return o;
}

client make_client(asio::io_context& ioc, const std::string& url) {
    client_config cfg;
    cfg.region = "us-east-1";
    cfg.endpoint_url = url;
    credentials creds;
    creds.access_key_id = "AKIDEXAMPLE";
    creds.secret_access_key = "secret";
    cfg.credentials = make_static_credentials_provider(creds);
    cfg.retry.max_attempts = 1;
    return client(ioc.get_executor(), cfg);
}

list_phone_numbers_v2_request list_request() {
    list_phone_numbers_v2_request r;
    r.instance_id = "i-1";
    return r;
}

// Walks from `start`, stopping after `stop_after` items (0: never); the ids seen.
std::vector<std::string> walk(client& c, asio::io_context& ioc, list_phone_numbers_v2_request start,
                              std::size_t stop_after, client::page_walk_result& out) {
    std::vector<std::string> seen;
    out = run_coro(ioc, [&]() -> asio::awaitable<client::page_walk_result> {
        std::function<asio::awaitable<bool>(const list_phone_numbers_summary&)> on_item =
            [&](const list_phone_numbers_summary& s) -> asio::awaitable<bool> {
            seen.push_back(s.phone_number_id);
            co_return stop_after == 0 || seen.size() < stop_after;
        };
        auto w = c.for_each_phone_number(std::move(start), std::move(on_item));
        co_return co_await std::move(w);
    }());
    return seen;
}

}  // namespace

TEST_SUITE("client page walks") {

TEST_CASE("a whole walk: every page, in order; the client is whole afterwards") {
    scripted_server s(pages());
    asio::io_context ioc;
    auto c = make_client(ioc, s.url());
    client::page_walk_result w;
    CHECK(walk(c, ioc, list_request(), 0, w) == std::vector<std::string>{"n0", "n1", "n2", "n3", "n4"});
    CHECK(w.ok());
    CHECK(w.pages == 3);
    CHECK(w.items == 5);
    CHECK_FALSE(w.stopped);
    CHECK_FALSE(w.more);
    CHECK_FALSE(w.resume_token);
    CHECK(c.stats().attempts == 3);
    CHECK(c.stats().succeeded == 3);
    // A second walk over the same client, and a search walk.
    CHECK(walk(c, ioc, list_request(), 0, w).size() == 5);
    std::vector<std::string> numbers;
    const auto sw = run_coro(ioc, [&]() -> asio::awaitable<client::page_walk_result> {
        std::function<asio::awaitable<bool>(const available_number_summary&)> on_item =
            [&](const available_number_summary& n) -> asio::awaitable<bool> {
            numbers.push_back(n.phone_number);
            co_return true;
        };
        search_available_phone_numbers_request req("US", "TOLL_FREE");
        req.instance_id = "i-1";
        auto walking = c.for_each_available_phone_number(std::move(req), std::move(on_item));
        co_return co_await std::move(walking);
    }());
    CHECK(sw.pages == 3);
    CHECK(numbers.size() == 5);
    CHECK(c.stats().attempts == 9);
}

TEST_CASE("a walk stopped mid-page resumes on that page, skipping what was seen; at a page's end, on the next page") {
    scripted_server s(pages());
    asio::io_context ioc;
    auto c = make_client(ioc, s.url());
    client::page_walk_result w;
    CHECK(walk(c, ioc, list_request(), 3, w) == std::vector<std::string>{"n0", "n1", "n2"});
    CHECK(w.stopped);
    CHECK(w.more);
    CHECK(w.resume_token == std::optional<std::string>("t1"));
    CHECK(w.resume_skip == 1);
    CHECK(walk(c, ioc, list_request(), 2, w) == std::vector<std::string>{"n0", "n1"});
    CHECK(w.more);
    CHECK(w.resume_token == std::optional<std::string>("t1"));
    CHECK(w.resume_skip == 0);
    CHECK(walk(c, ioc, list_request(), 1, w) == std::vector<std::string>{"n0"});
    CHECK(w.more);
    CHECK_FALSE(w.resume_token);  // the first page
    CHECK(w.resume_skip == 1);
    // Stopped at the very last item: nothing more.
    CHECK(walk(c, ioc, list_request(), 5, w).size() == 5);
    CHECK(w.stopped);
    CHECK_FALSE(w.more);
    // Resuming from t1 gives the rest.
    auto from = list_request();
    from.next_token = "t1";
    CHECK(walk(c, ioc, from, 0, w) == std::vector<std::string>{"n2", "n3", "n4"});
}

TEST_CASE("a failed page ends the walk with its error and the token to resume from") {
    scripted_server s(pages("t2"));
    asio::io_context ioc;
    auto c = make_client(ioc, s.url());
    client::page_walk_result w;
    CHECK(walk(c, ioc, list_request(), 0, w) == std::vector<std::string>{"n0", "n1", "n2", "n3"});
    REQUIRE(w.failure);
    CHECK(w.failure->kind() == error_kind::access_denied);
    CHECK(w.more);
    CHECK(w.resume_token == std::optional<std::string>("t2"));
    CHECK(w.resume_skip == 0);
    auto from = list_request();
    from.next_token = w.resume_token;
    CHECK(walk(c, ioc, from, 0, w) == std::vector<std::string>{"n4"});
    CHECK(w.ok());
}

}  // TEST_SUITE
