// The emulator's TLS identity: a self-signed certificate made at start.
//
// An EC P-256 key (cheap handshakes) and a version-3 certificate for IP:127.0.0.1,
// IP:::1 and DNS:localhost (plus `extra_ip` when given), valid from an hour ago for 90
// days of real time, usable both as the server's certificate and as the CA file clients
// trust. OpenSSL only; no Asio.
#pragma once

#include <awsconnect/result.hpp>

#include <string>
#include <string_view>

namespace awsconnect::emulator {

struct pem_identity {
    std::string certificate;  ///< PEM
    std::string private_key;  ///< PEM (PKCS#8)
};

/// Generates a fresh key and certificate. `extra_ip` (may be empty) is added to the
/// subjectAltName when it is an IP address other than the loopback ones.
result<pem_identity> generate_self_signed_identity(std::string_view extra_ip = {});

}  // namespace awsconnect::emulator
