// The README's lifecycle example (search -> claim -> wait -> describe -> release), compiled
// as part of the test suite: readme_example_test.cpp runs it against the emulator and checks
// that README.md contains the text between the markers below verbatim.
// README lifecycle example begin
#include <awsconnect/awsconnect.hpp>
#include <iostream>

// Finds a toll-free US number for an instance, claims it, waits for the claim to settle,
// looks at it, and releases it. Every call retries on its own with the same token; a
// failure reports the token it used, so the step can be run again without a double claim.
boost::asio::awaitable<bool> round_trip(awsconnect::client& c, std::string instance_id) {
    awsconnect::search_available_phone_numbers_request search{"US", awsconnect::phone_number_type::toll_free};
    search.instance_id = instance_id;
    search.max_results = 1;
    auto found = co_await c.search_available_phone_numbers(std::move(search));
    if (!found || found->available_numbers_list.empty()) co_return false;

    awsconnect::claim_phone_number_request claim{found->available_numbers_list[0].phone_number};
    claim.instance_id = instance_id;
    claim.phone_number_description = "support line";
    auto claimed = co_await c.claim_phone_number(std::move(claim));
    if (!claimed) {
        std::cout << awsconnect::to_envelope_json(claimed) << "\n";  // has the client_token to retry with
        co_return false;
    }

    auto settled = co_await c.wait_until_phone_number_settled(claimed->phone_number_id);
    if (!settled || settled->phone_number_status.status != awsconnect::phone_number_workflow_status::claimed)
        co_return false;

    auto described = co_await c.describe_phone_number(awsconnect::describe_phone_number_request{claimed->phone_number_id});
    if (!described) co_return false;
    std::cout << described->claimed_phone_number_summary.phone_number << " is "
              << described->claimed_phone_number_summary.phone_number_status.status << "\n";

    auto released = co_await c.release_phone_number({claimed->phone_number_id});
    co_return released.has_value();
}
// README lifecycle example end
