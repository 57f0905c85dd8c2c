// The fault-spec grammar (documented in include/awsconnect/emulator.hpp): parsing and
// printing. Pure.
#include <awsconnect/emulator.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace awsconnect::emulator {
namespace {

constexpr std::string_view expected_faults =
    "expected 500|502|503|504 (optionally -json, -html or -empty), 429, delay=DURATION, "
    "reset-before, reset-after-commit, idle-close=DURATION, truncate, garbage, stall or none";

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <class T>
bool parse_number(std::string_view s, T& out) noexcept {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

// INTEGER [ "ms" | "s" ]
bool parse_duration(std::string_view s, std::chrono::milliseconds& out) noexcept {
    std::uint64_t scale = 1;
    if (s.ends_with("ms")) {
        s.remove_suffix(2);
    } else if (s.ends_with("s")) {
        s.remove_suffix(1);
        scale = 1000;
    }
    std::uint64_t v = 0;
    if (!all_digits(s) || !parse_number(s, v) || v > 86'400'000 / scale) return false;
    out = std::chrono::milliseconds(static_cast<std::int64_t>(v * scale));
    return true;
}

struct named_fault {
    std::string_view name;
    fault_kind kind;
};
constexpr std::array<named_fault, 7> simple_faults = {{
    {"429", fault_kind::throttle},
    {"reset-before", fault_kind::reset_before},
    {"reset-after-commit", fault_kind::reset_after_commit},
    {"truncate", fault_kind::truncate},
    {"garbage", fault_kind::garbage},
    {"stall", fault_kind::stall},
    {"none", fault_kind::none},
}};

// Parses one fault; on failure `why` says what was wrong.
bool parse_fault(std::string_view s, fault& out, std::string& why) {
    out = {};
    for (const auto& f : simple_faults) {
        if (s == f.name) {
            out.kind = f.kind;
            return true;
        }
    }
    for (auto [prefix, kind] : {std::pair{std::string_view("delay="), fault_kind::delay},
                                std::pair{std::string_view("idle-close="), fault_kind::idle_close}}) {
        if (s.starts_with(prefix)) {
            out.kind = kind;
            if (parse_duration(s.substr(prefix.size()), out.duration)) return true;
            why = "bad duration '" + std::string(s.substr(prefix.size())) +
                  "' (expected an integer with ms or s, e.g. 200ms)";
            return false;
        }
    }
    // CODE [ "-" BODY ]
    const std::string_view code = s.substr(0, s.find('-'));
    if (code == "500" || code == "502" || code == "503" || code == "504") {
        out.kind = fault_kind::http_error;
        out.status = (code[2] - '0') + 500;
        const std::string_view body = s.size() > 3 ? s.substr(4) : std::string_view{};
        if (s.size() == 3 || body == "json") return true;
        if (body == "html") return out.body = error_body::html, true;
        if (body == "empty") return out.body = error_body::empty, true;
        why = "unknown body '" + std::string(body) + "' (expected json, html or empty)";
        return false;
    }
    why = "unknown fault '" + std::string(s) + "'; " + std::string(expected_faults);
    return false;
}

error spec_error(std::size_t index, std::string_view item, std::string_view why) {
    return make_error(errc::invalid_configuration,
                      "fault spec item " + std::to_string(index) + " ('" + std::string(item) +
                          "'): " + std::string(why));
}

}  // namespace

result<fault_spec> parse_fault_spec(std::string_view text) {
    fault_spec spec;
    if (trim(text).empty()) return spec;
    double total = 0;
    std::size_t index = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t comma = std::min(text.find(',', pos), text.size());
        const std::string_view item = trim(text.substr(pos, comma - pos));
        pos = comma + 1;
        ++index;
        if (item.empty()) return spec_error(index, item, "empty item");

        std::string why;
        std::string_view body = item;
        const bool script_prefix = body.starts_with("script:");
        if (script_prefix) body = trim(body.substr(7));
        const std::size_t eq = body.find('=');
        if (eq != std::string_view::npos && all_digits(body.substr(0, eq))) {
            // N=FAULT
            scripted_fault s;
            if (!parse_number(body.substr(0, eq), s.request_number) || s.request_number == 0)
                return spec_error(index, item, "request numbers start at 1");
            if (!parse_fault(trim(body.substr(eq + 1)), s.what, why))
                return spec_error(index, item, why);
            spec.script.push_back(s);
            continue;
        }
        if (script_prefix)
            return spec_error(index, item, "expected N=FAULT after 'script:' (e.g. script:3=503)");
        // FAULT:PROBABILITY
        const std::size_t colon = body.rfind(':');
        if (colon == std::string_view::npos)
            return spec_error(index, item,
                              "expected FAULT:PROBABILITY (e.g. 503:0.05) or N=FAULT (e.g. 3=503)");
        random_fault r;
        if (!parse_fault(trim(body.substr(0, colon)), r.what, why)) return spec_error(index, item, why);
        const std::string_view p = trim(body.substr(colon + 1));
        if (!parse_number(p, r.probability) || !(r.probability >= 0.0 && r.probability <= 1.0))
            return spec_error(index, item, "probability must be a number in [0, 1]");
        total += r.probability;
        spec.random.push_back(r);
    }
    if (total > 1.0 + 1e-9)
        return make_error(errc::invalid_configuration,
                          "fault spec: the probabilities add up to more than 1");
    std::stable_sort(spec.script.begin(), spec.script.end(),
                     [](const auto& a, const auto& b) { return a.request_number < b.request_number; });
    for (std::size_t i = 1; i < spec.script.size(); ++i)
        if (spec.script[i].request_number == spec.script[i - 1].request_number)
            return make_error(errc::invalid_configuration,
                              "fault spec: request " +
                                  std::to_string(spec.script[i].request_number) +
                                  " is scripted twice");
    return spec;
}

std::string_view to_string(fault_kind k) noexcept {
    switch (k) {
        case fault_kind::none: return "none";
        case fault_kind::delay: return "delay";
        case fault_kind::http_error: return "http_error";
        case fault_kind::throttle: return "throttle";
        case fault_kind::reset_before: return "reset_before";
        case fault_kind::reset_after_commit: return "reset_after_commit";
        case fault_kind::idle_close: return "idle_close";
        case fault_kind::truncate: return "truncate";
        case fault_kind::garbage: return "garbage";
        case fault_kind::stall: return "stall";
    }
    return "?";
}

std::string to_string(const fault& f) {
    switch (f.kind) {
        case fault_kind::delay: return "delay=" + std::to_string(f.duration.count()) + "ms";
        case fault_kind::idle_close:
            return "idle-close=" + std::to_string(f.duration.count()) + "ms";
        case fault_kind::http_error:
            return std::to_string(f.status) + (f.body == error_body::json   ? "-json"
                                               : f.body == error_body::html ? "-html"
                                                                            : "-empty");
        default: break;
    }
    for (const auto& s : simple_faults)
        if (s.kind == f.kind) return std::string(s.name);
    return "none";
}

std::string to_string(const fault_spec& spec) {
    std::string out;
    for (const auto& s : spec.script) {
        out.append(out.empty() ? "script:" : ",");
        out.append(std::to_string(s.request_number)).push_back('=');
        out.append(to_string(s.what));
    }
    for (const auto& r : spec.random) {
        if (!out.empty()) out.push_back(',');
        out.append(to_string(r.what)).push_back(':');
        char buf[32];
        const auto res = std::to_chars(buf, buf + sizeof buf, r.probability);
        out.append(buf, res.ptr);
    }
    return out;
}

}  // namespace awsconnect::emulator
