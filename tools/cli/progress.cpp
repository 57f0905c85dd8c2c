#include "progress.hpp"

#include <cmath>
#include <cstdio>

namespace awsconnect::cli {

std::string format_duration(double seconds) {
    const long long s = seconds <= 0 ? 0 : static_cast<long long>(std::ceil(seconds));
    char buf[48];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

std::string format_progress(std::string_view verb, const progress_counts& c, double elapsed_seconds) {
    const std::size_t settled = c.done - c.skipped;
    const double rate = elapsed_seconds > 0 ? static_cast<double>(settled) / elapsed_seconds : 0;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%.*s %zu/%zu  ok %zu  failed %zu  retrying %zu  %.1f/s  ETA ",
                  static_cast<int>(verb.size()), verb.data(), c.done, c.total, c.succeeded, c.failed, c.retrying, rate);
    std::string line = buf;
    if (c.done >= c.total)
        line += "0:00";
    else if (settled == 0 || rate <= 0)
        line += "?";
    else
        line += format_duration(static_cast<double>(c.total - c.done) / rate);
    return line;
}

}  // namespace awsconnect::cli
