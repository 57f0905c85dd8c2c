#include "sigv4/canonical_request.hpp"

#include "http/ascii.hpp"
#include "http/uri_encode.hpp"

#include <algorithm>
#include <array>
#include <vector>


namespace awsconnect::sigv4 {
namespace {

using http::ascii_lower;
constexpr bool iequal(std::string_view a, std::string_view b) noexcept { return http::iequals(a, b); }

bool iless(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto ca = static_cast<unsigned char>(ascii_lower(a[i]));
        const auto cb = static_cast<unsigned char>(ascii_lower(b[i]));
        if (ca != cb) return ca < cb;
    }
    return a.size() < b.size();
}

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Small-buffer storage for per-call index arrays: requests carry a handful of headers
// and query parameters, so the stack array nearly always suffices.
template <class T, std::size_t N>
class small_array {
public:
    explicit small_array(std::size_t n) : size_(n) {
        if (n > N) heap_.resize(n);
    }
    T* data() noexcept { return size_ > N ? heap_.data() : stack_.data(); }
    T* begin() noexcept { return data(); }
    T* end() noexcept { return data() + size_; }
    T& operator[](std::size_t i) noexcept { return data()[i]; }
    std::size_t size() const noexcept { return size_; }

private:
    std::size_t size_;
    std::array<T, N> stack_{};
    std::vector<T> heap_;
};

void append_value_trimmed(std::string& out, std::string_view v) {
    std::size_t b = 0, e = v.size();
    while (b < e && is_space(v[b])) ++b;
    while (e > b && is_space(v[e - 1])) --e;
    v = v.substr(b, e - b);
    // Fast path: no space or control character at all, nothing to fold.
    bool plain = true;
    for (char c : v) plain &= static_cast<unsigned char>(c) > ' ';
    if (plain) {
        out.append(v);
        return;
    }
    bool in_space = false;
    for (char c : v) {
        if (is_space(c)) {
            in_space = true;
            continue;
        }
        if (in_space) out.push_back(' ');
        in_space = false;
        out.push_back(c);
    }
}

void append_lower(std::string& out, std::string_view s) {
    bool has_upper = false;
    for (char c : s) has_upper |= (c >= 'A' && c <= 'Z');
    if (!has_upper) {
        out.append(s);
        return;
    }
    const std::size_t at = out.size();
    out.append(s);
    for (std::size_t i = at; i < out.size(); ++i) out[i] = ascii_lower(out[i]);
}

// True if `name` is one of the ';'-joined lower-case `names`.
bool is_listed(std::string_view names, std::string_view name) noexcept {
    std::size_t pos = 0;
    while (pos <= names.size()) {
        std::size_t semi = names.find(';', pos);
        if (semi == std::string_view::npos) semi = names.size();
        if (iequal(names.substr(pos, semi - pos), name)) return true;
        pos = semi + 1;
    }
    return false;
}

bool selected(const header_selection& sel, std::string_view name) noexcept {
    switch (sel.which) {
        case header_selection::mode::all: return true;
        case header_selection::mode::signable: return !is_unsigned_header(name);
        case header_selection::mode::listed: return is_listed(sel.names, name);
    }
    return false;
}

}  // namespace

void append_canonical_uri(std::string& out, std::string_view path, canonical_uri_options opts) {
    if (path.empty()) {
        out.push_back('/');
        return;
    }
    auto emit = [&](std::string_view segment_or_path, bool keep_slash) {
        if (opts.double_encode)
            http::append_uri_encoded(out, segment_or_path, keep_slash);
        else
            out.append(segment_or_path);
    };
    // Nothing to normalize when there is no empty, "." or ".." segment (the usual case).
    const bool needs_normalizing = path.front() != '/' ||
                                   path.find("//") != std::string_view::npos ||
                                   path.find("/.") != std::string_view::npos;
    if (!opts.normalize_path || !needs_normalizing) {
        emit(path, true);
        return;
    }
    // Split into segments, dropping empty and "." segments and resolving "..".
    small_array<std::string_view, 32> segments(static_cast<std::size_t>(
        std::count(path.begin(), path.end(), '/') + 1));
    std::size_t depth = 0;
    std::size_t pos = 0;
    std::string_view last;
    while (pos <= path.size()) {
        const std::size_t slash = std::min(path.find('/', pos), path.size());
        const std::string_view seg = path.substr(pos, slash - pos);
        last = seg;
        if (seg == "..") {
            if (depth > 0) --depth;
        } else if (!seg.empty() && seg != ".") {
            segments[depth++] = seg;
        }
        pos = slash + 1;
    }
    out.push_back('/');
    for (std::size_t i = 0; i < depth; ++i) {
        if (i > 0) out.push_back('/');
        emit(segments[i], false);
    }
    // Keep a trailing slash the path had (botocore: normpath, then restore the slash).
    if (depth > 0 && path.back() == '/') out.push_back('/');
}

void append_canonical_query(std::string& out, std::string_view query, std::string_view extra) {
    struct param {
        std::size_t key_begin, key_end, value_end;  // offsets into `encoded`
    };
    if (query.empty() && extra.empty()) return;
    // Encode every parameter once into a scratch buffer, then sort views of it.
    // Scratch buffers keep their capacity between calls on a thread: no allocation on the
    // steady signing path. The function does not recurse, so reuse is safe.
    thread_local std::string encoded;
    thread_local std::string decoded;
    encoded.clear();
    std::size_t count = std::count(query.begin(), query.end(), '&') +
                        std::count(extra.begin(), extra.end(), '&') + 2;
    small_array<param, 16> params(count);
    std::size_t n = 0;
    auto add_all = [&](std::string_view q) {
        std::size_t pos = 0;
        while (pos < q.size()) {
            std::size_t amp = q.find('&', pos);
            if (amp == std::string_view::npos) amp = q.size();
            const std::string_view item = q.substr(pos, amp - pos);
            pos = amp + 1;
            if (item.empty()) continue;
            const std::size_t eq = item.find('=');
            const std::string_view k = item.substr(0, eq);
            const std::string_view v = eq == std::string_view::npos ? std::string_view{}
                                                                    : item.substr(eq + 1);
            param p;
            p.key_begin = encoded.size();
            decoded.clear();
            http::append_percent_decoded(decoded, k);
            http::append_uri_encoded(encoded, decoded);
            p.key_end = encoded.size();
            decoded.clear();
            http::append_percent_decoded(decoded, v);
            http::append_uri_encoded(encoded, decoded);
            p.value_end = encoded.size();
            params[n++] = p;
        }
    };
    add_all(query);
    add_all(extra);
    auto key = [&](const param& p) {
        return std::string_view(encoded).substr(p.key_begin, p.key_end - p.key_begin);
    };
    auto value = [&](const param& p) {
        return std::string_view(encoded).substr(p.key_end, p.value_end - p.key_end);
    };
    std::sort(params.begin(), params.begin() + n, [&](const param& a, const param& b) {
        const auto ka = key(a), kb = key(b);
        return ka != kb ? ka < kb : value(a) < value(b);
    });
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out.push_back('&');
        out.append(key(params[i]));
        out.push_back('=');
        out.append(value(params[i]));
    }
}

void append_canonical_headers(std::string& canonical, std::string& signed_headers,
                              std::span<const header_field> headers, header_selection selection) {
    small_array<const header_field*, 32> order(headers.size());
    std::size_t n = 0;
    for (const auto& h : headers)
        if (selected(selection, h.name)) order[n++] = &h;
    // Insertion sort: stable (repeated names keep their order, and their values are joined
    // in it), allocation-free, and fastest for the handful of headers a request has.
    for (std::size_t i = 1; i < n; ++i) {
        const header_field* h = order[i];
        std::size_t j = i;
        for (; j > 0 && iless(h->name, order[j - 1]->name); --j) order[j] = order[j - 1];
        order[j] = h;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const header_field& h = *order[i];
        if (i > 0 && iequal(order[i - 1]->name, h.name)) {
            canonical.push_back(',');
        } else {
            if (i > 0) {
                canonical.push_back('\n');
                signed_headers.push_back(';');
            }
            append_lower(canonical, h.name);
            append_lower(signed_headers, h.name);
            canonical.push_back(':');
        }
        append_value_trimmed(canonical, h.value);
    }
    if (n > 0) canonical.push_back('\n');
}

bool is_unsigned_header(std::string_view name) noexcept {
    static constexpr std::string_view never[] = {
        "authorization", "user-agent",        "x-amzn-trace-id", "connection",
        "expect",        "transfer-encoding", "upgrade",         "keep-alive",
        "proxy-authorization",
    };
    for (auto n : never)
        if (iequal(n, name)) return true;
    return false;
}

}  // namespace awsconnect::sigv4
