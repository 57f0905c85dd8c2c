#include "sigv4/signing_key.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include <cstdio>

namespace awsconnect::sigv4 {

amz_time format_amz_time(std::chrono::system_clock::time_point t) noexcept {
    using namespace std::chrono;
    const auto secs = floor<seconds>(t);
    const auto day = floor<days>(secs);
    const year_month_day ymd{day};
    const hh_mm_ss hms{secs - day};
    auto put = [](char* p, unsigned v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            p[i] = char('0' + v % 10);
            v /= 10;
        }
    };
    amz_time out;
    char* d = out.datetime.data();
    put(d, static_cast<unsigned>(int(ymd.year())), 4);
    put(d + 4, unsigned(ymd.month()), 2);
    put(d + 6, unsigned(ymd.day()), 2);
    d[8] = 'T';
    put(d + 9, static_cast<unsigned>(hms.hours().count()), 2);
    put(d + 11, static_cast<unsigned>(hms.minutes().count()), 2);
    put(d + 13, static_cast<unsigned>(hms.seconds().count()), 2);
    d[15] = 'Z';
    std::copy(d, d + 8, out.date.data());
    return out;
}

bool parse_amz_datetime(std::string_view s, std::chrono::system_clock::time_point& out) noexcept {
    using namespace std::chrono;
    if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return false;
    auto num = [&](std::size_t pos, std::size_t len, int& v) {
        v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + (s[i] - '0');
        }
        return true;
    };
    int y, mo, d, h, mi, se;
    if (!num(0, 4, y) || !num(4, 2, mo) || !num(6, 2, d) || !num(9, 2, h) || !num(11, 2, mi) ||
        !num(13, 2, se))
        return false;
    const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return false;
    // In seconds first: system_clock counts nanoseconds and only reaches years 1678-2262,
    // so converting a year like 9999 would overflow. Such a time is not a signing time.
    const sys_seconds t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{se};
    if (t.time_since_epoch() >= duration_cast<seconds>(system_clock::duration::max()) ||
        t.time_since_epoch() <= duration_cast<seconds>(system_clock::duration::min()))
        return false;
    out = time_point_cast<system_clock::duration>(t);
    return true;
}

void append_string_to_sign(std::string& out, const amz_time& t, std::string_view region,
                           std::string_view service, std::string_view canonical_request_hash_hex) {
    out.append("AWS4-HMAC-SHA256\n");
    out.append(t.datetime_view());
    out.push_back('\n');
    out.append(t.date_view());
    out.push_back('/');
    out.append(region);
    out.push_back('/');
    out.append(service);
    out.append("/aws4_request\n");
    out.append(canonical_request_hash_hex);
}

crypto::sha256_digest derive_signing_key(std::string_view secret, std::string_view date,
                                         std::string_view region,
                                         std::string_view service) noexcept {
    // "AWS4" + secret, on the stack for usual secret sizes (40 chars).
    unsigned char first[4 + 128];
    crypto::sha256_digest k;
    if (secret.size() <= 128) {
        std::copy_n("AWS4", 4, first);
        std::copy(secret.begin(), secret.end(), first + 4);
        k = crypto::hmac_sha256({first, 4 + secret.size()}, date);
        OPENSSL_cleanse(first, sizeof first);
    } else {
        std::string key = "AWS4";
        key.append(secret);
        k = crypto::hmac_sha256({reinterpret_cast<const unsigned char*>(key.data()), key.size()},
                                date);
        OPENSSL_cleanse(key.data(), key.size());
    }
    k = crypto::hmac_sha256(k, region);
    k = crypto::hmac_sha256(k, service);
    k = crypto::hmac_sha256(k, "aws4_request");
    return k;
}

crypto::hmac_sha256_key signing_key_cache::get(std::string_view secret, std::string_view date,
                                               std::string_view region,
                                               std::string_view service) {
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_)
        if (e.valid && e.date == date && e.region == region && e.service == service &&
            crypto::constant_time_equal(e.secret, secret))
            return e.key;
    entry& e = entries_[next_];
    next_ = (next_ + 1) % entries_.size();
    e.secret.assign(secret);
    e.date.assign(date);
    e.region.assign(region);
    e.service.assign(service);
    e.key = crypto::hmac_sha256_key(derive_signing_key(secret, date, region, service));
    e.valid = true;
    ++derivations_;
    return e.key;
}

std::size_t signing_key_cache::derivations() const {
    std::lock_guard lock(mutex_);
    return derivations_;
}

}  // namespace awsconnect::sigv4
