// A program that uses awsconnect the way a consumer does: only the installed public headers,
// built against the installed library (pkg-config) or as a Meson subproject. It builds a
// client, makes a call that fails validation (no network needed), and prints the version
// and the envelope, which the packaging test compares.
#include <awsconnect/awsconnect.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

int main() {
    boost::asio::io_context ioc;
    awsconnect::client_config cfg;
    cfg.region = "us-east-1";
    cfg.endpoint_url = "http://127.0.0.1:9";
    cfg.credentials = awsconnect::make_static_credentials_provider({"AKIDEXAMPLE", "secret", "", std::nullopt, "static"});
    awsconnect::client c(ioc.get_executor(), cfg);
    boost::asio::co_spawn(ioc, [&]() -> boost::asio::awaitable<void> {
        auto r = co_await c.release_phone_number({"", std::nullopt});
        std::cout << "awsconnect " << awsconnect::version << "\n" << awsconnect::to_envelope_json(r) << "\n";
    }, boost::asio::detached);
    ioc.run();
    return 0;
}
