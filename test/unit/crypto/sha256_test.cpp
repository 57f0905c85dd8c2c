// SHA-256 and HMAC-SHA256 against published vectors (FIPS 180-2, RFC 4231).
#include "crypto/sha256.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect::crypto;

namespace {
std::string hex(const sha256_digest& d) {
    const auto h = to_hex(d);
    return {h.data(), h.size()};
}
}  // namespace

TEST_SUITE("crypto") {

TEST_CASE("sha256 of known inputs") {
    CHECK(hex(sha256_of("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(sha256_of("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256 h;
    h.update("ab");
    sha256 copy = h;  // continues from the same state
    h.update("c");
    CHECK(hex(h.finish()) == hex(sha256_of("abc")));
    copy.update("cd");
    CHECK(hex(copy.finish()) == hex(sha256_of("abcd")));
}

TEST_CASE("hmac-sha256, RFC 4231 test cases 2 and 6") {
    CHECK(hex(hmac_sha256_key(std::string_view("Jefe")).mac("what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const std::string long_key(131, '\xaa');
    CHECK(hex(hmac_sha256_key(std::string_view(long_key))
                  .mac("Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("constant-time comparison") {
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "ab"));
}

}  // TEST_SUITE
