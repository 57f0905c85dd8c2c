#include "http/http_date.hpp"

#include <array>
#include <cstddef>

namespace awsconnect::http {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> day_short = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> day_long = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> month_short = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A tiny cursor over the text; each step either consumes exactly what it expects or fails.
struct cursor {
    std::string_view s;
    std::size_t pos = 0;

    bool done() const { return pos == s.size(); }
    bool literal(std::string_view lit) {
        if (s.substr(pos, lit.size()) != lit) return false;
        pos += lit.size();
        return true;
    }
    // Exactly `n` digits.
    bool digits(int n, int& out) {
        int v = 0;
        for (int i = 0; i < n; ++i) {
            if (pos >= s.size() || s[pos] < '0' || s[pos] > '9') return false;
            v = v * 10 + (s[pos++] - '0');
        }
        out = v;
        return true;
    }
    // One of `names`; returns its index or -1 (nothing consumed on failure).
    template <std::size_t N>
    int name(const std::array<std::string_view, N>& names) {
        for (std::size_t i = 0; i < N; ++i)
            if (literal(names[i])) return static_cast<int>(i);
        return -1;
    }
};

// "HH:MM:SS"
bool time_of_day(cursor& c, int& h, int& m, int& sec) {
    return c.digits(2, h) && c.literal(":") && c.digits(2, m) && c.literal(":") &&
           c.digits(2, sec);
}

std::optional<system_clock::time_point> make_time(int y, int mon /*0-based*/, int d, int h,
                                                   int m, int sec) {
    if (mon < 0 || mon > 11 || h > 23 || m > 59 || sec > 60) return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mon + 1)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    // In seconds first: system_clock counts nanoseconds and only reaches years 1678-2262,
    // so converting "Mon, 06 May 3024 ..." would overflow. Such a Date is left unread.
    const sys_seconds t = sys_days{ymd} + hours{h} + minutes{m} + seconds{sec};
    if (t.time_since_epoch() >= duration_cast<seconds>(system_clock::duration::max()) ||
        t.time_since_epoch() <= duration_cast<seconds>(system_clock::duration::min()))
        return std::nullopt;
    return time_point_cast<system_clock::duration>(t);
}

// RFC 9110 §5.6.7: interpret a two-digit year that appears to be more than 50 years in
// the future as the most recent past year with the same last two digits.
int expand_two_digit_year(int yy, std::optional<system_clock::time_point> now) {
    if (!now) return yy < 70 ? 2000 + yy : 1900 + yy;
    const int this_year = static_cast<int>(year_month_day{floor<days>(*now)}.year());
    int y = this_year - this_year % 100 + yy;  // same century as now
    if (y > this_year + 50) y -= 100;
    return y;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

void append_2(std::string& out, int v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

std::optional<system_clock::time_point> parse_http_date(std::string_view text,
                                                        std::optional<system_clock::time_point> now) {
    cursor c{trim(text)};
    int d = 0, y = 0, h = 0, m = 0, sec = 0;

    // IMF-fixdate: day-name "," SP date1 SP time-of-day SP GMT, date1 = 2DIGIT SP month SP 4DIGIT.
    // Long names are tried before short ones: "Sunday" starts with "Sun".
    if (c.name(day_long) >= 0) {
        // RFC 850: day-name-l "," SP date2 SP time-of-day SP GMT, date2 = 2DIGIT "-" month "-" 2DIGIT
        int mon = 0, yy = 0;
        if (!(c.literal(", ") && c.digits(2, d) && c.literal("-") &&
              (mon = c.name(month_short)) >= 0 && c.literal("-") && c.digits(2, yy) &&
              c.literal(" ") && time_of_day(c, h, m, sec) && c.literal(" GMT") && c.done()))
            return std::nullopt;
        return make_time(expand_two_digit_year(yy, now), mon, d, h, m, sec);
    }
    if (c.name(day_short) < 0) return std::nullopt;
    if (c.literal(", ")) {
        int mon = 0;
        if (!(c.digits(2, d) && c.literal(" ") && (mon = c.name(month_short)) >= 0 &&
              c.literal(" ") && c.digits(4, y) && c.literal(" ") && time_of_day(c, h, m, sec) &&
              c.literal(" GMT") && c.done()))
            return std::nullopt;
        return make_time(y, mon, d, h, m, sec);
    }
    // asctime: day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP 4DIGIT
    int mon = 0;
    if (!(c.literal(" ") && (mon = c.name(month_short)) >= 0 && c.literal(" ")))
        return std::nullopt;
    if (c.literal(" ")) {
        if (!c.digits(1, d)) return std::nullopt;
    } else if (!c.digits(2, d)) {
        return std::nullopt;
    }
    if (!(c.literal(" ") && time_of_day(c, h, m, sec) && c.literal(" ") && c.digits(4, y) &&
          c.done()))
        return std::nullopt;
    return make_time(y, mon, d, h, m, sec);
}

std::string format_http_date(system_clock::time_point t) {
    // The format has four year digits: keep t inside years 0..9999.
    constexpr auto lo = sys_days{year{0} / January / 1};
    constexpr auto hi = sys_days{year{9999} / December / 31} + hours{23} + minutes{59} + seconds{59};
    auto secs = floor<seconds>(t);
    if (secs < lo) secs = lo;
    if (secs > hi) secs = time_point_cast<seconds>(hi);

    const auto dp = floor<days>(secs);
    const year_month_day ymd{dp};
    const hh_mm_ss hms{secs - dp};
    const weekday wd{dp};

    std::string out;
    out.reserve(29);
    out.append(day_short[wd.c_encoding()]);
    out.append(", ");
    append_2(out, static_cast<int>(static_cast<unsigned>(ymd.day())));
    out.push_back(' ');
    out.append(month_short[static_cast<unsigned>(ymd.month()) - 1]);
    out.push_back(' ');
    const int yv = static_cast<int>(ymd.year());
    append_2(out, yv / 100);
    append_2(out, yv % 100);
    out.push_back(' ');
    append_2(out, static_cast<int>(hms.hours().count()));
    out.push_back(':');
    append_2(out, static_cast<int>(hms.minutes().count()));
    out.push_back(':');
    append_2(out, static_cast<int>(hms.seconds().count()));
    out.append(" GMT");
    return out;
}

}  // namespace awsconnect::http
