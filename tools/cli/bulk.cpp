#include "bulk.hpp"

#include "pacing.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <unistd.h>
#include <list>
#include <queue>
#include <random>
#include <vector>

namespace awsconnect::cli {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

namespace {

class bulk_run {
public:
    bulk_run(asio::io_context& ioc, client& c, journal_file& journal, bulk_source& source, const bulk_settings& s,
             progress_counts counts)
        : ioc_(ioc), client_(c), journal_(journal), source_(source), settings_(s), start_(steady::now()) {
        result_.counts = counts;
        if (settings_.rate) bucket_.emplace(*settings_.rate, 1.0, seconds_now());
    }

    bulk_result run() {
        const std::size_t workers = static_cast<std::size_t>(std::max(1, settings_.concurrency));
        std::vector<asio::cancellation_signal> cancels(workers);
        asio::signal_set signals(ioc_, SIGINT, SIGTERM);
        signals.async_wait([&](boost::system::error_code ec, int) {
            if (ec) return;
            result_.interrupted = true;
            stopping_ = true;
            if (settings_.progress) std::fputs("\n", stderr);
            std::fputs("interrupted: stopping; calls in flight are cancelled (rerun to finish)\n", stderr);
            for (auto& sig : cancels) sig.emit(asio::cancellation_type::terminal);
            wake_all();
        });
        std::size_t running = 0;
        std::exception_ptr failure;
        for (auto& sig : cancels) {
            ++running;
            asio::co_spawn(ioc_, worker(), asio::bind_cancellation_slot(sig.slot(), [&](std::exception_ptr e) {
                               if (e && !failure) failure = e;
                               if (--running == 0) {
                                   signals.cancel();
                                   client_.shutdown();
                               }
                           }));
        }
        ioc_.run();
        if (failure) std::rethrow_exception(failure);
        // Throttled items still queued (the run was stopped, or the deadline came before
        // their turn) settle with their last outcome, which is not final.
        for (; !delayed_.empty(); delayed_.pop()) {
            const auto& d = delayed_.top();
            --result_.counts.retrying;
            settle(d.item, d.outcome);
        }
        draw(true);
        return result_;
    }

private:
    struct delayed_item {
        steady::time_point due;
        bulk_item item;
        call_outcome outcome;  ///< the outcome that made it wait
        bool operator>(const delayed_item& o) const { return due > o.due; }
    };

    double seconds_now() const { return std::chrono::duration<double>(steady::now().time_since_epoch()).count(); }

    bool deadline_passed() const { return settings_.deadline && steady::now() >= *settings_.deadline; }

    // Waits until `until`, an earlier wake_all(), or the run's cancellation.
    asio::awaitable<void> wait_until(steady::time_point until) {
        if (settings_.deadline) until = std::min(until, *settings_.deadline);
        asio::steady_timer t(ioc_, until);
        waiting_.push_back(&t);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        waiting_.remove(&t);
    }

    void wake_all() {
        for (auto* t : waiting_) t->cancel();
    }

    asio::awaitable<void> worker() {
        co_await asio::this_coro::throw_if_cancelled(false);
        for (;;) {
            if (stopping_) co_return;
            if (deadline_passed()) {
                result_.deadline_passed = true;
                stopping_ = true;
                wake_all();
                co_return;
            }
            std::optional<bulk_item> item;
            if (!delayed_.empty() && delayed_.top().due <= steady::now()) {
                item = delayed_.top().item;
                delayed_.pop();
                --result_.counts.retrying;
            } else {
                ++asking_;
                item = co_await source_.next();
                --asking_;
                // What the source did (a search) may have made work for the others. (Only
                // then: waking them for nothing would have them ask again, and wake each
                // other, for ever.)
                if (item) wake_all();
                if (stopping_) co_return;
            }
            if (!item) {
                if (delayed_.empty() && in_flight_ == 0 && asking_ == 0) {
                    stopping_ = true;  // nothing left anywhere: the run is over
                    wake_all();
                    co_return;
                }
                // (Computed first: g++ 12 mishandles a conditional expression inside co_await.)
                steady::time_point until = steady::now() + std::chrono::hours(24);
                if (!delayed_.empty()) until = delayed_.top().due;
                co_await wait_until(until);
                continue;
            }
            ++in_flight_;
            co_await process(std::move(*item));
            --in_flight_;
            wake_all();
        }
    }

    asio::awaitable<void> process(bulk_item item) {
        // Pacing: one token of the shared bucket per call.
        if (bucket_)
            for (double wait = bucket_->acquire(seconds_now()); wait > 0; wait = bucket_->acquire(seconds_now())) {
                co_await wait_until(steady::now() + std::chrono::microseconds(static_cast<long long>(wait * 1e6)));
                if (stopping_) co_return;  // not sent: left for a rerun (its journal state is unchanged)
            }
        // The token is journaled, and on disk, before the request leaves.
        if (item.token.empty()) item.token = make_client_token();
        if (auto w = journal_.append(start_line(item.id, item.token, item.params)); !w) {
            fail_journal(w.error());
            co_return;
        }
        call_outcome outcome = co_await source_.send(item);
        if (outcome.failure && retry_in_run(*outcome.failure) && !stopping_) {
            const auto delay = requeue_delay(item.requeues + 1, jitter_(rng_));
            const auto due = steady::now() + delay;
            if (!settings_.deadline || due < *settings_.deadline) {
                if (auto w = journal_.append(end_line(item.id, item.token, false, outcome.envelope)); !w) {
                    fail_journal(w.error());
                    co_return;
                }
                ++item.requeues;
                ++result_.counts.retrying;
                delayed_.push({due, std::move(item), std::move(outcome)});
                draw(false);
                co_return;
            }
            result_.deadline_passed = true;  // it settles THROTTLED: the deadline comes first
        }
        const bool final = !outcome.failure || is_final_outcome(outcome.failure->kind());
        if (auto w = journal_.append(end_line(item.id, item.token, final, outcome.envelope)); !w) {
            fail_journal(w.error());
            co_return;
        }
        settle(item, outcome);
    }

    void settle(const bulk_item& item, const call_outcome& outcome) {
        boost::json::object line;
        line["id"] = item.id;
        line["outcome"] = boost::json::parse(outcome.envelope);
        std::fprintf(settings_.report, "%s\n", boost::json::serialize(line).c_str());
        std::fflush(settings_.report);
        ++result_.counts.done;
        if (outcome.failure)
            ++result_.counts.failed;
        else
            ++result_.counts.succeeded;
        if (source_.settled(item, outcome)) ++result_.counts.total;
        draw(false);
    }

    void fail_journal(error e) {
        if (!result_.journal_error) result_.journal_error = std::move(e);
        stopping_ = true;
        wake_all();
    }

    void draw(bool final) {
        if (!settings_.progress) return;
        const auto now = steady::now();
        if (!final && now - last_draw_ < std::chrono::milliseconds(100)) return;
        last_draw_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const std::string line = format_progress(settings_.verb, result_.counts, elapsed);
        std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
        std::fflush(stderr);
    }

    asio::io_context& ioc_;
    client& client_;
    journal_file& journal_;
    bulk_source& source_;
    const bulk_settings& settings_;
    const steady::time_point start_;
    steady::time_point last_draw_{};
    bulk_result result_;
    std::optional<token_bucket> bucket_;
    std::priority_queue<delayed_item, std::vector<delayed_item>, std::greater<>> delayed_;
    std::list<asio::steady_timer*> waiting_;
    std::size_t in_flight_ = 0, asking_ = 0;
    bool stopping_ = false;
    std::mt19937_64 rng_{std::random_device{}()};
    std::uniform_real_distribution<double> jitter_{0.0, 1.0};
};

}  // namespace

void add_bulk_options(po::options_description& d, bulk_options& o, const char* journal_help) {
    d.add_options()
        ("concurrency", po::value(&o.concurrency)->default_value(4), "calls in flight at once")
        ("rate", po::value(&o.rate), "at most R calls per second, all workers together (a client-side token bucket; default: no limit, adaptive retry paces the run)")
        ("journal", po::value(&o.journal), journal_help)
        ("report", po::value(&o.report), "append a JSON line per settled item here (default: stdout)");
}

std::variant<bulk_settings, std::string> make_bulk_settings(const bulk_options& o, const common_options& common,
                                                            std::string verb) {
    bulk_settings s;
    s.verb = std::move(verb);
    if (o.concurrency < 1 || o.concurrency > 1024) return std::string("--concurrency must be 1 to 1024");
    s.concurrency = o.concurrency;
    if (o.rate < 0) return std::string("--rate must be a positive number of calls per second");
    if (o.rate > 0) s.rate = o.rate;
    if (common.deadline > 0)
        s.deadline = steady::now() + std::chrono::milliseconds(static_cast<long long>(common.deadline * 1000.0));
    s.progress = ::isatty(2) == 1;
    return s;
}

bool run_cancellable(asio::io_context& ioc, asio::awaitable<void> a) {
    bool interrupted = false;
    asio::cancellation_signal cancel;
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec) return;
        interrupted = true;
        cancel.emit(asio::cancellation_type::terminal);
    });
    std::exception_ptr failure;
    asio::co_spawn(ioc, std::move(a), asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e) {
                       failure = e;
                       signals.cancel();
                   }));
    ioc.run();
    ioc.restart();
    if (failure) std::rethrow_exception(failure);
    return !interrupted;
}

bool confirm_on_terminal(const std::string& question) {
    std::fprintf(stderr, "%s\nType 'yes' to go on: ", question.c_str());
    std::fflush(stderr);
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    while (!answer.empty() && (answer.back() == '\r' || answer.back() == ' ')) answer.pop_back();
    return answer == "yes";
}

bulk_result run_bulk(asio::io_context& ioc, client& c, journal_file& journal, bulk_source& source,
                     const bulk_settings& settings, progress_counts counts) {
    bulk_run run(ioc, c, journal, source, settings, counts);
    return run.run();
}

}  // namespace awsconnect::cli
