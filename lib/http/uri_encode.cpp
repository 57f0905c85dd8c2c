#include "http/uri_encode.hpp"

#include "http/ascii.hpp"

namespace awsconnect::http {

void append_uri_encoded(std::string& out, std::string_view s, bool keep_slash) {
    static constexpr char hex[] = "0123456789ABCDEF";
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
        // Copy the run of characters that stay as they are in one go.
        const char* run = p;
        if (keep_slash) {
            while (p < end && (is_unreserved(static_cast<unsigned char>(*p)) || *p == '/')) ++p;
        } else {
            while (p < end && is_unreserved(static_cast<unsigned char>(*p))) ++p;
        }
        if (p > run) out.append(run, static_cast<std::size_t>(p - run));
        if (p == end) break;
        const auto c = static_cast<unsigned char>(*p++);
        const char enc[3] = {'%', hex[c >> 4], hex[c & 0x0f]};
        out.append(enc, 3);
    }
}

void append_percent_decoded(std::string& out, std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t pct = s.find('%', pos);
        if (pct == std::string_view::npos) {
            out.append(s.substr(pos));
            return;
        }
        out.append(s.substr(pos, pct - pos));
        const int hi = pct + 2 < s.size() ? hex_value(s[pct + 1]) : -1;
        const int lo = hi >= 0 ? hex_value(s[pct + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            out.push_back(static_cast<char>(hi * 16 + lo));
            pos = pct + 3;
        } else {
            out.push_back('%');
            pos = pct + 1;
        }
    }
}

}  // namespace awsconnect::http
