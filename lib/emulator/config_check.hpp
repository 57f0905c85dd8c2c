// The rules a server_config must follow, checked once at start. Pure.
#pragma once

#include <awsconnect/emulator.hpp>

#include <optional>

namespace awsconnect::emulator {

/// The first rule `config` breaks (errc::invalid_configuration, one message per rule), or
/// nothing.
std::optional<error> check_config(const server_config& config);

}  // namespace awsconnect::emulator
