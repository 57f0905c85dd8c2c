// Which pool a request goes to: scheme, host and port (one pool per endpoint).
#pragma once

#include <cstdint>
#include <string>

namespace awsconnect::transport {

struct endpoint_key {
    bool tls = true;        ///< https (true) or plain http (false)
    std::string host;       ///< DNS name or IP literal (IPv6 without brackets)
    std::uint16_t port = 443;

    /// "host" or "host:port" as the Host header wants it (port omitted when default).
    std::string authority() const {
        std::string a = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        if (port != (tls ? 443 : 80)) a += ":" + std::to_string(port);
        return a;
    }
    /// "https://host:port", for messages.
    std::string url() const {
        return std::string(tls ? "https://" : "http://") +
               (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
               std::to_string(port);
    }
    friend bool operator==(const endpoint_key&, const endpoint_key&) = default;
};

}  // namespace awsconnect::transport
