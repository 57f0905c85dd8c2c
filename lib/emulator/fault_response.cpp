#include "emulator/fault_response.hpp"

#include "emulator/fault_plan.hpp"

namespace awsconnect::emulator {

void set_injected_error(response& r, const fault& f) {
    r.reset();
    if (f.kind == fault_kind::throttle) {
        set_model_error(r, 429, "ThrottlingException", "Rate exceeded", outcome::injected_429);
        return;
    }
    std::string_view type = "InternalServiceException", text = "Internal Service Error";
    switch (f.status) {
        case 502: type = "BadGatewayException", text = "Bad Gateway"; break;
        case 503: type = "ServiceUnavailableException", text = "Service Unavailable"; break;
        case 504: type = "GatewayTimeoutException", text = "Gateway Timeout"; break;
        default: break;
    }
    switch (f.body) {
        case error_body::json:
            // InternalServiceException is one of the model's exceptions ({"Message"}); the
            // gateway's 502/503/504 are the front end's ({"message"}).
            if (f.status == 500)
                set_model_error(r, f.status, type, text, outcome::injected_5xx);
            else
                set_error(r, f.status, type, text, outcome::injected_5xx);
            return;
        case error_body::html: {
            r.status = f.status;
            r.result = outcome::injected_5xx;
            r.content_type = "text/html";
            const std::string title = std::to_string(f.status) + " " + std::string(text);
            r.body = "<html>\r\n<head><title>" + title +
                     "</title></head>\r\n<body>\r\n<center><h1>" + title +
                     "</h1></center>\r\n</body>\r\n</html>\r\n";
            return;
        }
        case error_body::empty:
            r.status = f.status;
            r.result = outcome::injected_5xx;
            r.content_type = {};
            return;
    }
}

void count_fault(fault_counters& c, const fault& f) noexcept {
    switch (f.kind) {
        case fault_kind::none: break;
        case fault_kind::delay: ++c.delay; break;
        case fault_kind::http_error:
            switch (f.status) {
                case 500: ++c.http_500; break;
                case 502: ++c.http_502; break;
                case 503: ++c.http_503; break;
                default: ++c.http_504; break;
            }
            break;
        case fault_kind::throttle: ++c.throttle; break;
        case fault_kind::reset_before: ++c.reset_before; break;
        case fault_kind::reset_after_commit: ++c.reset_after_commit; break;
        case fault_kind::idle_close: ++c.idle_close; break;
        case fault_kind::truncate: ++c.truncate; break;
        case fault_kind::garbage: ++c.garbage; break;
        case fault_kind::stall: ++c.stall; break;
    }
}

void make_garbage(std::string& out, std::uint64_t seed, std::uint64_t request_number) {
    // A TLS-alert-like prefix, then noise: no HTTP parser takes it for a status line.
    out.assign("\x15\x03\x01garbage");
    for (std::uint64_t i = 0; out.size() < 64; ++i)
        out.push_back(static_cast<char>(mix64(seed ^ (request_number << 8) ^ i) & 0xFF));
}

}  // namespace awsconnect::emulator
