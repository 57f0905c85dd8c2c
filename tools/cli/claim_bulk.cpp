// claim-phone-numbers --count N: search, then claim N numbers, journaled like releases.
//
// Each number's journal entry (the number, its token and the claim's input) is on disk
// before its claim is sent. A rerun with the same journal first sends every unfinished
// entry again, with its token and its journaled input (the service answers a repeated
// claim with the first answer, so a claim that went through before a crash is not made
// twice), skips the finished ones, and claims new numbers only while the journal holds
// fewer than N claimed ones (counting those whose outcome is not known yet). So no number
// is claimed twice and none is forgotten. A number someone else took meanwhile
// (INVALID_PARAMETER or RESOURCE_NOT_FOUND on the claim) is replaced by another search
// result; any other failure keeps its place (its outcome may be a claim), so the run ends
// short (exit 19) and a rerun settles it.
#include "bulk.hpp"
#include "commands.hpp"

#include "arguments.hpp"
#include "pacing.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <deque>
#include <iostream>
#include <random>
#include <set>

namespace awsconnect::cli {

namespace asio = boost::asio;

namespace {

constexpr const char* name = "claim-phone-numbers";

/// Whether a failed claim means the number is not to be had (taken by someone else, or
/// gone): it is replaced by another search result.
bool number_lost(const error& e) {
    const auto k = e.kind();
    return k == error_kind::invalid_parameter || k == error_kind::resource_not_found;
}

// The claim's input besides the number, as journaled ("params").
std::string claim_params(const search_available_phone_numbers_request& search, const std::optional<std::string>& description,
                         const tag_map& tags) {
    boost::json::object p;
    if (search.target_arn) p["target_arn"] = *search.target_arn;
    if (search.instance_id) p["instance_id"] = *search.instance_id;
    if (description) p["phone_number_description"] = *description;
    if (!tags.empty()) {
        boost::json::object t;
        for (const auto& [k, v] : tags) t[k] = v;
        p["tags"] = std::move(t);
    }
    return boost::json::serialize(p);
}

claim_phone_number_request claim_request(const bulk_item& item) {
    claim_phone_number_request req(item.id, item.token);
    boost::system::error_code ec;
    const auto v = boost::json::parse(item.params.empty() ? std::string_view("{}") : std::string_view(item.params), ec);
    if (ec || !v.is_object()) return req;
    const auto& p = v.as_object();
    auto str = [&](const char* key) -> std::optional<std::string> {
        const auto* x = p.if_contains(key);
        if (x && x->is_string()) return std::string(x->as_string());
        return std::nullopt;
    };
    req.target_arn = str("target_arn");
    req.instance_id = str("instance_id");
    req.phone_number_description = str("phone_number_description");
    if (const auto* t = p.if_contains("tags"); t && t->is_object())
        for (const auto& [k, val] : t->as_object())
            if (val.is_string()) req.tags[std::string(k)] = std::string(val.as_string());
    return req;
}

class claim_source final : public bulk_source {
public:
    claim_source(client& c, search_available_phone_numbers_request search, std::string params, std::size_t want,
                 std::size_t claimed, std::deque<bulk_item> resume, std::set<std::string> tried,
                 std::optional<std::chrono::steady_clock::time_point> deadline)
        : client_(c), search_(std::move(search)), params_(std::move(params)), want_(want), claimed_(claimed),
          resume_(std::move(resume)), tried_(std::move(tried)), deadline_(deadline) {}

    asio::awaitable<std::optional<bulk_item>> next() override {
        // Unfinished entries first: their outcome decides how many new numbers are needed.
        if (!resume_.empty()) {
            auto item = std::move(resume_.front());
            resume_.pop_front();
            ++outstanding_;
            co_return item;
        }
        if (!needed()) co_return std::nullopt;
        if (candidates_.empty()) {
            if (exhausted_ || refilling_ || search_failure_) co_return std::nullopt;
            refilling_ = true;
            co_await refill();
            refilling_ = false;
            if (candidates_.empty() || !needed()) co_return std::nullopt;
        }
        std::string number = std::move(candidates_.front());
        candidates_.pop_front();
        tried_.insert(number);
        ++outstanding_;
        co_return bulk_item{std::move(number), {}, params_, 0};
    }

    asio::awaitable<call_outcome> send(const bulk_item& item) override {
        auto req = claim_request(item);
        const auto r = co_await client_.claim_phone_number(std::move(req));
        co_return call_outcome{r ? std::nullopt : std::optional<error>(r.error()), to_envelope_json(r)};
    }

    bool settled(const bulk_item&, const call_outcome& outcome) override {
        --outstanding_;
        if (!outcome.failure) {
            ++claimed_;
            return false;
        }
        if (number_lost(*outcome.failure)) {
            ++lost_;
            return needed();  // its place is free: another number will be offered
        }
        ++blocked_;  // may have been claimed: it keeps its place until a rerun settles it
        return false;
    }

    std::size_t claimed() const { return claimed_; }
    std::size_t lost() const { return lost_; }
    bool exhausted() const { return exhausted_ && candidates_.empty(); }
    const std::optional<error>& search_failure() const { return search_failure_; }

private:
    bool needed() const { return claimed_ + outstanding_ + blocked_ < want_; }

    // Walks the search results for numbers not tried yet, enough for the places left. A
    // throttled search is tried again with backoff while the deadline allows.
    asio::awaitable<void> refill() {
        const std::size_t need = want_ - (claimed_ + outstanding_ + blocked_);
        for (int tries = 1;; ++tries) {
            const auto walk = co_await client_.for_each_available_phone_number(
                search_, [&](const available_number_summary& n) -> asio::awaitable<bool> {
                    if (!tried_.count(n.phone_number) &&
                        std::find(candidates_.begin(), candidates_.end(), n.phone_number) == candidates_.end())
                        candidates_.push_back(n.phone_number);
                    co_return candidates_.size() < need;
                });
            if (!walk.failure) {
                if (!walk.stopped) exhausted_ = true;  // every number the search offers was seen
                co_return;
            }
            if (!candidates_.empty()) co_return;  // enough to go on with; the next refill walks again
            const auto due = std::chrono::steady_clock::now() + requeue_delay(tries, jitter_(rng_));
            if (!retry_in_run(*walk.failure) || (deadline_ && due >= *deadline_)) {
                search_failure_ = *walk.failure;
                co_return;
            }
            asio::steady_timer t(co_await asio::this_coro::executor, due);
            const auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            if (ec) {  // the run was interrupted
                search_failure_ = *walk.failure;
                co_return;
            }
        }
    }

    client& client_;
    search_available_phone_numbers_request search_;
    std::string params_;
    std::size_t want_, claimed_;
    std::deque<bulk_item> resume_;
    std::set<std::string> tried_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;
    std::deque<std::string> candidates_;
    std::size_t outstanding_ = 0, blocked_ = 0, lost_ = 0;
    bool refilling_ = false, exhausted_ = false;
    std::optional<error> search_failure_;
    std::mt19937_64 rng_{std::random_device{}()};
    std::uniform_real_distribution<double> jitter_{0.0, 1.0};
};

}  // namespace

int claim_phone_numbers_command(int argc, char** argv) {
    common_options common;
    bulk_options bulk;
    int count = 0;
    po::options_description own(std::string(name) + " options");
    own.add_options()
        ("help,h", "show this help")
        ("count", po::value(&count), "how many numbers the journal should hold claimed at the end (required)")
        ("target-arn", po::value<std::string>(), "claim for this instance or traffic distribution group ARN ...")
        ("instance-id", po::value<std::string>(), "... or for this instance")
        ("phone-number-country-code", po::value<std::string>(), "search this ISO country code, e.g. US (required)")
        ("phone-number-type", po::value<std::string>(), "search this type: TOLL_FREE, DID, ... (required)")
        ("phone-number-prefix", po::value<std::string>(), "search numbers starting with this, e.g. +1800")
        ("phone-number-description", po::value<std::string>(), "description given to each claimed number")
        ("tags", po::value<std::string>(), "tags given to each claimed number: Key=Value,... or JSON");
    add_bulk_options(own, bulk, "journal file (required): number -> token -> outcome, fsynced before each claim; a rerun resumes from it");
    po::options_description all;
    all.add(own).add(common_description(common, command_kind::bulk));
    po::variables_map vm;
    const std::string usage =
        "Usage: awsconnect claim-phone-numbers --count N --journal FILE (--target-arn ARN | --instance-id ID)\n"
        "    --phone-number-country-code CC --phone-number-type TYPE [--phone-number-prefix P]\n"
        "    [--phone-number-description D] [--tags K=V,...] [bulk options] [options]\n\n"
        "Searches the numbers available for the target and claims them until the journal holds N\n"
        "claimed numbers. Before each claim the number, its idempotency token and the claim's input\n"
        "are written to the journal and flushed to disk; after a crash or Ctrl-C a rerun with the\n"
        "same journal sends each unfinished claim again with its token (a claim that went through\n"
        "is answered with its first answer, not made again) and claims new numbers only for the\n"
        "places left: no number is claimed twice and none is forgotten. A number someone else took\n"
        "in the meantime (INVALID_PARAMETER or RESOURCE_NOT_FOUND) is replaced by another one.\n"
        "--count counts every claim of the journal, earlier runs included.\n\n"
        "Pacing: adaptive retry (unless --retry-mode), --rate R calls per second at most, and a\n"
        "throttled claim is sent again, with backoff and its token, until the run's --deadline.\n"
        "Report: a JSON line per claim, {\"id\":<number>,\"outcome\":<envelope>}; a summary on stderr.";
    if (auto rc = parse_command_line(argc, argv, name, usage, all, vm)) return *rc;
    if (!vm.count("count")) return usage_error(name, "--count is required");
    if (count < 1) return usage_error(name, "--count must be at least 1");
    if (bulk.journal.empty()) return usage_error(name, "--journal is required (a rerun resumes from it)");
    if (!vm.count("target-arn") && !vm.count("instance-id"))
        return usage_error(name, "--target-arn or --instance-id is required");
    for (const char* required : {"phone-number-country-code", "phone-number-type"})
        if (!vm.count(required)) return usage_error(name, std::string("--") + required + " is required");
    auto settings_or = make_bulk_settings(bulk, common, "claimed");
    if (auto* msg = std::get_if<std::string>(&settings_or)) return usage_error(name, *msg);
    auto settings = std::get<bulk_settings>(std::move(settings_or));

    search_available_phone_numbers_request search(vm["phone-number-country-code"].as<std::string>(),
                                                  vm["phone-number-type"].as<std::string>());
    if (vm.count("target-arn")) search.target_arn = vm["target-arn"].as<std::string>();
    if (vm.count("instance-id")) search.instance_id = vm["instance-id"].as<std::string>();
    if (vm.count("phone-number-prefix")) search.phone_number_prefix = vm["phone-number-prefix"].as<std::string>();
    search.max_results = 10;
    std::optional<std::string> description;
    if (vm.count("phone-number-description")) description = vm["phone-number-description"].as<std::string>();
    tag_map tags;
    if (vm.count("tags")) {
        auto parsed = parse_tags(vm["tags"].as<std::string>());
        if (auto* msg = std::get_if<std::string>(&parsed)) return usage_error(name, *msg);
        tags = std::get<tag_map>(std::move(parsed));
    }

    journal_state state;
    auto journal = journal_file::open(bulk.journal, state);
    if (!journal) {
        std::cerr << "awsconnect " << name << ": " << journal.error().message << "\n";
        return is_journal_locked(journal.error()) ? exit_usage : exit_internal;
    }
    std::FILE* report = stdout;
    if (!bulk.report.empty()) {
        report = std::fopen(bulk.report.c_str(), "a");
        if (!report) return usage_error(name, "cannot open the report '" + bulk.report + "'");
    }
    struct closer {
        std::FILE* f;
        ~closer() {
            if (f != stdout) std::fclose(f);
        }
    } close_report{report};
    settings.report = report;

    // What the journal holds: claimed numbers, and claims whose outcome is not known.
    std::size_t claimed = 0;
    std::deque<bulk_item> resume;
    std::set<std::string> tried;
    for (const auto& [number, entry] : state) {
        tried.insert(number);
        if (entry.finished && entry.succeeded) ++claimed;
        if (!entry.finished && !entry.token.empty()) resume.push_back(bulk_item{number, entry.token, entry.params, 0});
    }
    const auto want = static_cast<std::size_t>(count);
    progress_counts counts;
    counts.skipped = counts.done = counts.succeeded = claimed;
    counts.total = std::max(want, claimed + resume.size());

    auto cfg = make_config(common, command_kind::bulk);
    if (!cfg) return print_outcome(result<claim_phone_number_response>(cfg.error()));
    cfg->pool.max_connections = static_cast<std::size_t>(settings.concurrency);
    asio::io_context ioc(1);
    auto c = client::create(ioc.get_executor(), std::move(*cfg));
    if (!c) return print_outcome(result<claim_phone_number_response>(c.error()));

    claim_source source(*c, search, claim_params(search, description, tags), want, claimed, std::move(resume),
                        std::move(tried), settings.deadline);
    const auto r = run_bulk(ioc, *c, *journal, source, settings, counts);
    if (r.journal_error) {
        std::cerr << "awsconnect " << name << ": " << r.journal_error->message << "\n";
        return exit_internal;
    }
    const auto& k = r.counts;
    const std::size_t now_claimed = source.claimed();
    const std::size_t left = now_claimed >= want ? 0 : want - now_claimed;
    std::fprintf(stderr, "claimed %zu of %zu, failed %zu (%zu taken by someone else, replaced), skipped (already claimed) %zu, left %zu\n",
                 now_claimed, want, k.failed, source.lost(), k.skipped, left);
    if (now_claimed > want)
        std::fprintf(stderr, "note: the journal holds %zu claimed numbers, more than --count %zu (claims of an earlier run settled)\n",
                     now_claimed, want);
    if (r.interrupted) return exit_code_for(error_kind::cancelled);
    if (const auto& f = source.search_failure(); f && left > 0) {
        std::cerr << "awsconnect " << name << ": the search failed: " << f->message << "\n";
        return print_outcome(result<claim_phone_number_response>(*f));
    }
    if (left > 0 && source.exhausted())
        std::fprintf(stderr, "the search offers no more numbers for these options\n");
    if (r.deadline_passed && (left > 0 || k.failed > 0))
        std::fprintf(stderr, "the run's deadline passed: rerun with the same journal to finish\n");
    return left > 0 || k.failed > source.lost() ? exit_partial : 0;
}

}  // namespace awsconnect::cli
