// HTTP dates (lib/http/http_date): the three forms RFC 9110 makes recipients accept,
// rejection of everything else, and IMF-fixdate formatting.
//
// Strategy: RFC 9110's own example instant (Sun, 06 Nov 1994 08:49:37 GMT) in all three
// forms must give one exact time_point, computed independently from the civil calendar;
// then one malformed variant per grammar rule, the calendar edges (leap years, month
// lengths, leap second), RFC 850's two-digit year rule, and format/parse round trips.
#include "http/http_date.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using namespace std::chrono;

namespace {

const system_clock::time_point rfc_example = sys_days{year{1994} / November / 6} + 8h + 49min + 37s;

}  // namespace

TEST_SUITE("http_date") {

TEST_CASE("the three forms of RFC 9110's example give the same instant") {
    CHECK(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == rfc_example);
    CHECK(http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == rfc_example);
    CHECK(http::parse_http_date("Sun Nov  6 08:49:37 1994") == rfc_example);
    CHECK(http::parse_http_date("Sun Nov 16 08:49:37 1994") == rfc_example + days{10});
    // Optional whitespace around a header value.
    CHECK(http::parse_http_date(" \tSun, 06 Nov 1994 08:49:37 GMT  ") == rfc_example);
    CHECK(http::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == system_clock::time_point{});
}

TEST_CASE("malformed dates are rejected") {
    for (const char* bad : {
             "",
             "Sun, 06 Nov 1994 08:49:37",          // no GMT
             "Sun, 06 Nov 1994 08:49:37 UTC",      // only GMT
             "Sun, 6 Nov 1994 08:49:37 GMT",       // day has two digits
             "Sun, 06 nov 1994 08:49:37 GMT",      // names are case-sensitive
             "sun, 06 Nov 1994 08:49:37 GMT",
             "Sun,06 Nov 1994 08:49:37 GMT",
             "Sun, 06 Nov 94 08:49:37 GMT",        // IMF-fixdate has four year digits
             "Sun, 06 Nov 1994 8:49:37 GMT",
             "Sun, 06 Nov 1994 08:49:37 GMT x",    // trailing garbage
             "Sun, 06 Foo 1994 08:49:37 GMT",
             "Xyz, 06 Nov 1994 08:49:37 GMT",
             "Sunday, 06-Nov-1994 08:49:37 GMT",   // RFC 850 has two year digits
             "Sunday, 06 Nov 94 08:49:37 GMT",
             "Sun, 06-Nov-94 08:49:37 GMT",        // RFC 850 needs the long day name
             "Sun Nov 6 08:49:37 1994",            // asctime pads the day with a space
             "Sun Nov  6 08:49:37 1994 GMT",
             "1994-11-06T08:49:37Z",
             "784111777",
         }) {
        CAPTURE(bad);
        CHECK_FALSE(http::parse_http_date(bad).has_value());
    }
}

TEST_CASE("impossible calendar values are rejected") {
    CHECK_FALSE(http::parse_http_date("Mon, 30 Feb 2024 00:00:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Mon, 29 Feb 2023 00:00:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Mon, 31 Apr 2024 00:00:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Mon, 00 Apr 2024 00:00:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Mon, 01 Apr 2024 24:00:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Mon, 01 Apr 2024 23:60:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Mon, 01 Apr 2024 23:59:61 GMT").has_value());
    // Feb 29 of a leap year exists; so does a leap second (read as the next second).
    CHECK(http::parse_http_date("Thu, 29 Feb 2024 12:00:00 GMT") ==
          sys_days{year{2024} / February / 29} + 12h);
    CHECK(http::parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT") ==
          sys_days{year{2017} / January / 1});
}

TEST_CASE("a day name that does not match the date is accepted") {
    CHECK(http::parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT") == rfc_example);
}

TEST_CASE("RFC 850 two-digit years") {
    // Without a reference time: 00-69 are 20xx, 70-99 are 19xx.
    CHECK(http::parse_http_date("Monday, 01-Jan-69 00:00:00 GMT") ==
          sys_days{year{2069} / January / 1});
    CHECK(http::parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT") ==
          sys_days{year{1970} / January / 1});
    // With one: more than 50 years ahead means the previous century (RFC 9110 §5.6.7).
    const system_clock::time_point now = sys_days{year{2024} / June / 1};
    CHECK(http::parse_http_date("Monday, 01-Jan-74 00:00:00 GMT", now) ==
          sys_days{year{2074} / January / 1});
    CHECK(http::parse_http_date("Monday, 01-Jan-75 00:00:00 GMT", now) ==
          sys_days{year{1975} / January / 1});
    CHECK(http::parse_http_date("Monday, 01-Jan-99 00:00:00 GMT", now) ==
          sys_days{year{1999} / January / 1});
    CHECK(http::parse_http_date("Monday, 01-Jan-24 00:00:00 GMT", now) ==
          sys_days{year{2024} / January / 1});
}

TEST_CASE("format writes IMF-fixdate") {
    CHECK(http::format_http_date(rfc_example) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(http::format_http_date(rfc_example + 999ms) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(http::format_http_date(system_clock::time_point{}) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(http::format_http_date(sys_days{year{2024} / February / 29} + 23h + 59min + 59s) ==
          "Thu, 29 Feb 2024 23:59:59 GMT");
    // Before 1970: rounded toward the past, not toward zero.
    CHECK(http::format_http_date(system_clock::time_point{} - 1ms) ==
          "Wed, 31 Dec 1969 23:59:59 GMT");
    CHECK(http::format_http_date(sys_days{year{2000} / March / 5} + 1h + 2min + 3s) ==
          "Sun, 05 Mar 2000 01:02:03 GMT");
}

TEST_CASE("format then parse gives the time back, to the second") {
    system_clock::time_point t = sys_days{year{1999} / December / 31} + 23h + 59min + 58s;
    for (int i = 0; i < 400; ++i) {
        CAPTURE(i);
        const auto s = http::format_http_date(t);
        CHECK(http::parse_http_date(s) == t);
        t += days{3} + 1h + 7min + 11s;
    }
}

TEST_CASE("fuzz regression: a Date beyond the clock's range is left unread, not overflowed") {
    // Found by fuzz_http_response: a server's Date in the year 3024 reached the skew code.
    CHECK_FALSE(http::parse_http_date("Mon, 06 May 3024 07:08:09 GMT").has_value());
    CHECK(http::parse_http_date("Fri, 11 Apr 2262 23:47:15 GMT").has_value());
}

}  // TEST_SUITE
