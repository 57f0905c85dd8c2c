// The public client: resolves the configuration, and gives each operation its typed front
// (invoke.hpp) over the one engine. The paginators and the settle waiter are built on the
// operations, as a caller could build them.
#include <awsconnect/client.hpp>

#include "client/client_access.hpp"
#include "client/client_impl.hpp"
#include "client/invoke.hpp"
#include "config/environment.hpp"
#include "config/resolve_config.hpp"
#include "operation/claim_phone_number.hpp"
#include "operation/describe_phone_number.hpp"
#include "operation/list_phone_numbers_v2.hpp"
#include "operation/release_phone_number.hpp"
#include "operation/search_available_phone_numbers.hpp"
#include "operation/update_phone_number.hpp"
#include "operation/update_phone_number_metadata.hpp"

#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <cmath>

namespace awsconnect {
namespace asio = boost::asio;

result<client> client::create(asio::any_io_executor executor, client_config config) {
    const auto env = config::environment::from_process();
    const auto read = config::disk_file_reader();
    auto resolved = config::resolve_config(config, env, read);
    if (!resolved) return resolved.error();
    auto impl = detail::client_impl::create(std::move(executor), std::move(*resolved), env, read);
    if (!impl) {
        error e = impl.error();
        e.code = errc::invalid_configuration;
        return e;
    }
    return client(std::move(*impl));
}

client::client(asio::any_io_executor executor, client_config config) {
    auto c = create(std::move(executor), std::move(config));
    if (!c) throw exception(c.error());
    impl_ = std::move(c->impl_);
}

client::client(std::shared_ptr<detail::client_impl> impl) noexcept : impl_(std::move(impl)) {}
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

client::~client() {
    if (impl_) impl_->shutdown();
}

// The operations: each is its operation's descriptor and functions (lib/operation) run by
// the engine. `invoke` is a coroutine; these functions only hand it the engine.

asio::awaitable<result<search_available_phone_numbers_response>> client::search_available_phone_numbers(
    search_available_phone_numbers_request request) {
    return detail::invoke<operation::search_available_phone_numbers>(impl_, std::move(request));
}

asio::awaitable<result<claim_phone_number_response>> client::claim_phone_number(claim_phone_number_request request) {
    return detail::invoke<operation::claim_phone_number>(impl_, std::move(request));
}

asio::awaitable<result<describe_phone_number_response>> client::describe_phone_number(
    describe_phone_number_request request) {
    return detail::invoke<operation::describe_phone_number>(impl_, std::move(request));
}

asio::awaitable<result<list_phone_numbers_v2_response>> client::list_phone_numbers_v2(
    list_phone_numbers_v2_request request) {
    return detail::invoke<operation::list_phone_numbers_v2>(impl_, std::move(request));
}

asio::awaitable<result<update_phone_number_response>> client::update_phone_number(
    update_phone_number_request request) {
    return detail::invoke<operation::update_phone_number>(impl_, std::move(request));
}

asio::awaitable<result<update_phone_number_metadata_response>> client::update_phone_number_metadata(
    update_phone_number_metadata_request request) {
    return detail::invoke<operation::update_phone_number_metadata>(impl_, std::move(request));
}

asio::awaitable<result<release_phone_number_response>> client::release_phone_number(
    release_phone_number_request request) {
    return detail::invoke<operation::release_phone_number>(impl_, std::move(request));
}

// ---- Pagination ------------------------------------------------------------------------

namespace {

// One walk: page after page through `call_page`, items of `list_of(page)` to `on_item`.
template <class Request, class Item, class CallPage, class ListOf>
asio::awaitable<client::page_walk_result> walk_pages(Request request, CallPage call_page, ListOf list_of,
                                                     const std::function<asio::awaitable<bool>(const Item&)>& on_item) {
    client::page_walk_result walk;
    for (;;) {
        const std::optional<std::string> this_page = request.next_token;
        auto page = co_await call_page(request);
        if (!page) {
            walk.failure = std::move(page.error());
            walk.resume_token = this_page;
            walk.more = true;
            co_return walk;
        }
        ++walk.pages;
        const bool last_page = !page->next_token || page->next_token->empty();
        const auto& items = list_of(*page);
        for (std::size_t i = 0; i < items.size(); ++i) {
            ++walk.items;
            if (!co_await on_item(items[i])) {
                walk.stopped = true;
                if (i + 1 < items.size()) {  // the rest of this page is left
                    walk.resume_token = this_page;
                    walk.resume_skip = i + 1;
                    walk.more = true;
                } else if (!last_page) {  // the next page is
                    walk.resume_token = page->next_token;
                    walk.more = true;
                }
                co_return walk;
            }
        }
        if (last_page) co_return walk;
        request.next_token = std::move(page->next_token);
    }
}

}  // namespace

asio::awaitable<client::page_walk_result> client::for_each_phone_number(
    list_phone_numbers_v2_request request,
    std::function<asio::awaitable<bool>(const list_phone_numbers_summary&)> on_item) {
    // Named, not temporaries: g++ 12 destroys a closure temporary twice when it is an
    // argument inside a co_await expression (the captured engine would be released twice).
    auto impl = impl_;
    auto call_page = [impl](const list_phone_numbers_v2_request& r) {
        return detail::invoke<operation::list_phone_numbers_v2>(impl, r);
    };
    auto list_of = [](const list_phone_numbers_v2_response& p) -> const auto& {
        return p.list_phone_numbers_summary_list;
    };
    auto walk = walk_pages<list_phone_numbers_v2_request, list_phone_numbers_summary>(std::move(request), call_page,
                                                                                      list_of, on_item);
    co_return co_await std::move(walk);
}

asio::awaitable<client::page_walk_result> client::for_each_available_phone_number(
    search_available_phone_numbers_request request,
    std::function<asio::awaitable<bool>(const available_number_summary&)> on_item) {
    auto impl = impl_;  // named closures: see for_each_phone_number
    auto call_page = [impl](const search_available_phone_numbers_request& r) {
        return detail::invoke<operation::search_available_phone_numbers>(impl, r);
    };
    auto list_of = [](const search_available_phone_numbers_response& p) -> const auto& {
        return p.available_numbers_list;
    };
    auto walk = walk_pages<search_available_phone_numbers_request, available_number_summary>(
        std::move(request), call_page, list_of, on_item);
    co_return co_await std::move(walk);
}

// ---- The settle waiter -------------------------------------------------------------------

asio::awaitable<result<claimed_phone_number_summary>> client::wait_until_phone_number_settled(
    std::string phone_number_id) {
    return wait_until_phone_number_settled(std::move(phone_number_id), settle_options{});
}

asio::awaitable<result<claimed_phone_number_summary>> client::wait_until_phone_number_settled(
    std::string phone_number_id, settle_options options) {
    auto impl = impl_;
    const auto& services = impl->services();
    co_await asio::this_coro::throw_if_cancelled(false);
    const asio::cancellation_state cancellation = co_await asio::this_coro::cancellation_state;
    const auto deadline = services.steady_now() + options.timeout;
    const auto min_delay = std::max(options.min_delay, std::chrono::milliseconds(1));
    const auto max_delay = std::max(options.max_delay, min_delay);
    std::string last_status;
    for (int poll = 1;; ++poll) {
        auto d = co_await detail::invoke<operation::describe_phone_number>(
            impl, describe_phone_number_request{phone_number_id});
        if (!d) co_return std::move(d.error());
        auto& summary = d->claimed_phone_number_summary;
        const std::string& status = summary.phone_number_status.status;
        if (status == phone_number_workflow_status::claimed || status == phone_number_workflow_status::failed)
            co_return std::move(summary);
        last_status = status;

        // The SDKs' waiter delay: min * 2^(poll-1), capped at max, jittered in [min, delay].
        const double growth = std::ldexp(1.0, std::min(poll - 1, 30));
        const auto ceiling = std::min<double>(static_cast<double>(max_delay.count()),
                                              static_cast<double>(min_delay.count()) * growth);
        const double span = ceiling - static_cast<double>(min_delay.count());
        const auto delay = std::chrono::milliseconds(
            static_cast<std::int64_t>(static_cast<double>(min_delay.count()) + services.jitter() * span));
        const auto resume_at = services.steady_now() + delay;
        if (resume_at >= deadline) {
            error e = make_error(errc::operation_timeout,
                                 "phone number not settled after " + std::to_string(options.timeout.count()) +
                                     " ms and " + std::to_string(poll) + " DescribePhoneNumber call(s): status " +
                                     (last_status.empty() ? std::string("(none)") : last_status));
            co_return e;
        }
        if (cancellation.cancelled() != asio::cancellation_type::none || co_await services.sleep_until(resume_at))
            co_return make_error(errc::cancelled, "cancelled by the caller while waiting for the phone number to "
                                                  "settle, after " +
                                                      std::to_string(poll) + " DescribePhoneNumber call(s)");
    }
}

client_stats client::stats() const { return impl_->stats(); }
void client::shutdown() { impl_->shutdown(); }
const std::string& client::region() const { return impl_->config().region; }
const std::string& client::endpoint_url() const { return impl_->endpoint().url; }

}  // namespace awsconnect
