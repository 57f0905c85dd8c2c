// ISO 8601 timestamps: the shapes credential sources write (Z, offsets, fractions), the
// ones we refuse (no zone, out-of-range fields, trailing text), and printing. Expected
// values are computed independently with std::chrono calendar arithmetic.
#include "credentials/iso8601.hpp"

#include <doctest/doctest.h>

using namespace awsconnect::creds;
using namespace std::chrono;

namespace {
const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s;
}

TEST_SUITE("iso8601") {

TEST_CASE("UTC times, with and without fractions") {
    CHECK(parse_iso8601("2024-05-06T07:08:09Z") == t0);
    CHECK(parse_iso8601("2024-05-06t07:08:09z") == t0);
    CHECK(parse_iso8601("2024-05-06 07:08:09Z") == t0);
    CHECK(parse_iso8601("2024-05-06T07:08:09.250Z") == t0 + 250ms);
    CHECK(parse_iso8601("2024-05-06T07:08:09.123456Z") == t0 + 123456us);
}

TEST_CASE("offsets are applied") {
    CHECK(parse_iso8601("2024-05-06T09:08:09+02:00") == t0);
    CHECK(parse_iso8601("2024-05-06T09:08:09+0200") == t0);
    CHECK(parse_iso8601("2024-05-05T23:38:09-07:30") == t0);
    CHECK(parse_iso8601("2024-05-06T07:08:09+00:00") == t0);
}

TEST_CASE("malformed or ambiguous times are refused") {
    CHECK_FALSE(parse_iso8601(""));
    CHECK_FALSE(parse_iso8601("2024-05-06T07:08:09"));      // no zone
    CHECK_FALSE(parse_iso8601("2024-05-06"));
    CHECK_FALSE(parse_iso8601("2024-13-06T07:08:09Z"));     // month
    CHECK_FALSE(parse_iso8601("2023-02-29T07:08:09Z"));     // not a leap year
    CHECK_FALSE(parse_iso8601("2024-05-06T24:00:00Z"));
    CHECK_FALSE(parse_iso8601("2024-05-06T07:60:09Z"));
    CHECK_FALSE(parse_iso8601("2024-05-06T07:08:09Zjunk"));
    CHECK_FALSE(parse_iso8601("2024-05-06T07:08:09.Z"));
    CHECK_FALSE(parse_iso8601("2024-05-06T07:08:09+2:00"));
    CHECK_FALSE(parse_iso8601("1715000000"));
    CHECK(parse_iso8601("2024-02-29T00:00:00Z") == sys_days{year{2024} / 2 / 29});
}

TEST_CASE("times past what system_clock holds are clamped") {
    CHECK(parse_iso8601("9999-12-31T23:59:59Z") == system_clock::time_point::max());
    CHECK(parse_iso8601("2999-01-01T00:00:00Z") == system_clock::time_point::max());
    CHECK(parse_iso8601("1000-01-01T00:00:00Z") == system_clock::time_point::min());
    CHECK(parse_iso8601("2262-01-01T00:00:00Z") == sys_days{year{2262} / 1 / 1});
}

TEST_CASE("printing is UTC with whole seconds") {
    CHECK(format_iso8601(t0) == "2024-05-06T07:08:09Z");
    CHECK(format_iso8601(t0 + 999ms) == "2024-05-06T07:08:09Z");
    CHECK(format_iso8601(sys_days{year{1999} / 12 / 31} + 23h + 59min + 59s) ==
          "1999-12-31T23:59:59Z");
}

}  // TEST_SUITE
