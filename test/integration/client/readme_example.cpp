// The README's "API example", compiled as part of the test suite so it cannot rot:
// readme_example_test.cpp runs it against the emulator and checks that README.md contains
// the text between the markers below verbatim.
//
// Why it differs from the README's first version (README to be updated to match):
//  - std::cout needs <iostream>, which awsconnect.hpp does not include;
//  - `co_await c.release_phone_number({.phone_number_id = ...})` crashes when built with
//    GCC 12 (Debian 12's compiler): GCC 12 destroys an aggregate temporary created inside
//    a co_await expression twice (double free of its strings). A named request moved into
//    the call is safe with every compiler;
//  - a designated initializer that leaves out `client_token` also draws
//    -Wmissing-field-initializers under -Wextra; assigning the member avoids it.
// README example begin
#include <awsconnect/awsconnect.hpp>
#include <iostream>

boost::asio::awaitable<void> release(awsconnect::client& c) {
    awsconnect::release_phone_number_request request;
    request.phone_number_id = "00000000-0000-4000-8000-000000000001";
    auto r = co_await c.release_phone_number(std::move(request));
    if (r)
        std::cout << "released, token " << r->client_token << ", request " << r->request_id << "\n";
    else
        std::cout << awsconnect::to_envelope_json(r) << "\n";   // {"success":false,"error":{...}}
}
// README example end
