// The phone-number lifecycle through the client, over real sockets, on a virtual clock that
// the emulator and the client share (the client signs with the emulator's time): search,
// claim, wait until settled, release; 30 days of cooldown during which the number is neither
// searchable nor claimable and its id is gone; then available again, and a new claim gives it
// a new id. The emulator-level rules are in test/integration/emulator/lifecycle_test.cpp; this
// checks that the client's operations, waiter and error mapping carry them unchanged.
#include "integration/client/socket_client.hpp"

#include "support/run_coro.hpp"

#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

using namespace awsconnect;
using namespace std::chrono;
namespace asio = boost::asio;

namespace {

std::vector<std::string> numbers(const search_available_phone_numbers_response& r) {
    std::vector<std::string> n;
    for (const auto& a : r.available_numbers_list) n.push_back(a.phone_number);
    return n;
}

}  // namespace

TEST_SUITE("client lifecycle") {

TEST_CASE("claim, settle, release; 30 days of cooldown on the shared clock; then a new claim gets a new id") {
    emulator::server_config cfg;
    cfg.fixed_time = sys_days{year{2031} / 3 / 4} + 5h;
    cfg.available_per_pool = 3;
    cfg.claim_latency = seconds(20);  // IN_PROGRESS for 20 s of the emulator's clock
    auto started = emulator::server::start(cfg);
    REQUIRE_MESSAGE(started.has_value(), (started ? "" : started.error().message));
    auto& emu = **started;

    asio::io_context ioc;
    auto services = detail::real_client_services();
    services.wall_now = [&emu] { return emu.now(); };
    services.jitter = [] { return 0.05; };
    client c = test::make_test_client(ioc.get_executor(), test::local_config(emu.url(), emu.ca_file()), services);
    const std::string instance = emulator::default_instance_id();
    const std::string number = "+18000000001";

    auto search = [&] {
        search_available_phone_numbers_request r{"US", phone_number_type::toll_free};
        r.instance_id = instance;
        r.max_results = 10;
        auto found = test::run_coro(ioc, c.search_available_phone_numbers(std::move(r)));
        REQUIRE_MESSAGE(found.has_value(), found.error().message);
        return numbers(*found);
    };
    auto claim = [&] {
        claim_phone_number_request r{number};
        r.instance_id = instance;
        return test::run_coro(ioc, c.claim_phone_number(std::move(r)));
    };
    auto searchable = [&] {
        const auto n = search();
        return std::find(n.begin(), n.end(), number) != n.end();
    };

    CHECK(search() == std::vector<std::string>{"+18000000000", number, "+18000000002"});
    const auto first = claim();
    REQUIRE_MESSAGE(first.has_value(), first.error().message);
    CHECK_FALSE(searchable());

    // IN_PROGRESS until the emulator's clock passes the claim latency: the waiter polls
    // (its backoff sleeps are real, short) and the test moves the clock while it waits.
    auto in_progress = test::run_coro(ioc, c.describe_phone_number(describe_phone_number_request{first->phone_number_id}));
    REQUIRE(in_progress.has_value());
    CHECK(in_progress->claimed_phone_number_summary.phone_number_status.status == phone_number_workflow_status::in_progress);
    emu.advance_clock(seconds(21));
    auto settled = test::run_coro(ioc, c.wait_until_phone_number_settled(first->phone_number_id));
    REQUIRE_MESSAGE(settled.has_value(), settled.error().message);
    CHECK(settled->phone_number_status.status == phone_number_workflow_status::claimed);
    CHECK(settled->phone_number == number);

    emu.advance_clock(seconds(5));
    auto released = test::run_coro(ioc, c.release_phone_number({first->phone_number_id}));
    REQUIRE_MESSAGE(released.has_value(), released.error().message);
    const auto released_at = emu.now();

    for (const auto later : {seconds(0), seconds(1), duration_cast<seconds>(days(15)), duration_cast<seconds>(days(30)) - seconds(1)}) {
        CAPTURE(later.count());
        emu.set_clock(released_at + later);
        CHECK_FALSE(searchable());
        const auto again = claim();
        REQUIRE_FALSE(again.has_value());
        CHECK(again.error().kind() == error_kind::invalid_parameter);
        CHECK(again.error().attempts == 1);
        const auto described =
            test::run_coro(ioc, c.describe_phone_number(describe_phone_number_request{first->phone_number_id}));
        REQUIRE_FALSE(described.has_value());
        CHECK(described.error().kind() == error_kind::resource_not_found);
        const auto twice = test::run_coro(ioc, c.release_phone_number({first->phone_number_id}));
        REQUIRE_FALSE(twice.has_value());
        CHECK(twice.error().kind() == error_kind::resource_not_found);
    }

    emu.set_clock(released_at + days(30));
    CHECK(searchable());
    const auto second = claim();
    REQUIRE_MESSAGE(second.has_value(), second.error().message);
    CHECK(second->phone_number_id != first->phone_number_id);
    emu.advance_clock(seconds(21));
    auto settled2 = test::run_coro(ioc, c.wait_until_phone_number_settled(second->phone_number_id));
    REQUIRE_MESSAGE(settled2.has_value(), settled2.error().message);
    CHECK(settled2->phone_number == number);

    const auto k = emu.get_counters();
    CHECK(k.claim_phone_number.commits == 2);
    CHECK(k.release_phone_number.commits == 1);
    CHECK(k.claimed_twice == 0);
    CHECK(k.released_twice == 0);
    // Every call signed with the shared clock: nothing was rejected for skew.
    CHECK(k.signature_expired == 0);
    CHECK(k.invalid_signature == 0);
}

}  // TEST_SUITE
