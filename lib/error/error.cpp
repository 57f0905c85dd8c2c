// The awsconnect error categories and the error type's helpers.
#include <awsconnect/error.hpp>

#include <boost/system/errc.hpp>

#include <ostream>
#include <string_view>

namespace awsconnect {
namespace {

struct errc_entry {
    std::string_view name;
    error_kind kind;
    const char* text;
};

// Indexed by errc value; keep in the order of the enum.
constexpr errc_entry errc_table[] = {
    {"", error_kind::validation_error, "no error"},
    {"invalid_phone_number_id", error_kind::validation_error, "invalid PhoneNumberId"},
    {"invalid_client_token", error_kind::validation_error, "invalid ClientToken"},
    {"region_mismatch", error_kind::validation_error,
     "the phone number was claimed in another Region"},
    {"invalid_configuration", error_kind::validation_error, "invalid client configuration"},
    {"invalid_parameter", error_kind::invalid_parameter, "a parameter is not valid"},
    {"access_denied", error_kind::access_denied, "access denied"},
    {"resource_not_found", error_kind::resource_not_found, "resource not found"},
    {"resource_in_use", error_kind::resource_in_use, "resource in use"},
    {"idempotency_conflict", error_kind::idempotency_conflict,
     "client token already used with other parameters"},
    {"throttled", error_kind::throttled, "request throttled"},
    {"internal_service_error", error_kind::service_error, "internal service error"},
    {"service_unavailable", error_kind::service_error, "service unavailable"},
    {"unknown_service_error", error_kind::service_error, "service error"},
    {"invalid_signature", error_kind::auth_error, "invalid signature"},
    {"signature_expired", error_kind::auth_error, "signature expired"},
    {"unrecognized_client", error_kind::auth_error, "unrecognized access key"},
    {"missing_authentication_token", error_kind::auth_error, "missing authentication token"},
    {"expired_token", error_kind::auth_error, "security token expired"},
    {"credentials_unavailable", error_kind::credentials_unavailable,
     "no credentials available"},
    {"resolve_failed", error_kind::connection_error, "host name resolution failed"},
    {"connection_refused", error_kind::connection_error, "connection refused"},
    {"connect_failed", error_kind::connection_error, "connect failed"},
    {"connection_reset", error_kind::connection_error, "connection reset"},
    {"connection_closed", error_kind::connection_error,
     "connection closed before the response was complete"},
    {"pool_saturated", error_kind::connection_error,
     "connection pool saturated: too many callers waiting"},
    {"client_shut_down", error_kind::connection_error, "the client was shut down"},
    {"tls_handshake_failed", error_kind::tls_error, "TLS handshake failed"},
    {"tls_certificate_untrusted", error_kind::tls_error, "TLS certificate not trusted"},
    {"tls_certificate_expired", error_kind::tls_error, "TLS certificate expired"},
    {"tls_hostname_mismatch", error_kind::tls_error,
     "TLS certificate does not match the host name"},
    {"resolve_timeout", error_kind::timeout, "host name resolution timed out"},
    {"connect_timeout", error_kind::timeout, "connect timed out"},
    {"tls_handshake_timeout", error_kind::timeout, "TLS handshake timed out"},
    {"pool_wait_timeout", error_kind::timeout, "timed out waiting for a pooled connection"},
    {"attempt_timeout", error_kind::timeout, "attempt timed out"},
    {"operation_timeout", error_kind::timeout, "operation deadline exceeded"},
    {"retry_quota_exceeded", error_kind::retry_quota_exceeded,
     "client-side retry quota exhausted"},
    {"cancelled", error_kind::cancelled, "cancelled"},
    {"malformed_response", error_kind::protocol_error, "malformed response"},
    {"response_too_large", error_kind::protocol_error, "response too large"},
    {"invalid_input", error_kind::validation_error, "a request member is not valid"},
    {"invalid_request", error_kind::invalid_parameter, "the request is not valid"},
};
constexpr int errc_count = static_cast<int>(sizeof(errc_table) / sizeof(errc_table[0]));
static_assert(static_cast<int>(errc::invalid_request) == errc_count - 1,
              "errc_table must list every errc in order");

constexpr std::string_view kind_names[] = {
    "",
    "VALIDATION_ERROR",
    "INVALID_PARAMETER",
    "ACCESS_DENIED",
    "RESOURCE_NOT_FOUND",
    "RESOURCE_IN_USE",
    "IDEMPOTENCY_CONFLICT",
    "THROTTLED",
    "SERVICE_ERROR",
    "TIMEOUT",
    "CONNECTION_ERROR",
    "TLS_ERROR",
    "AUTH_ERROR",
    "CREDENTIALS_UNAVAILABLE",
    "RETRY_QUOTA_EXCEEDED",
    "CANCELLED",
    "PROTOCOL_ERROR",
};
static_assert(static_cast<int>(error_kind::protocol_error) ==
              static_cast<int>(sizeof(kind_names) / sizeof(kind_names[0])) - 1);

bool valid_errc(int v) { return v > 0 && v < errc_count; }

class errc_category_impl final : public boost::system::error_category {
public:
    constexpr errc_category_impl() noexcept : error_category(0x6177'7363'6f6e'6e01ull) {}
    const char* name() const noexcept override { return "awsconnect"; }
    std::string message(int ev) const override {
        return valid_errc(ev) ? errc_table[ev].text : "unknown awsconnect error";
    }
    char const* message(int ev, char*, std::size_t) const noexcept override {
        return valid_errc(ev) ? errc_table[ev].text : "unknown awsconnect error";
    }
    boost::system::error_condition default_error_condition(int ev) const noexcept override {
        if (!valid_errc(ev)) return {ev, *this};
        return make_error_condition(errc_table[ev].kind);
    }
};

class kind_category_impl final : public boost::system::error_category {
public:
    constexpr kind_category_impl() noexcept : error_category(0x6177'7363'6f6e'6e02ull) {}
    const char* name() const noexcept override { return "awsconnect.kind"; }
    std::string message(int ev) const override { return std::string(to_string(error_kind(ev))); }
    char const* message(int ev, char*, std::size_t) const noexcept override {
        return to_string(error_kind(ev)).data();
    }
};

constexpr errc_category_impl errc_cat;
constexpr kind_category_impl kind_cat;

}  // namespace

const boost::system::error_category& awsconnect_category() noexcept { return errc_cat; }
const boost::system::error_category& error_kind_category() noexcept { return kind_cat; }

error_kind kind_of(errc e) noexcept {
    int v = static_cast<int>(e);
    return valid_errc(v) ? errc_table[v].kind : error_kind::validation_error;
}

std::string_view to_string(error_kind k) noexcept {
    int v = static_cast<int>(k);
    if (v <= 0 || v > static_cast<int>(error_kind::protocol_error)) return "UNKNOWN";
    return kind_names[v];
}

std::string_view to_string(errc e) noexcept {
    int v = static_cast<int>(e);
    return valid_errc(v) ? errc_table[v].name : std::string_view("unknown");
}

error_kind error::kind() const noexcept {
    if (code.category() == awsconnect_category()) return kind_of(errc(code.value()));
    // A code of another category: the library reports none of its own failures this way,
    // but an error built by a caller (or a future lower layer) may hold a system or TLS
    // code. Classify it by what it says; never as VALIDATION_ERROR, which promises that
    // nothing was sent.
    namespace be = boost::system::errc;
    if (code == be::operation_canceled) return error_kind::cancelled;
    if (code == be::timed_out) return error_kind::timeout;
    if (code.category() == boost::system::system_category() ||
        code.category() == boost::system::generic_category())
        return error_kind::connection_error;
    if (std::string_view(code.category().name()).starts_with("asio.ssl")) return error_kind::tls_error;
    return error_kind::protocol_error;
}

error make_error(errc e, std::string message) {
    error out;
    out.code = e;
    out.message = std::move(message);
    return out;
}

namespace {
std::string what_of(const error& e) {
    std::string s(e.kind_string());
    s += ": ";
    s += e.message;
    return s;
}
}  // namespace

exception::exception(error e) : std::runtime_error(what_of(e)), error_(std::move(e)) {}

void throw_exception_from_error(const error& e, const boost::source_location&) {
    throw exception(e);
}

std::ostream& operator<<(std::ostream& os, errc e) { return os << to_string(e); }
std::ostream& operator<<(std::ostream& os, error_kind k) { return os << to_string(k); }

std::ostream& operator<<(std::ostream& os, const error& e) {
    os << e.kind_string() << " (" << e.code.to_string() << "): " << e.message;
    if (!e.server_message.empty()) os << " [server: " << e.server_message << "]";
    if (e.http_status != 0) os << " http_status=" << e.http_status;
    if (!e.service_code.empty()) os << " service_code=" << e.service_code;
    if (!e.request_id.empty()) os << " request_id=" << e.request_id;
    if (!e.client_token.empty()) os << " client_token=" << e.client_token;
    os << " attempts=" << e.attempts;
    if (e.cause) os << " cause=" << e.cause.to_string() << " (" << e.cause.message() << ")";
    return os;
}

}  // namespace awsconnect
