// The README's "API example", compiled as part of the test suite so it cannot rot:
// readme_example_test.cpp runs it against the emulator and checks that README.md contains
// the text between the markers below verbatim.
// README example begin
#include <awsconnect/awsconnect.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <iostream>

boost::asio::awaitable<void> release(awsconnect::client& c) {
    auto r = co_await c.release_phone_number({"00000000-0000-4000-8000-000000000001"});
    if (r)
        std::cout << "released, token " << r->client_token << ", request " << r->request_id << "\n";
    else  // the token it used is in the error too: retry with it, and nothing is released twice
        std::cout << awsconnect::to_envelope_json(r) << "\n";  // {"success":false,"error":{...}}
}

int release_one() {
    boost::asio::io_context ioc;
    // Region, credentials, endpoint and retry settings as the AWS SDKs find them:
    // AWS_REGION, AWS_ACCESS_KEY_ID, AWS_PROFILE, ~/.aws/config, ...
    auto c = awsconnect::client::create(ioc.get_executor());
    if (!c) {
        std::cerr << c.error().message << "\n";
        return 1;
    }
    boost::asio::co_spawn(ioc, release(*c), boost::asio::detached);
    ioc.run();
    return 0;
}
// README example end
