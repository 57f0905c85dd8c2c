// A CMake consumer linked with awsconnect::emulator alone (which brings
// awsconnect::awsconnect): it starts the emulator in-process, releases a number through it
// over TLS with a client, then makes a call that fails validation, and prints what the
// packaging test compares. Its compile checks that the targets carried C++20 and the
// library's Asio macros.
#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

static_assert(__cplusplus >= 202002L, "awsconnect::awsconnect requires C++20");
#if !defined(BOOST_ASIO_SEPARATE_COMPILATION) || !defined(BOOST_BEAST_SEPARATE_COMPILATION) || \
    BOOST_ASIO_RECYCLING_ALLOCATOR_CACHE_SIZE != 16
#error "awsconnect::awsconnect must carry the library's Asio and Beast macros"
#endif

int main() {
    awsconnect::emulator::server_config ecfg;
    ecfg.claim_count = 1;
    auto emu = awsconnect::emulator::server::start(ecfg);
    if (!emu) {
        std::cerr << "emulator: " << emu.error().message << "\n";
        return 1;
    }
    boost::asio::io_context ioc;
    awsconnect::client_config cfg;
    cfg.region = "us-east-1";
    cfg.endpoint_url = (*emu)->url();
    cfg.tls.ca_file = (*emu)->ca_file();
    cfg.credentials = awsconnect::make_static_credentials_provider(
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
    awsconnect::client c(ioc.get_executor(), cfg);
    int status = 1;
    boost::asio::co_spawn(ioc, [&]() -> boost::asio::awaitable<void> {
        const std::string id = awsconnect::emulator::claimed_phone_number_id(0);
        auto released = co_await c.release_phone_number({id});
        std::cout << "awsconnect " << awsconnect::version << "\n";
        if (released)
            std::cout << "released " << released->phone_number_id << " in " << released->attempts << " attempt(s)\n";
        else
            std::cout << awsconnect::to_envelope_json(released) << "\n";
        auto invalid = co_await c.release_phone_number({""});
        std::cout << awsconnect::to_envelope_json(invalid) << "\n";
        status = released ? 0 : 1;
    }, boost::asio::detached);
    ioc.run();
    std::cout << "emulator commits " << (*emu)->get_counters().commits << "\n";
    return status;
}
