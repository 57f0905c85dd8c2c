// One subcommand per operation of the phone-number lifecycle, with the AWS CLI's names and
// option names; each prints the result envelope on stdout and exits with its code.
//
// List and search walk every page (client::for_each_*), printing the items of all pages in
// one envelope, unless --no-paginate (one page, its NextToken as the service sent it) or
// --max-items N (at most N items, then a `next_token` that --starting-token resumes from,
// in the AWS CLI's format).
#include "arguments.hpp"
#include "commands.hpp"
#include "common.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <iostream>

namespace awsconnect::cli {

namespace asio = boost::asio;

namespace {

std::optional<std::string> opt(const po::variables_map& vm, const char* name) {
    if (!vm.count(name)) return std::nullopt;
    return vm[name].as<std::string>();
}

std::optional<int> opt_int(const po::variables_map& vm, const char* name) {
    if (!vm.count(name)) return std::nullopt;
    return vm[name].as<int>();
}

// ---- paging options (list and search) ---------------------------------------------------

struct paging {
    std::optional<std::string> next_token;
    std::optional<starting_token> start;
    std::optional<std::size_t> max_items;
    bool no_paginate = false;
};

void add_paging_options(po::options_description& d) {
    d.add_options()
        ("next-token", po::value<std::string>(), "the service's NextToken to start from (with --no-paginate: the page to fetch)")
        ("starting-token", po::value<std::string>(), "resume a walk from the next_token that --max-items printed")
        ("max-items", po::value<int>(), "print at most N items, then a next_token to resume from (--starting-token)")
        ("no-paginate", po::bool_switch(), "fetch one page only (its next_token is the service's NextToken)");
}

// Reads the paging options; an error message for a usage error.
std::variant<paging, std::string> read_paging(const po::variables_map& vm) {
    paging p;
    p.next_token = opt(vm, "next-token");
    p.no_paginate = vm["no-paginate"].as<bool>();
    if (vm.count("max-items")) {
        const int n = vm["max-items"].as<int>();
        if (n < 1) return std::string("--max-items must be at least 1");
        p.max_items = static_cast<std::size_t>(n);
    }
    if (auto t = opt(vm, "starting-token")) {
        auto decoded = decode_starting_token(*t);
        if (auto* msg = std::get_if<std::string>(&decoded)) return *msg;
        p.start = std::get<starting_token>(decoded);
    }
    if (p.start && p.next_token) return std::string("give --starting-token or --next-token, not both");
    if (p.no_paginate && (p.start || p.max_items))
        return std::string("--no-paginate fetches one page: it does not take --max-items or --starting-token");
    return p;
}

// A walk over every page (or up to --max-items items), printed as one envelope:
// {"success":true,"data":{"<list>":[...],"next_token"?:...,"attempts":A,"pages":P}}.
template <class Response, class Request, class Item>
asio::awaitable<int> run_listing(client& c, Request req, paging p, std::vector<Item> Response::*list,
                                 asio::awaitable<result<Response>> (client::*page_call)(Request),
                                 asio::awaitable<client::page_walk_result> (client::*walk_call)(
                                     Request, std::function<asio::awaitable<bool>(const Item&)>)) {
    // (Each call is made into a named awaitable before it is awaited: g++ 12 mishandles
    // temporaries, a std::function made from a lambda among them, inside co_await.)
    if (p.no_paginate) {
        req.next_token = p.next_token;
        auto page = (c.*page_call)(std::move(req));
        const auto r = co_await std::move(page);
        co_return print_outcome(r);
    }
    std::size_t skip = 0;
    if (p.start) {
        req.next_token = p.start->next_token;
        skip = p.start->skip;
    } else {
        req.next_token = p.next_token;
    }
    Response all;
    std::size_t seen = 0;
    std::function<asio::awaitable<bool>(const Item&)> on_item = [&](const Item& item) -> asio::awaitable<bool> {
        if (seen++ < skip) co_return true;
        (all.*list).push_back(item);
        co_return !(p.max_items && (all.*list).size() >= *p.max_items);
    };
    auto walking = (c.*walk_call)(std::move(req), std::move(on_item));
    const auto walk = co_await std::move(walking);
    if (walk.failure) {
        const starting_token resume =
            walk.pages == 0 ? starting_token{walk.resume_token, skip} : starting_token{walk.resume_token, 0};
        std::fprintf(stderr, "awsconnect: page %zu failed after %zu item(s); to resume: --starting-token %s\n",
                     walk.pages + 1, (all.*list).size(), encode_starting_token(resume).c_str());
        co_return print_outcome(result<Response>(*walk.failure));
    }
    if (walk.stopped && walk.more) all.next_token = encode_starting_token({walk.resume_token, walk.resume_skip});
    all.attempts = static_cast<int>(c.stats().attempts);
    // The walk's envelope: a page's shape, without the request id of one page, with the
    // number of pages.
    auto v = boost::json::parse(to_envelope_json(all));
    auto& data = v.as_object()["data"].as_object();
    data.erase("request_id");
    data["pages"] = walk.pages;
    std::printf("%s\n", boost::json::serialize(v).c_str());
    co_return 0;
}

// The parts of every command: its own options, then the client's.
struct command_line {
    const char* name;
    std::string usage;
    po::options_description own;
    common_options common;
    po::variables_map vm;

    command_line(const char* n, std::string u) : name(n), usage(std::move(u)), own(std::string(n) + " options") {
        own.add_options()("help,h", "show this help");
    }
    // Parses; an exit code when the command must stop.
    std::optional<int> parse(int argc, char** argv) {
        po::options_description all;
        all.add(own).add(common_description(common, command_kind::single));
        return parse_command_line(argc, argv, name, usage, all, vm);
    }
    // Checks the required options; an exit code (2) when one is missing.
    std::optional<int> require(std::initializer_list<const char*> names) const {
        for (const char* n : names)
            if (!vm.count(n)) return usage_error(name, std::string("--") + n + " is required");
        return std::nullopt;
    }
    result<client_config> config() const { return make_config(common, command_kind::single); }
};

int config_error(const error& e) {
    std::printf("%s\n", to_envelope_json(e).c_str());
    return exit_code_of(e);
}

// Reads --tags; an exit code (2) when it is malformed.
std::optional<int> read_tags(const command_line& cl, tag_map& tags) {
    if (!cl.vm.count("tags")) return std::nullopt;
    auto parsed = parse_tags(cl.vm["tags"].as<std::string>());
    if (auto* msg = std::get_if<std::string>(&parsed)) return usage_error(cl.name, *msg);
    tags = std::get<tag_map>(std::move(parsed));
    return std::nullopt;
}

std::optional<int> read_list(const command_line& cl, const char* name, std::vector<std::string>& out) {
    if (!cl.vm.count(name)) return std::nullopt;
    auto parsed = parse_string_list(cl.vm[name].as<std::vector<std::string>>());
    if (auto* msg = std::get_if<std::string>(&parsed)) return usage_error(cl.name, std::string("--") + name + ": " + *msg);
    out = std::get<std::vector<std::string>>(std::move(parsed));
    return std::nullopt;
}

}  // namespace

// ---- search-available-phone-numbers ------------------------------------------------------

int search_available_phone_numbers_command(int argc, char** argv) {
    command_line cl("search-available-phone-numbers",
                    "Usage: awsconnect search-available-phone-numbers (--target-arn ARN | --instance-id ID)\n"
                    "    --phone-number-country-code CC --phone-number-type TYPE [--phone-number-prefix P]\n"
                    "    [--max-results N] [--max-items N | --no-paginate] [--starting-token T | --next-token T] [options]\n\n"
                    "Searches the numbers that can be claimed for an instance or traffic distribution group\n"
                    "(SearchAvailablePhoneNumbers), walking every page, and prints them in one envelope.");
    cl.own.add_options()
        ("target-arn", po::value<std::string>(), "the instance or traffic distribution group ARN to search for")
        ("instance-id", po::value<std::string>(), "the instance id to search for (instead of --target-arn)")
        ("phone-number-country-code", po::value<std::string>(), "ISO country code, e.g. US (required)")
        ("phone-number-type", po::value<std::string>(), "TOLL_FREE, DID, UIFN, SHARED, THIRD_PARTY_TF, THIRD_PARTY_DID or SHORT_CODE (required)")
        ("phone-number-prefix", po::value<std::string>(), "only numbers starting with this, e.g. +1800")
        ("max-results", po::value<int>(), "numbers per page, 1 to 10 (the page size of the walk)");
    add_paging_options(cl.own);
    if (auto rc = cl.parse(argc, argv)) return *rc;
    if (auto rc = cl.require({"phone-number-country-code", "phone-number-type"})) return *rc;
    auto pg = read_paging(cl.vm);
    if (auto* msg = std::get_if<std::string>(&pg)) return usage_error(cl.name, *msg);
    search_available_phone_numbers_request req(cl.vm["phone-number-country-code"].as<std::string>(),
                                               cl.vm["phone-number-type"].as<std::string>());
    req.target_arn = opt(cl.vm, "target-arn");
    req.instance_id = opt(cl.vm, "instance-id");
    req.phone_number_prefix = opt(cl.vm, "phone-number-prefix");
    req.max_results = opt_int(cl.vm, "max-results");
    auto cfg = cl.config();
    if (!cfg) return config_error(cfg.error());
    const paging p = std::get<paging>(pg);
    return run_with_client(std::move(*cfg), [&](client& c) {
        return run_listing(c, req, p, &search_available_phone_numbers_response::available_numbers_list,
                           &client::search_available_phone_numbers, &client::for_each_available_phone_number);
    });
}

// ---- list-phone-numbers-v2 -----------------------------------------------------------------

int list_phone_numbers_v2_command(int argc, char** argv) {
    command_line cl("list-phone-numbers-v2",
                    "Usage: awsconnect list-phone-numbers-v2 [--target-arn ARN | --instance-id ID]\n"
                    "    [--phone-number-country-codes CC...] [--phone-number-types TYPE...] [--phone-number-prefix P]\n"
                    "    [--max-results N] [--max-items N | --no-paginate] [--starting-token T | --next-token T] [options]\n\n"
                    "Lists the numbers claimed to an instance or traffic distribution group (ListPhoneNumbersV2;\n"
                    "with neither, every instance of the account in the Region), walking every page, and\n"
                    "prints them in one envelope. Lists take several values, comma-separated values or JSON.");
    cl.own.add_options()
        ("target-arn", po::value<std::string>(), "the instance or traffic distribution group ARN")
        ("instance-id", po::value<std::string>(), "the instance id (instead of --target-arn)")
        ("phone-number-country-codes", po::value<std::vector<std::string>>()->multitoken(), "only these ISO country codes (at most 10)")
        ("phone-number-types", po::value<std::vector<std::string>>()->multitoken(), "only these types (at most 6)")
        ("phone-number-prefix", po::value<std::string>(), "only numbers starting with this, e.g. +1800")
        ("max-results", po::value<int>(), "numbers per page, 1 to 1000 (the page size of the walk)");
    add_paging_options(cl.own);
    if (auto rc = cl.parse(argc, argv)) return *rc;
    auto pg = read_paging(cl.vm);
    if (auto* msg = std::get_if<std::string>(&pg)) return usage_error(cl.name, *msg);
    list_phone_numbers_v2_request req;
    req.target_arn = opt(cl.vm, "target-arn");
    req.instance_id = opt(cl.vm, "instance-id");
    req.phone_number_prefix = opt(cl.vm, "phone-number-prefix");
    req.max_results = opt_int(cl.vm, "max-results");
    if (auto rc = read_list(cl, "phone-number-country-codes", req.phone_number_country_codes)) return *rc;
    if (auto rc = read_list(cl, "phone-number-types", req.phone_number_types)) return *rc;
    auto cfg = cl.config();
    if (!cfg) return config_error(cfg.error());
    const paging p = std::get<paging>(pg);
    return run_with_client(std::move(*cfg), [&](client& c) {
        return run_listing(c, req, p, &list_phone_numbers_v2_response::list_phone_numbers_summary_list,
                           &client::list_phone_numbers_v2, &client::for_each_phone_number);
    });
}

// ---- claim-phone-number ----------------------------------------------------------------------

int claim_phone_number_command(int argc, char** argv) {
    command_line cl("claim-phone-number",
                    "Usage: awsconnect claim-phone-number (--target-arn ARN | --instance-id ID) --phone-number E164\n"
                    "    [--phone-number-description D] [--tags K=V,...] [--client-token T] [options]\n\n"
                    "Claims a number (ClaimPhoneNumber). The claim completes asynchronously: describe-phone-number\n"
                    "shows IN_PROGRESS, then CLAIMED or FAILED. The envelope holds the idempotency token: pass it\n"
                    "again as --client-token to retry the same claim safely.");
    cl.own.add_options()
        ("target-arn", po::value<std::string>(), "the instance or traffic distribution group ARN to claim for")
        ("instance-id", po::value<std::string>(), "the instance id to claim for (instead of --target-arn)")
        ("phone-number", po::value<std::string>(), "the number, E.164, e.g. +18005550100 (required)")
        ("phone-number-description", po::value<std::string>(), "a description (at most 500 characters)")
        ("tags", po::value<std::string>(), "tags: Key=Value,Key2=Value2 or JSON {\"Key\":\"Value\"}")
        ("client-token", po::value<std::string>(), "idempotency token (default: a new UUID v4)");
    if (auto rc = cl.parse(argc, argv)) return *rc;
    if (auto rc = cl.require({"phone-number"})) return *rc;
    claim_phone_number_request req(cl.vm["phone-number"].as<std::string>(), opt(cl.vm, "client-token"));
    req.target_arn = opt(cl.vm, "target-arn");
    req.instance_id = opt(cl.vm, "instance-id");
    req.phone_number_description = opt(cl.vm, "phone-number-description");
    if (auto rc = read_tags(cl, req.tags)) return *rc;
    auto cfg = cl.config();
    if (!cfg) return config_error(cfg.error());
    return run_with_client(std::move(*cfg), [&](client& c) -> asio::awaitable<int> {
        co_return print_outcome(co_await c.claim_phone_number(std::move(req)));
    });
}

// ---- describe-phone-number -------------------------------------------------------------------

int describe_phone_number_command(int argc, char** argv) {
    command_line cl("describe-phone-number",
                    "Usage: awsconnect describe-phone-number --phone-number-id ID [options]\n\n"
                    "Describes a claimed number (DescribePhoneNumber): its target, type, tags and the status of\n"
                    "its last claim or update.");
    cl.own.add_options()("phone-number-id", po::value<std::string>(), "the phone number's id or ARN (required)");
    if (auto rc = cl.parse(argc, argv)) return *rc;
    if (auto rc = cl.require({"phone-number-id"})) return *rc;
    describe_phone_number_request req(cl.vm["phone-number-id"].as<std::string>());
    auto cfg = cl.config();
    if (!cfg) return config_error(cfg.error());
    return run_with_client(std::move(*cfg), [&](client& c) -> asio::awaitable<int> {
        co_return print_outcome(co_await c.describe_phone_number(std::move(req)));
    });
}

// ---- update-phone-number ---------------------------------------------------------------------

int update_phone_number_command(int argc, char** argv) {
    command_line cl("update-phone-number",
                    "Usage: awsconnect update-phone-number --phone-number-id ID (--target-arn ARN | --instance-id ID)\n"
                    "    [--client-token T] [options]\n\n"
                    "Moves a claimed number to another instance or traffic distribution group\n"
                    "(UpdatePhoneNumber; asynchronous, like a claim).");
    cl.own.add_options()
        ("phone-number-id", po::value<std::string>(), "the phone number's id or ARN (required)")
        ("target-arn", po::value<std::string>(), "the instance or traffic distribution group ARN to move it to")
        ("instance-id", po::value<std::string>(), "the instance id to move it to (instead of --target-arn)")
        ("client-token", po::value<std::string>(), "idempotency token (default: a new UUID v4)");
    if (auto rc = cl.parse(argc, argv)) return *rc;
    if (auto rc = cl.require({"phone-number-id"})) return *rc;
    update_phone_number_request req(cl.vm["phone-number-id"].as<std::string>(), opt(cl.vm, "client-token"));
    req.target_arn = opt(cl.vm, "target-arn");
    req.instance_id = opt(cl.vm, "instance-id");
    auto cfg = cl.config();
    if (!cfg) return config_error(cfg.error());
    return run_with_client(std::move(*cfg), [&](client& c) -> asio::awaitable<int> {
        co_return print_outcome(co_await c.update_phone_number(std::move(req)));
    });
}

// ---- update-phone-number-metadata ------------------------------------------------------------

int update_phone_number_metadata_command(int argc, char** argv) {
    command_line cl("update-phone-number-metadata",
                    "Usage: awsconnect update-phone-number-metadata --phone-number-id ID\n"
                    "    [--phone-number-description D] [--client-token T] [options]\n\n"
                    "Sets a claimed number's description (UpdatePhoneNumberMetadata).");
    cl.own.add_options()
        ("phone-number-id", po::value<std::string>(), "the phone number's id or ARN (required)")
        ("phone-number-description", po::value<std::string>(), "the description (at most 500 characters)")
        ("client-token", po::value<std::string>(), "idempotency token (default: a new UUID v4)");
    if (auto rc = cl.parse(argc, argv)) return *rc;
    if (auto rc = cl.require({"phone-number-id"})) return *rc;
    update_phone_number_metadata_request req(cl.vm["phone-number-id"].as<std::string>(), opt(cl.vm, "client-token"));
    req.phone_number_description = opt(cl.vm, "phone-number-description");
    auto cfg = cl.config();
    if (!cfg) return config_error(cfg.error());
    return run_with_client(std::move(*cfg), [&](client& c) -> asio::awaitable<int> {
        co_return print_outcome(co_await c.update_phone_number_metadata(std::move(req)));
    });
}

// ---- release-phone-number --------------------------------------------------------------------

int release_phone_number_command(int argc, char** argv) {
    command_line cl("release-phone-number",
                    "Usage: awsconnect release-phone-number --phone-number-id ID [--client-token T] [options]\n\n"
                    "Releases one phone number and prints the result envelope as JSON on stdout.");
    cl.own.add_options()
        ("phone-number-id", po::value<std::string>(), "the phone number's id or ARN (required)")
        ("client-token", po::value<std::string>(), "idempotency token to use (default: a new UUID v4; reuse the one a failed call reported to retry it safely)");
    if (auto rc = cl.parse(argc, argv)) return *rc;
    if (auto rc = cl.require({"phone-number-id"})) return *rc;
    release_phone_number_request req(cl.vm["phone-number-id"].as<std::string>(), opt(cl.vm, "client-token"));
    auto cfg = cl.config();
    if (!cfg) return config_error(cfg.error());
    return run_with_client(std::move(*cfg), [&](client& c) -> asio::awaitable<int> {
        co_return print_outcome(co_await c.release_phone_number(std::move(req)));
    });
}

}  // namespace awsconnect::cli
