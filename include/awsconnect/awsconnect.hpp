// awsconnect: the whole public API (the emulator has its own header, emulator.hpp).
#pragma once

#include <awsconnect/client.hpp>
#include <awsconnect/client_config.hpp>
#include <awsconnect/credentials.hpp>
#include <awsconnect/envelope.hpp>
#include <awsconnect/error.hpp>
#include <awsconnect/log.hpp>
#include <awsconnect/phone_numbers.hpp>
#include <awsconnect/release_phone_number.hpp>
#include <awsconnect/result.hpp>
#include <awsconnect/stats.hpp>
#include <awsconnect/version.hpp>
