// awsconnect-bench: the load harness. Drives N ReleasePhoneNumber calls at concurrency C
// (C coroutines, each issuing calls back to back) over at most K pooled connections on one
// io_context run by T threads, TLS or plain, against the embedded emulator (the default:
// started in-process on threads of its own, with claim_any so every distinct id is
// releasable) or against any endpoint URL.
//
// It reports what the client did (calls, errors by envelope code, attempts, retries, stale
// replays, connections, TLS handshakes), how fast (throughput; latency percentiles from
// per-call samples in a preallocated array, sorted at the end), and at what cost: CPU time
// of the client's threads only (each thread's CPU clock read at the phase boundaries; the
// emulator's threads report their own), heap allocations on the client's threads (a
// per-thread counting heap, alloc_counter.hpp) and the process's peak RSS. On the
// embedded emulator it checks exactly-once (exactly_once.hpp): after the run, faults off,
// every failed call is sent again with the token it reported; a number its failed call had
// released must come back as the service's replay, every number must end released once.
//
// Phases: client construction, W warm-up calls (uncounted), then the timed phase. The two
// phases do not overlap (the warm-up finishes before the timed phase starts), so counter
// deltas taken between them belong to the timed phase exactly. The controlling (main)
// thread only waits and prints; it does no client work.
//
// Peer mode (`--peer-json <url> <N> <C>`) prints the one JSON line of the drivers in
// shared/peers/ (see peers/README.md "Drivers"), so run-all.sh compares us with the SDKs.
#include "alloc_counter.hpp"
#include "exactly_once.hpp"

#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>
#include <awsconnect/version.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/program_options.hpp>

#include <malloc.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace awsconnect;
namespace asio = boost::asio;
namespace po = boost::program_options;
using steady = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();
constexpr std::size_t errc_slots = 64;  // errc values are small; slot 0 collects foreign codes

// ---------------------------------------------------------------------------------------
// Options

struct options {
    std::uint64_t calls = 20'000;  // N
    std::size_t concurrency = 16;  // C
    std::size_t connections = 0;   // K; 0: C
    int threads = 1;               // T
    double duration = 0;           // seconds; > 0 replaces N
    std::uint64_t warmup = 500;
    bool tls = true;
    std::string faults;
    int emulator_threads = 1;
    std::uint64_t seed = 1;
    std::string retry_mode;  // "", standard, adaptive
    int max_attempts = 0;    // 0: the client's default
    std::string region;
    std::string endpoint_url;  // empty: embedded emulator
    std::string ca_bundle;
    std::uint64_t id_offset = 0;
    bool json = false;
    bool progress = false;
    double max_seconds = 0;  // hard stop for new calls, from program start (peer mode)
    int client_cpu = -1;     // pin the client's threads to this CPU (-1: no pinning)
    int emulator_cpu = -1;   // pin the embedded emulator's threads to this CPU
    // Peer mode.
    bool peer = false;
};

// ---------------------------------------------------------------------------------------
// Small helpers

std::string phone_number_id(std::uint64_t i) {
    // 00000000-0000-4000-8000-<12 lower-case hex digits>, like the peers' drivers.
    std::string s = "00000000-0000-4000-8000-000000000000";
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t k = 0; k < 12; ++k) s[s.size() - 1 - k] = hex[(i >> (4 * k)) & 0xF];
    return s;
}

std::chrono::nanoseconds thread_cpu(clockid_t id) {
    timespec ts{};
    if (clock_gettime(id, &ts) != 0) return {};
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

struct process_cpu {
    double user = 0, sys = 0;
};
process_cpu process_cpu_now() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto tv = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return {tv(ru.ru_utime), tv(ru.ru_stime)};
}

/// Pins the calling thread to `cpu` (threads it creates afterwards inherit it).
bool pin_this_thread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

// Resident set now (not the peak), from /proc/self/statm; 0 if unreadable.
long current_rss_kib() {
    long pages_total = 0, pages_resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = 0;
        std::fclose(f);
    }
    return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// Open file descriptors of this process (the entries of /proc/self/fd, less the one
// used to list them).
long open_fd_count() {
    long n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++n;
    return n > 0 ? n - 1 : 0;
}

// Heap bytes in use (allocated blocks and mmapped ones) and held free by malloc, from
// glibc's mallinfo2 over all arenas: growth of the first is live memory, of the second
// fragmentation.
struct heap_figures {
    long in_use_kib = 0;
    long free_kib = 0;
};
heap_figures heap_now() {
    const struct mallinfo2 m = mallinfo2();
    return {static_cast<long>((m.uordblks + m.hblkhd) / 1024), static_cast<long>(m.fordblks / 1024)};
}

long peak_rss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;  // KiB on Linux
}

std::string json_escape(std::string_view s) {
    std::string o;
    o.reserve(s.size() + 2);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            o += '\\';
            o += ch;
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            o += buf;
        } else {
            o += ch;
        }
    }
    return o;
}

/// A minimal JSON object writer (numbers written as plain decimals, not E notation).
class json_writer {
public:
    json_writer& key(std::string_view k) {
        comma();
        out_ += '"';
        out_ += json_escape(k);
        out_ += "\":";
        fresh_ = true;
        return *this;
    }
    json_writer& value(std::uint64_t v) {
        comma();
        out_ += std::to_string(v);
        return *this;
    }
    json_writer& value(double v, int decimals) {
        comma();
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, std::isfinite(v) ? v : 0.0);
        out_ += buf;
        return *this;
    }
    json_writer& value(std::string_view s) {
        comma();
        out_ += '"';
        out_ += json_escape(s);
        out_ += '"';
        return *this;
    }
    json_writer& value(bool b) {
        comma();
        out_ += b ? "true" : "false";
        return *this;
    }
    json_writer& begin() {
        comma();
        out_ += '{';
        fresh_ = true;
        return *this;
    }
    json_writer& end() {
        out_ += '}';
        fresh_ = false;
        return *this;
    }
    const std::string& str() const { return out_; }

private:
    void comma() {
        if (!fresh_) out_ += ',';
        fresh_ = false;
    }
    std::string out_;
    bool fresh_ = true;
};

// ---------------------------------------------------------------------------------------
// One phase of calls (warm-up or timed)

struct phase {
    std::uint64_t count = 0;    // calls to make (unlimited: until `stop`)
    std::uint64_t id_base = 0;  // ids id_base + 0, 1, ...
    // Latency samples in units of 100 ns, indexed by call number; only the first
    // `sample_capacity` calls are sampled. Allocated up front (pages are touched only as
    // samples are written).
    std::unique_ptr<std::uint32_t[]> samples;
    std::uint64_t sample_capacity = 0;

    std::atomic<std::uint64_t> next{0};  // next call number to take
    std::atomic<std::uint64_t> done{0};
    std::atomic<std::uint64_t> succeeded{0};
    std::atomic<std::uint64_t> max_latency_ns{0};
    std::array<std::atomic<std::uint64_t>, errc_slots> errors{};
    std::atomic<bool> stop{false};

    // Failed calls, with the token each reported, for the exactly-once check (a failed call
    // may still have released its number, e.g. every attempt reset after the commit). Past
    // the cap they are only counted, and the check fails: it cannot re-send them.
    static constexpr std::size_t failed_cap = 1'000'000;
    std::mutex failed_mutex;
    std::vector<bench::failed_call> failed;
    std::uint64_t failed_unrecorded = 0;
    std::string first_error;

    // Completion: the last worker to finish tells the controlling thread.
    std::atomic<std::size_t> active{0};
    std::mutex done_mutex;
    std::condition_variable done_cv;
    bool finished = false;
};

asio::awaitable<void> worker(client& c, phase& ph) {
    for (;;) {
        if (ph.stop.load(std::memory_order_relaxed)) break;
        const std::uint64_t i = ph.next.fetch_add(1, std::memory_order_relaxed);
        if (i >= ph.count) break;
        release_phone_number_request req;
        {
            bench::exclude_scope not_the_client;  // the caller's id string is ours, not the client's
            req.phone_number_id = phone_number_id(ph.id_base + i);
        }
        const auto t0 = steady::now();
        auto r = co_await c.release_phone_number(std::move(req));
        const auto ns = static_cast<std::uint64_t>(std::chrono::nanoseconds(steady::now() - t0).count());
        if (i < ph.sample_capacity)
            ph.samples[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(ns / 100, 0xFFFFFFFFu));
        for (std::uint64_t m = ph.max_latency_ns.load(std::memory_order_relaxed);
             ns > m && !ph.max_latency_ns.compare_exchange_weak(m, ns, std::memory_order_relaxed);) {
        }
        if (r) {
            ph.succeeded.fetch_add(1, std::memory_order_relaxed);
        } else {
            bench::exclude_scope not_the_client;
            const auto& e = r.error();
            std::size_t slot = 0;
            if (e.code.category() == awsconnect_category() && e.code.value() > 0 &&
                static_cast<std::size_t>(e.code.value()) < errc_slots)
                slot = static_cast<std::size_t>(e.code.value());
            ph.errors[slot].fetch_add(1, std::memory_order_relaxed);
            std::lock_guard lock(ph.failed_mutex);
            if (ph.failed.size() < phase::failed_cap)
                ph.failed.push_back({phone_number_id(ph.id_base + i), e.client_token});
            else
                ++ph.failed_unrecorded;
            if (ph.first_error.empty()) ph.first_error = to_envelope_json(r.error());
        }
        ph.done.fetch_add(1, std::memory_order_relaxed);
    }
    if (ph.active.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard lock(ph.done_mutex);
        ph.finished = true;
        ph.done_cv.notify_all();
    }
}

// ---------------------------------------------------------------------------------------
// The client side: an io_context run by T threads whose CPU clocks and heap counters we
// can read from the controlling thread.

class client_threads {
public:
    explicit client_threads(int n, int cpu = -1) : guard_(asio::make_work_guard(ioc_)) {
        clocks_.resize(static_cast<std::size_t>(n));
        counters_.resize(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            threads_.emplace_back([this, i, cpu] {
                pthread_setname_np(pthread_self(), "client");  // for perf and top
                if (cpu >= 0 && !pin_this_thread(cpu)) std::fprintf(stderr, "awsconnect-bench: cannot pin to CPU %d\n", cpu);
                clockid_t id{};
                if (pthread_getcpuclockid(pthread_self(), &id) != 0) id = CLOCK_THREAD_CPUTIME_ID;
                {
                    std::lock_guard lock(mutex_);
                    clocks_[static_cast<std::size_t>(i)] = id;
                    counters_[static_cast<std::size_t>(i)] = &bench::this_thread_counter();
                    ++ready_;
                }
                cv_.notify_all();
                ioc_.run();
            });
        }
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return ready_ == threads_.size(); });
    }
    ~client_threads() { stop(); }

    asio::io_context& ioc() { return ioc_; }
    std::size_t size() const { return threads_.size(); }

    /// Sum of the client threads' CPU time (their own clocks, read from here).
    std::chrono::nanoseconds cpu() const {
        std::chrono::nanoseconds sum{0};
        for (const clockid_t id : clocks_) sum += thread_cpu(id);
        return sum;
    }
    /// Sum of the client threads' heap counters.
    bench::alloc_counts allocations() const {
        bench::alloc_counts sum;
        for (const auto* c : counters_) sum += c->snapshot();
        return sum;
    }

    void stop() {
        guard_.reset();
        ioc_.stop();
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }

private:
    asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    std::vector<std::thread> threads_;
    std::vector<clockid_t> clocks_;
    std::vector<bench::thread_alloc_counter*> counters_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::size_t ready_ = 0;
};

/// Runs one phase to completion (or until `hard_deadline`, or `duration` if > 0). Prints a
/// progress line every second from the controlling thread when `progress`.
void run_phase(client& c, client_threads& ct, phase& ph, std::size_t concurrency, double duration,
               steady::time_point hard_deadline, bool progress, bool progress_tty) {
    const std::size_t workers =
        static_cast<std::size_t>(std::min<std::uint64_t>(concurrency, std::max<std::uint64_t>(ph.count, 1)));
    ph.active = workers;
    const auto t0 = steady::now();
    const auto stop_at = duration > 0 ? std::min(hard_deadline, t0 + std::chrono::duration_cast<steady::duration>(
                                                                         std::chrono::duration<double>(duration)))
                                      : hard_deadline;
    for (std::size_t w = 0; w < workers; ++w) asio::co_spawn(ct.ioc(), worker(c, ph), asio::detached);

    auto next_tick = t0 + std::chrono::seconds(1);
    std::uint64_t last_done = 0;
    auto last_tick = t0;
    bool printed = false;
    std::unique_lock lock(ph.done_mutex);
    while (!ph.finished) {
        const auto wake = std::min(stop_at, next_tick);
        if (ph.done_cv.wait_until(lock, wake, [&] { return ph.finished; })) break;
        const auto now = steady::now();
        if (now >= stop_at) ph.stop = true;
        if (now >= next_tick) {
            next_tick += std::chrono::seconds(1);
            const double elapsed = std::chrono::duration<double>(now - t0).count();
            // Short runs stay quiet: the line starts after 2 s (at once with --progress).
            if (progress && (!progress_tty || elapsed >= 2.0)) {
                const std::uint64_t d = ph.done.load(std::memory_order_relaxed);
                const double rate = double(d - last_done) / std::chrono::duration<double>(now - last_tick).count();
                last_done = d;
                last_tick = now;
                std::uint64_t errs = 0;
                for (const auto& e : ph.errors) errs += e.load(std::memory_order_relaxed);
                char total[32] = "";
                if (ph.count != unlimited) std::snprintf(total, sizeof total, "/%llu", (unsigned long long)ph.count);
                std::fprintf(stderr, "%s[%5.1fs] %llu%s calls, %.0f calls/s, %llu errors%s", progress_tty ? "\r" : "",
                             elapsed, (unsigned long long)d, total, rate, (unsigned long long)errs,
                             progress_tty ? "\033[K" : "\n");
                std::fflush(stderr);
                printed = true;
            }
        }
    }
    if (printed && progress_tty) std::fprintf(stderr, "\n");
}

// ---------------------------------------------------------------------------------------
// Reports

struct latency_summary {
    std::uint64_t samples = 0;
    double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;  // microseconds
};

latency_summary summarize_latency(phase& ph, std::uint64_t calls) {
    latency_summary s;
    const std::uint64_t n = std::min(calls, ph.sample_capacity);
    s.samples = n;
    if (n == 0) return s;
    std::uint32_t* b = ph.samples.get();
    std::sort(b, b + n);
    auto at = [&](double q) {  // nearest rank
        std::uint64_t rank = static_cast<std::uint64_t>(std::ceil(q * double(n)));
        rank = std::clamp<std::uint64_t>(rank, 1, n);
        return double(b[rank - 1]) / 10.0;
    };
    s.p50 = at(0.50);
    s.p90 = at(0.90);
    s.p99 = at(0.99);
    s.p999 = at(0.999);
    s.max = double(ph.max_latency_ns.load()) / 1000.0;
    return s;
}

std::string format_us(double us) {
    char buf[32];
    if (us >= 1000.0)
        std::snprintf(buf, sizeof buf, "%.2f ms", us / 1000.0);
    else
        std::snprintf(buf, sizeof buf, "%.0f us", us);
    return buf;
}

pool_stats pool_delta(const pool_stats& a, const pool_stats& b) {
    pool_stats d = b;  // gauges: the later values
    d.connections_opened = b.connections_opened - a.connections_opened;
    d.connect_failures = b.connect_failures - a.connect_failures;
    d.acquires = b.acquires - a.acquires;
    d.reused = b.reused - a.reused;
    d.handshakes_full = b.handshakes_full - a.handshakes_full;
    d.handshakes_resumed = b.handshakes_resumed - a.handshakes_resumed;
    d.stale_replays = b.stale_replays - a.stale_replays;
    d.dead_on_checkout = b.dead_on_checkout - a.dead_on_checkout;
    d.waits = b.waits - a.waits;
    d.poisoned_timeout = b.poisoned_timeout - a.poisoned_timeout;
    d.poisoned_cancelled = b.poisoned_cancelled - a.poisoned_cancelled;
    d.poisoned_io_error = b.poisoned_io_error - a.poisoned_io_error;
    d.poisoned_protocol = b.poisoned_protocol - a.poisoned_protocol;
    d.poisoned_connection_close = b.poisoned_connection_close - a.poisoned_connection_close;
    d.poisoned_tls = b.poisoned_tls - a.poisoned_tls;
    return d;
}

std::string fault_summary(const emulator::fault_counters& f) {
    std::string s;
    auto add = [&](const char* name, std::uint64_t v) {
        if (!v) return;
        if (!s.empty()) s += ", ";
        s += name;
        s += ' ';
        s += std::to_string(v);
    };
    add("delay", f.delay);
    add("500", f.http_500);
    add("502", f.http_502);
    add("503", f.http_503);
    add("504", f.http_504);
    add("429", f.throttle);
    add("reset-before", f.reset_before);
    add("reset-after-commit", f.reset_after_commit);
    add("idle-close", f.idle_close);
    add("truncate", f.truncate);
    add("garbage", f.garbage);
    add("stall", f.stall);
    return s.empty() ? "none" : s;
}

emulator::fault_counters fault_delta(const emulator::fault_counters& a, const emulator::fault_counters& b) {
    emulator::fault_counters d;
    d.delay = b.delay - a.delay;
    d.http_500 = b.http_500 - a.http_500;
    d.http_502 = b.http_502 - a.http_502;
    d.http_503 = b.http_503 - a.http_503;
    d.http_504 = b.http_504 - a.http_504;
    d.throttle = b.throttle - a.throttle;
    d.reset_before = b.reset_before - a.reset_before;
    d.reset_after_commit = b.reset_after_commit - a.reset_after_commit;
    d.idle_close = b.idle_close - a.idle_close;
    d.truncate = b.truncate - a.truncate;
    d.garbage = b.garbage - a.garbage;
    d.stall = b.stall - a.stall;
    return d;
}

std::string version_string() {
    return std::string("awsconnect ") + AWSCONNECT_VERSION + "; boost " + std::to_string(BOOST_VERSION / 100000) + "." +
           std::to_string(BOOST_VERSION / 100 % 1000) + "; OpenSSL " + OpenSSL_version(OPENSSL_VERSION_STRING) +
           "; g++ " + __VERSION__;
}

// ---------------------------------------------------------------------------------------
// Peer mode: the drivers' JSON line

int run_peer(const std::string& url, std::uint64_t n, std::size_t c) {
    auto env_num = [](const char* name, double def) {
        const char* v = std::getenv(name);
        if (!v || !*v) return def;
        char* end = nullptr;
        const double d = std::strtod(v, &end);
        return end && *end == '\0' ? d : def;
    };
    const auto warmup = static_cast<std::uint64_t>(env_num("WARMUP", 200));
    const double max_seconds = env_num("MAX_SECONDS", 120);
    const auto hard_deadline =
        steady::now() + std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(max_seconds));
    const char* ca_env = std::getenv("PEERS_CA");
    const std::string ca = ca_env && *ca_env ? ca_env : "/tmp/peers/nginx-run/cert.pem";
    const bool https = url.rfind("https:", 0) == 0;

    client_config cfg;
    cfg.region = "us-east-1";
    cfg.endpoint_url = url;
    cfg.credentials = make_static_credentials_provider(
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
    cfg.pool.max_connections = c;
    cfg.pool.max_pending = std::max<std::size_t>(c, 4 * c);
    if (https) cfg.tls.ca_file = ca;

    client_threads ct(1);
    auto made = client::create(ct.ioc().get_executor(), std::move(cfg));
    if (!made) {
        std::cerr << "awsconnect-bench: " << made.error() << "\n";
        return 2;
    }
    std::optional<client> cl(std::move(*made));

    if (warmup > 0) {
        phase w;
        w.count = warmup;
        w.id_base = n;  // like the drivers: warm-up ids follow the timed ones
        run_phase(*cl, ct, w, c, 0, hard_deadline, false, false);
    }
    phase ph;
    ph.count = n;
    ph.id_base = 0;
    const auto cpu0 = process_cpu_now();
    const auto t0 = steady::now();
    run_phase(*cl, ct, ph, c, 0, hard_deadline, false, false);
    const double seconds = std::chrono::duration<double>(steady::now() - t0).count();
    const auto cpu1 = process_cpu_now();

    const std::uint64_t done = ph.done.load();
    const std::uint64_t errors = done - ph.succeeded.load();
    if (!ph.first_error.empty()) std::cerr << "first error: " << ph.first_error << "\n";
    const double user = cpu1.user - cpu0.user, sys = cpu1.sys - cpu0.sys;
    std::printf("{\"peer\":\"awsconnect\",\"n\":%llu,\"c\":%zu,\"seconds\":%.4f,\"req_per_s\":%.1f,"
                "\"cpu_user_s\":%.4f,\"cpu_sys_s\":%.4f,\"cpu_us_per_req\":%.1f,\"errors\":%llu,"
                "\"scheme\":\"%s\",\"version\":\"%s\"}\n",
                (unsigned long long)done, c, seconds, seconds > 0 ? double(done) / seconds : 0.0, user, sys,
                (user + sys) * 1e6 / double(std::max<std::uint64_t>(done, 1)), (unsigned long long)errors,
                https ? "https" : "http", json_escape(version_string()).c_str());
    std::fflush(stdout);
    cl->shutdown();
    ct.stop();
    cl.reset();
    return 0;
}

// ---------------------------------------------------------------------------------------
// The harness

int run_bench(const options& o) {
    const auto program_start = steady::now();
    const auto hard_deadline = o.max_seconds > 0 ? program_start + std::chrono::duration_cast<steady::duration>(
                                                                       std::chrono::duration<double>(o.max_seconds))
                                                 : steady::time_point::max();
    const bool embedded = o.endpoint_url.empty();
    const std::size_t k = o.connections ? o.connections : o.concurrency;

    // The emulator, on threads of its own.
    // The emulator's threads inherit the affinity of the thread that starts them (this one,
    // which afterwards only waits); the client's threads set their own.
    const auto restore_affinity = [] {
        cpu_set_t all;
        CPU_ZERO(&all);
        sched_getaffinity(0, sizeof all, &all);
        return all;
    }();
    std::unique_ptr<emulator::server> emu;
    if (embedded && o.emulator_cpu >= 0 && !pin_this_thread(o.emulator_cpu)) {
        std::cerr << "awsconnect-bench: cannot pin to CPU " << o.emulator_cpu << "\n";
        return 2;
    }
    if (embedded) {
        emulator::server_config sc;
        sc.tls = o.tls;
        sc.threads = o.emulator_threads;
        sc.claim_any = true;
        sc.seed = o.seed;
        if (!o.faults.empty()) {
            auto spec = emulator::parse_fault_spec(o.faults);
            if (!spec) {
                std::cerr << "awsconnect-bench: --faults: " << spec.error().message << "\n";
                return 2;
            }
            sc.faults = std::move(*spec);
        }
        auto s = emulator::server::start(std::move(sc));
        if (!s) {
            std::cerr << "awsconnect-bench: cannot start the emulator: " << s.error().message << "\n";
            return 2;
        }
        emu = std::move(*s);
    }
    if (o.emulator_cpu >= 0) pthread_setaffinity_np(pthread_self(), sizeof restore_affinity, &restore_affinity);

    client_config cfg;
    cfg.region = o.region.empty() && embedded ? "us-east-1" : o.region;
    if (embedded) {
        cfg.endpoint_url = emu->url();
        cfg.tls.ca_file = emu->ca_file();
        cfg.credentials = make_static_credentials_provider(
            {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
    } else {
        cfg.endpoint_url = o.endpoint_url;  // credentials: the default chain
        cfg.tls.ca_file = o.ca_bundle;
    }
    cfg.pool.max_connections = k;
    cfg.pool.max_pending = std::max(o.concurrency, 4 * k);
    if (o.retry_mode == "adaptive") cfg.retry.mode = retry_mode::adaptive;
    if (o.retry_mode == "standard") cfg.retry.mode = retry_mode::standard;
    if (o.max_attempts > 0) cfg.retry.max_attempts = o.max_attempts;

    client_threads ct(o.threads, o.client_cpu);
    auto made = client::create(ct.ioc().get_executor(), std::move(cfg));
    if (!made) {
        std::cerr << "awsconnect-bench: " << made.error() << "\n";
        return 2;
    }
    std::optional<client> cl(std::move(*made));

    const bool progress_tty = isatty(STDERR_FILENO) == 1;
    const bool progress = o.progress || progress_tty;
    const std::uint64_t count = o.duration > 0 ? unlimited : o.calls;

    const emulator::counters emu_start = emu ? emu->get_counters() : emulator::counters{};
    // Warm-up: connections opened, TLS sessions made, caches and allocators warm.
    phase w;
    w.count = o.warmup;
    w.id_base = o.id_offset + (count == unlimited ? 0x800000000000ull : count);
    if (o.warmup > 0) run_phase(*cl, ct, w, o.concurrency, 0, hard_deadline, false, false);

    phase ph;
    ph.count = count;
    ph.id_base = o.id_offset;
    ph.sample_capacity = count == unlimited ? std::min<std::uint64_t>(static_cast<std::uint64_t>(o.duration * 1e6) + 1,
                                                                      std::uint64_t{1} << 28)
                                            : count;
    ph.samples.reset(new std::uint32_t[ph.sample_capacity]);
    // A fixed count: the samples are touched now, so the RSS at the start includes them and
    // start/end compares the client alone (1M calls: 3.8 MiB). A duration: the capacity is
    // a guess, its untouched pages stay virtual.
    if (count != unlimited) std::memset(ph.samples.get(), 0, ph.sample_capacity * sizeof(std::uint32_t));

    const heap_figures heap_start = heap_now();
    const long rss_start = current_rss_kib();
    const long fds_start = open_fd_count();
    const client_stats stats0 = cl->stats();
    const emulator::counters emu0 = emu ? emu->get_counters() : emulator::counters{};
    const auto cpu0 = ct.cpu();
    const auto alloc0 = ct.allocations();
    const auto pcpu0 = process_cpu_now();
    const auto t0 = steady::now();
    run_phase(*cl, ct, ph, o.concurrency, o.duration, hard_deadline, progress, progress_tty);
    const auto t1 = steady::now();
    const auto cpu1 = ct.cpu();
    const auto alloc1 = ct.allocations();
    const auto pcpu1 = process_cpu_now();
    const client_stats stats1 = cl->stats();
    const emulator::counters emu1 = emu ? emu->get_counters() : emulator::counters{};
    const long rss_end = current_rss_kib();
    const heap_figures heap_end = heap_now();
    const long fds_end = open_fd_count();

    const double seconds = std::chrono::duration<double>(t1 - t0).count();
    const std::uint64_t calls = ph.done.load();
    const std::uint64_t ok = ph.succeeded.load();
    const double per = double(std::max<std::uint64_t>(calls, 1));
    const double client_cpu_us = std::chrono::duration<double, std::micro>(cpu1 - cpu0).count();
    const bench::alloc_counts allocs = alloc1 - alloc0;
    const latency_summary lat = summarize_latency(ph, calls);
    const pool_stats pool_total = stats1.pool;
    const pool_stats pool_timed = pool_delta(stats0.pool, stats1.pool);

    // Errors by envelope code, then by reason.
    std::map<std::string, std::map<std::string, std::uint64_t>> errors;
    for (std::size_t i = 0; i < errc_slots; ++i) {
        const std::uint64_t v = ph.errors[i].load();
        if (!v) continue;
        const errc e = static_cast<errc>(i);
        const std::string kind = i == 0 ? "OTHER" : std::string(to_string(kind_of(e)));
        errors[kind][i == 0 ? "other" : std::string(to_string(e))] += v;
    }

    // Exactly-once, on the emulator (warm-up included): every failed call sent again with its
    // reported token, faults off (exactly_once.hpp). After the figures above were taken.
    std::optional<bench::exactly_once_verdict> once;
    if (emu) {
        bench::run_record run;
        const std::uint64_t warm_calls = w.done.load();
        run.calls = warm_calls + calls;
        run.phone_number_id_of = [&](std::uint64_t i) {
            return i < warm_calls ? phone_number_id(w.id_base + i) : phone_number_id(ph.id_base + (i - warm_calls));
        };
        for (phase* p : {&w, &ph}) {
            run.failed.insert(run.failed.end(), std::make_move_iterator(p->failed.begin()),
                              std::make_move_iterator(p->failed.end()));
            run.failed_unrecorded += p->failed_unrecorded;
        }
        run.commits_before = emu_start.commits;
        run.released_twice_before = emu_start.released_twice;
        once = asio::co_spawn(ct.ioc(), bench::check_exactly_once(*cl, *emu, run), asio::use_future).get();
    }

    const std::uint64_t attempts = stats1.attempts - stats0.attempts;
    const std::uint64_t retries = stats1.retries - stats0.retries;
    const double emu_cpu_us =
        emu ? std::chrono::duration<double, std::micro>(emu1.cpu_time - emu0.cpu_time).count() : 0.0;
    const std::uint64_t emu_requests = emu1.requests_total - emu0.requests_total;
    const long rss = peak_rss_kib();
    const std::string target = embedded ? std::string("embedded emulator (") + std::to_string(o.emulator_threads) +
                                              " thread" + (o.emulator_threads > 1 ? "s" : "") + ", " + emu->url() + ")"
                                        : o.endpoint_url;
    const bool tls = embedded ? o.tls : o.endpoint_url.rfind("https:", 0) == 0;

    if (o.json) {
        json_writer j;
        j.begin();
        j.key("target").value(embedded ? std::string_view("embedded") : std::string_view(o.endpoint_url));
        j.key("scheme").value(std::string_view(tls ? "https" : "http"));
        j.key("calls").value(calls);
        j.key("concurrency").value(std::uint64_t(o.concurrency));
        j.key("max_connections").value(std::uint64_t(k));
        j.key("threads").value(std::uint64_t(o.threads));
        j.key("warmup").value(o.warmup);
        j.key("faults").value(std::string_view(o.faults));
        j.key("succeeded").value(ok);
        j.key("failed").value(calls - ok);
        j.key("errors").begin();
        for (const auto& [kind, reasons] : errors) {
            j.key(kind).begin();
            for (const auto& [reason, v] : reasons) j.key(reason).value(v);
            j.end();
        }
        j.end();
        j.key("attempts").value(attempts);
        j.key("retries").value(retries);
        j.key("retries_by_kind").begin();
        j.key("throttling").value(stats1.retries_throttling - stats0.retries_throttling);
        j.key("transient").value(stats1.retries_transient - stats0.retries_transient);
        j.key("server").value(stats1.retries_server - stats0.retries_server);
        j.key("clock_skew").value(stats1.retries_clock_skew - stats0.retries_clock_skew);
        j.end();
        j.key("quota_exceeded").value(stats1.quota_exceeded - stats0.quota_exceeded);
        j.key("max_attempts_reached").value(stats1.max_attempts_reached - stats0.max_attempts_reached);
        j.key("stale_replays").value(pool_timed.stale_replays);
        j.key("seconds").value(seconds, 4);
        j.key("calls_per_s").value(seconds > 0 ? double(calls) / seconds : 0.0, 1);
        j.key("latency_us").begin();
        j.key("samples").value(lat.samples);
        j.key("p50").value(lat.p50, 1);
        j.key("p90").value(lat.p90, 1);
        j.key("p99").value(lat.p99, 1);
        j.key("p99_9").value(lat.p999, 1);
        j.key("max").value(lat.max, 1);
        j.end();
        j.key("client_cpu_us_per_call").value(client_cpu_us / per, 2);
        j.key("client_cpu_s").value(client_cpu_us / 1e6, 4);
        j.key("process_cpu_user_s").value(pcpu1.user - pcpu0.user, 4);
        j.key("process_cpu_sys_s").value(pcpu1.sys - pcpu0.sys, 4);
        j.key("allocations_per_call").value(double(allocs.mallocs) / per, 3);
        j.key("operator_new_per_call").value(double(allocs.operator_news) / per, 3);
        j.key("allocated_bytes_per_call").value(double(allocs.bytes) / per, 1);
        j.key("peak_rss_kib").value(std::uint64_t(rss));
        j.key("rss_kib_timed_start").value(std::uint64_t(rss_start));
        j.key("rss_kib_timed_end").value(std::uint64_t(rss_end));
        j.key("heap_in_use_kib_timed_start").value(std::uint64_t(heap_start.in_use_kib));
        j.key("heap_in_use_kib_timed_end").value(std::uint64_t(heap_end.in_use_kib));
        j.key("heap_free_kib_timed_start").value(std::uint64_t(heap_start.free_kib));
        j.key("heap_free_kib_timed_end").value(std::uint64_t(heap_end.free_kib));
        j.key("open_fds_timed_start").value(std::uint64_t(fds_start));
        j.key("open_fds_timed_end").value(std::uint64_t(fds_end));
        j.key("connections_opened").value(pool_total.connections_opened);
        j.key("connections_opened_timed").value(pool_timed.connections_opened);
        j.key("connect_failures").value(pool_total.connect_failures);
        j.key("tls_handshakes_full").value(pool_total.handshakes_full);
        j.key("tls_handshakes_resumed").value(pool_total.handshakes_resumed);
        j.key("pool_waits").value(pool_timed.waits);
        if (emu) {
            j.key("emulator").begin();
            j.key("requests").value(emu_requests);
            j.key("commits").value(emu1.commits - emu0.commits);
            j.key("faults").value(emu1.faults.total() - emu0.faults.total());
            j.key("cpu_us_per_request").value(emu_requests ? emu_cpu_us / double(emu_requests) : 0.0, 2);
            j.key("connections_accepted").value(emu1.connections_accepted);
            j.end();
            const bench::exactly_once_counts& n = once->counts;
            j.key("exactly_once").begin();
            j.key("pass").value(once->pass);
            j.key("calls").value(n.calls);
            j.key("successes").value(n.successes);
            j.key("failed").value(n.failed + n.failed_unrecorded);
            j.key("failed_but_released").value(n.failed_already_released);
            j.key("resent_ok").value(n.resent_ok);
            j.key("replays").value(n.replays);
            j.key("commits").value(n.commits);
            j.key("released_twice").value(n.released_twice);
            j.key("not_released").value(n.not_released);
            j.key("reason").value(std::string_view(once->reason()));
            j.end();
        }
        j.key("version").value(std::string_view(version_string()));
        j.end();
        std::printf("%s\n", j.str().c_str());
    } else {
        std::string retry = o.retry_mode.empty() ? "default" : o.retry_mode;
        if (o.max_attempts > 0) retry += ", max attempts " + std::to_string(o.max_attempts);
        std::string pins;
        if (o.client_cpu >= 0) pins += ", client on CPU " + std::to_string(o.client_cpu);
        if (embedded && o.emulator_cpu >= 0) pins += ", emulator on CPU " + std::to_string(o.emulator_cpu);
        std::printf("awsconnect-bench: %s, %s%s\n", tls ? "TLS" : "plain HTTP", target.c_str(), pins.c_str());
        std::printf("  C=%zu coroutines, K=%zu connections, T=%d client thread%s, warm-up %llu calls, retry %s%s%s\n\n",
                    o.concurrency, k, o.threads, o.threads > 1 ? "s" : "", (unsigned long long)o.warmup,
                    retry.c_str(), o.faults.empty() ? "" : ", faults ", o.faults.c_str());
        std::printf("  %-16s %llu  (succeeded %llu, failed %llu)\n", "calls", (unsigned long long)calls,
                    (unsigned long long)ok, (unsigned long long)(calls - ok));
        std::string err_line;
        for (const auto& [kind, reasons] : errors) {
            std::uint64_t total = 0;
            std::string detail;
            for (const auto& [reason, v] : reasons) {
                total += v;
                if (!detail.empty()) detail += ", ";
                detail += reason + " " + std::to_string(v);
            }
            if (!err_line.empty()) err_line += "; ";
            err_line += kind + " " + std::to_string(total) + " (" + detail + ")";
        }
        std::printf("  %-16s %s\n", "errors", err_line.empty() ? "none" : err_line.c_str());
        std::printf("  %-16s %llu  (retries %llu: server %llu, transient %llu, throttling %llu, clock skew %llu; "
                    "stale replays %llu)\n",
                    "attempts", (unsigned long long)attempts, (unsigned long long)retries,
                    (unsigned long long)(stats1.retries_server - stats0.retries_server),
                    (unsigned long long)(stats1.retries_transient - stats0.retries_transient),
                    (unsigned long long)(stats1.retries_throttling - stats0.retries_throttling),
                    (unsigned long long)(stats1.retries_clock_skew - stats0.retries_clock_skew),
                    (unsigned long long)pool_timed.stale_replays);
        std::printf("  %-16s %.0f calls/s  (%.3f s)\n", "throughput", seconds > 0 ? double(calls) / seconds : 0.0,
                    seconds);
        std::printf("  %-16s p50 %s   p90 %s   p99 %s   p99.9 %s   max %s\n", "latency", format_us(lat.p50).c_str(),
                    format_us(lat.p90).c_str(), format_us(lat.p99).c_str(), format_us(lat.p999).c_str(),
                    format_us(lat.max).c_str());
        std::printf("  %-16s %.2f us/call  (%.3f s on %zu client thread%s; whole process user %.3f s + sys %.3f s)\n",
                    "client CPU", client_cpu_us / per, client_cpu_us / 1e6, ct.size(), ct.size() > 1 ? "s" : "",
                    pcpu1.user - pcpu0.user, pcpu1.sys - pcpu0.sys);
        std::printf("  %-16s %.2f/call  (operator new %.2f/call, %.0f bytes/call; client threads only)\n",
                    "heap allocations", double(allocs.mallocs) / per, double(allocs.operator_news) / per,
                    double(allocs.bytes) / per);
        std::printf("  %-16s %.1f MiB  (whole process%s); timed phase %.1f -> %.1f MiB\n", "peak RSS",
                    double(rss) / 1024.0, embedded ? ", embedded emulator included" : "", double(rss_start) / 1024.0,
                    double(rss_end) / 1024.0);
        std::printf("  %-16s in use %.1f -> %.1f MiB, held free by malloc %.1f -> %.1f MiB (timed phase)\n", "heap",
                    double(heap_start.in_use_kib) / 1024.0, double(heap_end.in_use_kib) / 1024.0,
                    double(heap_start.free_kib) / 1024.0, double(heap_end.free_kib) / 1024.0);
        std::printf("  %-16s %ld -> %ld over the timed phase\n", "open fds", fds_start, fds_end);
        std::printf("  %-16s %llu opened (%llu during the timed phase), %llu connect failures; pool waits %llu\n",
                    "connections", (unsigned long long)pool_total.connections_opened,
                    (unsigned long long)pool_timed.connections_opened, (unsigned long long)pool_total.connect_failures,
                    (unsigned long long)pool_timed.waits);
        if (tls)
            std::printf("  %-16s %llu full, %llu resumed\n", "TLS handshakes",
                        (unsigned long long)pool_total.handshakes_full, (unsigned long long)pool_total.handshakes_resumed);
        if (emu) {
            std::printf("  %-16s %llu requests, %llu commits, faults: %s; CPU %.2f us/request\n", "emulator",
                        (unsigned long long)emu_requests, (unsigned long long)(emu1.commits - emu0.commits),
                        fault_summary(fault_delta(emu0.faults, emu1.faults)).c_str(),
                        emu_requests ? emu_cpu_us / double(emu_requests) : 0.0);
            const bench::exactly_once_counts& n = once->counts;
            std::printf("  %-16s %s: %llu calls (warm-up included), %llu failed, re-sent with their tokens: %llu "
                        "succeeded, %llu as replays (%llu had released their number); commits %llu, released "
                        "twice %llu, not released %llu\n",
                        "exactly-once", once->pass ? "PASS" : "FAIL", (unsigned long long)n.calls,
                        (unsigned long long)(n.failed + n.failed_unrecorded), (unsigned long long)n.resent_ok,
                        (unsigned long long)n.replays, (unsigned long long)n.failed_already_released,
                        (unsigned long long)n.commits, (unsigned long long)n.released_twice,
                        (unsigned long long)n.not_released);
            if (!once->pass) std::printf("  %-16s %s\n", "", once->reason().c_str());
        }
        if (!ph.first_error.empty()) std::printf("  %-16s %s\n", "first error", ph.first_error.c_str());
    }
    std::fflush(stdout);

    cl->shutdown();
    ct.stop();
    cl.reset();
    if (emu) emu->stop();
    return once && !once->pass ? 1 : 0;
}

std::uint64_t parse_count(const std::string& s, const char* what) {
    std::uint64_t v = 0;
    const int base = s.rfind("0x", 0) == 0 ? 16 : 10;
    const char* b = s.data() + (base == 16 ? 2 : 0);
    const auto [p, ec] = std::from_chars(b, s.data() + s.size(), v, base);
    if (ec != std::errc() || p != s.data() + s.size()) throw po::error(std::string("invalid ") + what + ": " + s);
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    bool plain = false;
    std::string id_offset = "0";
    std::vector<std::string> positional;
    po::options_description desc(
        "awsconnect-bench: drive ReleasePhoneNumber calls and report throughput, latency and cost\n\n"
        "  awsconnect-bench [options]                   against the embedded emulator (default)\n"
        "  awsconnect-bench --endpoint-url URL [options] against a running endpoint\n"
        "  awsconnect-bench --peer-json URL N C          one JSON line, as shared/peers/ drivers print\n\n"
        "Options");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("calls,n", po::value(&o.calls)->default_value(o.calls), "N: calls in the timed phase")
        ("concurrency,c", po::value(&o.concurrency)->default_value(o.concurrency), "C: coroutines, each making calls back to back")
        ("connections,k", po::value(&o.connections)->default_value(0), "K: pool.max_connections (0: C)")
        ("threads,t", po::value(&o.threads)->default_value(o.threads), "T: threads running the client's io_context")
        ("duration", po::value(&o.duration), "stop the timed phase after S seconds instead of after N calls")
        ("warmup", po::value(&o.warmup)->default_value(o.warmup), "W: uncounted calls before the timed phase")
        ("tls", "TLS (the default)")
        ("plain", po::bool_switch(&plain), "plain HTTP (embedded emulator)")
        ("faults", po::value(&o.faults), "emulator fault spec, e.g. 503:0.01,reset-before:0.005")
        ("emulator-threads", po::value(&o.emulator_threads)->default_value(o.emulator_threads), "threads of the embedded emulator")
        ("seed", po::value(&o.seed)->default_value(o.seed), "seed of the emulator's fault draws")
        ("retry-mode", po::value(&o.retry_mode), "standard | adaptive (default: the client's resolution)")
        ("max-attempts", po::value(&o.max_attempts), "total attempts per call (default: the client's resolution)")
        ("region", po::value(&o.region), "AWS Region (embedded emulator: us-east-1)")
        ("endpoint-url", po::value(&o.endpoint_url), "run against this endpoint; credentials from the default chain")
        ("ca-bundle", po::value(&o.ca_bundle), "PEM CA bundle for --endpoint-url")
        ("id-offset", po::value(&id_offset), "first PhoneNumberId counter (decimal or 0x hex)")
        ("max-seconds", po::value(&o.max_seconds), "no new calls after this many seconds from start")
        ("client-cpu", po::value(&o.client_cpu), "pin the client's threads to this CPU")
        ("emulator-cpu", po::value(&o.emulator_cpu), "pin the embedded emulator's threads to this CPU")
        ("json", po::bool_switch(&o.json), "one JSON object instead of the table")
        ("progress", po::bool_switch(&o.progress), "progress line on stderr every second (default: when stderr is a terminal)")
        ("peer-json", po::bool_switch(&o.peer), "peer mode: arguments URL N C (env WARMUP, MAX_SECONDS, PEERS_CA)");
    // clang-format on
    po::options_description hidden;
    hidden.add_options()("args", po::value(&positional));
    po::options_description all;
    all.add(desc).add(hidden);
    po::positional_options_description pos;
    pos.add("args", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
        po::notify(vm);
        if (vm.count("help")) {
            std::cout << desc << "\n";
            return 0;
        }
        if (o.peer) {
            if (positional.size() != 3) throw po::error("--peer-json takes exactly: <url> <N> <C>");
            const std::uint64_t n = parse_count(positional[1], "N");
            const std::uint64_t c = parse_count(positional[2], "C");
            if (c == 0) throw po::error("C must be at least 1");
            return run_peer(positional[0], n, static_cast<std::size_t>(c));
        }
        if (!positional.empty()) throw po::error("unexpected argument: " + positional.front());
        if (plain && vm.count("tls")) throw po::error("--tls and --plain exclude each other");
        o.tls = !plain;
        o.id_offset = parse_count(id_offset, "--id-offset");
        if (o.concurrency == 0) throw po::error("--concurrency must be at least 1");
        if (o.threads < 1 || o.threads > 256) throw po::error("--threads must be in 1..256");
        if (o.emulator_threads < 1 || o.emulator_threads > 256) throw po::error("--emulator-threads must be in 1..256");
        if (o.duration < 0) throw po::error("--duration must be positive");
        if (o.duration == 0 && o.calls == 0) throw po::error("--calls must be at least 1");
        if (!o.retry_mode.empty() && o.retry_mode != "standard" && o.retry_mode != "adaptive")
            throw po::error("--retry-mode must be standard or adaptive");
        if (!o.endpoint_url.empty()) {
            if (!o.faults.empty()) throw po::error("--faults needs the embedded emulator (no --endpoint-url)");
            if (plain) throw po::error("--plain applies to the embedded emulator; give an http:// --endpoint-url");
        }
        const int cpus = static_cast<int>(std::thread::hardware_concurrency());
        if (o.client_cpu >= cpus || o.emulator_cpu >= cpus || o.client_cpu < -1 || o.emulator_cpu < -1)
            throw po::error("--client-cpu / --emulator-cpu must be in 0.." + std::to_string(cpus - 1));
        if (o.id_offset + o.calls > 0xFFFFFFFFFFFFull) throw po::error("ids beyond 12 hex digits");
    } catch (const po::error& e) {
        std::cerr << "awsconnect-bench: " << e.what() << "\n(see --help)\n";
        return 2;
    }
    return run_bench(o);
}
