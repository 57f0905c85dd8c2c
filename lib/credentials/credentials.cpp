// Printing credentials (redacted) and the default clock of the providers.
#include "credentials/iso8601.hpp"
#include "credentials/providers.hpp"

#include <ostream>

namespace awsconnect {

std::ostream& operator<<(std::ostream& os, const credentials& c) {
    os << "credentials{access_key_id=" << c.access_key_id << ", secret_access_key=<redacted>";
    if (!c.session_token.empty()) os << ", session_token=<redacted>";
    if (c.expiration) os << ", expiration=" << creds::format_iso8601(*c.expiration);
    if (!c.source.empty()) os << ", source=" << c.source;
    return os << "}";
}

}  // namespace awsconnect

namespace awsconnect::creds {

std::chrono::system_clock::time_point now_or_system(const clock_fn& now) {
    return now ? now() : std::chrono::system_clock::now();
}

}  // namespace awsconnect::creds
