// release-phone-numbers: many releases over one client, with the crash-safe journal.
//
// The ids come from a file (--from-file), or from a listing (--target-arn/--instance-id
// with the list filters): the numbers claimed to the target are listed first, the plan
// (the listed ids, then the filter) is journaled, and they are released. A rerun with the
// same journal works through the journaled plan, not a new listing. Releasing by filter
// asks first: on a terminal it waits for "yes"; when stdin is not a terminal it refuses
// (usage error) unless --yes is given. --dry-run prints what would be released and sends
// no release (and writes no file).
#include "bulk.hpp"
#include "commands.hpp"

#include "arguments.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace awsconnect::cli {

namespace asio = boost::asio;

namespace {

constexpr const char* name = "release-phone-numbers";

class release_source final : public bulk_source {
public:
    release_source(client& c, std::vector<bulk_item> items) : client_(c), items_(std::move(items)) {}

    asio::awaitable<std::optional<bulk_item>> next() override {
        if (next_ >= items_.size()) co_return std::nullopt;
        co_return items_[next_++];
    }

    asio::awaitable<call_outcome> send(const bulk_item& item) override {
        release_phone_number_request req(item.id, item.token);
        const auto r = co_await client_.release_phone_number(std::move(req));
        co_return call_outcome{r ? std::nullopt : std::optional<error>(r.error()), to_envelope_json(r)};
    }

    bool settled(const bulk_item&, const call_outcome&) override { return false; }

private:
    client& client_;
    std::vector<bulk_item> items_;
    std::size_t next_ = 0;
};

// The filter of a release by filter, as the plan records it (members in a fixed order, so
// equal filters have equal text).
std::string filter_json(const list_phone_numbers_v2_request& r) {
    boost::json::object f;
    if (r.target_arn) f["target_arn"] = *r.target_arn;
    if (r.instance_id) f["instance_id"] = *r.instance_id;
    if (r.phone_number_prefix) f["phone_number_prefix"] = *r.phone_number_prefix;
    boost::json::array cc(r.phone_number_country_codes.begin(), r.phone_number_country_codes.end());
    f["phone_number_country_codes"] = std::move(cc);
    boost::json::array types(r.phone_number_types.begin(), r.phone_number_types.end());
    f["phone_number_types"] = std::move(types);
    return boost::json::serialize(f);
}

std::string describe_filter(const list_phone_numbers_v2_request& r) {
    std::string d = r.target_arn ? "claimed to " + *r.target_arn : "claimed to instance " + r.instance_id.value_or("");
    if (r.phone_number_prefix) d += ", prefix " + *r.phone_number_prefix;
    auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
        return s;
    };
    if (!r.phone_number_country_codes.empty()) d += ", countries " + join(r.phone_number_country_codes);
    if (!r.phone_number_types.empty()) d += ", types " + join(r.phone_number_types);
    return d;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// What --dry-run prints: {"success":true,"data":{"dry_run":true,"count":N,
// "phone_number_ids":[...],"list_phone_numbers_summary_list"?:[...]}} (the summaries when
// the numbers were just listed).
void print_dry_run(const std::vector<std::string>& ids, const list_phone_numbers_v2_response* listed) {
    boost::json::object data;
    data["dry_run"] = true;
    data["count"] = ids.size();
    data["phone_number_ids"] = boost::json::array(ids.begin(), ids.end());
    if (listed) {
        auto v = boost::json::parse(to_envelope_json(*listed));
        data["list_phone_numbers_summary_list"] = v.at("data").at("list_phone_numbers_summary_list");
    }
    boost::json::object root;
    root["success"] = true;
    root["data"] = std::move(data);
    std::printf("%s\n", boost::json::serialize(root).c_str());
}

}  // namespace

int release_phone_numbers_command(int argc, char** argv) {
    common_options common;
    bulk_options bulk;
    std::string from_file;
    bool dry_run = false, yes = false;
    po::options_description own(std::string(name) + " options");
    own.add_options()
        ("help,h", "show this help")
        ("from-file", po::value(&from_file), "file of phone number ids, one per line ('#' comments and blank lines ignored)")
        ("target-arn", po::value<std::string>(), "release the numbers claimed to this instance or traffic distribution group ARN ...")
        ("instance-id", po::value<std::string>(), "... or to this instance (instead of --from-file)")
        ("phone-number-prefix", po::value<std::string>(), "with a target: only numbers starting with this, e.g. +1800")
        ("phone-number-country-codes", po::value<std::vector<std::string>>()->multitoken(), "with a target: only these ISO country codes")
        ("phone-number-types", po::value<std::vector<std::string>>()->multitoken(), "with a target: only these types")
        ("dry-run", po::bool_switch(&dry_run), "print what would be released; send no release, write no file")
        ("yes", po::bool_switch(&yes), "release by filter without asking (needed when stdin is not a terminal)");
    add_bulk_options(own, bulk,
                     "journal file: id -> token -> outcome, fsynced before each send; a rerun resumes from it "
                     "(default with --from-file: <from-file>.journal; required with a target)");
    po::options_description all;
    all.add(own).add(common_description(common, command_kind::bulk));
    po::variables_map vm;
    const std::string usage =
        "Usage: awsconnect release-phone-numbers --from-file ids.txt [--dry-run] [bulk options] [options]\n"
        "       awsconnect release-phone-numbers (--target-arn ARN | --instance-id ID) --journal FILE\n"
        "           [--phone-number-prefix P] [--phone-number-country-codes CC...] [--phone-number-types T...]\n"
        "           [--dry-run] [--yes] [bulk options] [options]\n\n"
        "Releases many phone numbers over one client with bounded concurrency: the ids listed in a file,\n"
        "or the numbers claimed to an instance or traffic distribution group that match the filters\n"
        "(listed first; the listed ids are written to the journal, then released; a rerun with the\n"
        "same journal releases what is left of that list without listing again). Releasing by filter\n"
        "asks for 'yes' on the terminal first, and refuses (exit 2) when stdin is not a terminal,\n"
        "unless --yes is given. --dry-run prints the ids that would be released and sends nothing.\n\n"
        "Before each send the id and its idempotency token are written to the journal and flushed to\n"
        "disk, so after a crash or Ctrl-C a rerun with the same journal reuses each unfinished id's\n"
        "token and skips the finished ones: no number is released twice and none is forgotten.\n"
        "Finished: a success, or RESOURCE_NOT_FOUND, VALIDATION_ERROR, INVALID_PARAMETER or\n"
        "IDEMPOTENCY_CONFLICT (trying again cannot change them). Every other outcome (AUTH_ERROR,\n"
        "TLS_ERROR, ACCESS_DENIED, RESOURCE_IN_USE, THROTTLED, TIMEOUT, ...) is tried again by the\n"
        "rerun, with the same token. The journal is created with mode 0600 and locked for the run:\n"
        "a second run on the same journal stops at once (exit 2).\n\n"
        "Pacing: adaptive retry (unless --retry-mode), --rate R calls per second at most, and a\n"
        "throttled id is sent again, with backoff and its token, until the run's --deadline: THROTTLED\n"
        "is never the end of an id while the deadline allows another try. On a terminal a progress\n"
        "line is drawn on stderr; a summary ends the run.";
    if (auto rc = parse_command_line(argc, argv, name, usage, all, vm)) return *rc;

    const bool by_filter = vm.count("target-arn") || vm.count("instance-id");
    if (by_filter == !from_file.empty())
        return usage_error(name, "give either --from-file or a target (--target-arn or --instance-id)");
    if (vm.count("target-arn") && vm.count("instance-id"))
        return usage_error(name, "give --target-arn or --instance-id, not both");
    if (!by_filter && (vm.count("phone-number-prefix") || vm.count("phone-number-country-codes") || vm.count("phone-number-types")))
        return usage_error(name, "the filters (--phone-number-prefix, --phone-number-country-codes, --phone-number-types) need a target");
    if (by_filter && bulk.journal.empty() && !dry_run)
        return usage_error(name, "--journal is required when releasing by filter (a rerun resumes from it)");
    if (by_filter && yes && dry_run) return usage_error(name, "--dry-run sends nothing: it takes no --yes");
    // Refuse before anything is sent: nobody can answer the question.
    if (by_filter && !dry_run && !yes && ::isatty(0) != 1)
        return usage_error(name,
                           "releasing by filter needs a confirmation, and stdin is not a terminal: give --yes to release "
                           "without asking, or --dry-run to see what would be released");
    auto settings_or = make_bulk_settings(bulk, common, "released");
    if (auto* msg = std::get_if<std::string>(&settings_or)) return usage_error(name, *msg);
    auto settings = std::get<bulk_settings>(std::move(settings_or));

    list_phone_numbers_v2_request filter;
    if (by_filter) {
        if (vm.count("target-arn")) filter.target_arn = vm["target-arn"].as<std::string>();
        if (vm.count("instance-id")) filter.instance_id = vm["instance-id"].as<std::string>();
        if (vm.count("phone-number-prefix")) filter.phone_number_prefix = vm["phone-number-prefix"].as<std::string>();
        for (const char* list : {"phone-number-country-codes", "phone-number-types"}) {
            if (!vm.count(list)) continue;
            auto parsed = parse_string_list(vm[list].as<std::vector<std::string>>());
            if (auto* msg = std::get_if<std::string>(&parsed)) return usage_error(name, std::string("--") + list + ": " + *msg);
            (std::string(list) == "phone-number-types" ? filter.phone_number_types : filter.phone_number_country_codes) =
                std::get<std::vector<std::string>>(std::move(parsed));
        }
    }

    // The ids of a file.
    std::vector<std::string> ids;
    if (!by_filter) {
        const auto text = read_file(from_file);
        if (!text) return usage_error(name, "cannot read '" + from_file + "'");
        std::size_t duplicates = 0;
        ids = parse_ids(*text, &duplicates);
        if (duplicates > 0) std::cerr << "note: " << duplicates << " repeated id(s) in " << from_file << " released once\n";
        if (bulk.journal.empty()) bulk.journal = from_file + ".journal";
    }

    // The journal: opened and locked for the run; a dry run only reads it (if it exists).
    journal_state state;
    journal_plan plan;
    std::optional<journal_file> journal;
    if (dry_run) {
        if (!bulk.journal.empty())
            if (const auto text = read_file(bulk.journal)) {
                state = parse_journal(*text);
                plan = parse_plan(*text);
            }
    } else {
        auto opened = journal_file::open(bulk.journal, state, &plan);
        if (!opened) {
            std::cerr << "awsconnect " << name << ": " << opened.error().message << "\n";
            return is_journal_locked(opened.error()) ? exit_usage : exit_internal;
        }
        journal.emplace(std::move(*opened));
    }
    const std::string this_filter = by_filter ? filter_json(filter) : std::string();
    if (by_filter && plan.complete && plan.filter != this_filter)
        return usage_error(name, "the journal '" + bulk.journal + "' holds the plan of another filter (" + plan.filter +
                                     "): rerun with that filter, or give another --journal");

    std::FILE* report = stdout;
    if (!bulk.report.empty() && !dry_run) {
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

    auto cfg = make_config(common, command_kind::bulk);
    if (!cfg) return print_outcome(result<release_phone_number_response>(cfg.error()));
    cfg->pool.max_connections = static_cast<std::size_t>(settings.concurrency);
    asio::io_context ioc(1);
    auto c = client::create(ioc.get_executor(), std::move(*cfg));
    if (!c) return print_outcome(result<release_phone_number_response>(c.error()));

    // A release by filter without a plan yet: list first.
    std::optional<list_phone_numbers_v2_response> listed;
    if (by_filter && !plan.complete) {
        listed.emplace();
        client::page_walk_result walk;
        const bool whole = run_cancellable(ioc, [&]() -> asio::awaitable<void> {
            walk = co_await c->for_each_phone_number(filter, [&](const list_phone_numbers_summary& s) -> asio::awaitable<bool> {
                listed->list_phone_numbers_summary_list.push_back(s);
                co_return true;
            });
        }());
        if (!whole) {
            std::cerr << "interrupted while listing: nothing was released\n";
            return exit_code_for(error_kind::cancelled);
        }
        if (walk.failure) {
            std::cerr << "awsconnect " << name << ": listing the numbers failed (page " << walk.pages + 1
                      << "): nothing was released\n";
            return print_outcome(result<release_phone_number_response>(*walk.failure));
        }
        plan.ids.clear();
        std::set<std::string> seen;
        for (const auto& s : listed->list_phone_numbers_summary_list)
            if (seen.insert(s.phone_number_id).second) plan.ids.push_back(s.phone_number_id);
    }
    if (by_filter) ids = plan.ids;

    // The work: the ids in order, then any journaled id left unfinished that they do not
    // hold (sent before, under another list: never forgotten).
    std::vector<bulk_item> work;
    progress_counts counts;
    {
        std::set<std::string> in_list(ids.begin(), ids.end());
        if (by_filter)
            for (const auto& [id, entry] : state)
                if (!entry.token.empty() && !entry.finished && !in_list.count(id)) ids.push_back(id);
        for (const auto& id : ids) {
            const auto it = state.find(id);
            if (it != state.end() && it->second.finished) {
                ++counts.skipped;
                ++counts.done;
                if (it->second.succeeded) ++counts.succeeded;
                continue;
            }
            work.push_back(bulk_item{id, it != state.end() ? it->second.token : std::string(), {}, 0});
        }
        counts.total = ids.size();
    }

    if (dry_run) {
        std::vector<std::string> would;
        for (const auto& w : work) would.push_back(w.id);
        print_dry_run(would, listed ? &*listed : nullptr);
        std::fprintf(stderr, "dry run: %zu phone number(s) would be released (%zu already done); nothing was sent\n",
                     would.size(), counts.skipped);
        return 0;
    }
    if (by_filter && !plan.complete) {
        if (!work.empty() && !yes &&
            !confirm_on_terminal("About to release " + std::to_string(work.size()) + " phone number(s) " +
                                 describe_filter(filter) + "."))
        {
            std::cerr << "not confirmed: nothing was released\n";
            return exit_code_for(error_kind::cancelled);
        }
        if (auto w = journal->append(plan_lines(plan.ids, this_filter)); !w) {
            std::cerr << "awsconnect " << name << ": " << w.error().message << "\n";
            return exit_internal;
        }
    } else if (by_filter && !yes && !work.empty() &&
               !confirm_on_terminal("About to release the " + std::to_string(work.size()) +
                                    " phone number(s) left in the journal's plan (" + describe_filter(filter) + ").")) {
        std::cerr << "not confirmed: nothing was released\n";
        return exit_code_for(error_kind::cancelled);
    }

    release_source source(*c, std::move(work));
    const auto r = run_bulk(ioc, *c, *journal, source, settings, counts);
    if (r.journal_error) {
        std::cerr << "awsconnect " << name << ": " << r.journal_error->message << "\n";
        return exit_internal;
    }
    const auto& k = r.counts;
    const std::size_t left = k.total - k.done;
    std::fprintf(stderr, "released %zu, failed %zu, skipped (already done) %zu, left %zu\n", k.succeeded, k.failed,
                 k.skipped, left);
    if (r.interrupted) return exit_code_for(error_kind::cancelled);
    if (r.deadline_passed && (left > 0 || k.failed > 0))
        std::fprintf(stderr, "the run's deadline passed: rerun with the same journal to finish\n");
    return k.failed > 0 || left > 0 ? exit_partial : 0;
}

}  // namespace awsconnect::cli
