// Test helper: start an in-process emulator, connect clients to it, and sign requests at
// the emulator's own time.
#pragma once

#include "signed_request.hpp"
#include "test_client.hpp"

#include <awsconnect/emulator.hpp>

#include <doctest/doctest.h>

#include <memory>

namespace awsconnect::emulator::test {

inline std::unique_ptr<server> start_emulator(server_config config) {
    auto r = server::start(std::move(config));
    REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? std::string() : r.error().message));
    return std::move(*r);
}

/// A connected client; fails the test if it cannot connect.
inline std::unique_ptr<test_client> connect_to(const server& s) {
    auto c = std::make_unique<test_client>(s.url(), s.ca_file());
    const auto ec = c->connect();
    REQUIRE_MESSAGE(!ec, ec.message());
    return c;
}

/// A signer for the emulator's clock and default credentials.
inline signer signer_for(const server& s) {
    signer g;
    g.time = s.now();
    return g;
}

/// ReleasePhoneNumber bytes, signed now (emulator time) with the example credentials.
inline std::string release_bytes(const server& s, std::string_view id,
                                 std::optional<std::string_view> token = std::nullopt) {
    return signed_release(id, token, signer_for(s)).wire();
}

}  // namespace awsconnect::emulator::test
