// ISO 8601 parsing and printing for credential expirations.
#include "credentials/iso8601.hpp"

#include <cstdio>

namespace awsconnect::creds {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s) {
    using namespace std::chrono;
    int y, mo, d, h, mi, sec;
    if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
        s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    // 60 is a leap second; it is read as the next second.
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;

    std::size_t pos = 19;
    nanoseconds fraction{0};
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        std::size_t start = pos;
        long long scale = 100'000'000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            fraction += nanoseconds((s[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }

    seconds offset{0};
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        int oh, om;
        if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
        std::size_t mpos = pos + 3;
        if (mpos < s.size() && s[mpos] == ':') ++mpos;
        if (!digits(s, mpos, 2, om) || oh > 23 || om > 59) return std::nullopt;
        offset = sign * (hours(oh) + minutes(om));
        pos = mpos + 2;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;

    // In seconds first: system_clock counts nanoseconds and only reaches years 1678-2262.
    // Times beyond that (a tool writing 9999-12-31 for "never") are clamped.
    const sys_seconds t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) - offset;
    const auto max_s = duration_cast<seconds>(system_clock::duration::max()) - seconds(1);
    const auto min_s = duration_cast<seconds>(system_clock::duration::min()) + seconds(1);
    if (t.time_since_epoch() >= max_s) return system_clock::time_point::max();
    if (t.time_since_epoch() <= min_s) return system_clock::time_point::min();
    return time_point_cast<system_clock::duration>(t) +
           duration_cast<system_clock::duration>(fraction);
}

}  // namespace awsconnect::creds
